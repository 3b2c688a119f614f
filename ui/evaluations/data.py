"""Worker-side helpers of the 民主评议 workspace (public services only; plain results)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dataclasses import dataclass, replace
from datetime import date

from desktop.changes import mutates
from desktop.domain.evaluation_rules import EvaluationInput
from desktop.domain.meeting_enums import RecordStatus

if TYPE_CHECKING:
    from desktop.workspace import Workspace


@dataclass(frozen=True)
class RoundData:
    view: object  # EvaluationView
    input: EvaluationInput
    history: list


def load_round(ws: Workspace, round_id: int) -> RoundData:
    view = ws.evaluations.get(round_id)
    history = ws.evaluations.history(round_id) if view.status != RecordStatus.DRAFT else []
    return RoundData(view, ws.evaluations.input_of(round_id), history)


def save_round(ws: Workspace, round_id: int, data: EvaluationInput):
    """Save a draft; rows of people who did not belong on the (new) date are left out, new members come empty."""
    if data.held_on is not None:
        here = {m.id for m in ws.members.roster_on(data.held_on)}
        data = replace(data, members=[m for m in data.members if m.member_id in here])
    return ws.evaluations.save_draft(round_id, data)


@mutates("evaluations")
def create_round(ws: Workspace, year: int, held_on: date) -> int:
    return ws.evaluations.create(EvaluationInput(year, held_on)).id
