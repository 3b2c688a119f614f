"""Rule files as data: the defaults are complete and sourced; broken files are refused with every problem in
Chinese; a book keeps the file it loaded (text, version, SHA-256) and can go back to the defaults."""

from __future__ import annotations

import hashlib
import json

import pytest

from desktop.errors import ValidationError
from desktop.rules import rubric as rubric_mod
from desktop.rules.filecheck import RuleFileError
from desktop.rules.ruleset import default_ruleset, default_text, parse_ruleset
from desktop.storage.models import AuditEntry

RULES_MD_IDS = {"general_assembly", "committee_meeting", "group_meeting", "party_lecture", "theme_day",
                "org_life_meeting", "member_evaluation", "heart_talk", "study_hours"}

HEADER = 'kind = "cadence"\nversion = "t1"\ntitle = "测试规则"\n'
GOOD_RULE = ('[[rules]]\nid = "theme_day"\ntitle = "主题党日"\nmeeting_kind = "theme_day"\nperiod = "month"\n'
             'minimum = 1\nsource = "地方规定"\n')


def test_default_rule_set_is_complete_and_sourced():
    rs = default_ruleset()
    ids = {r.id for r in rs.rules}
    assert RULES_MD_IDS <= ids and "secretary_lecture" in ids
    assert all(r.source for r in rs.rules)
    assert rs.rule("party_lecture").local and rs.rule("party_lecture").period == "quarter"
    assert rs.rule("committee_meeting").applies.committee_members_at_least == 3
    assert rs.rule("study_hours").hours == 32
    assert (rs.rule("general_assembly").period, rs.rule("theme_day").period, rs.rule("org_life_meeting").period) == (
        "quarter", "month", "year")
    assert rs.sha256 == hashlib.sha256(default_text().encode()).hexdigest() and rs.origin == "default"
    assert rs.members.absence_streak_warn == 3 and rs.branch.term_warn_months == 6


def test_example_rubric_is_marked_and_matches_the_rules():
    r = rubric_mod.example_rubric()
    assert r.example and "示例，请以本级机关工委印发的考评细则为准" in r.notice
    assert sum(i.max_points for i in r.items) == r.total == 100
    known = {x.id for x in default_ruleset().rules}
    assert all(i.rule in known for i in r.items if i.rule)
    assert {i.scoring for i in r.items} == {"auto", "manual"}


@pytest.mark.parametrize("text, expected", [
    (HEADER + GOOD_RULE.replace('"month"', '"week"'), "period 应为 month、quarter、half、year 之一"),
    (HEADER + GOOD_RULE.replace('source = "地方规定"\n', ""), "缺少 source"),
    (HEADER + GOOD_RULE + GOOD_RULE, "规则代号 theme_day 重复出现"),
    (HEADER + GOOD_RULE + "minimun = 2\n", "无法识别的项 minimun"),
    (HEADER + GOOD_RULE + 'due = "月底"\n', "due 应为"),
    (HEADER + GOOD_RULE + 'due = "day:0"\n', "due 应为"),
    (HEADER + GOOD_RULE.replace('period = "month"\n', ""), "period 应为 month、quarter、half、year 之一，缺少该项"),
    (HEADER + GOOD_RULE.replace("minimum = 1", "minimum = 0"), "minimum 应在1至100之间"),
    (HEADER + GOOD_RULE.replace('"theme_day"\nperiod', '"party_lecture"\nmeasure = "per_group"\nperiod'),
     "只用于党小组会"),
    (HEADER + GOOD_RULE.replace('meeting_kind = "theme_day"', 'meeting_kind = "picnic"'), "picnic 无法识别"),
    (HEADER + GOOD_RULE.replace('id = "theme_day"', 'id = "主题党日"'), "id 应为小写英文字母"),
    (HEADER, "没有任何规则"),
    (HEADER + GOOD_RULE + "[members]\nabsence_streak_warn = \"三\"\n", "absence_streak_warn 应为整数"),
    ('kind = "cadence"\nversion = \ntitle = "x"', "不是有效的 TOML 格式"),
    ('kind = "assessment"\n' + GOOD_RULE, "不是组织生活制度规则"),
])
def test_broken_files_are_refused_with_chinese_messages(text, expected):
    with pytest.raises(RuleFileError) as info:
        parse_ruleset(text, "坏文件.toml")
    assert expected in str(info.value) and "坏文件.toml" in str(info.value)
    assert "请修改后重新导入" in str(info.value)


