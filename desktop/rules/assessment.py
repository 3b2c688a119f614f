"""Scoring a year against a 考评细则 rubric: automatic items from the engine's results, manual items as the
secretary entered them. Pure: works on loaded facts; a period not over on the day of scoring is never deducted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from desktop.rules.branch_health import overdue_items
from desktop.rules.cadence import cn, evaluate
from desktop.rules.facts import BookFacts
from desktop.rules.periods import periods_in_year
from desktop.rules.results import DONE, DUE, NOT_APPLICABLE, OVERDUE, RuleResult
from desktop.rules.rubric import Rubric, RubricItem, fmt_points
from desktop.rules.ruleset import RuleSet

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Deduction:
    points: Decimal
    reason: str
    period: str | None = None  # the period label ("2026-03") when the deduction is for a period


@dataclass(frozen=True)
class ManualEntry:
    score: Decimal
    note: str
    evidence: tuple[str, ...]  # "meeting:12", "heart_talk:3", "evaluation:1", "rectification:4"
    updated_at: str = ""


@dataclass(frozen=True)
class AssessmentItemView:
    id: str
    section: str
    title: str
    max_points: Decimal
    scoring: str  # auto | manual
    score: Decimal | None  # None: a manual item not scored yet
    deductions: tuple[Deduction, ...]
    explanation: str  # one Chinese sentence: how the score came about
    evidence: tuple[str, ...]  # auto: records that satisfied the rule; manual: the secretary's links
    note: str  # manual: the secretary's note
    guidance: str
    basis: str

    @property
    def filled(self) -> bool:
        return self.score is not None

    def as_dict(self) -> dict:
        return {"id": self.id, "section": self.section, "title": self.title, "max": str(self.max_points),
                "scoring": self.scoring, "score": None if self.score is None else str(self.score),
                "deductions": [{"points": str(d.points), "reason": d.reason, "period": d.period}
                               for d in self.deductions],
                "explanation": self.explanation, "evidence": list(self.evidence), "note": self.note,
                "guidance": self.guidance, "basis": self.basis}


@dataclass(frozen=True)
class AssessmentView:
    year: int
    as_of: date
    rubric: dict  # version, title, notice, issuer, total, sha256, origin, name, example
    ruleset: dict
    items: tuple[AssessmentItemView, ...]
    total: Decimal  # automatic scores plus the manual scores entered so far
    max_total: Decimal
    auto_total: Decimal
    manual_total: Decimal
    missing_manual: tuple[str, ...]  # manual items not scored yet

    @property
    def complete(self) -> bool:
        return not self.missing_manual

    def sections(self) -> list[tuple[str, list[AssessmentItemView]]]:
        out: dict[str, list[AssessmentItemView]] = {}
        for i in self.items:
            out.setdefault(i.section, []).append(i)
        return list(out.items())

    def as_dict(self) -> dict:
        return {"year": self.year, "as_of": self.as_of, "rubric": self.rubric, "ruleset": self.ruleset,
                "items": [i.as_dict() for i in self.items], "total": str(self.total),
                "max_total": str(self.max_total), "auto_total": str(self.auto_total),
                "manual_total": str(self.manual_total), "complete": self.complete,
                "missing_manual": list(self.missing_manual)}


def _year_results(ruleset: RuleSet, rule_id: str, facts: BookFacts, year: int, at: date) -> list[RuleResult]:
    rule = ruleset.rule(rule_id)
    return [evaluate(rule, p, facts, at) for p in periods_in_year(rule.period, year) if p.start <= at]


def _miss_reason(r: RuleResult) -> str:
    if r.groups:
        return f"{r.period.label_cn}{'、'.join(g.name for g in r.groups if not g.done)}未召开{r.title}"
    return f"{r.period.label_cn}{r.title}{r.count}次（应至少{r.required}次）"


def _from_rule(item: RubricItem, results: list[RuleResult]) -> tuple[list[Deduction], str, list[str]]:
    missed = [r for r in results if r.state == OVERDUE]
    evidence = list(dict.fromkeys(f"{r.record_type}:{i}" for r in results for i in r.records))
    if not results:
        return [], "本年度尚无已开始的考核期间，暂不扣分。", []
    if all(r.state == NOT_APPLICABLE for r in results):
        return [], f"本项不适用，不扣分（{results[-1].message.rstrip('。')}）。", []
    if item.per == "period":
        deductions = [Deduction(item.deduct, _miss_reason(r), r.period.label) for r in missed]
    elif item.per == "once":
        deductions = [Deduction(item.deduct, _miss_reason(missed[0]), missed[0].period.label)] if missed else []
    else:  # member / gap: the yearly result, once the year is over
        year = results[-1]
        if year.state not in (DONE, OVERDUE):
            return [], f"本年度尚未结束，暂不扣分（目前：{year.message}）", evidence
        if item.per == "member":
            deductions = [Deduction(item.deduct, f"{m.name}学习{m.hours:g}学时，未达到{m.target_hours}学时",
                                    year.period.label) for m in year.members if not m.done]
        else:
            deductions = [Deduction(item.deduct, f"{g.a_name}—{g.b_name}未开展谈心谈话", year.period.label)
                          for g in year.gaps]
    if not deductions:
        due = [r for r in results if r.state == DUE]
        tail = f"；{len(due)}个期间尚未到期" if due else ""
        return [], f"已按要求完成，不扣分{tail}。", evidence
    return deductions, "", evidence


def _re_election(facts: BookFacts, year: int, at: date) -> list[Deduction]:
    """A term that ran out during the year (up to ``at``) before the next one was elected."""
    first, last = date(year, 1, 1), min(date(year, 12, 31), at)
    terms = facts.terms
    for i, t in enumerate(terms):
        following = terms[i + 1].start if i + 1 < len(terms) else None
        late_until = following if following is not None else date.max  # exclusive
        if t.end <= last and late_until > first and late_until > t.end:
            until = f"至{cn(following)}才换届" if following and following <= last else f"至{cn(last)}仍未换届"
            return [Deduction(ZERO, f"任期于{cn(t.end)}届满，{until}")]
    return []


def score_item(item: RubricItem, ruleset: RuleSet, facts: BookFacts, year: int, at: date,
               dues_arrears: list[tuple[int, str]], manual: ManualEntry | None) -> AssessmentItemView:
    def view(score, deductions=(), explanation="", evidence=(), note=""):
        return AssessmentItemView(item.id, item.section, item.title, item.max_points, item.scoring, score,
                                  tuple(deductions), explanation, tuple(evidence), note, item.guidance, item.basis)

    if item.scoring == "manual":
        if manual is None:
            return view(None, explanation="待填写：请根据实际情况评分，并关联佐证记录。")
        return view(manual.score, explanation="人工评分。", evidence=manual.evidence, note=manual.note)
    evidence: list[str] = []
    explanation = ""
    if item.rule is not None:
        try:
            results = _year_results(ruleset, item.rule, facts, year, at)
        except KeyError:
            return view(None, explanation=f"当前组织生活规则中没有代号为 {item.rule} 的规则，无法自动计分。"
                                          "请导入与考评细则配套的规则文件。")
        deductions, explanation, evidence = _from_rule(item, results)
    elif item.check == "re_election":
        deductions = [Deduction(item.deduct, d.reason) for d in _re_election(facts, year, at)]
    elif item.check == "rectifications":
        deductions = [Deduction(item.deduct, f"整改事项“{r.item[:30]}”应于{cn(r.due_on)}前完成，逾期未完成")
                      for r in overdue_items(facts, at) if r.due_on.year <= year]
    else:
        deductions = [Deduction(item.deduct, f"{name}欠交{year}年党费") for _, name in dues_arrears]
    taken = sum((d.points for d in deductions), ZERO)
    score = max(ZERO, item.max_points - taken)
    if deductions:
        reasons = "；".join(d.reason.rstrip("。") for d in deductions[:6])
        more = f"等{len(deductions)}项" if len(deductions) > 6 else ""
        explanation = f"扣{fmt_points(min(taken, item.max_points))}分：{reasons}{more}。"
    elif not explanation:
        explanation = "未发现扣分情形。"
    return view(score, deductions, explanation, evidence)


def score(rubric: Rubric, ruleset: RuleSet, facts: BookFacts, year: int, at: date,
          dues_arrears: list[tuple[int, str]], manual: dict[str, ManualEntry]) -> AssessmentView:
    items = tuple(score_item(i, ruleset, facts, year, at, dues_arrears, manual.get(i.id)) for i in rubric.items)
    auto = sum((i.score for i in items if i.scoring == "auto" and i.score is not None), ZERO)
    hand = sum((i.score for i in items if i.scoring == "manual" and i.score is not None), ZERO)
    missing = tuple(i.id for i in items if i.scoring == "manual" and i.score is None)
    return AssessmentView(year, at, rubric.info(), ruleset.info(), items, auto + hand, rubric.total, auto, hand,
                          missing)
