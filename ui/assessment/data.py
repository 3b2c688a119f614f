"""Worker functions of the 考评 page: the year's self-assessment and the records that can serve as evidence."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dataclasses import dataclass
from decimal import Decimal

from desktop.changes import mutates
from desktop.rules.rubric import fmt_points

if TYPE_CHECKING:
    from desktop.workspace import Workspace


@dataclass(frozen=True)
class EvidenceRecord:
    ref: str  # "meeting:12", "heart_talk:3", "evaluation:1"
    label: str  # "2026年3月5日 支部党员大会"
    record_type: str
    final: bool


@dataclass(frozen=True)
class AssessmentData:
    year: int
    view: object  # AssessmentView
    records: tuple[EvidenceRecord, ...]  # the year's records, newest first

    def label_of(self, ref: str) -> str:
        return next((r.label for r in self.records if r.ref == ref), ref)


def load_assessment(ws: Workspace, year: int) -> AssessmentData:
    view = ws.assessment.self_assessment(year)
    records = tuple(EvidenceRecord(f"{e.record_type}:{e.record_id}",
                                   f"{e.day.year}年{e.day.month}月{e.day.day}日 {e.kind_label}"
                                   + ("（草稿）" if e.status == "draft" else ""), e.record_type, e.status == "final")
                    for e in reversed(ws.rules.calendar(year)))
    return AssessmentData(year, view, records)


@mutates("assessment")
def save_manual(ws: Workspace, year: int, item_id: str, score: Decimal | None, note: str, evidence: tuple[str, ...]):
    """Worker: store a manual item, or clear it when ``score`` is None. Returns the item view (or None)."""
    if score is None:
        ws.assessment.clear_manual(year, item_id)
        return None
    return ws.assessment.set_manual(year, item_id, str(score), note, evidence)


def points_text(value: Decimal | None) -> str:
    return "" if value is None else fmt_points(value)
