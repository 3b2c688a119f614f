"""落实情况: the rules engine's verdict on every branch, computed at import from what the committee holds.

The engine is the branch's own (``desktop.rules.cadence.evaluate``), fed by :mod:`desktop.committee.records`
with the branch's records and organisation snapshot, judged by the committee book's active rule set. Cells are
stored so the table for hundreds of branches opens without judging anything again. A stored "due" whose due
day has since passed reads as "overdue" (nothing can have been done without a new bundle, which recomputes),
and a period that began after the last import reads as due/overdue with nothing counted.
"""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from desktop.committee.orgfacts import OrgFacts
from desktop.committee.records import book_facts, held_records
from desktop.rules.cadence import evaluate
from desktop.rules.periods import periods_in_year
from desktop.rules.results import DONE, DUE, NOT_APPLICABLE, OVERDUE, RuleResult
from desktop.rules.ruleset import RuleSet
from desktop.storage.models_committee import CommitteeCell, CommitteeOrg

STATES = (DONE, DUE, OVERDUE, NOT_APPLICABLE)


def org_of(session: Session, branch_id: str) -> OrgFacts:
    row = session.get(CommitteeOrg, branch_id)
    return OrgFacts(json.loads(row.doc) if row else None)


def judge_year(ruleset: RuleSet, held, org: OrgFacts, year: int, at: date) -> list[RuleResult]:
    """Exactly ``RulesService.year(year, at)`` on the branch's own book, for the records the committee holds."""
    facts = book_facts(held, org, date(year, 1, 1), min(at, date(year, 12, 31)))
    return [evaluate(rule, p, facts, at) for rule in ruleset.rules for p in periods_in_year(rule.period, year)
            if p.start <= at]


def refresh(session: Session, ruleset: RuleSet, branch_id: str, at: date) -> int:
    """Recompute and store the branch's cells for every year it has records in (and ``at``'s year)."""
    held = held_records(session, branch_id)
    org = org_of(session, branch_id)
    years = {at.year}
    for h in held.values():
        if h.day is not None and h.day.year <= at.year:
            years.add(h.day.year)
    rows = []
    for year in sorted(years):
        for r in judge_year(ruleset, held, org, year, at):
            rows.append(dict(branch_id=branch_id, rule_id=r.rule_id, period=r.period.label, year=year,
                             period_kind=r.period.kind, period_start=r.period.start, period_end=r.period.end,
                             title=r.title, state=r.state, count=r.count, required=r.required,
                             record_type=r.record_type, records=json.dumps(list(r.records)), due_on=r.due_on,
                             message=r.message, computed_on=at))
    t = CommitteeCell.__table__
    session.execute(delete(t).where(t.c.branch_id == branch_id, t.c.year.in_(sorted(years))))
    if rows:
        session.execute(t.insert(), rows)
    return len(rows)


def stored_cells(session: Session, year: int) -> list[tuple]:
    """(branch_id, rule_id, period, state, count, required, record_type, records, due_on ISO text, message) for
    every stored cell of ``year``, as plain tuples straight from the driver (the table for 300 branches)."""
    return session.connection().exec_driver_sql(
        "SELECT branch_id, rule_id, period, state, count, required, record_type, records, due_on, message "
        "FROM committee_cell WHERE year = ?", (year,)).fetchall()


def record_ids(text: str) -> tuple[int, ...]:
    """The stored JSON list of record ids ("[3, 7]") without a JSON parser per cell."""
    return tuple(map(int, text[1:-1].split(","))) if len(text) > 2 else ()


def aged_state(state: str, due_on: date, today: date) -> str:
    return OVERDUE if state == DUE and due_on < today else state
