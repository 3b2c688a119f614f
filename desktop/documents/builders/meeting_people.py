"""Who a meeting is for, as the notice and the sign-in sheet print it: for a finalized (定稿) record exactly the
attendance frozen in it, however the roster changed later; for a draft the roster of the meeting day."""

from __future__ import annotations

from desktop.documents.builders.common import Context, order_people, ref_name
from desktop.domain.meeting_enums import MeetingKind
from desktop.domain.meeting_records import MeetingRecord


def expected(ctx: Context, record: MeetingRecord, final: bool = False) -> list:
    """``ExpectedAttendee`` rows in the book's name order: with ``final`` the people of the record's frozen
    attendance (same people, same 应到; the 党小组 as the roster of the meeting day gives it, else today's), else
    every member due at this meeting on its day."""
    group_id = record.group.id if record.group else None
    rows = ctx.ws.meetings.expected_attendance(record.kind, record.day, group_id)
    if final and record.attendance:
        from desktop.services.meeting_roster import ExpectedAttendee

        groups = {r.member_id: (r.group_id, r.group_name) for r in rows}
        frozen = []
        for a in record.attendance:
            group = groups.get(a.member_id) or _group_today(ctx, a.member_id)
            frozen.append(ExpectedAttendee(a.member_id, a.name, a.member_status, *group))
        rows = frozen
    return order_people(rows, ctx.order)


def _group_today(ctx: Context, member_id: int) -> tuple[int | None, str]:
    from desktop.errors import NotFound

    try:
        m = ctx.ws.members.get(member_id)
    except NotFound:
        return None, ""
    return m.group_id, m.group_name


def audience(record: MeetingRecord) -> str:
    """Who is called: 支部全体党员 / 支部委员会委员 / 第一党小组全体党员 (a label, from the meeting type)."""
    if record.kind == MeetingKind.COMMITTEE_MEETING:
        return "支部委员会委员"
    if record.kind == MeetingKind.GROUP_MEETING:
        return f"{ref_name(record.group)}全体党员"
    return "支部全体党员"


def meeting_name(record: MeetingRecord) -> str:
    """The record's title without a trailing 记录: "2026年3月 支部委员会会议"."""
    from desktop.domain.meeting_rules import default_title

    base = (record.title or default_title(record.kind, record.start, ref_name(record.group))).strip()
    return base[:-2] if base.endswith("记录") else base
