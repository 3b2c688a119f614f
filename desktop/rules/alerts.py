"""One list of alerts for the dashboard: the engine's own (members, branch, rectifications) with the dues
alerts and the recruitment deadlines folded in, most serious first."""

from __future__ import annotations

from datetime import date

from desktop.rules.cadence import cn
from desktop.rules.results import SEVERITY_ORDER, Alert


def from_dues(alerts) -> list[Alert]:
    """``DuesService.alerts`` → alerts (kinds kept: dues_unpaid_critical, dues_arrears, dues_base_missing)."""
    return [Alert(a.kind, a.severity, a.message, "dues", a.member_id, source=a.source) for a in alerts]


def from_recruitment(deadlines, at: date) -> list[Alert]:
    """``RecruitmentService.deadlines`` → ``recruit_overdue`` (warning) and ``recruit_due`` (info)."""
    out = []
    for d in deadlines:
        if d.overdue:
            out.append(Alert("recruit_overdue", "warning",
                             f"发展党员：{d.recruit_name}“{d.step_label}”应于{cn(d.due)}前完成，已逾期{-d.days_left}天。"
                             "请尽快办理并在“发展党员”中登记。", "recruit", subject_id=d.recruit_id, due=d.due,
                             source=d.source))
        else:
            out.append(Alert("recruit_due", "info",
                             f"发展党员：{d.recruit_name}“{d.step_label}”应于{cn(d.due)}前完成（还有{d.days_left}天）。",
                             "recruit", subject_id=d.recruit_id, due=d.due, source=d.source))
    return out


def ordered(alerts: list[Alert]) -> list[Alert]:
    """Critical first, then warnings, then notes; within a level, the earliest due date first."""
    return sorted(alerts, key=lambda a: (SEVERITY_ORDER[a.severity], a.due or date.max, a.subject, a.kind))
