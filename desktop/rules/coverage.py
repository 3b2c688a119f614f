"""Per-member yearly rules: 32 study hours per member, and 谈心谈话 coverage.

Members joining or leaving mid-year (decision, see docs/rules.md): the study target is pro-rated by the days
spent in the branch that year, rounded up to a whole hour (a whole year → 32); only hours earned here count.
Probationary members are held to the same target. Talk coverage is checked for the members and the
committee on the reference day (the year's last day, or the day asked about).
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date
from itertools import combinations

from desktop.domain.meeting_enums import AttendanceStatus
from desktop.rules.facts import DRAFT, FINAL, BookFacts
from desktop.rules.periods import Period
from desktop.rules.results import MemberHours, TalkGap
from desktop.rules.ruleset import Rule

PRESENT = AttendanceStatus.PRESENT.value
NAMES_SHOWN = 5


def _names(items: list[str]) -> str:
    shown = "、".join(items[:NAMES_SHOWN])
    return shown + (f"等{len(items)}人" if len(items) > NAMES_SHOWN else "")


def member_hours(rule: Rule, facts: BookFacts, period: Period, at: date) -> tuple[list[MemberHours], list[int],
                                                                                list[int]]:
    """(members with minutes and target, credited finalized meeting ids, draft ids that would credit)."""
    last = min(period.end, at)
    minutes: dict[int, int] = defaultdict(int)
    records, drafts = [], []
    for m in facts.meetings:
        if not (period.start <= m.day <= last) or m.credited_minutes <= 0:
            continue
        if rule.meeting_kinds and m.kind not in rule.meeting_kinds:
            continue
        if m.status == DRAFT:
            drafts.append(m.id)
            continue
        if m.status != FINAL:
            continue
        records.append(m.id)
        for member_id, status in m.attendance:
            if status == PRESENT:
                minutes[member_id] += m.credited_minutes
    rows = []
    for mf in facts.members:
        days = mf.days_in(period.start, period.end)
        if days <= 0 or mf.days_in(period.start, last) <= 0:
            continue
        target = math.ceil(rule.hours * days / period.days)
        rows.append(MemberHours(mf.id, mf.name, minutes.get(mf.id, 0), target, days))
    return rows, records, drafts


def study_hours(rule: Rule, facts: BookFacts, period: Period, at: date):
    rows, records, drafts = member_hours(rule, facts, period, at)
    short = [r for r in rows if not r.done]
    if not short:
        message = f"{period.label_cn}{len(rows)}名党员的学习学时均已达标（每人每年{rule.hours}学时）。"
    else:
        detail = [f"{r.name}{r.hours:g}/{r.target_hours}" for r in sorted(short, key=lambda r: r.minutes)]
        message = (f"{period.label_cn}学习学时已达标{len(rows) - len(short)}/{len(rows)}人，"
                   f"未达标：{_names(detail)}（学时/应达学时）。请组织集中学习或党课。")
    return len(rows) - len(short), len(rows), records, drafts, message, {"members": tuple(rows)}


def talks(rule: Rule, facts: BookFacts, period: Period, at: date):
    ref = min(period.end, at)
    committee = facts.committee_on(ref)
    members = {m.id: m.name for m in facts.members_on(ref)}
    secretary = facts.secretary_on(ref)
    held = [t for t in facts.talks if period.start <= t.day <= ref]
    pairs: dict[frozenset, list[int]] = defaultdict(list)
    for t in held:
        if t.status == FINAL:
            for a, b in combinations(sorted(t.participants), 2):
                pairs[frozenset((a, b))].append(t.id)
    talked = set(pairs)
    gaps: list[TalkGap] = []
    needed, used = 0, set()

    def need(a: int, b: int) -> None:
        nonlocal needed
        needed += 1
        key = frozenset((a, b))
        if key in talked:
            used.update(pairs[key])
        else:
            kind = "committee_pair" if a in committee and b in committee else "committee_member"
            gaps.append(TalkGap(kind, a, members.get(a, facts.name(a)), b, members.get(b, facts.name(b))))

    ordered = sorted(committee, key=lambda i: (i != secretary, i))
    if rule.committee_pairs:
        for a, b in combinations(ordered, 2):
            need(a, b)
    others = [i for i in members if i not in committee]
    for m in others:
        if rule.committee_member == "each":
            for c in ordered:
                need(c, m)
        elif rule.committee_member == "secretary" and secretary is not None:
            need(secretary, m)
        elif rule.committee_member == "any":
            needed += 1
            hit = [pairs[frozenset((c, m))] for c in ordered if frozenset((c, m)) in talked]
            if hit:
                used.update(hit[0])
            else:
                gaps.append(TalkGap("committee_member", None, "任一支部委员", m, members[m]))
    done = needed - len(gaps)
    if not gaps:
        message = f"{period.label_cn}谈心谈话已覆盖全部{needed}项要求（支委之间、支委与党员之间）。"
    else:
        shown = [f"{g.a_name}—{g.b_name}" for g in gaps]
        more = f"等{len(gaps)}项" if len(gaps) > NAMES_SHOWN else ""
        message = (f"{period.label_cn}谈心谈话已完成{done}/{needed}项，尚未谈：{'、'.join(shown[:NAMES_SHOWN])}{more}。")
    drafts = [t.id for t in held if t.status == DRAFT]
    return done, needed, sorted(used), drafts, message, {"gaps": tuple(gaps)}
