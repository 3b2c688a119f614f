"""The answer to "what must I do, and what have I missed?" on a day: every rule for its previous and current
period, the members' health and all alerts. Pure: works on loaded facts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop.rules import alerts as alert_list
from desktop.rules.branch_health import branch_alerts
from desktop.rules.cadence import current_and_previous
from desktop.rules.facts import BookFacts
from desktop.rules.members_health import MemberHealth, member_alerts, member_health
from desktop.rules.results import DONE, DUE, NOT_APPLICABLE, OVERDUE, Alert, RuleResult
from desktop.rules.ruleset import RuleSet

STATE_ORDER = {OVERDUE: 0, DUE: 1, DONE: 2, NOT_APPLICABLE: 3}


@dataclass(frozen=True)
class StatusReport:
    at: date
    ruleset: dict  # version, title, sha256, origin, name, rules
    rules: tuple[RuleResult, ...]  # rule-file order; each rule's previous period, then its current one
    alerts: tuple[Alert, ...]  # most serious first
    members: tuple[MemberHealth, ...]  # members of the branch on ``at``

    def by_state(self, state: str) -> list[RuleResult]:
        return [r for r in self.rules if r.state == state]

    @property
    def overdue(self) -> list[RuleResult]:
        return self.by_state(OVERDUE)

    @property
    def due(self) -> list[RuleResult]:
        return self.by_state(DUE)

    def urgent_first(self) -> list[RuleResult]:
        """Overdue, then due (nearest due day first), then done, then not applicable."""
        return sorted(self.rules, key=lambda r: (STATE_ORDER[r.state], r.due_on, r.rule_id))

    def result(self, rule_id: str, which: str = "current") -> RuleResult:
        return next(r for r in self.rules if r.rule_id == rule_id and r.which == which)

    def as_dict(self, *, members: bool = True) -> dict:
        d = {"at": self.at, "ruleset": self.ruleset, "rules": [r.as_dict() for r in self.rules],
             "alerts": [a.as_dict() for a in self.alerts],
             "summary": {state: len(self.by_state(state)) for state in STATE_ORDER}}
        if members:
            d["members"] = [m.as_dict() for m in self.members]
        return d


def compute(facts: BookFacts, ruleset: RuleSet, at: date, extra_alerts: list[Alert] = ()) -> StatusReport:
    health = member_health(facts, ruleset, at)
    alerts = member_alerts(health, facts, ruleset, at) + branch_alerts(facts, ruleset, at) + list(extra_alerts)
    return StatusReport(at, ruleset.info(), tuple(current_and_previous(ruleset, facts, at)),
                        tuple(alert_list.ordered(alerts)), tuple(health))
