"""Worker-side helpers of the 谈心谈话 screens (public services only; plain results)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dataclasses import dataclass

from desktop.domain.meeting_enums import RecordStatus

if TYPE_CHECKING:
    from desktop.workspace import Workspace


@dataclass(frozen=True)
class TalkData:
    view: object  # TalkView
    input: object  # HeartTalkInput
    history: list
    thumbnails: dict


def load_talk(ws: Workspace, talk_id: int) -> TalkData:
    from ui.meetings.data import thumbnails

    view = ws.talks.get(talk_id)
    history = ws.talks.history(talk_id) if view.status != RecordStatus.DRAFT else []
    return TalkData(view, ws.talks.input_of(talk_id), history, thumbnails(ws, view.attachments))


def save_talk(ws: Workspace, talk_id: int | None, data):
    return ws.talks.create(data) if talk_id is None else ws.talks.save_draft(talk_id, data)


def load_talks(ws: Workspace, year: int | None, status: str, member_id: int | None):
    rows = ws.talks.list(year=year, member_id=member_id, status=RecordStatus(status) if status else None)
    members = [(m.id, m.name) for m in ws.members.list(include_left=True)]
    return rows, members
