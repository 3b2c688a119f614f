"""诚信预警: every kind from a constructed scenario, each naming its branch and carrying evidence; none on a
clean branch."""

from __future__ import annotations

import subprocess
import sys
import os
import json
from datetime import date, datetime, timedelta

from desktop.domain.meeting_enums import MeetingKind
from desktop.domain.member_rules import MemberInput
from desktop.workspace import Workspace, restore_backup

from tests.conftest import PASSPHRASE
from meetings.branch import meeting

from .conftest import Clock, enrolled, finalize_meeting

PERSON = MemberInput(name="两边人", gender="女", birth_date=date(1949, 12, 31), joined_on=date(1975, 7, 1),
                     full_on=date(1976, 7, 1), id_number="11010519491231002X")


def kinds(cw, **kw) -> list[str]:
    return sorted({a.kind for a in cw.oversight.alerts(**kw)})


def at(clock: Clock, t: datetime) -> None:
    clock.t = t


def test_clean_branch_raises_nothing(ws, br, cw, trusted, usb, receipts_dir):
    at(ws.ledger.now, datetime(2026, 3, 3, 9, 0))
    finalize_meeting(ws, br, datetime(2026, 3, 2, 9, 0))
    at(cw.ledger.now, datetime(2026, 3, 4, 9, 0))
    enrolled(ws, cw, usb, receipts_dir)
    at(ws.ledger.now, datetime(2026, 3, 20, 9, 0))
    finalize_meeting(ws, br, datetime(2026, 3, 18, 9, 0))
    at(cw.ledger.now, datetime(2026, 3, 21, 9, 0))
    [out] = cw.committee.import_bundles([ws.sync.export(usb).path], receipts_dir)
    assert out.status == "accepted", out.message
    assert cw.oversight.alerts() == []


def test_lag_late_report_clock_anomaly_clock_back_chain_break_and_silence(ws, br, cw, trusted, usb,
                                                                           receipts_dir):
    branch_id = ws.sync.identity().branch_id
    at(ws.ledger.now, datetime(2026, 3, 1, 9, 0))
    late = finalize_meeting(ws, br, datetime(2026, 1, 10, 9, 0))  # first seen 51 days later
    at(cw.ledger.now, datetime(2026, 3, 2, 8, 0))
    enrolled(ws, cw, usb, receipts_dir)  # bundle 1 exported 2026-03-01
    at(ws.ledger.now, datetime(2026, 3, 5, 9, 0))
    backfilled = finalize_meeting(ws, br, datetime(2026, 2, 20, 9, 0), kind=MeetingKind.COMMITTEE_MEETING)
    at(ws.ledger.now, datetime(2026, 2, 27, 9, 0))  # the clock set back, before the export of 03-01
    backdated = finalize_meeting(ws, br, datetime(2026, 2, 26, 9, 0), kind=MeetingKind.PARTY_LECTURE,
                                 lecturer_id=br.id("王书记"), topic="党课")
    at(ws.ledger.now, datetime(2026, 3, 8, 9, 0))
    ws.sync.export(usb)  # bundle 2: lost on the way
    third = ws.sync.export(usb)
    at(cw.ledger.now, datetime(2026, 3, 10, 8, 0))
    [out] = cw.committee.import_bundles([third.path], receipts_dir)
    assert out.status == "accepted", out.message
    alerts = cw.oversight.alerts()
    assert all(a.branch_id == branch_id and a.branch_name == ws.branch().name for a in alerts)
    by = {}
    for a in alerts:
        by.setdefault(a.kind, []).append(a)
    assert sorted(by) == ["chain_break", "clock_anomaly", "clock_back", "late_report", "reporting_lag"]
    [lag] = by["reporting_lag"]
    assert (lag.record_type, lag.record_id, lag.evidence["lag_days"]) == ("meeting", late, 50)
    assert "2026年1月10日" in lag.message
    assert {a.record_id for a in by["late_report"]} == {backfilled, backdated}
    assert by["late_report"][0].evidence["previous_export_seq"] == 1
    [anomaly] = by["clock_anomaly"]
    assert anomaly.record_id == backdated and anomaly.evidence["clock_reading"].startswith("2026-02-27")
    back = [a for a in by["clock_back"] if a.record_id == backdated]
    assert back and back[0].evidence["previous_export_at"].startswith("2026-03-01")
    [brk] = by["chain_break"]
    assert brk.evidence["missing_bundles"] == [2] and brk.bundle_seq == 3
    # silence is judged on the committee's clock, with its threshold
    at(cw.ledger.now, datetime(2026, 5, 1, 8, 0))
    assert "silent" not in kinds(cw, silent_days=60)
    [silent] = cw.oversight.alerts(kind="silent")
    assert silent.evidence["days"] == 52 and silent.evidence["last_bundle"] == 3


