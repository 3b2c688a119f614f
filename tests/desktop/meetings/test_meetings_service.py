"""Meetings through the service: expected lists from the roster on the day, checks that need the roster,
drafts, 定稿, and the list/filter API the GUI uses."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from desktop.domain.enums import MemberStatus
from desktop.domain.meeting_enums import AttendanceStatus, MeetingKind, RecordStatus
from desktop.domain.meeting_rules import AttendanceInput, PersonNoteInput
from desktop.errors import NotFound, RecordLocked, ValidationError
from desktop.services.chained_records import RecordIncomplete

from .branch import meeting


def codes(findings):
    return {f.code for f in findings}


def test_expected_list_is_the_roster_on_that_day(ws, br):
    before = {a.name for a in ws.meetings.expected_attendance(MeetingKind.GENERAL_ASSEMBLY, datetime(2024, 2, 1).date())}
    during = {a.name for a in ws.meetings.expected_attendance(MeetingKind.GENERAL_ASSEMBLY, datetime(2024, 4, 1).date())}
    after = {a.name for a in ws.meetings.expected_attendance(MeetingKind.GENERAL_ASSEMBLY, datetime(2024, 8, 1).date())}
    assert "新同志" not in before and "调走者" in before
    assert {"新同志", "调走者"} <= during
    assert "新同志" in after and "调走者" not in after


def test_expected_list_for_group_and_committee(ws, br):
    day = datetime(2024, 4, 1).date()
    group = ws.meetings.expected_attendance(MeetingKind.GROUP_MEETING, day, br.groups["第二党小组"])
    assert {a.name for a in group} == {"李组织", "赵一", "孙三", "吴五", "冯预备", "陈预备"}
    committee = ws.meetings.expected_attendance(MeetingKind.COMMITTEE_MEETING, day)
    assert {a.name for a in committee} == set(br.committee)
    assert not ws.meetings.expected_attendance(MeetingKind.COMMITTEE_MEETING, datetime(2021, 6, 1).date())


def test_counts_are_derived_and_member_status_is_taken_on_the_day(ws, br):
    v = ws.meetings.create(meeting(br, absent=["赵一", "冯预备"]))
    c = v.check.counts
    # 9 full + 调走者 (full) + 冯/陈 probationary + 新同志 (probationary in April 2024) = 13 expected
    assert (c.expected, c.present, c.on_leave) == (13, 11, 2)
    assert (c.present_full, c.present_probationary, c.expected_full) == (9, 2, 10)
    status = {a.name: a.member_status for a in v.record.attendance}
    assert status["新同志"] == MemberStatus.PROBATIONARY
    later = ws.meetings.create(meeting(br, start=datetime(2025, 4, 10, 9)))
    assert {a.name: a.member_status for a in later.record.attendance}["新同志"] == MemberStatus.FULL
    assert v.check.quorum.met and v.check.can_finalize


def test_finalize_locks_the_record_and_chains_it(ws, br):
    v = ws.meetings.create(meeting(br))
    assert v.status == RecordStatus.DRAFT and v.entry is None
    v = ws.meetings.finalize(v.id)
    assert v.status == RecordStatus.FINAL and v.entry.seq == 1 and len(v.entry.hash) == 64
    with pytest.raises(RecordLocked):
        ws.meetings.save_draft(v.id, meeting(br, place="别处"))
    with pytest.raises(RecordLocked):
        ws.meetings.finalize(v.id)
    with pytest.raises(RecordLocked):
        ws.meetings.delete_draft(v.id)
    assert ws.meetings.get(v.id).record.place == "三楼会议室"


def test_finalize_refuses_with_every_error_listed(ws, br):
    data = meeting(br, chair_id=None, end=datetime(2024, 4, 10, 8), absent=br.full[2:8])
    v = ws.meetings.create(data)  # drafts save whatever is there
    assert {"chair_missing", "end_before_start", "quorum"} <= codes(v.check.findings)
    with pytest.raises(RecordIncomplete) as err:
        ws.meetings.finalize(v.id)
    assert {"chair_missing", "end_before_start", "quorum"} <= codes(err.value.findings)
    assert "请填写主持人" in str(err.value) and ws.meetings.get(v.id).status == RecordStatus.DRAFT


def test_future_meeting_can_be_a_draft_but_not_finalized(ws, br):
    start = datetime.now().replace(microsecond=0) + timedelta(days=3)
    v = ws.meetings.create(meeting(br, start=start))
    assert "future" in codes(v.check.findings)
    with pytest.raises(RecordIncomplete, match="在未来"):
        ws.meetings.finalize(v.id)


def test_people_who_did_not_belong_that_day_are_refused(ws, br):
    # 新同志 joined 2024-03-01; 调走者 left 2024-06-30
    v = ws.meetings.create(meeting(br, start=datetime(2024, 2, 1, 9), chair_id=br.id("新同志")))
    found = [f for f in v.check.findings if f.code == "not_member"]
    assert found and "2024-03-01" in found[0].message and "主持人" in found[0].message
    v = ws.meetings.create(meeting(br, kind=MeetingKind.ORG_LIFE_MEETING, start=datetime(2024, 8, 1, 9),
                                   notes=[PersonNoteInput(br.id("调走者"), "问题")]))
    found = [f for f in v.check.findings if f.code == "not_member"]
    assert found and "组织关系转出" in found[0].message
    with pytest.raises(RecordIncomplete):
        ws.meetings.finalize(v.id)


def test_attendance_for_someone_not_expected_is_refused(ws, br):
    data = meeting(br, start=datetime(2024, 8, 1, 9))
    data.attendance.append(AttendanceInput(br.id("调走者"), AttendanceStatus.PRESENT))
    with pytest.raises(ValidationError, match="转出"):
        ws.meetings.create(data)
    data = meeting(br, kind=MeetingKind.GROUP_MEETING, group_id=br.groups["第一党小组"])
    data.attendance.append(AttendanceInput(br.id("赵一"), AttendanceStatus.PRESENT))
    with pytest.raises(ValidationError, match="列席"):
        ws.meetings.create(data)
    with pytest.raises(ValidationError, match="找不到编号"):
        ws.meetings.create(meeting(br, chair_id=9999))


def test_overlapping_meetings_for_a_member_are_refused(ws, br):
    first = ws.meetings.create(meeting(br, start=datetime(2024, 4, 10, 9), minutes=120))
    ws.meetings.finalize(first.id)
    group = meeting(br, kind=MeetingKind.GROUP_MEETING, group_id=br.groups["第一党小组"],
                    start=datetime(2024, 4, 10, 10), chair_id=br.id("钱二"), recorder_id=br.id("周四"))
    v = ws.meetings.create(group)
    overlap = [f for f in v.check.findings if f.code == "overlap"]
    assert overlap and "同一时间" in overlap[0].message
    # on leave from the assembly: no conflict for that member; back-to-back times never conflict
    group.start, group.end = datetime(2024, 4, 10, 11), datetime(2024, 4, 10, 12)
    v = ws.meetings.save_draft(v.id, group)
    assert "overlap" not in codes(v.check.findings)
    ws.meetings.finalize(v.id)


def test_voided_meetings_do_not_conflict(ws, br):
    first = ws.meetings.finalize(ws.meetings.create(meeting(br)).id)
    ws.meetings.void(first.id, "重复录入")
    again = ws.meetings.create(meeting(br))
    assert "overlap" not in codes(again.check.findings)


def test_committee_meeting_needs_a_committee_in_office(ws, br):
    v = ws.meetings.create(meeting(br, kind=MeetingKind.COMMITTEE_MEETING, start=datetime(2021, 5, 1, 9)))
    assert {"no_committee", "no_expected"} <= codes(v.check.findings)
    v = ws.meetings.create(meeting(br, kind=MeetingKind.COMMITTEE_MEETING, absent=["李组织", "张宣传"]))
    assert "quorum" in codes(v.check.findings)


def test_group_meeting_chair_should_be_the_leader(ws, br):
    ws.organization.set_group_leader(br.groups["第一党小组"], br.id("王书记"))
    v = ws.meetings.create(meeting(br, kind=MeetingKind.GROUP_MEETING, group_id=br.groups["第一党小组"],
                                   chair_id=br.id("钱二")))
    assert "chair_not_leader" in codes(v.check.findings)
    assert v.record.title.startswith("第一党小组 2024年4月")


def test_stale_expected_list_blocks_finalize_until_saved_again(ws, br):
    from desktop.domain.member_rules import MemberInput

    v = ws.meetings.create(meeting(br))
    late = ws.members.add(MemberInput(name="补录党员", gender="男", birth_date=datetime(1990, 1, 1).date(),
                                      joined_on=datetime(2015, 1, 1).date(), full_on=datetime(2016, 1, 1).date()))
    with pytest.raises(RecordIncomplete, match="补录党员"):
        ws.meetings.finalize(v.id)
    data = ws.meetings.input_of(v.id)
    saved = ws.meetings.save_draft(v.id, data)
    assert "unmarked" in codes(saved.check.findings)  # the newcomer must be marked, never assumed present
    data.attendance.append(AttendanceInput(late.id, AttendanceStatus.ABSENT, "外出"))
    ws.meetings.save_draft(v.id, data)
    assert ws.meetings.finalize(v.id).check.counts.expected == 14


def test_drafts_can_be_deleted(ws, br):
    v = ws.meetings.create(meeting(br))
    ws.meetings.attach(v.id, b"%PDF-1.4 test", "签到表.pdf")
    ws.meetings.delete_draft(v.id)
    with pytest.raises(NotFound):
        ws.meetings.get(v.id)
    assert ws.check()["ok"]


def test_input_round_trip_and_preview(ws, br):
    data = meeting(br, absent=["钱二"], agenda=["议题一", "议题二"], observers=["机关工会主席"])
    v = ws.meetings.create(data)
    back = ws.meetings.input_of(v.id)
    assert back.agenda == ["议题一", "议题二"] and back.observers == ["机关工会主席"]
    assert ws.meetings.save_draft(v.id, back).record == v.record
    back.attendance = [a for a in back.attendance if a.member_id != br.id("钱二")]
    back.default_status = AttendanceStatus.UNMARKED
    check = ws.meetings.preview(back)
    assert "unmarked" in codes(check.findings) and not check.can_finalize
    assert ws.meetings.get(v.id).record == v.record  # preview writes nothing


def test_text_is_stored_as_typed_with_nfc(ws, br):
    decomposed = "e\u0301 第一行\r\n第二行"
    v = ws.meetings.create(meeting(br, content=decomposed))
    assert v.record.content == "\u00e9 第一行\n第二行"


def test_list_filters_and_flags(ws, br):
    a = ws.meetings.finalize(ws.meetings.create(meeting(br)).id)
    ws.meetings.create(meeting(br, kind=MeetingKind.THEME_DAY, theme="主题", start=datetime(2025, 3, 8, 14)))
    rows = ws.meetings.list()
    assert [r.kind for r in rows] == [MeetingKind.GENERAL_ASSEMBLY, MeetingKind.THEME_DAY]
    assert rows[0].late_entry and rows[0].status == RecordStatus.FINAL and rows[0].present == 13
    assert [r.id for r in ws.meetings.list(year=2025)] == [rows[1].id]
    assert [r.id for r in ws.meetings.list(kind=MeetingKind.GENERAL_ASSEMBLY)] == [a.id]
    assert [r.id for r in ws.meetings.list(status=RecordStatus.DRAFT)] == [rows[1].id]
    assert [r.id for r in ws.meetings.list(late_only=True)] == [a.id]
    d = rows[0].as_dict()
    assert {"id", "type", "title", "start", "status", "late_entry", "clock_anomaly"} <= set(d)
    assert d["start"] == "2024-04-10T09:00:00" and d["status"] == "final"