def test_every_problem_is_reported_at_once():
    text = HEADER + GOOD_RULE.replace('"month"', '"week"').replace('source = "地方规定"\n', "") + "severity = 1\n"
    with pytest.raises(RuleFileError) as info:
        parse_ruleset(text, "x.toml")
    assert len(info.value.problems) == 3


def test_rubric_errors():
    with pytest.raises(RuleFileError, match="各项满分合计"):
        rubric_mod.parse_rubric('kind = "assessment"\nversion = "1"\ntitle = "t"\ntotal = 10\n'
                                '[[items]]\nid = "item_a"\nsection = "s"\ntitle = "t"\nmax = 5\nscoring = "manual"\n',
                                "r.toml")
    with pytest.raises(RuleFileError, match="rule.*check.*二者之一"):
        rubric_mod.parse_rubric('kind = "assessment"\nversion = "1"\ntitle = "t"\ntotal = 5\n'
                                '[[items]]\nid = "item_a"\nsection = "s"\ntitle = "t"\nmax = 5\nscoring = "auto"\n'
                                'deduct = 1\n', "r.toml")


def test_a_book_keeps_the_file_it_loaded(ws, tmp_path, book_path):
    text = default_text().replace('version = "2026.1"', 'version = "本地-7"').replace(
        'id = "party_lecture"\ntitle = "党课"\nmeeting_kind = "party_lecture"\nperiod = "quarter"',
        'id = "party_lecture"\ntitle = "党课"\nmeeting_kind = "party_lecture"\nperiod = "month"')
    path = tmp_path / "本地规则.toml"
    path.write_text(text, "utf-8")
    loaded = ws.rules.load_file(path)
    assert loaded.version == "本地-7" and loaded.origin == "file"
    stored = ws.get_setting("rules.cadence")
    assert stored["text"] == text and stored["sha256"] == hashlib.sha256(text.encode()).hexdigest()
    assert stored["version"] == "本地-7" and stored["name"] == "本地规则.toml"
    path.unlink()  # the book is self-contained
    ws.close()
    from desktop.workspace import Workspace

    from tests.conftest import PASSPHRASE

    with Workspace.open(book_path, PASSPHRASE) as again:
        rs = again.rules.ruleset()
        assert rs.version == "本地-7" and rs.rule("party_lecture").period == "month"
        assert again.rules.status(dues=False, recruitment=False).ruleset["version"] == "本地-7"
        assert again.rules.active()["cadence"]["loaded_at"]
        with again.session() as s:
            assert any("本地-7" in a.detail for a in s.query(AuditEntry).filter_by(action="rules_load"))
        again.rules.reset()
        assert again.rules.ruleset().origin == "default" and again.get_setting("rules.cadence") is None


def test_refused_file_changes_nothing(ws, tmp_path):
    path = tmp_path / "坏.toml"
    path.write_text(HEADER + GOOD_RULE.replace('"month"', '"week"'), "utf-8")
    with pytest.raises(RuleFileError):
        ws.rules.load_file(path)
    assert ws.get_setting("rules.cadence") is None
    path.write_bytes("规则".encode("gbk"))
    with pytest.raises(RuleFileError, match="UTF-8"):
        ws.rules.load_file(path)
    with pytest.raises(ValidationError, match="无法读取规则文件"):
        ws.rules.load_file(tmp_path / "没有.toml")


def test_rubric_is_loaded_by_kind_and_checked_against_the_rules(ws):
    text = rubric_mod.example_text().replace('version = "example-2026.1"', 'version = "市委-2027"')
    parsed = ws.rules.load_text(text, "考评.toml")
    assert isinstance(parsed, rubric_mod.Rubric) and ws.rules.rubric().version == "市委-2027"
    with pytest.raises(ValidationError, match="no_such_rule"):
        ws.rules.load_text(text.replace('rule = "theme_day"', 'rule = "no_such_rule"'), "考评2.toml")
    with pytest.raises(ValidationError, match="kind"):
        ws.rules.load_text('kind = "dues"\n', "x.toml")
    ws.rules.reset("assessment")
    assert ws.rules.rubric().example


def test_committee_hook_records_origin_and_signer(ws):
    data = default_text().replace('version = "2026.1"', 'version = "工委-2027"').encode()
    rs = ws.rules.install_committee_file(data, "工委规则.toml", signer="市直机关工委")
    assert rs.origin == "committee"
    active = ws.rules.active()["cadence"]
    assert (active["origin"], active["signer"], active["version"]) == ("committee", "市直机关工委", "工委-2027")
    assert json.loads(json.dumps(active))  # plain data for the CLI and sync
