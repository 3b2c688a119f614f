"""The 首页's data, read from the book once, equals the answers of the separate reads it replaced (today's status,
this year's and last year's calendar, this year's periods), for the current year and for years long past."""

from __future__ import annotations

from datetime import date

import pytest

from ui.dashboard.data import build_heat, load_dashboard


@pytest.mark.parametrize("years_back", [0, 1, 3])
def test_the_home_page_data_equals_the_separate_reads(demo_ws, years_back):
    at = date.today()
    year = at.year - years_back
    data = load_dashboard(demo_ws, year, at)
    rules = demo_ws.rules
    status = rules.status(at)
    assert [a for a in data.status.alerts if a.kind != "committee_return"] == list(status.alerts)
    assert data.status.rules == status.rules
    ruleset = rules.ruleset()
    results = rules.year(year, at=min(at, date(year, 12, 31))) if year <= at.year else []
    assert data.heat == build_heat(year, rules.calendar(year), results, ruleset, at)
    if years_back == 0:
        last_year = {(e.record_type, e.record_id) for e in rules.calendar(year - 1)}
        assert last_year and last_year <= set(data.record_labels)
