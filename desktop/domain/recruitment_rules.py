"""发展党员 as data: steps, stages and time constraints from ``resources/rules/recruitment.toml``, evaluated
generically over one recruit's dated steps. Pure: no database, no clock (the caller passes the day).

Time limits use calendar months (``add_months``): "within 1 month" of 31 January is by 28/29 February, and the
limit day itself is in time.
"""

from __future__ import annotations

import calendar
import tomllib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

from desktop.domain.enums import LabelledEnum
from desktop.errors import ValidationError


class RecruitStage(LabelledEnum):
    APPLICANT = ("applicant", "入党申请人")
    ACTIVIST = ("activist", "入党积极分子")
    CANDIDATE = ("candidate", "发展对象")
    ADMITTED = ("admitted", "待上级党委审批")
    PROBATIONARY = ("probationary", "预备党员")
    FULL = ("full", "正式党员")
    STOPPED = ("stopped", "已停止发展")


class ContactRole(LabelledEnum):
    CONTACT = ("contact", "培养联系人")
    INTRODUCER = ("introducer", "入党介绍人")


ROLE_FIELDS = {"contacts": ContactRole.CONTACT, "introducers": ContactRole.INTRODUCER}
NUMBER_FIELDS = {"hours", "days", "months", "votes_for", "votes_against", "votes_abstain"}
FIELD_LABELS = {"hours": "学时", "days": "天数", "months": "延长月数", "votes_for": "赞成票", "votes_against": "反对票",
                "votes_abstain": "弃权票", "reason": "原因", "contacts": "培养联系人", "introducers": "入党介绍人"}


