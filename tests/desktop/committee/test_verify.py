"""Verify a printout: the short hash on a printed record → held / later corrected / voided / unknown."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime

import pytest
from sqlalchemy import select

from tests.conftest import PASSPHRASE
from desktop.errors import ZhibuError
from desktop.storage.models_ledger import LedgerEntry

from .conftest import enrolled, finalize_meeting


def short_hash(ws, meeting_id: int) -> str:
    with ws.session() as s:
        return s.scalars(select(LedgerEntry.hash).where(LedgerEntry.record_type == "meeting",
                                                        LedgerEntry.record_id == meeting_id,
                                                        LedgerEntry.kind == "finalize")).one()[:12]


def test_held_corrected_voided_unknown(ws, br, cw, trusted, usb, receipts_dir):
    kept = finalize_meeting(ws, br, datetime(2026, 1, 10, 9, 0))
    fixed = finalize_meeting(ws, br, datetime(2026, 1, 20, 9, 0))
    dropped = finalize_meeting(ws, br, datetime(2026, 2, 3, 9, 0))
    printed = {m: short_hash(ws, m) for m in (kept, fixed, dropped)}
    data = ws.meetings.input_of(fixed)
    data.place = "五楼党员活动室"
    ws.meetings.amend(fixed, data, reason="更正会议地点")
    ws.meetings.void(dropped, "重复录入")
    enrolled(ws, cw, usb, receipts_dir)

    held = cw.oversight.verify(printed[kept])
    assert held.state == "held" and held.branch_name == ws.branch().name
    assert held.record.record_id == kept and held.first_seen_at.date() == date(2026, 3, 2)
    assert "没有更正或作废" in held.message and "2026年3月2日" in held.message
    corrected = cw.oversight.verify(printed[fixed].upper())  # as typed from paper
    assert corrected.state == "corrected" and "更正" in corrected.message
    assert corrected.record.changes == ("更正：更正会议地点",)
    voided = cw.oversight.verify(" ".join([printed[dropped][:6], printed[dropped][6:]]))
    assert voided.state == "voided" and "重复录入" in voided.message
    unknown = cw.oversight.verify("0123456789ab")
    assert unknown.state == "unknown" and unknown.record is None
    with pytest.raises(ZhibuError, match="至少8位"):
        cw.oversight.verify("12ab")


def test_cli_verify_exit_codes(ws, br, cw, trusted, usb, receipts_dir):
    kept = finalize_meeting(ws, br, datetime(2026, 1, 10, 9, 0))
    enrolled(ws, cw, usb, receipts_dir)
    path = cw.path
    cw.close()
    env = dict(os.environ, ZHIBU_PASSPHRASE=PASSPHRASE)
    run = [sys.executable, "-m", "desktop", "committee", "verify", str(path)]
    ok = subprocess.run(run + [short_hash(ws, kept)], capture_output=True, text=True, env=env)
    assert ok.returncode == 0 and "工委保存有" in ok.stdout
    missing = subprocess.run(run + ["ffffffffffff"], capture_output=True, text=True, env=env)
    assert missing.returncode == 1 and "没有哈希为" in missing.stdout
