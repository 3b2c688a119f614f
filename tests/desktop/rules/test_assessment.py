"""考评自评: automatic items pre-filled from the records (missed months and quarters, late 换届, study hours,
talks, overdue rectifications, dues arrears), manual items entered with evidence, and the total."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from desktop.domain.enums import CommitteeRole as R
from desktop.domain.meeting_rules import RectificationInput
from desktop.errors import NotFound, ValidationError
from desktop.rules import assessment as scoring
from desktop.rules.rubric import example_rubric

from .book import K, Builder, at, dt, new_book

MEMBERS = [("书记", "一组"), ("组织", "一组"), ("宣传", "二组"), ("甲", "一组"), ("乙", "二组"), ("丙", "一组"),
           ("丁", "二组"), ("戊", "二组")]


@pytest.fixture(scope="module")
def book(module_dir):
    ws = new_book(module_dir)
    b = Builder(ws)
    for name, group in MEMBERS:
        b.member(name, group=group)
    b.committee(date(2022, 3, 1), {"书记": R.SECRETARY, "组织": R.ORGANIZATION, "宣传": R.PROPAGANDA})
    b.committee(date(2025, 5, 10), {"书记": R.SECRETARY, "组织": R.ORGANIZATION, "宣传": R.PROPAGANDA})
    m = {}
    for day in ("2025-02-10", "2025-05-10", "2025-08-10"):  # no 支部党员大会 in the fourth quarter
        m[f"ga_{day}"] = b.meeting(K.GENERAL_ASSEMBLY, dt(day, 14))
    for month in (1, 2, 5, 6, 7, 8, 9, 10, 11, 12):  # no 支委会 in March and April
        m[f"cm_{month}"] = b.meeting(K.COMMITTEE_MEETING, dt(f"2025-{month:02d}-05"))
    for day in ("2025-03-01", "2025-06-01", "2025-09-01", "2025-12-01"):
        m[f"pl_{day}"] = b.meeting(K.PARTY_LECTURE, dt(day), lecturer="书记")
    m["study"] = b.meeting(K.STUDY_SESSION, dt("2025-04-10"), minutes=480, study_minutes=1920, absent=["戊"],
                           topic="集中学习")
    m["olm"] = b.meeting(K.ORG_LIFE_MEETING, dt("2025-12-10"), rectifications=[
        RectificationInput("学习不深入", "每月集中学习", b.id("甲"), date(2025, 12, 31))])
    ws.dues.set_base(b.id("乙"), 2025, "5000")
    yield {"ws": ws, "b": b, "m": m}
    ws.close()


def item(view, item_id):
    return next(i for i in view.items if i.id == item_id)


EXPECTED = {  # item: (score, deductions)
    "re_election": ("0", 1),  # the term ran out on 1 March 2025; re-elected on 10 May
    "rectification": ("4", 1),
    "dues": ("4", 1),
    "general_assembly": ("4.5", 1),
    "committee_meeting": ("10", 2),
    "group_meeting": ("0", 12),
    "party_lecture": ("6", 0),
    "secretary_lecture": ("3", 0),
    "theme_day": ("0", 12),
    "org_life_meeting": ("6", 0),
    "member_evaluation": ("0", 1),
    "study_hours": ("7", 1),
    "heart_talk": ("0", 8),  # 3 committee pairs and 5 members not reached: 4 points is all there is
}


@pytest.mark.parametrize("item_id, score, deductions", [(k, *v) for k, v in EXPECTED.items()])
def test_automatic_items_are_prefilled(book, item_id, score, deductions):
    view = book["ws"].assessment.self_assessment(2025, at("2026-01-15"))
    i = item(view, item_id)
    assert (i.scoring, i.score, len(i.deductions)) == ("auto", Decimal(score), deductions), i.explanation
    if deductions:
        assert i.explanation.startswith("扣")


def test_deductions_name_the_periods_and_evidence_the_records(book):
    view = book["ws"].assessment.self_assessment(2025, at("2026-01-15"))
    cm = item(view, "committee_meeting")
    assert [d.period for d in cm.deductions] == ["2025-03", "2025-04"]
    assert cm.deductions[0].reason == "2025年3月支部委员会会议0次（应至少1次）"
    assert f"meeting:{book['m']['cm_1']}" in cm.evidence and len(cm.evidence) == 10
    assert "任期于2025年3月1日届满，至2025年5月10日才换届" in item(view, "re_election").explanation
    assert "戊学习6学时，未达到32学时" in item(view, "study_hours").explanation
    assert "乙欠交2025年党费" in item(view, "dues").explanation


def test_total_and_manual_items(book):
    ws, m = book["ws"], book["m"]
    view = ws.assessment.self_assessment(2025, at("2026-01-15"))
    assert view.auto_total == Decimal("44.5") and view.total == Decimal("44.5") and view.max_total == 100
    assert view.missing_manual == ("team_building", "central_work", "featured_work", "records_quality")
    assert not view.complete and "示例" in view.rubric["notice"] and view.rubric["example"]
    ws.assessment.set_manual(2025, "team_building", 4, "分工明确", [m["cm_1"]])
    v = ws.assessment.set_manual(2025, "central_work", "7.5", "获市级表彰", [f"meeting:{m['olm']}", m["study"]])
    assert (v.score, v.note, v.evidence) == (Decimal("7.5"), "获市级表彰", (f"meeting:{m['olm']}",
                                                                       f"meeting:{m['study']}"))
    again = ws.assessment.set_manual(2025, "central_work", 8, "改为满分")  # replaces
    assert again.score == 8 and again.evidence == ()
    view = ws.assessment.self_assessment(2025, at("2026-01-15"))
    assert view.total == Decimal("56.5") and view.manual_total == 12
    assert view.missing_manual == ("featured_work", "records_quality")
    d = view.as_dict()
    assert d["total"] == "56.50" and d["items"][3]["evidence"] == [f"meeting:{m['cm_1']}"]
    assert set(d) >= {"year", "as_of", "rubric", "ruleset", "items", "total", "max_total", "complete"}
    assert [s for s, _ in view.sections()] == ["组织建设", "组织生活", "党员教育管理", "作用发挥"]
    ws.assessment.clear_manual(2025, "central_work")
    assert item(ws.assessment.self_assessment(2025, at("2026-01-15")), "central_work").score is None
    assert ws.assessment.self_assessment(2024, at("2026-01-15")).manual_total == 0  # per year


@pytest.mark.parametrize("args, error, text", [
    ((2025, "general_assembly", 6), ValidationError, "自动计分项"),
    ((2025, "team_building", 6), ValidationError, "分数应在0至5之间"),
    ((2025, "team_building", -1), ValidationError, "分数应在0至5之间"),
    ((2025, "team_building", "很好"), ValidationError, "不是数字"),
    ((2025, "no_item", 1), NotFound, "没有代号为"),
    ((2099, "team_building", 1), ValidationError, "考评年度"),
])
def test_manual_scores_are_checked(book, args, error, text):
    with pytest.raises(error, match=text):
        book["ws"].assessment.set_manual(*args)


@pytest.mark.parametrize("evidence, error", [(["evaluation:99"], NotFound), (["会议:1"], ValidationError),
                                             ([999], NotFound)])
def test_evidence_must_be_records(book, evidence, error):
    with pytest.raises(error):
        book["ws"].assessment.set_manual(2025, "team_building", 3, "", evidence)


def test_periods_not_over_are_not_deducted(book):
    view = book["ws"].assessment.self_assessment(2025, at("2025-04-15"))
    assert item(view, "general_assembly").score == 6  # Q2 not over yet; Q1 held
    assert [d.period for d in item(view, "committee_meeting").deductions] == ["2025-03"]  # April still running
    assert item(view, "study_hours").score == 8 and "本年度尚未结束" in item(view, "study_hours").explanation
    assert item(view, "org_life_meeting").score == 6 and item(view, "theme_day").score == Decimal("4.5")


def test_rules_that_do_not_apply_are_not_deducted(book):
    ws = book["ws"]
    ruleset, facts = ws.rules.facts(date(2025, 1, 1), date(2025, 12, 31))
    rubric = example_rubric()
    v = scoring.score_item(rubric.item("committee_meeting"), ruleset, replace(facts, terms=[]), 2025,
                           at("2026-01-15"), [], None)
    assert v.score == 12 and v.explanation.startswith("本项不适用")
