"""Who a meeting is for, as the notice and the sign-in sheet print it: the roster of the meeting day."""

from __future__ import annotations

from desktop.documents.builders.common import Context, order_people, ref_name
from desktop.domain.meeting_enums import MeetingKind
from desktop.domain.meeting_records import MeetingRecord


def expected(ctx: Context, record: MeetingRecord) -> list:
    """``ExpectedAttendee`` rows: every member due at this meeting on its day, in the book's name order."""
    group_id = record.group.id if record.group else None
    rows = ctx.ws.meetings.expected_attendance(record.kind, record.day, group_id)
    return order_people(rows, ctx.order)


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
