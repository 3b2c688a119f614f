"""Period boundaries (months, quarters, halves, years; leap years) and due days."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from desktop.rules.periods import add_months, following, parse_label, period_of, periods_in_year, previous
from desktop.rules.ruleset import default_ruleset

D = date


@pytest.mark.parametrize("kind, day, start, end, label, label_cn", [
    ("month", D(2028, 2, 29), D(2028, 2, 1), D(2028, 2, 29), "2028-02", "2028年2月"),
    ("month", D(2026, 2, 1), D(2026, 2, 1), D(2026, 2, 28), "2026-02", "2026年2月"),
    ("month", D(2026, 12, 31), D(2026, 12, 1), D(2026, 12, 31), "2026-12", "2026年12月"),
    ("quarter", D(2026, 3, 31), D(2026, 1, 1), D(2026, 3, 31), "2026-Q1", "2026年第一季度"),
    ("quarter", D(2026, 4, 1), D(2026, 4, 1), D(2026, 6, 30), "2026-Q2", "2026年第二季度"),
    ("quarter", D(2026, 9, 30), D(2026, 7, 1), D(2026, 9, 30), "2026-Q3", "2026年第三季度"),
    ("quarter", D(2026, 10, 1), D(2026, 10, 1), D(2026, 12, 31), "2026-Q4", "2026年第四季度"),
    ("half", D(2026, 6, 30), D(2026, 1, 1), D(2026, 6, 30), "2026-H1", "2026年上半年"),
    ("half", D(2026, 7, 1), D(2026, 7, 1), D(2026, 12, 31), "2026-H2", "2026年下半年"),
    ("year", D(2028, 2, 29), D(2028, 1, 1), D(2028, 12, 31), "2028", "2028年"),
])
def test_period_of(kind, day, start, end, label, label_cn):
    p = period_of(kind, day)
    assert (p.start, p.end, p.label, p.label_cn) == (start, end, label, label_cn)
    assert parse_label(label) == p and p.contains(day) and not p.is_over(end)
    assert p.is_over(end + timedelta(days=1)) and not p.contains(start - timedelta(days=1))


@pytest.mark.parametrize("kind, day, prev_label, next_label", [
    ("month", D(2026, 1, 15), "2025-12", "2026-02"),
    ("month", D(2028, 3, 1), "2028-02", "2028-04"),
    ("quarter", D(2026, 1, 1), "2025-Q4", "2026-Q2"),
    ("half", D(2026, 1, 1), "2025-H2", "2026-H2"),
    ("year", D(2026, 1, 1), "2025", "2027"),
])
def test_previous_and_following(kind, day, prev_label, next_label):
    p = period_of(kind, day)
    assert previous(p).label == prev_label and following(p).label == next_label
    assert previous(p).end.toordinal() + 1 == p.start.toordinal()


def test_days_and_periods_in_a_year():
    assert period_of("year", D(2028, 6, 1)).days == 366 and period_of("year", D(2026, 6, 1)).days == 365
    assert period_of("quarter", D(2028, 2, 1)).days == 91 and period_of("quarter", D(2026, 2, 1)).days == 90
    assert [len(periods_in_year(k, 2026)) for k in ("month", "quarter", "half", "year")] == [12, 4, 2, 1]
    assert periods_in_year("month", 2028)[1].end == D(2028, 2, 29)


@pytest.mark.parametrize("text", ["2026-13", "2026-Q5", "2026-H3", "26", "abc"])
def test_bad_labels(text):
    with pytest.raises(ValueError, match="无法识别的期间"):
        parse_label(text)


@pytest.mark.parametrize("day, months, expected", [
    (D(2027, 2, 28), -6, D(2026, 8, 28)),
    (D(2026, 8, 31), 6, D(2027, 2, 28)),
    (D(2027, 8, 31), 6, D(2028, 2, 29)),
    (D(2026, 1, 31), -1, D(2025, 12, 31)),
])
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize("due, period, expected", [
    ("end", "2028-02", D(2028, 2, 29)),
    ("end+15", "2026-Q4", D(2027, 1, 15)),
    ("day:25", "2026-Q1", D(2026, 3, 25)),
    ("day:31", "2026-02", D(2026, 2, 28)),
    ("day:30", "2028-02", D(2028, 2, 29)),
])
def test_due_day(due, period, expected):
    from dataclasses import replace

    rule = replace(default_ruleset().rule("theme_day"), due=due)
    assert rule.due_on(parse_label(period)) == expected
