"""整改清单 followed up to the end (each step chained), and study hours credited to attendees."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from desktop.domain.meeting_enums import AttendanceStatus, MeetingKind, RectificationStatus
from desktop.domain.meeting_rules import RectificationInput
from desktop.errors import ValidationError

from .branch import meeting


@pytest.fixture
def org_life(ws, br):
    v = ws.meetings.create(meeting(br, kind=MeetingKind.ORG_LIFE_MEETING, start=datetime(2024, 1, 20, 9),
                                   prep_study="会前学习", rectifications=[
                                       RectificationInput("学习不深入", "每月集中学习", br.id("赵一"), date(2024, 3, 31)),
                                       RectificationInput("联系群众不够", "走访", br.id("钱二"), date(2099, 1, 1))]))
    return v


def test_items_follow_their_meeting(ws, br, org_life):
    assert ws.rectifications.list() == []  # a draft's list is not in force yet
    rect = ws.meetings.get(org_life.id).record.rectifications
    assert [r.item for r in rect] == ["学习不深入", "联系群众不够"]
    ws.meetings.finalize(org_life.id)
    items = ws.rectifications.list()
    assert [i.item for i in items] == ["学习不深入", "联系群众不够"] and items[0].overdue and not items[1].overdue
    assert items[0].owner.name == "赵一" and items[0].meeting_id == org_life.id


def test_follow_up_until_closed(ws, br, org_life):
    with pytest.raises(ValidationError, match="定稿后"):
        ws.rectifications.record_progress(1, date(2024, 2, 1), RectificationStatus.IN_PROGRESS)
    ws.meetings.finalize(org_life.id)
    first = ws.rectifications.list()[0]
    ws.rectifications.record_progress(first.id, date(2024, 2, 1), RectificationStatus.IN_PROGRESS, "已制定台账")
    with pytest.raises(ValidationError, match="佐证"):
        ws.rectifications.record_progress(first.id, date(2024, 3, 1), RectificationStatus.CLOSED)
    with pytest.raises(ValidationError, match="早于"):
        ws.rectifications.record_progress(first.id, date(2024, 1, 1), RectificationStatus.CLOSED, "完成")
    v = ws.rectifications.record_progress(first.id, date(2024, 3, 1), RectificationStatus.CLOSED, "已完成",
                                          evidence=[("学习记录.pdf", b"%PDF-1.4 evidence")])
    assert v.status == RectificationStatus.CLOSED and v.closed_on == date(2024, 3, 1) and not v.overdue
    assert [p.status for p in v.progress] == [RectificationStatus.IN_PROGRESS, RectificationStatus.CLOSED]
    assert v.progress[1].attachments[0].name == "学习记录.pdf" and v.progress[1].entry.seq == 3
    with pytest.raises(ValidationError, match="已完成"):
        ws.rectifications.record_progress(first.id, date(2024, 3, 2), RectificationStatus.IN_PROGRESS, "再次")
    assert [i.item for i in ws.rectifications.open_items()] == ["联系群众不够"]
    assert ws.meetings.ledger.verify(deep=True).ok


def test_items_added_on_their_own(ws, br, org_life):
    v = ws.rectifications.add(RectificationInput("巡察反馈：台账不全", "补齐台账", br.id("李组织"), date(2024, 12, 31)),
                              source="2024年巡察反馈")
    assert v.source == "2024年巡察反馈" and v.meeting_id is None
    with pytest.raises(ValidationError, match="草稿"):
        ws.rectifications.add(RectificationInput("x"), meeting_id=org_life.id)
    ws.meetings.finalize(org_life.id)
    later = ws.rectifications.add(RectificationInput("会后发现的问题"), meeting_id=org_life.id)
    assert later.meeting_title == org_life.record.title
    assert len(ws.rectifications.list(meeting_id=org_life.id)) == 3
    with pytest.raises(ValidationError):
        ws.rectifications.add(RectificationInput("  "))
    assert ws.meetings.ledger.verify().ok and ws.meetings.ledger.length_and_head()[0] == 3


def test_study_hours_are_credited_to_attendees_of_final_records(ws, br):
    lecture = meeting(br, kind=MeetingKind.PARTY_LECTURE, minutes=120, lecturer_id=br.id("王书记"), topic="党章",
                      absent=["赵一"])
    ws.meetings.finalize(ws.meetings.create(lecture).id)
    study = meeting(br, kind=MeetingKind.STUDY_SESSION, start=datetime(2024, 5, 6, 9), minutes=240,
                    study_minutes=180, topic="专题学习")
    ws.meetings.finalize(ws.meetings.create(study).id)
    ws.meetings.create(meeting(br, kind=MeetingKind.PARTY_LECTURE, start=datetime(2024, 6, 6, 9), lecturer_name="外请",
                               topic="草稿不计"))
    ws.meetings.finalize(ws.meetings.create(meeting(br, kind=MeetingKind.THEME_DAY, theme="t",
                                                    start=datetime(2024, 7, 6, 9))).id)
    hours = {h.name: h for h in ws.meetings.study.hours(2024, today=date(2024, 12, 31))}
    assert hours["王书记"].minutes == 300 and hours["王书记"].hours == 5.0 and len(hours["王书记"].credits) == 2
    assert hours["赵一"].minutes == 180 and not hours["赵一"].meets_target
    assert "调走者" in hours and hours["调走者"].minutes == 300  # credited before leaving in June
    assert ws.meetings.study.for_member(br.id("钱二"), 2023).minutes == 0


def test_corrected_attendance_changes_credited_hours(ws, br):
    v = ws.meetings.finalize(ws.meetings.create(meeting(br, kind=MeetingKind.PARTY_LECTURE, minutes=60,
                                                        lecturer_name="外请专家", topic="党史", absent=["赵一"])).id)
    data = ws.meetings.input_of(v.id)
    data.attendance = [a for a in data.attendance if a.member_id != br.id("赵一")]
    data.default_status = AttendanceStatus.PRESENT
    ws.meetings.amend(v.id, data, reason="赵一实际出席")
    assert ws.meetings.study.for_member(br.id("赵一"), 2024).minutes == 60
