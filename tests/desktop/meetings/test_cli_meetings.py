"""``zhibu-cli meetings/talks/evaluations/rectifications/ledger``: exit codes, output and JSON shape."""

from __future__ import annotations

import json

import pytest

from desktop.cli.main import main
from desktop.workspace import Workspace

from .branch import build_branch

PASS = "测试口令-Test-123"


@pytest.fixture
def book(ws, book_path, monkeypatch):
    build_branch(ws)
    ws.close()
    monkeypatch.setenv("ZHIBU_PASSPHRASE", PASS)
    return str(book_path)


def run(capsys, *argv):
    try:
        code = main([str(a) for a in argv])
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path, name, obj) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(obj, ensure_ascii=False), encoding="utf-8")
    return str(path)


ASSEMBLY = {
    "type": "支部党员大会", "start": "2024-04-10T09:00", "end": "2024-04-10T10:30", "place": "三楼会议室",
    "chair": "王书记", "recorder": 2, "agenda": ["讨论年度计划"], "content": "会议内容（用户录入）",
    "attendance": [{"member": "赵一", "status": "请假", "reason": "出差"}], "others_present": True,
    "resolutions": [{"text": "通过年度计划", "for": 9, "against": 0, "abstain": 0}],
    "attachments": ["sheet.pdf"],
}


