"""谈心谈话 and 民主评议: checks, 定稿, corrections, the 优秀 cap warning."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from desktop.domain.evaluation_rules import EvaluationInput, MemberEvaluationInput, Tally
from desktop.domain.meeting_enums import AmendmentKind, EvaluationGrade, RecordStatus
from desktop.domain.meeting_rules import HeartTalkInput
from desktop.errors import ValidationError
from desktop.services.chained_records import RecordIncomplete


def codes(findings):
    return {f.code for f in findings}


def talk(br, *names, when=datetime(2024, 5, 2, 16), **kw):
    return HeartTalkInput(when, "书记办公室", [br.id(n) for n in names], topics="思想工作", content="谈话要点", **kw)


def test_talk_lifecycle(ws, br):
    v = ws.talks.create(talk(br, "王书记", "赵一", others=["上级党委委员"]))
    assert [p.name for p in v.record.participants] == ["王书记", "赵一"] and not codes(v.findings)
    v = ws.talks.finalize(v.id)
    assert v.status == RecordStatus.FINAL and v.entry.seq == 1
    data = ws.talks.input_of(v.id)
    data.follow_up = "一个月后回访"
    v = ws.talks.amend(v.id, data, reason="补记后续安排")
    assert v.record.follow_up == "一个月后回访" and v.amendments[0].kind == AmendmentKind.CORRECTION
    rows = ws.talks.list(member_id=br.id("赵一"))
    assert [r.id for r in rows] == [v.id] and rows[0].participants == ("王书记", "赵一")
    assert ws.talks.list(member_id=br.id("钱二")) == []
    assert ws.talks.list(year=2024)[0].as_dict()["start"] == "2024-05-02T16:00:00"
    ws.talks.void(v.id, "录错对象")
    assert ws.talks.get(v.id).status == RecordStatus.VOID
    assert ws.meetings.ledger.verify().ok


def test_talk_checks(ws, br):
    lonely = ws.talks.create(talk(br, "王书记"))
    assert "participants_missing" in codes(lonely.findings)
    gone = ws.talks.create(talk(br, "王书记", "调走者", when=datetime(2024, 8, 1, 10)))
    assert "not_member" in codes(gone.findings)
    with pytest.raises(RecordIncomplete, match="转出"):
        ws.talks.finalize(gone.id)
    future = ws.talks.create(talk(br, "王书记", "赵一", when=datetime(2999, 1, 1)))
    with pytest.raises(RecordIncomplete, match="未来"):
        ws.talks.finalize(future.id)
    ws.talks.delete_draft(future.id)


def grades(br, excellent=(), basic=(), skip=("调走者",)):
    """Graded rows for everyone except ``skip`` (by default the member who left in June 2024)."""
    rows = []
    for name, mid in br.ids.items():
        if name in skip:
            continue
        grade = EvaluationGrade.EXCELLENT if name in excellent else (
            EvaluationGrade.BASICALLY_QUALIFIED if name in basic else EvaluationGrade.QUALIFIED)
        rows.append(MemberEvaluationInput(mid, self_assessment=f"{name}的自评", votes=Tally(3, 7, 0, 0),
                                          proposed_grade=grade, final_grade=grade))
    return rows


def test_evaluation_round(ws, br):
    data = EvaluationInput(2023, date(2023, 12, 28), ballots_issued=11, ballots_returned=10,
                           members=grades(br, excellent=["赵一", "钱二"], skip=("新同志", "调走者")))
    v = ws.evaluations.create(data)
    assert len(v.record.members) == 12  # the roster on 2023-12-28: 新同志 not yet a member, 调走者 still one
    assert {m.name for m in v.record.members} >= {"调走者"} and "新同志" not in {m.name for m in v.record.members}
    assert "grade_missing" in codes(v.findings)  # 调走者 has no grade yet
    data.members.append(MemberEvaluationInput(br.id("调走者"), final_grade=EvaluationGrade.QUALIFIED))
    v = ws.evaluations.save_draft(v.id, data)
    assert not [f for f in v.findings if f.level == "error"] and v.cap.excellent == 2 and not v.cap.over
    v = ws.evaluations.finalize(v.id)
    assert v.status == RecordStatus.FINAL and v.entry is not None
    assert ws.evaluations.list()[0].as_dict()["excellent"] == 2


def test_excellent_cap_is_a_warning_and_configurable(ws, br):
    many = ["王书记", "李组织", "张宣传", "赵一", "钱二"]
    v = ws.evaluations.create(EvaluationInput(2024, date(2024, 12, 28), members=grades(br, excellent=many)))
    warning = [f for f in v.findings if f.code == "excellent_over_cap"]
    # 12 members, 3 of them 预备党员 (not graded, not counted): 9 × 1/3
    assert v.cap.over and v.cap.total == 9 and v.cap.allowed == 3 and warning and warning[0].level == "warning"
    ws.evaluations.finalize(v.id)  # a warning does not block
    ws.evaluations.set_excellent_cap("2/3")
    assert ws.evaluations.excellent_cap() == "2/3"
    again = ws.evaluations.create(EvaluationInput(2025, date(2025, 1, 5), members=grades(br, excellent=many)))
    assert not again.cap.over and again.record.excellent_cap == "2/3"
    assert ws.evaluations.get(v.id).record.excellent_cap == "1/3"  # a finalized round keeps its cap
    with pytest.raises(ValidationError):
        ws.evaluations.set_excellent_cap("2")


def test_evaluation_checks(ws, br):
    data = EvaluationInput(2024, date(2024, 12, 28), ballots_issued=10, ballots_returned=12,
                           members=grades(br, basic=["钱二"]))
    data.members[0].votes = Tally(9, 9, 0, 0)
    v = ws.evaluations.create(data)
    assert {"ballots_inconsistent", "votes_exceed", "follow_up_missing"} <= codes(v.findings)
    data.members.append(MemberEvaluationInput(br.id("调走者")))
    with pytest.raises(ValidationError, match="转出"):
        ws.evaluations.save_draft(v.id, data)
    again = ws.evaluations.create(EvaluationInput(2024, date(2024, 12, 29), members=grades(br)))
    assert "duplicate_year" in codes(again.findings)


def test_evaluation_correction(ws, br):
    v = ws.evaluations.finalize(ws.evaluations.create(
        EvaluationInput(2024, date(2024, 12, 28), members=grades(br))).id)
    data = ws.evaluations.input_of(v.id)
    row = next(m for m in data.members if m.member_id == br.id("钱二"))
    row.final_grade, row.follow_up = EvaluationGrade.BASICALLY_QUALIFIED, "书记谈话帮助"
    v = ws.evaluations.amend(v.id, data, reason="支部党员大会复议后更正")
    assert {m.name: m.final_grade for m in v.record.members}["钱二"] == EvaluationGrade.BASICALLY_QUALIFIED
    assert {m.name: m.final_grade for m in v.original.members}["钱二"] == EvaluationGrade.QUALIFIED
    data.year = 2023
    with pytest.raises(ValidationError, match="评议年度"):
        ws.evaluations.amend(v.id, data, reason="改年度")
    with pytest.raises(ValidationError, match="不支持附件"):
        ws.evaluations.attach(v.id, b"%PDF-1.4", "a.pdf")
    assert ws.meetings.ledger.verify().ok


def test_probationary_members_take_part_but_are_not_graded_nor_counted_in_the_excellent_share():
    from desktop.domain.enums import MemberStatus
    from desktop.domain.evaluation_rules import EvaluationRecord, MemberEvaluationRecord, cap_check, check_evaluation

    full = [MemberEvaluationRecord(i, f"正式{i}", MemberStatus.FULL, final_grade=EvaluationGrade.QUALIFIED)
            for i in range(5)]
    full[0] = MemberEvaluationRecord(0, "正式0", MemberStatus.FULL, final_grade=EvaluationGrade.EXCELLENT)
    probationary = MemberEvaluationRecord(9, "预备甲", MemberStatus.PROBATIONARY)
    record = EvaluationRecord(2025, date(2025, 12, 28), excellent_cap="1/3", members=(*full, probationary))
    found = check_evaluation(record, datetime(2026, 1, 5))
    assert "grade_missing" not in codes(found)  # no grade needed for the 预备党员
    cap = cap_check(record)
    assert (cap.excellent, cap.total, cap.allowed) == (1, 5, 1)  # 5 正式党员, not 6
    graded = replace(probationary, final_grade=EvaluationGrade.EXCELLENT)
    record = replace(record, members=(*full, graded))
    assert cap_check(record).excellent == 1  # a grade given to a 预备党员 is not in the 优秀 share
    assert "probationary_graded" in codes(check_evaluation(record, datetime(2026, 1, 5)))  # needs a reason
    with_reason = replace(record, members=(*full, replace(graded, follow_up="支委会研究决定：表现突出，予以评定")))
    assert "probationary_graded" not in codes(check_evaluation(with_reason, datetime(2026, 1, 5)))
