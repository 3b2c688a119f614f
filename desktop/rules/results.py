"""What the engine answers, as plain frozen dataclasses (the dashboard, the CLI and the 考评 read these)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop.rules.periods import Period

DONE, DUE, OVERDUE, NOT_APPLICABLE = "done", "due", "overdue", "not_applicable"
STATE_LABELS = {DONE: "已完成", DUE: "待完成", OVERDUE: "已逾期", NOT_APPLICABLE: "不适用"}
SEVERITY_LABELS = {"critical": "严重", "warning": "提醒", "info": "提示"}


@dataclass(frozen=True)
class GroupCount:
    """党小组会 of one party group in the period."""

    group_id: int
    name: str
    count: int
    records: tuple[int, ...]
    drafts: tuple[int, ...]
    done: bool


@dataclass(frozen=True)
class MemberHours:
    """One member's study hours in the year, against the (pro-rated) target."""

    member_id: int
    name: str
    minutes: int
    target_hours: int
    days_in_branch: int  # days of the year in the branch (the whole year unless joined/left mid-year)

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 1)

    @property
    def done(self) -> bool:
        return self.minutes >= self.target_hours * 60


@dataclass(frozen=True)
class TalkGap:
    """A 谈心谈话 not yet held this year. ``a_id`` is None for "any committee member" (mode ``any``)."""

    kind: str  # committee_pair | committee_member
    a_id: int | None
    a_name: str
    b_id: int
    b_name: str


@dataclass(frozen=True)
class RuleResult:
    rule_id: str
    title: str
    period: Period
    which: str  # "current" | "previous" | "" (any other period, e.g. in a 考评 year)
    state: str  # done | due | overdue | not_applicable
    count: int  # records counted (per_group: groups done; study/talks: members or pairs done)
    required: int  # the minimum (per_group: groups; study/talks: members or pairs)
    record_type: str  # meeting | heart_talk | evaluation
    records: tuple[int, ...]  # finalized records that satisfied it
    drafts: tuple[int, ...]  # drafts in the period: 进行中, not counted
    due_on: date
    days_left: int  # negative once overdue
    severity: str
    source: str
    local: bool
    message: str  # one Chinese sentence: what stands and what to do
    groups: tuple[GroupCount, ...] = ()
    members: tuple[MemberHours, ...] = ()
    gaps: tuple[TalkGap, ...] = ()

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    def as_dict(self) -> dict:
        d = {
            "id": self.rule_id, "title": self.title, "period": self.period.label, "period_label": self.period.label_cn,
            "period_start": self.period.start, "period_end": self.period.end, "which": self.which,
            "state": self.state, "state_label": self.state_label, "count": self.count, "required": self.required,
            "record_type": self.record_type, "records": list(self.records), "drafts": list(self.drafts),
            "due_on": self.due_on, "days_left": self.days_left, "severity": self.severity, "source": self.source,
            "local": self.local, "message": self.message,
        }
        if self.groups:
            d["groups"] = [{"group_id": g.group_id, "name": g.name, "count": g.count, "records": list(g.records),
                            "drafts": list(g.drafts), "done": g.done} for g in self.groups]
        if self.members:
            d["members"] = [{"member_id": m.member_id, "name": m.name, "hours": m.hours, "minutes": m.minutes,
                             "target_hours": m.target_hours, "days_in_branch": m.days_in_branch, "done": m.done}
                            for m in self.members]
        if self.gaps:
            d["gaps"] = [{"kind": g.kind, "a_id": g.a_id, "a_name": g.a_name, "b_id": g.b_id, "b_name": g.b_name}
                         for g in self.gaps]
        return d


@dataclass(frozen=True)
class Alert:
    """Something to act on. ``kind`` is a stable code (see docs/rules.md); ``message`` says what to do."""

    kind: str
    severity: str  # critical | warning | info
    message: str
    subject: str  # member | branch | group | rectification | dues | recruit
    member_id: int | None = None
    subject_id: int | None = None  # the group, rectification or recruit concerned
    due: date | None = None
    source: str = ""
    member_ids: tuple[int, ...] = ()  # aggregated alerts (e.g. data gaps) name several members

    @property
    def severity_label(self) -> str:
        return SEVERITY_LABELS[self.severity]

    def as_dict(self) -> dict:
        return {"kind": self.kind, "severity": self.severity, "severity_label": self.severity_label,
                "message": self.message, "subject": self.subject, "member_id": self.member_id,
                "subject_id": self.subject_id, "due": self.due, "source": self.source,
                "member_ids": list(self.member_ids)}


SEVERITY_ORDER = {"critical": 0, "warning": 1, "info": 2}