def test_add_list_show_finalize(book, tmp_path, capsys):
    (tmp_path / "sheet.pdf").write_bytes(b"%PDF-1.4 sign-in sheet")
    code, out, err = run(capsys, "meetings", "add", book, "--json", write(tmp_path, "m.json", ASSEMBLY))
    assert code == 0, err
    meeting_id = int(out.strip())
    code, out, _ = run(capsys, "meetings", "list", book, "--json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 1
    assert {k: rows[0][k] for k in ("id", "type", "start", "status", "late_entry", "clock_anomaly")} == {
        "id": meeting_id, "type": "general_assembly", "start": "2024-04-10T09:00:00", "status": "draft",
        "late_entry": False, "clock_anomaly": False}
    assert rows[0]["title"] == "2024年4月 支部党员大会"
    code, out, err = run(capsys, "meetings", "finalize", book, meeting_id)
    assert code == 0 and "已定稿：第1条" in out and "补录" in out
    code, out, _ = run(capsys, "meetings", "show", book, meeting_id, "--json")
    shown = json.loads(out)
    assert shown["status"] == "final" and shown["late_entry"] is True
    assert shown["counts"]["expected"] == 13 and shown["counts"]["present"] == 12
    assert shown["ledger"]["seq"] == 1 and len(shown["ledger"]["hash"]) == 64
    assert shown["attachments"][0]["name"] == "sheet.pdf" and shown["quorum"]["met"] is True
    assert shown["resolutions_passed"] == [True]  # 9 for, of 10 full members due: more than half
    assert any(a["status"] == "on_leave" and a["reason"] == "出差" for a in shown["record"]["attendance"])
    code, out, _ = run(capsys, "meetings", "show", book, meeting_id)
    assert code == 0 and "应到13人，实到12人" in out and "纪实：第1条" in out
    code, out, _ = run(capsys, "meetings", "list", book, "--year", "2024", "--type", "general_assembly")
    assert code == 0 and "补录" in out


def test_amend_void_attach(book, tmp_path, capsys):
    obj = dict(ASSEMBLY)
    obj.pop("attachments")
    code, out, _ = run(capsys, "meetings", "add", book, "--json", write(tmp_path, "m.json", obj), "--finalize")
    meeting_id = int(out.strip())
    patch = write(tmp_path, "fix.json", {"place": "二楼会议室",
                                         "attendance": [{"member": "赵一", "status": "present"}]})
    code, out, err = run(capsys, "meetings", "amend", book, meeting_id, "--json", patch, "--reason", "据签到表更正")
    assert code == 0 and "已更正：第2条" in out, err
    note = write(tmp_path, "note.json", {"note": "会后收到书面意见两条"})
    code, out, _ = run(capsys, "meetings", "amend", book, meeting_id, "--json", note, "--reason", "补充")
    assert code == 0 and "已补充说明" in out
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really decodable")
    code, out, _ = run(capsys, "meetings", "attach", book, meeting_id, tmp_path / "photo.jpg")
    assert code == 0 and out.strip().isdigit()
    code, out, _ = run(capsys, "meetings", "show", book, meeting_id, "--json")
    shown = json.loads(out)
    assert shown["record"]["place"] == "二楼会议室" and shown["counts"]["present"] == 13
    assert [a["kind"] for a in shown["amendments"]] == ["correction", "supplement", "supplement"]
    assert shown["amendments"][0]["changed_fields"] == ["attendance", "place"]
    assert shown["supplements"] == ["会后收到书面意见两条"]
    dest = tmp_path / "copy.jpg"
    code, out, _ = run(capsys, "meetings", "save-attachment", book, shown["attachments"][0]["id"], dest)
    assert code == 0 and dest.read_bytes().startswith(b"\xff\xd8\xff")
    code, out, _ = run(capsys, "meetings", "void", book, meeting_id, "--reason", "重复录入")
    assert code == 0
    code, out, _ = run(capsys, "meetings", "list", book, "--status", "void", "--json")
    assert [r["status"] for r in json.loads(out)] == ["void"]
    code, out, _ = run(capsys, "check", book, "--json")
    report = json.loads(out)
    assert code == 0 and report["ledger"]["ok"] and report["ledger"]["length"] == 5


def test_user_errors_exit_1_with_a_message(book, tmp_path, capsys):
    bad = dict(ASSEMBLY, chair="无此人")
    bad.pop("attachments")
    code, out, err = run(capsys, "meetings", "add", book, "--json", write(tmp_path, "bad.json", bad))
    assert code == 1 and "找不到名为“无此人”的党员" in err and out == ""
    code, _, err = run(capsys, "meetings", "add", book, "--json", write(tmp_path, "typo.json", {"type": "党课", "strat": "x"}))
    assert code == 1 and "strat" in err
    dup = tmp_path / "dup.json"
    dup.write_text('{"type": "党课", "type": "主题党日", "start": "2024-01-01T09:00"}', encoding="utf-8")
    code, _, err = run(capsys, "meetings", "add", book, "--json", dup)
    assert code == 1 and "重复" in err
    code, _, err = run(capsys, "meetings", "add", book, "--json", write(tmp_path, "t.json", {"type": "茶话会", "start": "2024-01-01"}))
    assert code == 1 and "general_assembly" in err
    incomplete = {"type": "general_assembly", "start": "2024-04-10T09:00", "chair": "王书记"}
    code, out, err = run(capsys, "meetings", "add", book, "--json", write(tmp_path, "i.json", incomplete), "--finalize")
    assert code == 1 and out == "" and "不能定稿" in err and "结束时间" in err  # and no draft left behind
    assert run(capsys, "meetings", "list", book, "--json")[1].strip() == "[]"
    code, out, _ = run(capsys, "meetings", "add", book, "--json", write(tmp_path, "i.json", incomplete))
    assert code == 0 and out.strip().isdigit()
    code, _, err = run(capsys, "meetings", "finalize", book, "999")
    assert code == 1 and "找不到编号为999" in err
    code, _, err = run(capsys, "meetings", "amend", book, out.strip(), "--json", write(tmp_path, "n.json", {"note": "x"}),
                       "--reason", "r")
    assert code == 1 and "草稿" in err


def test_usage_errors_exit_2(book, capsys):
    assert run(capsys, "meetings")[0] == 2
    assert run(capsys, "meetings", "list", book, "--type", "茶话会")[0] == 2
    assert run(capsys, "meetings", "show", book)[0] == 2
    assert run(capsys, "meetings", "amend", book, "1", "--json", "x.json")[0] == 2  # --reason is required


def test_talks_evaluations_rectifications_and_ledger(book, tmp_path, capsys):
    talk = {"held_at": "2024-05-02T16:00", "place": "办公室", "participants": ["王书记", "赵一"], "topics": "思想",
            "content": "谈话要点"}
    code, out, err = run(capsys, "talks", "add", book, "--json", write(tmp_path, "t.json", talk), "--finalize")
    assert code == 0, err
    code, out, _ = run(capsys, "talks", "list", book, "--json")
    assert json.loads(out)[0]["status"] == "final" and json.loads(out)[0]["participants"] == ["王书记", "赵一"]

    members = [{"member": n, "grade": "合格", "votes": {"优秀": 2, "合格": 8}} for n in
               ("王书记", "李组织", "张宣传", "赵一", "钱二", "孙三", "周四", "吴五", "郑六", "冯预备", "陈预备", "新同志")]
    members[0]["grade"] = "优秀"
    ev = {"year": 2024, "held_on": "2024-12-28", "ballots_issued": 12, "ballots_returned": 10, "members": members}
    code, out, err = run(capsys, "evaluations", "add", book, "--json", write(tmp_path, "e.json", ev), "--finalize")
    assert code == 0, err
    code, out, _ = run(capsys, "evaluations", "show", book, out.strip(), "--json")
    assert json.loads(out)["cap"]["excellent"] == 1

    org = {"type": "org_life_meeting", "start": "2024-01-20T09:00", "end": "2024-01-20T12:00", "chair": "王书记",
           "recorder": "李组织", "others_present": True, "content": "批评与自我批评情况（用户录入）",
           "preparation": {"study": "学习2次", "talks": "谈话12人次", "opinions": "征求意见5条"},
           "notes": [{"member": "王书记", "problems": "查摆问题", "criticism": "批评意见"}],
           "rectifications": [{"item": "学习不深入", "measure": "每月学习", "owner": "赵一", "due_on": "2024-06-30"}]}
    code, out, err = run(capsys, "meetings", "add", book, "--json", write(tmp_path, "o.json", org), "--finalize")
    assert code == 0, err
    code, out, _ = run(capsys, "rectifications", "list", book, "--open", "--json")
    items = json.loads(out)
    assert [i["item"] for i in items] == ["学习不深入"] and items[0]["owner"]["name"] == "赵一"
    (tmp_path / "evidence.pdf").write_bytes(b"%PDF-1.4 evidence")
    code, out, err = run(capsys, "rectifications", "progress", book, items[0]["id"], "--status", "closed",
                         "--date", "2024-06-01", "--note", "已完成", "--evidence", tmp_path / "evidence.pdf")
    assert code == 0, err
    code, out, _ = run(capsys, "rectifications", "list", book, "--open", "--json")
    assert json.loads(out) == []
    code, out, _ = run(capsys, "rectifications", "add", book, "--item", "巡察反馈问题", "--owner", "钱二",
                       "--due", "2099-01-01", "--source", "巡察")
    assert code == 0 and out.strip().isdigit()
    assert run(capsys, "rectifications", "progress", book, "1", "--status", "done")[0] == 2

    code, out, _ = run(capsys, "ledger", "verify", book, "--deep", "--json")
    report = json.loads(out)
    assert code == 0 and report["ok"] and report["length"] == 5
    code, out, _ = run(capsys, "ledger", "late-days", book, "10")
    assert code == 0 and out.strip() == "10"
    ws = Workspace.open(book, PASS, auto_backup=False)
    with ws.engine.begin() as conn:
        conn.exec_driver_sql("DROP TRIGGER guard_heart_talk_update")
        conn.exec_driver_sql("UPDATE heart_talk SET content = '改写'")
    ws.close()
    code, out, _ = run(capsys, "ledger", "verify", book)
    assert code == 1 and "首个问题在第1条" in out
    code, out, _ = run(capsys, "check", book, "--json")
    report = json.loads(out)
    assert code != 0 and report["ledger"]["first_bad_seq"] == 1 and report["ledger"]["problems"]
