"""Branch: committee term (换届 warning before the term ends, overdue after), party groups without a leader,
size rules (≥3 full members; ≥7 → a 支委会; >50 → consider splitting) and rectifications past their due date.
"""

from __future__ import annotations

from datetime import date

from desktop.rules.cadence import cn
from desktop.rules.facts import BookFacts, OpenItem
from desktop.rules.periods import add_months
from desktop.rules.results import Alert
from desktop.rules.ruleset import RuleSet

CLOSED = "closed"


def term_alerts(facts: BookFacts, ruleset: RuleSet, at: date) -> list[Alert]:
    term = facts.term_on(at)
    rules = ruleset.branch
    if term is None:
        return []
    end = term.end
    who = "支部委员会" if len(term.posts) > 1 else "支部书记"
    if at >= end:
        return [Alert("branch_term_overdue", "critical",
                      f"本届{who}任期已于{cn(end)}届满（{cn(term.start)}选举，任期{term.years}年），已逾期{(at - end).days}天。"
                      "请向上级党组织报告，尽快召开支部党员大会换届选举；已换届的请在“组织”中登记新一届。",
                      "branch", subject_id=term.id, due=end, source=rules.term_source)]
    warn_from = add_months(end, -rules.term_warn_months)
    if at >= warn_from:
        return [Alert("branch_term_ending", "warning",
                      f"本届{who}任期将于{cn(end)}届满（还有{(end - at).days}天）。请提前向上级党组织请示，"
                      "做好换届选举的准备。", "branch", subject_id=term.id, due=end, source=rules.term_source)]
    return []


def size_alerts(facts: BookFacts, ruleset: RuleSet, at: date) -> list[Alert]:
    rules = ruleset.branch
    members = facts.members_on(at)
    if not members:
        return [Alert("branch_no_members", "info", "尚未登记党员。请在“党员”中添加或导入花名册。", "branch")]
    full = len(facts.full_members_on(at))
    out = []
    if full < rules.min_full_members:
        out.append(Alert("branch_too_small", "warning",
                         f"支部现有正式党员{full}人，不足{rules.min_full_members}人。请向上级党组织报告，"
                         "考虑与邻近单位成立联合党支部。", "branch", source=rules.size_source))
    committee = facts.committee_on(at)
    if full >= rules.committee_full_members and len(committee) < rules.committee_min_size:
        out.append(Alert("branch_needs_committee", "warning",
                         f"支部有正式党员{full}人（{rules.committee_full_members}人以上），应设立支部委员会"
                         f"（委员{rules.committee_min_size}至5人），现在在任支委{len(committee)}人。"
                         "请按程序选举支委会；已选举的请在“组织”中登记。", "branch", source=rules.size_source))
    if len(members) > rules.max_members:
        out.append(Alert("branch_too_large", "info",
                         f"支部现有党员{len(members)}人，超过{rules.max_members}人。可向上级党组织请示，"
                         "考虑分设党支部。", "branch", source=rules.size_source))
    return out


def group_alerts(facts: BookFacts, at: date) -> list[Alert]:
    out = []
    for gid, members in facts.groups_on(at).items():
        name, leader = facts.groups[gid]
        if leader is None or leader not in {m.id for m in members}:
            out.append(Alert("group_no_leader", "warning",
                             f"党小组“{name}”（{len(members)}人）没有在本组的组长，请在“组织”中指定党小组组长。",
                             "group", subject_id=gid))
    return out


def overdue_items(facts: BookFacts, at: date) -> list[OpenItem]:
    """Rectification items open on ``at`` (added by then, not closed by then) whose due date has passed."""
    out = []
    for r in sorted(facts.rectifications, key=lambda r: (r.due_on, r.id)):
        open_then = r.status != CLOSED or (r.closed_on is not None and r.closed_on > at)
        if open_then and r.created_on <= at and r.due_on < at:
            out.append(r)
    return out


def rectification_alerts(facts: BookFacts, at: date) -> list[Alert]:
    out = []
    for r in overdue_items(facts, at):
        owner = f"（责任人：{r.owner_name}）" if r.owner_name else ""
        out.append(Alert("rectification_overdue", "warning",
                         f"整改事项“{r.item[:40]}”{owner}应于{cn(r.due_on)}前完成，已逾期{(at - r.due_on).days}天。"
                         "请督促整改并登记整改进展。", "rectification", subject_id=r.id, due=r.due_on))
    return out


def branch_alerts(facts: BookFacts, ruleset: RuleSet, at: date) -> list[Alert]:
    return (term_alerts(facts, ruleset, at) + size_alerts(facts, ruleset, at) + group_alerts(facts, at)
            + rectification_alerts(facts, at))
