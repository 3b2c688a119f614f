"""What the 首页 shows, computed in ONE worker call and handed to the UI thread as plain data.

``load_dashboard(ws, year)`` asks the rules engine for today's status (every rule's previous and current
period, the alerts), the year's calendar of activities and the year's period results (to mark missed
periods on the heat map). Everything the widgets paint is prepared here; the UI never queries per cell.
"""

from __future__ import annotations

import dataclasses

from typing import TYPE_CHECKING

from dataclasses import dataclass, field
from datetime import date

from desktop.domain.meeting_enums import MeetingKind

if TYPE_CHECKING:
    from desktop.workspace import Workspace

# Period kinds in the order the dashboard shows them, with the heading of the current period.
SECTIONS = (("month", "本月"), ("quarter", "本季度"), ("half", "本半年"), ("year", "本年度"))
PREVIOUS_WORDS = {"month": "上月", "quarter": "上季度", "half": "上半年", "year": "上年度"}

# Heat-map rows: every meeting kind, then 谈心谈话 and 民主评议 (the calendar's ``kind`` values).
HEAT_ROWS: tuple[tuple[str, str], ...] = tuple((k.value, k.label) for k in MeetingKind) + (
    ("heart_talk", "谈心谈话"), ("member_evaluation", "民主评议"))
# Which heat-map row a rule's missed period belongs to, for rules that do not count meetings.
_RECORD_ROWS = {"heart_talk": "heart_talk", "evaluation": "member_evaluation"}
# What to create for a rule that counts meetings of no single kind (study hours).
STUDY_FALLBACK_KIND = MeetingKind.STUDY_SESSION.value


@dataclass(frozen=True)
class RuleLine:
    """One rule result as a dashboard row: what to create when it is missing, and the records behind it."""

    result: object  # desktop.rules.results.RuleResult
    create_kind: str | None  # the meeting kind to create (record_type meeting), else None
    previous: bool  # the previous period (shown only while it is still due or overdue)


@dataclass(frozen=True)
class Section:
    key: str
    title: str  # 本月 / 本季度 / …
    period_label: str  # 2026年11月
    lines: tuple[RuleLine, ...]


@dataclass(frozen=True)
class HeatCell:
    final: int = 0
    drafts: int = 0
    missed: bool = False  # a rule period covering this month ended unmet
    future: bool = False  # the month has not begun
    records: tuple[tuple[date, str, int, str], ...] = ()  # (day, record_type, record id, status)


@dataclass(frozen=True)
class HeatMapData:
    year: int
    rows: tuple[tuple[str, str], ...]  # (kind, label)
    cells: dict = field(hash=False)  # (kind, month) -> HeatCell
    total_final: int = 0


@dataclass(frozen=True)
class DashboardData:
    at: date
    status: object  # desktop.rules.status.StatusReport
    sections: tuple[Section, ...]
    heat: HeatMapData
    record_labels: dict = field(hash=False)  # (record_type, id) -> "2026年3月5日 支部党员大会"
    counts: dict = field(hash=False)  # state -> number of rows shown


def _create_kind(rule, record_type: str) -> str | None:
    if record_type != "meeting":
        return None
    return rule.meeting_kinds[0] if rule.meeting_kinds else STUDY_FALLBACK_KIND


def build_sections(status, ruleset) -> tuple[Section, ...]:
    """Current periods grouped by period kind; a previous period is listed too while not done (overdue first)."""
    out = []
    for key, title in SECTIONS:
        current = [r for r in status.rules if r.which == "current" and r.period.kind == key]
        if not current:
            continue
        previous = [r for r in status.rules if r.which == "previous" and r.period.kind == key
                    and r.state in ("overdue", "due")]
        lines = [RuleLine(r, _create_kind(_rule(ruleset, r.rule_id), r.record_type), True) for r in previous]
        order = {"overdue": 0, "due": 1, "done": 2, "not_applicable": 3}
        current.sort(key=lambda r: (order[r.state], r.due_on))
        lines += [RuleLine(r, _create_kind(_rule(ruleset, r.rule_id), r.record_type), False) for r in current]
        out.append(Section(key, title, current[0].period.label_cn, tuple(lines)))
    return tuple(out)


def _rule(ruleset, rule_id: str):
    try:
        return ruleset.rule(rule_id)
    except KeyError:  # a rule set changed between the two reads: show the row, create nothing
        return _NoRule()


