"""The contract of committee mode beyond 报送, for the GUI pages (总览, 落实情况, 预警, 审阅, 工作提示, 报表),
the CLI and the reports. ``ws.oversight`` (an :class:`desktop.committee.service.OversightService`) on a
committee book returns these plain frozen dataclasses; nothing here holds an ORM object or a session.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class ComplianceCell:
    """One rule in one period of one branch (the rules engine's verdict, stored at import)."""

    rule_id: str
    period: str  # "2026-03", "2026-Q1", "2026-H1", "2026"
    state: str  # done | due | overdue | not_applicable
    count: int
    required: int
    record_type: str
    records: tuple[int, ...]  # the branch's record ids that satisfied it (drill-down: ws.oversight.records)
    due_on: date
    message: str
    received: bool = True  # False: the period began after the last bundle (nothing counted, judged by due day)


@dataclass(frozen=True)
class RuleColumn:
    rule_id: str
    title: str
    period_kind: str  # month | quarter | half | year
    periods: tuple[str, ...]  # the period labels of the year that have begun


@dataclass(frozen=True)
class BranchCompliance:
    branch_id: str
    name: str
    unit: str  # 上级党组织 (rows are grouped by it)
    cells: tuple[ComplianceCell, ...]
    totals: dict  # state -> count over the row

    def cell(self, rule_id: str, period: str) -> ComplianceCell | None:
        return next((c for c in self.cells if c.rule_id == rule_id and c.period == period), None)


@dataclass(frozen=True)
class ComplianceTable:
    year: int
    at: date  # committee clock
    rules: tuple[RuleColumn, ...]
    branches: tuple[BranchCompliance, ...]  # by unit, then name
    totals: dict  # state -> count over the table
    column_totals: dict  # (rule_id, period) -> {state: count}


@dataclass(frozen=True)
class IntegrityAlert:
    branch_id: str
    branch_name: str
    kind: str  # reporting_lag | clock_anomaly | clock_back | late_report | chain_break | fork | rollback | silent
    #            | roster_overlap | attendance_overlap
    kind_label: str
    severity: str  # critical | warning | info
    message: str  # Chinese sentence naming the branch, the record and what is wrong
    evidence: dict = field(default_factory=dict)
    raised_at: datetime | None = None
    bundle_seq: int | None = None
    entry_seq: int | None = None
    record_type: str = ""
    record_id: int | None = None


@dataclass(frozen=True)
class HeldRecordRow:
    """A branch record as the committee holds it (drill-down and the branch view)."""

    branch_id: str
    record_type: str
    record_id: int
    title: str
    day: date | None
    seq: int
    hash: str
    short_hash: str
    status: str  # held | corrected | voided
    first_seen_at: datetime
    bundle_seq: int
    changes: tuple[str, ...]  # "更正：原因" … in chain order


@dataclass(frozen=True)
class VerifyResult:
    """What a printed short hash stands for at the committee."""

    query: str
    state: str  # held | corrected | voided | unknown | ambiguous
    message: str
    branch_id: str | None = None
    branch_name: str | None = None
    record: HeldRecordRow | None = None
    first_seen_at: datetime | None = None
    matches: int = 0
