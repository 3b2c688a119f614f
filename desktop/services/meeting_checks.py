"""Checks that need the roster or other meetings: membership on the day, the group leader, the committee
in office, a member present at two meetings at overlapping times, and an expected list gone stale."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.domain.meeting_enums import AttendanceStatus, MeetingKind, RecordStatus
from desktop.domain.meeting_records import MeetingRecord
from desktop.domain.meeting_rules import ERROR, WARNING, Finding
from desktop.services.meeting_roster import (belonging, committee_ids, expected_members, get_members,
                                             not_belonging_message)
from desktop.storage.models import PartyGroup
from desktop.storage.models_meetings import Meeting, MeetingAttendance


def _people(record: MeetingRecord):
    for role, ref in (("主持人", record.chair), ("记录人", record.recorder), ("讲课人", record.lecturer)):
        if ref is not None and ref.id is not None:
            yield role, ref.id
    for n in record.notes:
        yield "组织生活会发言人", n.member_id
    for r in record.rectifications:
        if r.owner is not None and r.owner.id is not None:
            yield "整改责任人", r.owner.id


def membership_findings(session: Session, record: MeetingRecord) -> list[Finding]:
    day = record.day
    here = belonging(session, day)
    found = []
    people = list(_people(record))
    outsiders = [(role, mid) for role, mid in people if mid not in here]
    if outsiders:
        members = get_members(session, [mid for _r, mid in outsiders])
        for role, mid in outsiders:
            found.append(Finding(ERROR, "not_member", not_belonging_message(members[mid], day, role), "members"))
    if record.kind == MeetingKind.COMMITTEE_MEETING and not committee_ids(session, day):
        found.append(Finding(ERROR, "no_committee", f"{day}没有在任的支部委员会，请先录入支委会选举结果，"
                                                    "或检查会议日期和类型。", "kind"))
    if record.kind == MeetingKind.GROUP_MEETING and record.group and record.chair and record.chair.id:
        group = session.get(PartyGroup, record.group.id)
        if group is not None and group.leader_id and group.leader_id != record.chair.id:
            found.append(Finding(WARNING, "chair_not_leader", "党小组会一般由党小组组长主持，请核对主持人。", "chair"))
    return found


def stale_expected(session: Session, record: MeetingRecord) -> list[Finding]:
    """A draft's expected list must still match the roster of its day (the roster may have been corrected)."""
    now_expected = {m.id: m.name for m in expected_members(session, record.kind, record.day,
                                                           record.group.id if record.group else None)}
    listed = {a.member_id: a.name for a in record.attendance}
    added = [now_expected[i] for i in now_expected if i not in listed]
    gone = [listed[i] for i in listed if i not in now_expected]
    if not added and not gone:
        return []
    parts = []
    if added:
        parts.append(f"名册中新增：{'、'.join(added)}")
    if gone:
        parts.append(f"已不在应到范围：{'、'.join(gone)}")
    return [Finding(ERROR, "expected_stale", f"应到名单与{record.day}的党员名册不一致（{'；'.join(parts)}）。"
                                             "请重新保存草稿以更新出勤名单。", "attendance")]


def overlap_findings(session: Session, record: MeetingRecord, meeting_id: int | None) -> list[Finding]:
    present = {a.member_id: a.name for a in record.attendance if a.status == AttendanceStatus.PRESENT}
    if not present:
        return []
    end = record.end if record.end and record.end > record.start else record.start + timedelta(minutes=1)
    m, a = Meeting.__table__, MeetingAttendance.__table__
    q = (select(a.c.member_id, m.c.title, m.c.start)
         .join(m, m.c.id == a.c.meeting_id)
         .where(a.c.member_id.in_(list(present)), a.c.status == AttendanceStatus.PRESENT,
                m.c.status != RecordStatus.VOID, m.c.start < end,
                func.coalesce(m.c.end, m.c.start) > record.start)
         .order_by(m.c.start))
    if meeting_id is not None:
        q = q.where(m.c.id != meeting_id)
    found, seen = [], set()
    for member_id, title, start in session.execute(q):
        if member_id in seen:
            continue
        seen.add(member_id)
        found.append(Finding(ERROR, "overlap",
                             f"{present[member_id]}在同一时间出席了另一会议：{title}（{start:%Y-%m-%d %H:%M}）。"
                             "请核对两次会议的时间或出勤登记。", "attendance"))
    return found


def roster_findings(session: Session, record: MeetingRecord, meeting_id: int | None, *, draft: bool) -> list[Finding]:
    found = membership_findings(session, record) + overlap_findings(session, record, meeting_id)
    if draft:
        found += stale_expected(session, record)
    return found
