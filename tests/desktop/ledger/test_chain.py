"""Appending: seq and prev_hash link up, entered time never goes backwards (a clock set back is flagged),
and entries past the 补录 threshold are marked late."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from desktop.errors import ValidationError
from desktop.ledger.chain import GENESIS

from meetings.branch import meeting


def clock(t):
    return lambda: t


def test_entries_link_and_carry_entry_time(ws, br):
    ws.meetings.now = clock(datetime(2024, 4, 11, 10))
    a = ws.meetings.finalize(ws.meetings.create(meeting(br)).id)
    ws.meetings.now = clock(datetime(2024, 5, 11, 10))
    b = ws.meetings.finalize(ws.meetings.create(meeting(br, start=datetime(2024, 5, 10, 9))).id)
    entries = ws.meetings.ledger.entries()
    assert [e.seq for e in entries] == [1, 2]
    assert (a.entry.entered_at, b.entry.entered_at) == (datetime(2024, 4, 11, 10), datetime(2024, 5, 11, 10))
    assert a.entry.lag == timedelta(hours=25) and not a.late_entry
    with ws.session() as s:
        from desktop.storage.models_ledger import LedgerEntry

        rows = s.query(LedgerEntry).order_by(LedgerEntry.seq).all()
        assert rows[0].prev_hash == GENESIS and rows[1].prev_hash == rows[0].hash
    assert ws.meetings.ledger.length_and_head() == (2, b.entry.hash)


def test_clock_set_back_is_flagged_not_refused(ws, br):
    ws.meetings.now = clock(datetime(2024, 6, 1, 12))
    ws.meetings.finalize(ws.meetings.create(meeting(br)).id)
    ws.meetings.now = clock(datetime(2024, 5, 20, 12))  # someone set the PC's clock back
    v = ws.meetings.finalize(ws.meetings.create(meeting(br, start=datetime(2024, 5, 10, 9))).id)
    assert v.clock_anomaly
    assert v.entry.entered_at == datetime(2024, 6, 1, 12)  # kept non-decreasing along the chain
    assert v.entry.clock_reading == datetime(2024, 5, 20, 12)  # and what the clock said is kept
    row = next(r for r in ws.meetings.list() if r.id == v.id)
    assert row.clock_anomaly and row.as_dict()["clock_anomaly"] is True
    assert ws.check()["ledger"]["ok"]  # visible, but not an integrity problem


def test_late_entry_threshold_is_a_book_setting(ws, br):
    ws.meetings.now = clock(datetime(2024, 4, 17, 10, 30))  # 7 days 1.5 hours after the start
    late = ws.meetings.finalize(ws.meetings.create(meeting(br)).id)
    assert late.late_entry and late.entry.late_after_days == 7 and late.entry.lag_days == 7
    ws.meetings.ledger.set_late_after_days(10)
    ws.meetings.now = clock(datetime(2024, 5, 17, 10, 30))
    on_time = ws.meetings.finalize(ws.meetings.create(meeting(br, start=datetime(2024, 5, 10, 9))).id)
    assert not on_time.late_entry and on_time.entry.late_after_days == 10
    assert ws.meetings.get(late.id).late_entry  # finalized records keep the threshold they were chained with
    with pytest.raises(ValidationError):
        ws.meetings.ledger.set_late_after_days(0)


def test_entry_time_is_not_the_meeting_time(ws, br):
    ws.meetings.now = clock(datetime(2024, 4, 10, 8))  # before the meeting started
    v = ws.meetings.create(meeting(br))
    from desktop.services.chained_records import RecordIncomplete

    with pytest.raises(RecordIncomplete, match="在未来"):
        ws.meetings.finalize(v.id)
