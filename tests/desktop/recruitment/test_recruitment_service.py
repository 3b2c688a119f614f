"""Recruitment on a book: add, steps with contact members, pipeline and deadlines, the Member on approval."""

from datetime import date

import pytest

from desktop.domain.member_rules import MemberInput
from desktop.domain.recruitment_rules import RecruitStage
from desktop.errors import NotFound, ValidationError


@pytest.fixture
def book(ws):
    ids = [ws.members.add(MemberInput(name=n, gender="女", birth_date=date(1980, 1, 1), joined_on=date(2005, 7, 1),
                                      full_on=date(2006, 7, 1))).id for n in ("联系人甲", "介绍人乙", "介绍人丙")]
    probationary = ws.members.add(MemberInput(name="预备丁", gender="男", birth_date=date(1990, 1, 1),
                                              joined_on=date(2023, 1, 1))).id
    return ws, ids, probationary


def walk_to_admitted(ws, ids, assembly=date(2023, 7, 10)):
    r = ws.recruitment.add("王小明", "男", date(1998, 4, 2), date(2022, 1, 5), unit="示范局", position="科员")
    rs = ws.recruitment
    rs.record_step(r.id, "talked", date(2022, 1, 20))
    rs.record_step(r.id, "activist", date(2022, 3, 1), contacts=[ids[0]])
    rs.record_step(r.id, "review", date(2022, 9, 1))
    rs.record_step(r.id, "review", date(2023, 3, 1))
    rs.record_step(r.id, "candidate", date(2023, 3, 1), introducers=[ids[1], ids[2]])
    rs.record_step(r.id, "political_review", date(2023, 5, 1))
    rs.record_step(r.id, "training", date(2023, 6, 1), hours=24)
    return rs.record_step(r.id, "admitted", date(2023, 7, 10) if assembly is None else assembly,
                          votes_for=20, votes_against=0, votes_abstain=0)


def test_add_checks_age_and_id_number(book):
    ws, _, _ = book
    with pytest.raises(ValidationError, match="未满18周岁"):
        ws.recruitment.add("小李", "男", date(2008, 1, 1), date(2025, 12, 31))
    with pytest.raises(ValidationError, match="性别"):
        ws.recruitment.add("小李", "未知", date(2000, 1, 1), date(2025, 1, 1))
    v = ws.recruitment.add("小李", "男", date(2008, 1, 1), date(2026, 1, 1))
    assert (v.stage, v.next_step, v.next_due) == (RecruitStage.APPLICANT, "talked", date(2026, 2, 1))


def test_contacts_must_be_full_members(book):
    ws, ids, probationary = book
    r = ws.recruitment.add("小张", "女", date(2000, 2, 2), date(2024, 1, 5))
    with pytest.raises(ValidationError, match="不是本支部的正式党员"):
        ws.recruitment.record_step(r.id, "activist", date(2024, 3, 1), contacts=[probationary])
    with pytest.raises(ValidationError, match="培养联系人应为1至2名"):
        ws.recruitment.record_step(r.id, "activist", date(2024, 3, 1))
    with pytest.raises(NotFound):
        ws.recruitment.record_step(r.id, "activist", date(2024, 3, 1), contacts=[999])
    with pytest.raises(ValidationError, match="不需要填写学时"):
        ws.recruitment.record_step(r.id, "activist", date(2024, 3, 1), contacts=[ids[0]], hours=3)
    v = ws.recruitment.record_step(r.id, "activist", date(2024, 3, 1), contacts=[ids[0], ids[1]])
    assert v.stage == RecruitStage.ACTIVIST and [n for _, n in v.contacts] == ["联系人甲", "介绍人乙"]
    assert any(d.step == "talked" and d.overdue for d in v.deadlines)  # no talk recorded: overdue, not refused


def test_approval_creates_the_probationary_member(book):
    ws, ids, _ = book
    r = walk_to_admitted(ws, ids)
    assert r.stage == RecruitStage.ADMITTED and r.member_id is None
    v = ws.recruitment.record_step(r.id, "approved", date(2023, 10, 20))
    assert v.warnings and "三个月内" in v.warnings[0]
    m = ws.members.get(v.member_id)
    assert (m.name, m.joined_on, m.full_on, m.status.value) == ("王小明", date(2023, 7, 10), None, "probationary")
    assert v.stage == RecruitStage.PROBATIONARY and v.probation_end == date(2024, 7, 10)
    # dues are owed from the month of the assembly
    ws.dues.set_base(m.id, 2023, "3000")
    arrears = {a.member_name: a for a in ws.dues.arrears(date(2023, 9, 1))}
    assert arrears["王小明"].months == ((2023, 7), (2023, 8))


