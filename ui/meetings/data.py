"""Worker-side helpers of the meetings UI: each gathers, in one call on the task thread, what a screen needs.

They only call public services of the workspace and return plain dataclasses (nothing from Qt).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dataclasses import dataclass
from datetime import date

from desktop.domain.meeting_enums import MeetingKind, RecordStatus

if TYPE_CHECKING:
    from desktop.workspace import Workspace

# status filter keys of the list (草稿 / 已定稿 / 补录 / 已作废)
STATUS_FILTERS = (("", "全部状态"), ("draft", "草稿"), ("final", "已定稿"), ("late", "补录"), ("void", "已作废"))


@dataclass(frozen=True)
class DayContext:
    """Who could take part on a day: the roster (for chair, recorder…) and the expected attendance."""

    day: date
    roster: list  # MemberView, status as that day
    expected: list  # ExpectedAttendee
    groups: list  # GroupView


@dataclass(frozen=True)
class EditorData:
    view: object  # MeetingView
    input: object  # MeetingInput of the current text
    day: DayContext
    history: list  # lifecycle.Version (empty for drafts)
    thumbnails: dict  # attachment id -> JPEG bytes


@dataclass(frozen=True)
class ListData:
    rows: list  # MeetingSummary, filtered
    overview: list  # MeetingSummary of the overview year, unfiltered
    overview_year: int
    years: list  # years that have meetings, newest first
    ack: object = None  # ui.sync.data.AckView: which finalized records the committee has confirmed


def day_context(ws: Workspace, kind: MeetingKind, day: date, group_id: int | None) -> DayContext:
    expected = ws.meetings.expected_attendance(kind, day, group_id) if (
        kind != MeetingKind.GROUP_MEETING or group_id is not None) else []
    return DayContext(day, ws.members.roster_on(day), expected, ws.organization.groups())


def thumbnails(ws: Workspace, attachments) -> dict:
    out = {}
    for a in attachments:
        if a.has_thumbnail:
            data = ws.meetings.attachments.thumbnail(a.id)
            if data:
                out[a.id] = data
    return out


def load_meeting(ws: Workspace, meeting_id: int) -> EditorData:
    view = ws.meetings.get(meeting_id)
    data = ws.meetings.input_of(meeting_id)
    record = view.record
    day = day_context(ws, record.kind, record.day, record.group.id if record.group else None)
    history = ws.meetings.history(meeting_id) if view.status != RecordStatus.DRAFT else []
    return EditorData(view, data, day, history, thumbnails(ws, view.attachments))


def save_meeting(ws: Workspace, meeting_id: int | None, data):
    """Autosave / 保存草稿: create the draft the first time, then replace its content."""
    if meeting_id is None:
        return ws.meetings.create(data)
    return ws.meetings.save_draft(meeting_id, data)


def load_list(ws: Workspace, year: int | None, kind: MeetingKind | None, status: str, overview_year: int,
              years: list | None) -> ListData:
    """The filtered rows (through the service's filters), the overview year's rows and, when not known yet, the
    years that have records (then one unfiltered query serves all three for the default view)."""
    m = ws.meetings
    everything = m.list() if years is None else None
    if everything is not None:
        years = sorted({r.start.year for r in everything}, reverse=True)

    def of_year(y):
        return [r for r in everything if r.start.year == y] if everything is not None else m.list(year=y)

    if kind is None and not status and (everything is not None or year is not None):
        rows = of_year(year) if year is not None else everything
    else:
        rows = m.list(year=year, kind=kind, late_only=status == "late",
                      status=RecordStatus(status) if status in ("draft", "final", "void") else None)
    overview = rows if (year == overview_year and kind is None and not status) else of_year(overview_year)
    from ui.sync.data import load_ack

    return ListData(rows, overview, overview_year, years, load_ack(ws))
