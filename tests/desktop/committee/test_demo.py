"""The committee demo: built through the real export/import path; the misbehaving branches are the ones the
alerts name (the README walkthrough)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from desktop.committee import demo
from desktop.workspace import Workspace


@pytest.mark.slow
def test_demo_alerts_name_the_misbehaving_branches(tmp_path):
    result = demo.build(tmp_path / "演示", today=date(2026, 12, 4))
    assert [name for name, _ in result.refused] == [demo.FORK]
    cw = Workspace.open(result.committee, demo.PASSPHRASE)
    try:
        cw.ledger.now = lambda: datetime(2026, 12, 5, 9, 0)
        alerts = cw.oversight.alerts()
        table = cw.oversight.compliance(2026)
    finally:
        cw.close()
    by = {}
    for a in alerts:
        by.setdefault(a.kind, set()).add(a.branch_name)
    assert by["clock_back"] == {demo.CLOCK_BACK}
    assert demo.CLOCK_BACK in by["clock_anomaly"] and demo.CLOCK_BACK in by["late_report"]
    assert by["silent"] == {demo.SILENT}
    assert by["fork"] == {demo.FORK}
    assert demo.LATE in by["reporting_lag"] and by["reporting_lag"] <= {demo.LATE, demo.CLOCK_BACK}
    assert by["roster_overlap"] <= {"第二支部", "第六支部"} and by["roster_overlap"]
    assert len(table.branches) == 12 and {b.unit for b in table.branches} == set(demo.UNITS)
    assert not {a.branch_name for a in alerts} & {"第一支部", "第四支部", "第九支部"}
