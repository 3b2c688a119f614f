"""Calendar periods a rule counts over: month, quarter, half-year, year.

A period is a closed range of days ``[start, end]``. Labels are stable keys for scripts and the committee
("2026-11", "2026-Q3", "2026-H1", "2026"); ``label_cn`` is what the secretary reads.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

KINDS = ("month", "quarter", "half", "year")
KIND_LABELS = {"month": "每月", "quarter": "每季度", "half": "每半年", "year": "每年"}
_MONTHS = {"month": 1, "quarter": 3, "half": 6, "year": 12}
_QUARTERS_CN = "一二三四"


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date  # the last day, inclusive
    kind: str

    @property
    def label(self) -> str:
        y, m = self.start.year, self.start.month
        if self.kind == "month":
            return f"{y}-{m:02d}"
        if self.kind == "quarter":
            return f"{y}-Q{(m - 1) // 3 + 1}"
        if self.kind == "half":
            return f"{y}-H{1 if m <= 6 else 2}"
        return f"{y}"

    @property
    def label_cn(self) -> str:
        y, m = self.start.year, self.start.month
        if self.kind == "month":
            return f"{y}年{m}月"
        if self.kind == "quarter":
            return f"{y}年第{_QUARTERS_CN[(m - 1) // 3]}季度"
        if self.kind == "half":
            return f"{y}年{'上' if m <= 6 else '下'}半年"
        return f"{y}年"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def is_over(self, on: date) -> bool:
        return on > self.end


def _check_kind(kind: str) -> int:
    if kind not in _MONTHS:
        raise ValueError(f"unknown period kind {kind!r}")
    return _MONTHS[kind]


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def period_of(kind: str, day: date) -> Period:
    """The period of ``kind`` that contains ``day``."""
    size = _check_kind(kind)
    first = (day.month - 1) // size * size + 1
    last = first + size - 1
    return Period(date(day.year, first, 1), _month_end(day.year, last), kind)


def previous(period: Period) -> Period:
    return period_of(period.kind, period.start - timedelta(days=1))


def following(period: Period) -> Period:
    return period_of(period.kind, period.end + timedelta(days=1))


def periods_in_year(kind: str, year: int) -> list[Period]:
    """Every period of ``kind`` in a calendar year, in order (12 months, 4 quarters, 2 halves or the year)."""
    out, p = [], period_of(kind, date(year, 1, 1))
    while p.start.year == year:
        out.append(p)
        p = following(p)
    return out


def parse_label(label: str) -> Period:
    """The period named by a label such as "2026-11", "2026-Q3", "2026-H1" or "2026"."""
    text = label.strip().upper()
    try:
        if len(text) == 4:
            return period_of("year", date(int(text), 1, 1))
        year, part = text.split("-")
        if part.startswith("Q") and part[1:] in ("1", "2", "3", "4"):
            return period_of("quarter", date(int(year), (int(part[1:]) - 1) * 3 + 1, 1))
        if part.startswith("H") and part[1:] in ("1", "2"):
            return period_of("half", date(int(year), 1 if part == "H1" else 7, 1))
        return period_of("month", date(int(year), int(part), 1))
    except ValueError:
        raise ValueError(f"无法识别的期间：{label}（应为 2026、2026-H1、2026-Q3 或 2026-11）") from None


def add_months(day: date, months: int) -> date:
    """The same day ``months`` calendar months later (or earlier), clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def overlap_days(start: date, end: date, period_start: date, period_end: date) -> int:
    """Days shared by ``[start, end]`` and ``[period_start, period_end]`` (0 when they do not meet)."""
    lo, hi = max(start, period_start), min(end, period_end)
    return max(0, (hi - lo).days + 1)
