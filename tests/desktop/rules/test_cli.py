"""``zhibu-cli status / assess / rules``: JSON shapes, Chinese text, exit codes 0/1/2."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from desktop.cli.main import main
from desktop.domain.enums import CommitteeRole as R
from desktop.rules.ruleset import default_text

from .book import K, PASSPHRASE, Builder, dt, new_book


@pytest.fixture(scope="module")
def book(module_dir):
    ws = new_book(module_dir)
    b = Builder(ws)
    for name in ("书记", "组织", "宣传", "甲", "乙"):
        b.member(name, group="一组")
    b.committee(date(2024, 1, 10), {"书记": R.SECRETARY, "组织": R.ORGANIZATION, "宣传": R.PROPAGANDA})
    ids = {"ga": b.meeting(K.GENERAL_ASSEMBLY, dt("2026-07-15")),
           "cm_draft": b.meeting(K.COMMITTEE_MEETING, dt("2026-09-10"), draft=True)}
    ws.close()
    return {"path": str(module_dir / "支部.zhibu"), "ids": ids}


@pytest.fixture(autouse=True)
def passphrase(monkeypatch):
    monkeypatch.setenv("ZHIBU_PASSPHRASE", PASSPHRASE)


def run(capsys, *argv):
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def test_status_json_shape(book, capsys):
    code, out, err = run(capsys, "status", book["path"], "--at", "2026-09-20", "--json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["at"] == "2026-09-20"
    assert {"version", "sha256", "title", "origin"} <= set(data["ruleset"])
    assert len(data["rules"]) == 2 * data["ruleset"]["rules"] == 20
    ga = [r for r in data["rules"] if r["id"] == "general_assembly"]
    assert [(r["period"], r["which"], r["state"], r["records"]) for r in ga] == [
        ("2026-Q2", "previous", "overdue", []), ("2026-Q3", "current", "done", [book["ids"]["ga"]])]
    cm = next(r for r in data["rules"] if r["id"] == "committee_meeting" and r["which"] == "current")
    assert (cm["period"], cm["state"], cm["drafts"]) == ("2026-09", "due", [book["ids"]["cm_draft"]])
    study = next(r for r in data["rules"] if r["id"] == "study_hours" and r["which"] == "current")
    assert study["period"] == "2026" and study["members"][0]["target_hours"] == 32
    for r in data["rules"]:
        assert {"id", "title", "period", "state", "records", "source", "due_on", "message"} <= set(r)
        assert r["state"] in ("done", "due", "overdue", "not_applicable")
    assert all({"kind", "severity", "message"} <= set(a) for a in data["alerts"])
    assert "branch_term_ending" in {a["kind"] for a in data["alerts"]}
    assert data["members"][0]["name"] == "书记"
    code, out, _ = run(capsys, "status", book["path"], "--at", "2026-09-20", "--json", "--no-members")
    assert "members" not in json.loads(out)


def test_status_text_lists_overdue_first(book, capsys):
    code, out, err = run(capsys, "status", book["path"], "--at", "2026-09-20")
    assert code == 0 and err == ""
    assert out.index("【已逾期】") < out.index("【待完成】") < out.index("【已完成】")
    assert "✗ 支部党员大会 2026年第二季度" in out and "规则：党支部组织生活制度执行规则（默认），版本 2026.1" in out
    assert "【提醒】" in out and "换届" in out


@pytest.mark.parametrize("argv, code, text", [
    (["status"], 2, "用法错误"),
    (["status", "{book}", "--at", "2026-02-30"], 2, "日期格式应为 YYYY-MM-DD"),
    (["status", "/nonexistent/没有.zhibu"], 1, ""),
    (["assess", "{book}"], 2, "用法错误"),
    (["assess", "{book}", "--year", "2099"], 1, "考评年度"),
    (["assess", "{book}", "--year", "2026", "--set", "team_building"], 2, "--score"),
    (["assess", "{book}", "--year", "2026", "--set", "general_assembly", "--score", "5"], 1, "自动计分项"),
    (["rules"], 2, "请指定子命令"),
    (["rules", "check", "/nonexistent/x.toml"], 1, "无法读取规则文件"),
])
def test_exit_codes(book, capsys, argv, code, text):
    got, out, err = run(capsys, *[a.replace("{book}", book["path"]) for a in argv])
    assert got == code and text in err
    if code == 1:
        assert out == "" and err.strip()


def test_wrong_passphrase(book, capsys, monkeypatch):
    monkeypatch.setenv("ZHIBU_PASSPHRASE", "不对")
    code, out, err = run(capsys, "status", book["path"])
    assert code == 1 and "口令不正确" in err


def test_assess_text_json_and_set(book, capsys):
    code, out, err = run(capsys, "assess", book["path"], "--year", "2026", "--on", "2026-09-20", "--set",
                         "featured_work", "--score", "4", "--note", "品牌活动", "--evidence",
                         f"meeting:{book['ids']['ga']}")
    assert code == 0 and err == ""
    assert "示例，请以本级机关工委印发的考评细则为准" in out and "featured_work" in out and "佐证：meeting:" in out
    assert "合计：" in out and "尚有3项人工评分未填写" in out
    code, out, _ = run(capsys, "assess", book["path"], "--year", "2026", "--on", "2026-09-20", "--json")
    data = json.loads(out)
    assert code == 0 and data["year"] == 2026 and data["as_of"] == "2026-09-20"
    featured = next(i for i in data["items"] if i["id"] == "featured_work")
    assert (featured["score"], featured["note"], featured["evidence"]) == ("4.00", "品牌活动",
                                                                            [f"meeting:{book['ids']['ga']}"])
    scored = sum(Decimal(i["score"]) for i in data["items"] if i["score"] is not None)
    assert data["rubric"]["example"] and Decimal(data["total"]) == scored
    code, _, _ = run(capsys, "assess", book["path"], "--year", "2026", "--clear", "featured_work")
    assert code == 0


def test_rules_show_load_reset_check(book, capsys, tmp_path):
    code, out, _ = run(capsys, "rules", "show", book["path"])
    assert code == 0 and "内置默认" in out and "party_lecture" in out and "（地方规定）" in out and "示例" in out
    alt = tmp_path / "本地.toml"
    alt.write_text(default_text().replace('version = "2026.1"', 'version = "本地-1"'), "utf-8")
    code, out, _ = run(capsys, "rules", "check", str(alt))
    assert code == 0 and "有效" in out
    code, out, _ = run(capsys, "rules", "load", book["path"], str(alt))
    assert code == 0 and "已启用组织生活制度规则" in out and "本地-1" in out
    code, out, _ = run(capsys, "rules", "show", book["path"], "--json")
    data = json.loads(out)
    assert data["ruleset"]["version"] == "本地-1" and data["ruleset"]["origin"] == "file"
    assert data["ruleset"]["name"] == "本地.toml" and len(data["rules"]) == 10
    code, out, _ = run(capsys, "status", book["path"], "--json", "--no-members")
    assert json.loads(out)["ruleset"]["version"] == "本地-1"
    bad = tmp_path / "坏.toml"
    bad.write_text('kind = "cadence"\nversion = "x"\ntitle = "t"\n[[rules]]\nid = "theme_day"\n', "utf-8")
    code, out, err = run(capsys, "rules", "load", book["path"], str(bad))
    assert code == 1 and "未启用" in err and "缺少 title" in err
    code, out, _ = run(capsys, "rules", "reset", book["path"])
    assert code == 0 and "已恢复" in out
    code, out, _ = run(capsys, "rules", "show", book["path"], "--json")
    assert json.loads(out)["ruleset"]["origin"] == "default"