def test_approval_after_six_months_is_refused_and_creates_nothing(book):
    ws, ids, _ = book
    r = walk_to_admitted(ws, ids)
    before = ws.members.count(include_left=True)
    with pytest.raises(ValidationError, match="不得超过六个月"):
        ws.recruitment.record_step(r.id, "approved", date(2024, 1, 11))
    assert ws.members.count(include_left=True) == before


def test_a_failure_after_the_member_is_created_leaves_neither_member_nor_step(book, monkeypatch):
    ws, ids, _ = book
    r = walk_to_admitted(ws, ids)
    before = ws.members.count(include_left=True)

    def disk_failure(*args, **kwargs):
        raise OSError("磁盘写入失败")

    monkeypatch.setattr(ws, "audit", disk_failure)  # the last write of the step fails
    with pytest.raises(OSError):
        ws.recruitment.record_step(r.id, "approved", date(2023, 10, 20))
    monkeypatch.undo()
    assert ws.members.count(include_left=True) == before  # no orphan 预备党员
    assert ws.recruitment.get(r.id).stage == RecruitStage.ADMITTED
    assert ws.recruitment.record_step(r.id, "approved", date(2023, 10, 20)).member_id is not None  # retry works


def test_extension_and_full_membership(book):
    ws, ids, _ = book
    r = walk_to_admitted(ws, ids)
    rs = ws.recruitment
    rs.record_step(r.id, "approved", date(2023, 8, 20))
    rs.record_step(r.id, "full_request", date(2024, 6, 25))
    with pytest.raises(ValidationError, match="应为6至12个月"):
        rs.record_step(r.id, "extended", date(2024, 7, 10), months=5)
    v = rs.record_step(r.id, "extended", date(2024, 7, 10), months=6)
    assert v.probation_end == date(2025, 1, 10)
    assert [e.kind.value for e in ws.members.events(v.member_id)][-1] == "probation_extended"
    with pytest.raises(ValidationError):
        rs.record_step(r.id, "extended", date(2024, 12, 1), months=6)
    with pytest.raises(ValidationError, match="早于2025年1月10日"):
        rs.record_step(r.id, "full_vote", date(2025, 1, 9))
    rs.record_step(r.id, "full_request", date(2024, 12, 20))
    rs.record_step(r.id, "full_vote", date(2025, 1, 15))
    v = rs.record_step(r.id, "full_approved", date(2025, 3, 1))
    assert v.stage == RecruitStage.FULL and ws.members.get(v.member_id).full_on == date(2025, 1, 10)
    with pytest.raises(ValidationError, match="已正式党员"):
        rs.record_step(r.id, "review", date(2025, 3, 2))


def test_pipeline_and_deadlines(book):
    ws, ids, _ = book
    rs = ws.recruitment
    a = rs.add("甲申请", "男", date(2000, 1, 1), date(2025, 5, 10))
    b = rs.add("乙积极", "女", date(2000, 1, 1), date(2024, 1, 10))
    rs.record_step(b.id, "talked", date(2024, 1, 20))
    rs.record_step(b.id, "activist", date(2024, 6, 1), contacts=[ids[0]])
    c = rs.add("丙停止", "女", date(2000, 1, 1), date(2024, 1, 10))
    rs.record_step(c.id, "stopped", date(2024, 2, 1), reason="本人撤回申请")
    on = date(2025, 6, 1)
    views = rs.pipeline(on)
    assert [v.name for v in views] == ["乙积极", "甲申请"]  # overdue first; stopped left out
    assert (views[0].next_step, views[0].next_due, views[0].overdue, views[0].days_left) == \
        ("review", date(2024, 12, 1), True, -182)
    assert (views[1].next_step, views[1].next_due, views[1].overdue) == ("talked", date(2025, 6, 10), False)
    assert [v.name for v in rs.pipeline(on, include_closed=True)][-1] == "丙停止"
    assert [(d.recruit_name, d.step) for d in rs.deadlines(on, within_days=30)] == \
        [("乙积极", "review"), ("甲申请", "talked")]
    assert [d.recruit_name for d in rs.deadlines(on, within_days=5)] == ["乙积极"]
    assert a.id != b.id
