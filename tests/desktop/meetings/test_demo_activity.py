"""The demo's three years of activity: plausible, varied, and a chain that verifies."""

from __future__ import annotations

from collections import Counter
from datetime import date

from desktop.domain.meeting_enums import MeetingKind, RecordStatus, RectificationStatus
from desktop.workspace import Workspace

TODAY = date(2026, 6, 15)
PASSPHRASE = "测试口令-Docs-123"  # the document tests' demo (builder_support)


def test_demo_activity(tmp_path, book_templates):
    """``create_demo_book`` as the document tests use it (made once per session and shared)."""
    path = book_templates.demo(tmp_path / "demo.zhibu", today=TODAY, passphrase=PASSPHRASE)
    ws = Workspace.open(path, PASSPHRASE, auto_backup=False)
    try:
        report = ws.check()
        assert report["ok"] and report["ledger"]["ok"] and report["ledger"]["length"] > 200
        meetings = ws.meetings.list()
        kinds = Counter(m.kind for m in meetings)
        assert kinds[MeetingKind.THEME_DAY] >= 28 and kinds[MeetingKind.GROUP_MEETING] >= 80
        assert kinds[MeetingKind.PARTY_LECTURE] >= 10 and kinds[MeetingKind.GENERAL_ASSEMBLY] >= 10
        assert kinds[MeetingKind.ORG_LIFE_MEETING] == 3 and kinds[MeetingKind.COMMITTEE_MEETING] >= 15
        months = {(m.start.year, m.start.month) for m in meetings if m.kind == MeetingKind.THEME_DAY}
        assert len(months) < 36  # some months were missed
        statuses = Counter(m.status for m in meetings)
        assert statuses[RecordStatus.DRAFT] == 2 and statuses[RecordStatus.VOID] == 1
        assert 2 <= sum(m.late_entry for m in meetings) <= 6
        assert sum(m.amended for m in meetings) >= 2  # one correction, one void (plus attachments)
        anomalies = [e for e in ws.meetings.ledger.entries(limit=1000) if e.clock_anomaly]
        assert len(anomalies) == 1
        assert all(m.start.date() < TODAY for m in meetings)
        evaluations = ws.evaluations.list()
        assert [e.year for e in evaluations] == [2023, 2024, 2025] and not any(e.over_cap for e in evaluations)
        rects = ws.rectifications.list()
        assert {RectificationStatus.CLOSED, RectificationStatus.IN_PROGRESS} <= {r.status for r in rects}
        assert ws.rectifications.open_items()
        assert len(ws.talks.list()) >= 30
        assert max(h.minutes for h in ws.meetings.study.hours(2025)) >= 600
        sample = ws.meetings.get(meetings[len(meetings) // 2].id)
        assert sample.record.content.startswith("（演示数据）")
        assert ws.meetings.ledger.verify(deep=True).ok
    finally:
        ws.close()
