"""考评自评 (``ws.assessment``): the yearly self-assessment against the book's 考评细则 rubric.

Automatic items are computed from the records each time (never stored); manual items are the secretary's
score, note and evidence links, kept in ``assessment_entry`` with the rubric version they were entered under.
The document 考评自评表 is built on ``AssessmentView``.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from sqlalchemy import select

from desktop.changes import mutates
from desktop.errors import NotFound, ValidationError
from desktop.rules import assessment as scoring
from desktop.rules.assessment import AssessmentItemView, AssessmentView, ManualEntry
from desktop.rules.facts import load_facts
from desktop.rules.rubric import fmt_points, points
from desktop.storage.models_assessment import AssessmentEntry
from desktop.storage.models_evaluations import EvaluationRound
from desktop.storage.models_meetings import HeartTalk, Meeting, Rectification

EVIDENCE_TYPES = {"meeting": (Meeting, "会议记录"), "heart_talk": (HeartTalk, "谈心谈话记录"),
                  "evaluation": (EvaluationRound, "民主评议记录"), "rectification": (Rectification, "整改事项")}
_REF = re.compile(r"^(meeting|heart_talk|evaluation|rectification):(\d+)$")
MAX_NOTE = 2000


def _today() -> date:
    return date.today()


def parse_evidence(ref) -> tuple[str, int]:
    """``"meeting:12"`` → ("meeting", 12); a bare number means a meeting."""
    if isinstance(ref, int) and not isinstance(ref, bool):
        return "meeting", ref
    text = str(ref).strip()
    if text.isdigit():
        return "meeting", int(text)
    m = _REF.match(text)
    if not m:
        raise ValidationError(f"无法识别的佐证记录“{ref}”：应写作 meeting:编号、heart_talk:编号、evaluation:编号 或 "
                              "rectification:编号。", "evidence")
    return m.group(1), int(m.group(2))


def parse_score(value) -> Decimal:
    try:
        score = points(value)
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError(f"分数“{value}”不是数字，请填写如 8 或 7.5。", "score") from None
    if not score.is_finite():
        raise ValidationError(f"分数“{value}”不是有效数字。", "score")
    return score


class AssessmentService:
    def __init__(self, ws):
        self.ws = ws

    def _as_of(self, year: int, on: date | None) -> date:
        today = _today()
        if not isinstance(year, int) or year < 1949 or year > today.year:
            raise ValidationError(f"考评年度应为1949年至{today.year}年之间的年份，现在是{year}。", "year")
        on = on or today
        if on < date(year, 1, 1):
            raise ValidationError(f"评分日期（{on}）早于{year}年，请核对。", "on")
        return on

    def _manual(self, s, year: int) -> dict[str, ManualEntry]:
        rows = s.scalars(select(AssessmentEntry).where(AssessmentEntry.year == year)).all()
        return {r.item_id: ManualEntry(points(Decimal(r.score_centi) / 100), r.note, tuple(r.evidence or ()),
                                       r.updated_at.isoformat(timespec="seconds")) for r in rows}

    def _dues_arrears(self, year: int, on: date) -> list[tuple[int, str]]:
        return [(a.member_id, a.member_name) for a in self.ws.dues.arrears(on)
                if any(y == year for y, _ in a.months)]

    def self_assessment(self, year: int, on: date | None = None) -> AssessmentView:
        """The year scored on the day ``on`` (default today): automatic items pre-filled from the records as
        they stand that day (periods not yet over are not deducted), manual items as entered so far, the total."""
        on = self._as_of(year, on)
        rules = self.ws.rules
        with self.ws.session() as s:
            ruleset, rubric = rules._ruleset(s), rules._rubric(s)
            facts = load_facts(s, date(year, 1, 1), min(on, date(year, 12, 31)))
            manual = self._manual(s, year)
        needs_dues = any(i.check == "dues_arrears" for i in rubric.items)
        arrears = self._dues_arrears(year, on) if needs_dues else []
        return scoring.score(rubric, ruleset, facts, year, on, arrears, manual)

    def _check_evidence(self, s, refs) -> list[str]:
        out = []
        for ref in refs:
            kind, rid = parse_evidence(ref)
            model, label = EVIDENCE_TYPES[kind]
            if s.get(model, rid) is None:
                raise NotFound(f"找不到编号为{rid}的{label}，请核对佐证记录。")
            key = f"{kind}:{rid}"
            if key not in out:
                out.append(key)
        return out

    @mutates("assessment")
    def set_manual(self, year: int, item_id: str, score, note: str = "",
                   evidence_record_ids=()) -> AssessmentItemView:
        """Enter (or replace) the score of a manual item, with a note and the records that support it."""
        self._as_of(year, None)
        rubric, item = self._item(item_id)
        if item.scoring != "manual":
            raise ValidationError(f"“{item.title}”是自动计分项，由系统根据记录计算，不能手工评分。", "item")
        value = parse_score(score)
        if value < 0 or value > item.max_points:
            top = fmt_points(item.max_points)
            raise ValidationError(f"“{item.title}”满分{top}分，分数应在0至{top}之间，现在是{fmt_points(value)}。",
                                  "score")
        note = (note or "").strip()
        if len(note) > MAX_NOTE:
            raise ValidationError(f"说明太长（最多{MAX_NOTE}字），请精简。", "note")
        with self.ws.session() as s:
            evidence = self._check_evidence(s, evidence_record_ids or ())
            row = s.scalar(select(AssessmentEntry).where(AssessmentEntry.year == year,
                                                         AssessmentEntry.item_id == item_id))
            if row is None:
                row = AssessmentEntry(year=year, item_id=item_id)
                s.add(row)
            row.score_centi, row.note, row.evidence = int(value * 100), note, evidence
            row.rubric_version, row.rubric_sha256, row.updated_at = rubric.version, rubric.sha256, datetime.now()
            self.ws.audit("assess_manual", f"{year}年度考评“{item.title}”评{fmt_points(value)}分", session=s)
        return next(i for i in self.self_assessment(year).items if i.id == item_id)

    def _item(self, item_id: str):
        rubric = self.ws.rules.rubric()
        try:
            return rubric, rubric.item(item_id)
        except KeyError:
            raise NotFound(f"考评细则中没有代号为“{item_id}”的项目，请用 assess 命令查看项目代号。") from None

    @mutates("assessment")
    def clear_manual(self, year: int, item_id: str) -> None:
        """Remove a manual item's score (it shows as 待填写 again)."""
        self._item(item_id)
        with self.ws.session() as s:
            row = s.scalar(select(AssessmentEntry).where(AssessmentEntry.year == year,
                                                         AssessmentEntry.item_id == item_id))
            if row is not None:
                s.delete(row)
