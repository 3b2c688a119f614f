"""Cadence of organizational life: for a rule and a period, done / due / overdue / not applicable.

"due" = the due day has not passed and the minimum is not met; "overdue" = it has passed unmet. The reference
day of a period is its last day, or the day asked about while the period is running: who belonged, the
committee in office and the party groups are taken on that day. Only finalized records dated on or before the
day asked about count; drafts are reported as in progress.
"""

from __future__ import annotations

from datetime import date

from desktop.domain.meeting_enums import MeetingKind
from desktop.rules import coverage
from desktop.rules.facts import DRAFT, FINAL, Activity, BookFacts
from desktop.rules.periods import Period, previous, period_of
from desktop.rules.results import DONE, DUE, NOT_APPLICABLE, OVERDUE, GroupCount, RuleResult
from desktop.rules.ruleset import Rule, RuleSet


def cn(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _kind_label(rule: Rule) -> str:
    if len(rule.meeting_kinds) == 1:
        return MeetingKind(rule.meeting_kinds[0]).label
    return rule.title


def not_applicable_reason(rule: Rule, facts: BookFacts, period: Period, ref: date) -> str | None:
    """Why the rule does not apply to this period (None when it does)."""
    if not any(m.days_in(period.start, ref) for m in facts.members):
        return f"{period.label_cn}支部没有登记在册的党员，本项不适用。"
    a = rule.applies
    if a.committee_members_at_least and len(facts.committee_on(ref)) < a.committee_members_at_least:
        return (f"{cn(ref)}支部未设支部委员会（在任支委不足{a.committee_members_at_least}人），不召开支委会，本项不适用。"
                "如已选举支委会，请在“组织”中登记。")
    if a.full_members_at_least and len(facts.full_members_on(ref)) < a.full_members_at_least:
        return f"{cn(ref)}正式党员不足{a.full_members_at_least}人，本项不适用。"
    if a.groups_at_least and len(facts.groups_on(ref)) < a.groups_at_least:
        return "支部未划分党小组（或党小组没有党员），本项不适用。如已划分，请在党员信息中填写所在党小组。"
    if a.secretary and facts.secretary_on(ref) is None:
        return f"{cn(ref)}没有登记在任的支部书记，无法核对本项。请在“组织”中登记支委会或书记。"
    return None


def _matches(rule: Rule, m: Activity, facts: BookFacts) -> bool:
    if rule.meeting_kinds and m.kind not in rule.meeting_kinds:
        return False
    if rule.lecturer == "secretary":
        return m.lecturer_id is not None and m.lecturer_id == facts.secretary_on(m.day)
    if rule.lecturer == "committee":
        return m.lecturer_id is not None and m.lecturer_id in facts.committee_on(m.day)
    return True


def meetings_in(rule: Rule, facts: BookFacts, period: Period, at: date) -> tuple[list[Activity], list[Activity]]:
    """(finalized, drafts) meetings of the rule in the period, dated on or before ``at``."""
    last = min(period.end, at)
    hits = [m for m in facts.meetings if period.start <= m.day <= last and _matches(rule, m, facts)]
    return [m for m in hits if m.status == FINAL], [m for m in hits if m.status == DRAFT]


def _state(met: bool, due_on: date, at: date) -> str:
    if met:
        return DONE
    return OVERDUE if at > due_on else DUE


def _count(rule: Rule, facts: BookFacts, period: Period, at: date):
    last = min(period.end, at)
    if rule.record == "evaluation":
        rows = [e for e in facts.evaluations if e.year == period.start.year and e.held_on <= at]
        final = [e.id for e in rows if e.status == FINAL]
        return final, [e.id for e in rows if e.status == DRAFT], "民主评议"
    if rule.record == "heart_talk":
        rows = [t for t in facts.talks if period.start <= t.day <= last]
        return [t.id for t in rows if t.status == FINAL], [t.id for t in rows if t.status == DRAFT], "谈心谈话"
    final, drafts = meetings_in(rule, facts, period, at)
    return [m.id for m in final], [m.id for m in drafts], _kind_label(rule)


def _drafts_note(drafts) -> str:
    return f"（另有{len(drafts)}份草稿未定稿，定稿后才计入）" if drafts else ""


def _deadline_text(state: str, due_on: date, at: date) -> str:
    if state == OVERDUE:
        return f"截止{cn(due_on)}，已逾期{(at - due_on).days}天"
    return f"请于{cn(due_on)}前完成（还有{(due_on - at).days}天）"


def _count_result(rule: Rule, facts: BookFacts, period: Period, at: date, due_on: date):
    final, drafts, what = _count(rule, facts, period, at)
    met = len(final) >= rule.minimum
    state = _state(met, due_on, at)
    if rule.lecturer == "secretary":
        what = "书记讲党课"
    if met:
        message = f"{period.label_cn}已开展{what}{len(final)}次（要求至少{rule.minimum}次）。"
    elif final:
        message = (f"{period.label_cn}{what}已开展{len(final)}次，要求至少{rule.minimum}次；"
                   f"{_deadline_text(state, due_on, at)}。{_drafts_note(drafts)}")
    else:
        message = f"{period.label_cn}尚未开展{what}；{_deadline_text(state, due_on, at)}。{_drafts_note(drafts)}"
    return state, len(final), rule.minimum, final, drafts, message, {}


def _per_group(rule: Rule, facts: BookFacts, period: Period, at: date, due_on: date):
    ref = min(period.end, at)
    final, drafts = meetings_in(rule, facts, period, at)
    groups = []
    for gid in facts.groups_on(ref):
        name = facts.groups[gid][0]
        mine = [m.id for m in final if m.group_id == gid]
        pending = [m.id for m in drafts if m.group_id == gid]
        groups.append(GroupCount(gid, name, len(mine), tuple(mine), tuple(pending), len(mine) >= rule.minimum))
    done = [g for g in groups if g.done]
    met = len(done) == len(groups)
    state = _state(met, due_on, at)
    if met:
        message = f"{period.label_cn}{len(groups)}个党小组都已召开党小组会。"
    else:
        missing = "、".join(g.name for g in groups if not g.done)
        message = (f"{period.label_cn}{missing}尚未召开党小组会（要求每个党小组至少{rule.minimum}次）；"
                   f"{_deadline_text(state, due_on, at)}。{_drafts_note(drafts)}")
    return (state, len(done), len(groups), [m.id for m in final], [m.id for m in drafts], message,
            {"groups": tuple(groups)})


def evaluate(rule: Rule, period: Period, facts: BookFacts, at: date, which: str = "") -> RuleResult:
    """The rule's standing for one period as of ``at`` (``at`` must not be before the period starts)."""
    due_on = rule.due_on(period)
    ref = min(period.end, at)
    reason = not_applicable_reason(rule, facts, period, ref)
    if reason is not None:
        state, count, required, records, drafts, message, extra = NOT_APPLICABLE, 0, 0, [], [], reason, {}
    elif rule.measure == "per_group":
        state, count, required, records, drafts, message, extra = _per_group(rule, facts, period, at, due_on)
    elif rule.measure == "study_hours":
        count, required, records, drafts, message, extra = coverage.study_hours(rule, facts, period, at)
        state = _state(count >= required, due_on, at)
        if state != DONE:
            message += f"{_deadline_text(state, due_on, at)}。"
    elif rule.measure == "talk_coverage":
        count, required, records, drafts, message, extra = coverage.talks(rule, facts, period, at)
        state = _state(count >= required, due_on, at)
        if state != DONE:
            message += f"{_deadline_text(state, due_on, at)}。"
    else:
        state, count, required, records, drafts, message, extra = _count_result(rule, facts, period, at, due_on)
    return RuleResult(rule.id, rule.title, period, which, state, count, required, rule.record, tuple(records),
                      tuple(drafts), due_on, (due_on - at).days, rule.severity, rule.source, rule.local, message,
                      **extra)


def current_and_previous(ruleset: RuleSet, facts: BookFacts, at: date) -> list[RuleResult]:
    """Each rule for its previous and its current period (in rule-file order, previous first)."""
    out = []
    for rule in ruleset.rules:
        current = period_of(rule.period, at)
        out.append(evaluate(rule, previous(current), facts, at, "previous"))
        out.append(evaluate(rule, current, facts, at, "current"))
    return out


def window_start(ruleset: RuleSet, at: date) -> date:
    """The first day the current-and-previous evaluation needs records from."""
    return min((previous(period_of(r.period, at)).start for r in ruleset.rules), default=at)