def add_months(d: date, months: int) -> date:
    """The same day ``months`` calendar months later, clamped to the month's last day (31 Jan + 1 → 28/29 Feb)."""
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def cn(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


# ---- the rule set ---------------------------------------------------------------------------
@dataclass(frozen=True)
class StepDef:
    kind: str
    label: str
    requires: tuple[str, ...]
    stage: RecruitStage | None
    repeatable: bool
    reset_by: str | None
    fields: tuple[str, ...]
    required_fields: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class RecruitmentRules:
    version: str
    source: str
    steps: dict  # kind → StepDef, in pipeline order
    stage_next: dict  # RecruitStage → tuple of step kinds
    rules: tuple  # dicts as in the TOML file


def default_rules_path() -> Path:
    from desktop.paths import resource_path

    return resource_path("rules", "recruitment.toml")


def load_rules(path: Path | None = None) -> RecruitmentRules:
    return _load(str(path or default_rules_path()))


@lru_cache(maxsize=8)
def _load(path: str) -> RecruitmentRules:
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    steps = {}
    for kind, s in data["steps"].items():
        steps[kind] = StepDef(
            kind=kind, label=s["label"], requires=tuple(s.get("requires", ())),
            stage=RecruitStage(s["stage"]) if "stage" in s else None, repeatable=bool(s.get("repeatable", False)),
            reset_by=s.get("reset_by"), fields=tuple(s.get("fields", ())),
            required_fields=tuple(s.get("required_fields", ())), source=s.get("source", data["source"]),
        )
    stage_next = {RecruitStage(k): tuple(v.get("next", ())) for k, v in data["stages"].items()}
    rules = tuple(data.get("rules", ()))
    known = set(steps) | {r["name"] for r in rules if r["kind"] == "term"}
    for r in rules:
        for key in ("step", "after", "until", "at", "start", "extension"):
            if key in r and r[key] not in known:
                raise ValueError(f"recruitment rules {path}: rule {r['id']} names unknown step {r[key]!r}")
    return RecruitmentRules(str(data["version"]), data["source"], steps, stage_next, rules)


# ---- one recruit's facts --------------------------------------------------------------------
@dataclass(frozen=True)
class StepFact:
    kind: str
    on: date
    details: dict = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class RecruitFacts:
    birth_date: date
    steps: tuple[StepFact, ...]  # any order
    roles: dict = field(default_factory=dict, hash=False, compare=False)  # ContactRole → count

    def ordered(self) -> list[StepFact]:
        return sorted(self.steps, key=lambda s: s.on)

    def all(self, kind: str) -> list[StepFact]:
        return [s for s in self.ordered() if s.kind == kind]


@dataclass(frozen=True)
class Due:
    """A step that must (``deadline``) or may (``earliest``) happen by/from a date."""

    step: str
    step_label: str
    due: date
    kind: str  # "deadline" | "earliest"
    rule_id: str
    title: str
    source: str


@dataclass(frozen=True)
class Evaluation:
    stage: RecruitStage
    next_step: str | None
    deadlines: tuple[Due, ...]  # pending, earliest first
    earliest: tuple[Due, ...]  # steps not allowed before a date
    problems: tuple[str, ...]
    probation_end: date | None
    problem_rules: tuple[str, ...] = ()  # the rule id behind each problem


class _Context:
    """Anchor dates of one recruit: first occurrence of each step (counting only records after a reset)."""

    def __init__(self, facts: RecruitFacts, rules: RecruitmentRules):
        self.facts, self.rules = facts, rules
        self.anchors: dict[str, date] = {}
        self.terms: dict[str, date] = {}
        ordered = facts.ordered()
        for kind, step in rules.steps.items():
            records = [s for s in ordered if s.kind == kind]
            if step.reset_by:
                resets = [s.on for s in ordered if s.kind == step.reset_by]
                if resets:
                    records = [s for s in records if s.on > resets[-1]]
            if records:
                self.anchors[kind] = records[0].on
        for r in rules.rules:
            if r["kind"] == "term" and r["start"] in self.anchors:
                extra = sum(int(s.details.get(r["extension_field"], 0) or 0) for s in facts.all(r["extension"]))
                self.terms[r["name"]] = add_months(self.anchors[r["start"]], int(r["months"]) + extra)

    def date(self, name: str) -> date | None:
        return self.anchors.get(name) or self.terms.get(name)


def _limit(r: dict, start: date) -> date:
    if "days" in r:
        from datetime import timedelta

        return start + timedelta(days=int(r["days"]))
    return add_months(start, int(r.get("months", 0)))


def _span_text(r: dict) -> str:
    if "days" in r:
        return f"{r['days']}天"
    months = int(r.get("months", 0))
    return "当日" if months == 0 else f"{months // 12}年" if months % 12 == 0 else f"{months}个月"


def stage_of(facts: RecruitFacts, rules: RecruitmentRules) -> RecruitStage:
    stage = RecruitStage.APPLICANT
    order = list(rules.steps)
    for s in sorted(facts.steps, key=lambda s: (s.on, order.index(s.kind) if s.kind in order else 0)):
        step = rules.steps.get(s.kind)
        if step and step.stage is not None:
            stage = step.stage
    return stage


def evaluate(facts: RecruitFacts, rules: RecruitmentRules, on: date) -> Evaluation:
    """Stage, pending deadlines, earliest dates and problems of one recruit as of ``on``."""
    ctx = _Context(facts, rules)
    stage = stage_of(facts, rules)
    closed = stage in (RecruitStage.FULL, RecruitStage.STOPPED)
    deadlines: list[Due] = []
    earliest: list[Due] = []
    problems: list[tuple[str, str]] = []

    def label(k: str) -> str:
        return rules.steps[k].label if k in rules.steps else k

    for r in rules.rules:
        kind = r["kind"]
        if kind == "min_age":
            step_on = ctx.date(r["step"])
            if step_on and _age(facts.birth_date, step_on) < int(r["years"]):
                problems.append((r["id"], f"{label(r['step'])}时未满{r['years']}周岁（{r['title']}）。"))
        elif kind == "within":
            start = ctx.date(r["after"])
            if start is None:
                continue
            limit = _limit(r, start)
            done = ctx.date(r["step"])
            if done is not None:
                if done > limit:
                    problems.append((r["id"], f"{label(r['step'])}（{cn(done)}）晚于时限{cn(limit)}：{r['title']}。"))
            elif not closed:
                deadlines.append(Due(r["step"], label(r["step"]), limit, "deadline", r["id"], r["title"],
                                     r["source"]))
        elif kind == "not_before":
            start = ctx.date(r["after"])
            if start is None:
                continue
            allowed = _limit(r, start)
            done = ctx.date(r["step"])
            if done is not None and done < allowed:
                problems.append((r["id"], f"{label(r['step'])}（{cn(done)}）早于{cn(allowed)}：{r['title']}。"))
            elif done is None and not closed:
                earliest.append(Due(r["step"], label(r["step"]), allowed, "earliest", r["id"], r["title"],
                                    r["source"]))
        elif kind == "every":
            start = ctx.date(r["after"])
            if start is None:
                continue
            stop = ctx.date(r["until"])
            points = [start] + [s.on for s in facts.all(r["step"]) if s.on >= start and (stop is None or s.on <= stop)]
            for a, b in zip(points, points[1:] + ([stop] if stop else [])):
                if b > _limit(r, a):
                    problems.append((r["id"], f"{cn(a)}至{cn(b)}之间超过{_span_text(r)}没有{label(r['step'])}：{r['title']}。"))
            if stop is None and not closed:
                deadlines.append(Due(r["step"], label(r["step"]), _limit(r, points[-1]), "deadline", r["id"],
                                     r["title"], r["source"]))
        elif kind == "count":
            if ctx.date(r["at"]) is not None:
                n = facts.roles.get(ContactRole(r["role"]), 0)
                problem = count_problem(r, n)
                if problem:
                    problems.append((r["id"], problem))
        elif kind == "total":
            if ctx.date(r["at"]) is not None:
                problem = total_problem(r, facts.all(r["step"]), rules)
                if problem:
                    problems.append((r["id"], problem))
        elif kind == "term":
            problems.extend((r["id"], p) for p in term_problems(r, facts))
    deadlines = _merge_same_step(deadlines, on)
    deadlines.sort(key=lambda d: d.due)
    earliest.sort(key=lambda d: d.due)
    return Evaluation(stage, natural_next(facts, rules, stage, ctx), tuple(deadlines), tuple(earliest),
                      tuple(p for _, p in problems), ctx.terms.get("probation_end"), tuple(i for i, _ in problems))


def _merge_same_step(deadlines: list[Due], on: date) -> list[Due]:
    """Two limits on one step (审批 within 3 months, at most 6): show the nearest one not yet passed, or the
    last one when all have passed."""
    by_step: dict[str, list[Due]] = {}
    for d in deadlines:
        by_step.setdefault(d.step, []).append(d)
    out = []
    for items in by_step.values():
        items.sort(key=lambda d: d.due)
        ahead = [d for d in items if d.due >= on]
        out.append(ahead[0] if ahead else items[-1])
    return out


def natural_next(facts: RecruitFacts, rules: RecruitmentRules, stage: RecruitStage, ctx=None) -> str | None:
    ctx = ctx or _Context(facts, rules)
    for kind in rules.stage_next.get(stage, ()):
        if ctx.date(kind) is None:
            return kind
    return None


def _age(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def count_problem(r: dict, n: int) -> str | None:
    role = ContactRole(r["role"]).label
    lo, hi = int(r["min"]), int(r["max"])
    if lo <= n <= hi:
        return None
    want = f"{lo}名" if lo == hi else f"{lo}至{hi}名"
    return f"{role}应为{want}正式党员，现在是{n}名（{r['title']}）。"


def total_problem(r: dict, records: list[StepFact], rules: RecruitmentRules) -> str | None:
    totals = {c["field"]: sum(_number(s.details.get(c["field"])) for s in records) for c in r["any_of"]}
    if any(totals[c["field"]] >= Decimal(str(c["min"])) for c in r["any_of"]):
        return None
    need = "或".join(f"不少于{c['min']}{FIELD_LABELS.get(c['field'], c['field']).removesuffix('数')}"
                    for c in r["any_of"])
    have = "、".join(f"{FIELD_LABELS.get(k, k)}{_plain(v)}" for k, v in totals.items())
    return f"{rules.steps[r['step']].label}应{need}，已记录{have}（{r['title']}）。"


def term_problems(r: dict, facts: RecruitFacts) -> list[str]:
    problems = []
    extensions = facts.all(r["extension"])
    if len(extensions) > int(r["extension_times"]):
        problems.append(f"预备期只能延长{r['extension_times']}次，已记录{len(extensions)}次（{r['title']}）。")
    for s in extensions:
        months = int(s.details.get(r["extension_field"], 0) or 0)
        if not int(r["extension_min"]) <= months <= int(r["extension_max"]):
            problems.append(f"延长预备期{months}个月，应为{r['extension_min']}至{r['extension_max']}个月（{r['title']}）。")
    return problems


def _number(value) -> Decimal:
    if value in (None, ""):
        return Decimal(0)
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return Decimal(0)


def _plain(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


# ---- checking a step before it is recorded --------------------------------------------------
def check_step(facts: RecruitFacts, rules: RecruitmentRules, new: StepFact, today: date) -> tuple[list, list]:
    """(errors, warnings) for adding ``new`` to ``facts`` (whose ``roles`` already include people named with
    it). Errors are ``ValidationError``; warnings are Chinese sentences about non-enforced rules."""
    errors: list[ValidationError] = []
    step = rules.steps.get(new.kind)
    if step is None:
        names = "、".join(f"{k}（{s.label}）" for k, s in rules.steps.items())
        return [ValidationError(f"未知的步骤“{new.kind}”，可用的步骤：{names}。", "step")], []
    if new.on > today:
        errors.append(ValidationError(f"{step.label}日期（{cn(new.on)}）晚于今天，请核对。", "on"))
    stage = stage_of(facts, rules)
    if stage in (RecruitStage.FULL, RecruitStage.STOPPED):
        errors.append(ValidationError(f"此人已{stage.label}，不能再登记{step.label}。", "step"))
    ctx = _Context(facts, rules)
    for need in step.requires:
        when = ctx.date(need)
        if when is None:
            errors.append(ValidationError(f"请先登记“{rules.steps[need].label}”，再登记“{step.label}”。", "step"))
        elif new.on < when:
            errors.append(ValidationError(
                f"{step.label}日期（{cn(new.on)}）不能早于{rules.steps[need].label}日期（{cn(when)}）。", "on"))
    if not step.repeatable and ctx.date(new.kind) is not None:
        errors.append(ValidationError(f"已于{cn(ctx.date(new.kind))}登记过{step.label}，不能重复登记。", "step"))
    for name in step.required_fields:
        if new.details.get(name) in (None, "", [], ()):
            errors.append(ValidationError(f"请填写{FIELD_LABELS.get(name, name)}。", name))
    if errors:
        return errors, []
    ev = evaluate(facts, rules, new.on)
    before = set(zip(ev.problem_rules, ev.problems))
    ev = evaluate(RecruitFacts(facts.birth_date, facts.steps + (new,), facts.roles), rules, new.on)
    by_id = {r["id"]: r for r in rules.rules}
    warnings = []
    for rule_id, problem in zip(ev.problem_rules, ev.problems):
        r = by_id[rule_id]
        if (rule_id, problem) in before or new.kind not in (r.get("step"), r.get("at"), r.get("until"),
                                                            r.get("extension")):
            continue
        if r.get("enforce"):
            errors.append(ValidationError(problem, rule_id))
        else:
            warnings.append(problem)
    return errors, warnings