class _NoRule:
    meeting_kinds: tuple[str, ...] = ()


def build_heat(year: int, calendar, year_results, ruleset, today: date) -> HeatMapData:
    grid: dict[tuple[str, int], dict] = {}
    for e in calendar:
        cell = grid.setdefault((e.kind, e.day.month), {"final": 0, "drafts": 0, "records": []})
        cell["final" if e.status == "final" else "drafts"] += 1
        cell["records"].append((e.day, e.record_type, e.record_id, e.status))
    missed: set[tuple[str, int]] = set()
    for r in year_results:
        if r.state != "overdue":
            continue
        rule = _rule(ruleset, r.rule_id)
        row = _RECORD_ROWS.get(r.record_type)
        if r.record_type == "meeting" and len(rule.meeting_kinds) == 1:
            row = rule.meeting_kinds[0]
        if row is None:
            continue
        for month in range(r.period.start.month, r.period.end.month + 1):
            missed.add((row, month))
    cells = {}
    for kind, _label in HEAT_ROWS:
        for month in range(1, 13):
            raw = grid.get((kind, month), {})
            cells[(kind, month)] = HeatCell(raw.get("final", 0), raw.get("drafts", 0), (kind, month) in missed,
                                            date(year, month, 1) > today, tuple(raw.get("records", ())))
    return HeatMapData(year, HEAT_ROWS, cells, sum(1 for e in calendar if e.status == "final"))


def load_heat(ws: Workspace, year: int, today: date | None = None) -> HeatMapData:
    """Worker: only the heat map, for another year."""
    today = today or date.today()
    ruleset = ws.rules.ruleset()
    results = ws.rules.year(year) if year <= today.year else []
    return build_heat(year, ws.rules.calendar(year), results, ruleset, today)


def load_dashboard(ws: Workspace, year: int | None = None, at: date | None = None) -> DashboardData:
    """Worker: the whole 首页 in one call (status, calendar, the year's periods), as plain data.

    The records are read once for all four answers (today's status, this year's and last year's calendar, this
    year's periods) when their windows meet, as they do for the current year; a heat map of a year long past
    is read apart from today's status."""
    at = at or date.today()
    year = year or at.year
    rules = ws.rules
    status_from = rules.status_start(rules.ruleset(), at)
    # the heat map's windows: this year's calendar and periods, and last year's calendar for the labels
    span = (rules.calendar_window(year - 1 if year == at.year else year)[0], rules.calendar_window(year)[1])
    if status_from <= span[1] and span[0] <= at:  # today's status reads inside or next to them: one read
        read = status_read = rules.facts(min(status_from, span[0]), max(span[1], at))
    else:
        read, status_read = rules.facts(*span), rules.facts(status_from, at)
    ruleset = read[0]  # as read with the records
    status = rules.status(at, facts=status_read)
    calendar = rules.calendar(year, facts=read)
    results = rules.year(year, at=min(at, date(year, 12, 31)), facts=read) if year <= at.year else []
    labels = {(e.record_type, e.record_id): f"{_cn(e.day)} {e.kind_label}" + ("（草稿）" if e.status == "draft" else "")
              for e in calendar}
    if at.year == year:  # records of last year's periods (secretary lecture, 组织生活会 …) shown as done
        labels.update({(e.record_type, e.record_id): f"{_cn(e.day)} {e.kind_label}"
                       for e in rules.calendar(year - 1, facts=read) if (e.record_type, e.record_id) not in labels})
    status = dataclasses.replace(status, alerts=review_alerts(ws) + tuple(status.alerts))
    sections = build_sections(status, ruleset)
    counts: dict[str, int] = {}
    for s in sections:
        for line in s.lines:
            counts[line.result.state] = counts.get(line.result.state, 0) + 1
    return DashboardData(at, status, sections, build_heat(year, calendar, results, ruleset, at), labels, counts)


def review_alerts(ws) -> tuple:
    """"工委退回：…" for every record the committee returned, until the branch adds a 更正 or 补充说明 to it."""
    from desktop.rules.results import Alert

    return tuple(Alert("committee_return", "warning", r.line(), r.record_type, subject_id=r.record_id,
                       source=f"工委审阅（{_cn(r.reviewed_at.date())}）") for r in ws.reviews.open())


def _cn(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"