def test_rollback_and_fork_name_the_kept_bundle(ws, br, cw, trusted, usb, receipts_dir, book_path, tmp_path):
    at(ws.ledger.now, datetime(2026, 3, 2, 9, 0))
    finalize_meeting(ws, br, datetime(2026, 3, 1, 9, 0))
    at(cw.ledger.now, datetime(2026, 3, 3, 8, 0))
    enrolled(ws, cw, usb, receipts_dir)
    old = ws.backup(tmp_path / "旧备份.zhibu")
    finalize_meeting(ws, br, datetime(2026, 3, 1, 14, 0))
    [out] = cw.committee.import_bundles([ws.sync.export(usb).path], receipts_dir)
    ws.sync.import_receipt(out.receipt_path)
    ws.close()
    restore_backup(old, book_path, PASSPHRASE)
    restored = Workspace.open(book_path, PASSPHRASE)
    try:
        restored.ledger.now = Clock(datetime(2026, 3, 4, 9, 0))
        bundle = restored.sync.export(usb)
        [out] = cw.committee.import_bundles([bundle.path])
        assert out.status == "rejected"
    finally:
        restored.close()
    [a] = cw.oversight.alerts(kind="rollback")
    assert a.severity == "critical" and a.evidence["bundle_seq"] == bundle.seq
    assert a.evidence["bundle_sha256"] and a.evidence["kept_bundle_id"]


def test_fork_is_an_alert(ws, br, cw, trusted, usb, receipts_dir):
    from sync.test_history import rebuild_chain

    at(ws.ledger.now, datetime(2026, 3, 2, 9, 0))
    finalize_meeting(ws, br, datetime(2026, 3, 1, 9, 0))
    at(cw.ledger.now, datetime(2026, 3, 3, 8, 0))
    enrolled(ws, cw, usb, receipts_dir)
    from sqlalchemy import text

    with ws.session() as s:
        seq = s.execute(text("SELECT seq FROM ledger_entry WHERE record_type = 'meeting'")).scalar()
    rebuild_chain(ws, seq, "三楼会议室".encode(), "五楼会议室".encode())
    [out] = cw.committee.import_bundles([ws.sync.export(usb).path])
    assert out.status == "rejected"
    [a] = cw.oversight.alerts(kind="fork")
    assert a.branch_name == ws.branch().name and a.evidence["bundle_seq"] == 2


def second_branch(tmp_path, cw, name: str) -> Workspace:
    other = Workspace.create(tmp_path / f"{name}.zhibu", PASSPHRASE, name)
    other.ledger.now = Clock(datetime(2026, 3, 1, 9, 0))
    other.sync.trust(cw.committee.export_public_key(tmp_path))
    return other


def test_one_person_in_two_branches(ws, br, cw, trusted, usb, receipts_dir, tmp_path):
    at(ws.ledger.now, datetime(2026, 3, 1, 9, 0))
    mine = ws.members.add(PERSON).id
    finalize_meeting(ws, br, datetime(2026, 2, 25, 9, 0))  # everyone present, 两边人 too: 09:00–10:30
    at(cw.ledger.now, datetime(2026, 3, 2, 8, 0))
    enrolled(ws, cw, usb, receipts_dir)
    other = second_branch(tmp_path, cw, "第二支部")
    clean = second_branch(tmp_path, cw, "第三支部")
    try:
        theirs = other.members.add(PERSON).id
        from desktop.domain.meeting_enums import AttendanceStatus
        from desktop.domain.meeting_rules import AttendanceInput, MeetingInput

        start = datetime(2026, 2, 25, 10, 0)
        m = other.meetings.create(MeetingInput(kind=MeetingKind.GENERAL_ASSEMBLY, start=start,
                                               end=start + timedelta(hours=1), place="会议室", chair_id=theirs,
                                               recorder_id=theirs, content="（测试）",
                                               default_status=AttendanceStatus.PRESENT))
        other.meetings.finalize(m.id)
        clean.members.add(MemberInput(name="别人", gender="女", birth_date=date(1980, 1, 1),
                                      joined_on=date(2005, 7, 1), full_on=date(2006, 7, 1)))
        for w in (other, clean):
            enrolled(w, cw, usb, receipts_dir)
    finally:
        other.close()
        clean.close()
    alerts = cw.oversight.alerts()
    assert sorted(a.kind for a in alerts) == ["attendance_overlap", "roster_overlap"]
    roster = next(a for a in alerts if a.kind == "roster_overlap")
    assert {b["name"] for b in roster.evidence["branches"]} == {ws.branch().name, "第二支部"}
    overlap = next(a for a in alerts if a.kind == "attendance_overlap")
    assert {x["name"] for x in overlap.evidence["meetings"]} == {ws.branch().name, "第二支部"}
    assert all(x["member"] == "两边人" for x in overlap.evidence["meetings"])
    assert "第三支部" not in json.dumps([a.evidence for a in alerts], ensure_ascii=False)


def test_cli_alerts_json(ws, br, cw, trusted, usb, receipts_dir):
    at(ws.ledger.now, datetime(2026, 3, 1, 9, 0))
    finalize_meeting(ws, br, datetime(2026, 1, 10, 9, 0))
    enrolled(ws, cw, usb, receipts_dir)
    path = cw.path
    cw.close()
    env = dict(os.environ, ZHIBU_PASSPHRASE=PASSPHRASE)
    out = subprocess.run([sys.executable, "-m", "desktop", "committee", "alerts", str(path), "--json"],
                         capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    lag = next(a for a in doc if a["kind"] == "reporting_lag")
    assert lag["branch_id"] == ws.sync.identity().branch_id and lag["branch_name"] == ws.branch().name
    assert lag["record_type"] == "meeting" and lag["evidence"]["lag_days"] >= 30
