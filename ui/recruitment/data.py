"""Worker functions of the 发展党员 page (plain data only) and how stages map to the board's columns."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dataclasses import dataclass
from datetime import date

from desktop.changes import mutates
from desktop.domain.recruitment_rules import RecruitStage

if TYPE_CHECKING:
    from desktop.workspace import Workspace

# Board columns: (key, title, stages shown in it). 待上级党委审批 sits with 发展对象 (the column's last step).
COLUMNS: tuple[tuple[str, str, tuple[RecruitStage, ...]], ...] = (
    ("applicant", "入党申请人", (RecruitStage.APPLICANT,)),
    ("activist", "入党积极分子", (RecruitStage.ACTIVIST,)),
    ("candidate", "发展对象", (RecruitStage.CANDIDATE, RecruitStage.ADMITTED)),
    ("probationary", "预备党员", (RecruitStage.PROBATIONARY,)),
    ("full", "正式党员", (RecruitStage.FULL,)),
)
STOPPED_COLUMN = ("stopped", "已停止发展", (RecruitStage.STOPPED,))


def column_of(stage: RecruitStage, with_stopped: bool = False) -> str | None:
    for key, _title, stages in COLUMNS + ((STOPPED_COLUMN,) if with_stopped else ()):
        if stage in stages:
            return key
    return None


@dataclass(frozen=True)
class PipelineData:
    at: date
    recruits: tuple  # RecruitView, overdue first, then by due date (closed ones included)
    full_members: tuple  # (id, name) of full members in the branch today: contacts and introducers
    rules: object  # RecruitmentRules: step definitions, the natural next steps of each stage


def load_pipeline(ws: Workspace, at: date | None = None) -> PipelineData:
    at = at or date.today()
    recruits = tuple(ws.recruitment.pipeline(at, include_closed=True))
    full = tuple((m.id, m.name) for m in ws.members.list() if m.active and m.full_on is not None and m.full_on <= at)
    return PipelineData(at, recruits, full, ws.recruitment.rules)


@mutates("recruitment")
def add_recruit(ws: Workspace, values: dict):
    """Worker: register an applicant (``values`` as collected by the dialog)."""
    v = dict(values)
    return ws.recruitment.add(v.pop("name"), v.pop("gender"), v.pop("birth_date"), v.pop("applied_on"), **v)


@mutates("recruitment", "members")
def record_step(ws: Workspace, recruit_id: int, step: str, on: date, note: str, details: dict):
    return ws.recruitment.record_step(recruit_id, step, on, note=note, **details)


def due_text(v) -> tuple[str, bool]:
    """The card's date line and whether it is overdue."""
    if v.next_due is None:
        return "", False
    when = f"{v.next_due.year}年{v.next_due.month}月{v.next_due.day}日"
    if v.overdue:
        return f"应于{when}前完成，已逾期{-v.days_left}天", True
    is_earliest = any(d.step == v.next_step and d.kind == "earliest" for d in v.earliest) and \
        not any(d.step == v.next_step for d in v.deadlines)
    if is_earliest:
        return (f"最早可于{when}办理（还有{v.days_left}天）" if v.days_left > 0 else f"自{when}起可办理"), False
    return f"应于{when}前完成，还有{v.days_left}天", False


def card_dates(v) -> tuple[str, str, bool]:
    """Short lines for a card: (the date, the days left or overdue, overdue?)."""
    if v.next_due is None:
        return "", "", False
    d = v.next_due
    when = f"{d.month}月{d.day}日" if d.year == date.today().year else f"{d.year}年{d.month}月{d.day}日"
    if v.overdue:
        return f"应于{when}前", f"已逾期{-v.days_left}天", True
    if due_text(v)[0].startswith(("最早", "自")):
        return f"{when}起可办理", (f"还有{v.days_left}天" if v.days_left > 0 else "现在可以办理"), False
    return f"应于{when}前", f"还有{v.days_left}天", False
