"""审阅 round trip: committee → receipt → the branch shows 退回 → branch corrects → next bundle → the committee
sees the correction. Reviews are signed data in the receipt, never edits of branch records."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime

import pytest
from sqlalchemy import select

from desktop.errors import ValidationError, ZhibuError
from desktop.storage.models_ledger import LedgerEntry
from desktop.workspace import Workspace
from tests.conftest import PASSPHRASE

from .conftest import enrolled, finalize_meeting


def printed_hash(ws, meeting_id: int) -> str:
    with ws.session() as s:
        return s.scalars(select(LedgerEntry.hash).where(LedgerEntry.record_type == "meeting",
                                                        LedgerEntry.record_id == meeting_id,
                                                        LedgerEntry.kind == "finalize")).one()[:12]


def test_return_travels_back_and_a_correction_answers_it(ws, br, cw, trusted, usb, receipts_dir):
    clock = ws.ledger.now
    returned = finalize_meeting(ws, br, datetime(2026, 1, 10, 9, 0), title="一月支部党员大会")
    passed = finalize_meeting(ws, br, datetime(2026, 1, 20, 9, 0))
    enrolled(ws, cw, usb, receipts_dir)
    with pytest.raises(ValidationError, match="请填写审阅意见"):
        cw.oversight.review(printed_hash(ws, returned), "return", "  ")
    r = cw.oversight.review(printed_hash(ws, returned), "return", "会议记录缺少表决情况，请补充。")
    assert r.title == "一月支部党员大会" and r.open
    cw.oversight.review(printed_hash(ws, passed), "pass")
    cw.oversight.review(f"{ws.branch().name}:2026-Q1", "pass", "一季度组织生活正常。")
    with pytest.raises(ZhibuError, match="找不到"):
        cw.oversight.review("abcdef123456", "pass")
    assert not any(x.delivered for x in cw.oversight.reviews())
    assert ws.reviews.list() == []

    # the next bundle's receipt carries them, signed; the branch shows the 退回 on the record and dashboard
    finalize_meeting(ws, br, datetime(2026, 2, 10, 9, 0))
    [out] = cw.committee.import_bundles([ws.sync.export(usb).path], receipts_dir)
    body = json.loads(out.receipt_path.read_text("utf-8"))["receipt"]
    assert [x["verdict"] for x in body["reviews"]] == ["return", "pass", "pass"]
    tampered = out.receipt_path.read_text("utf-8").replace("请补充", "不必补充")
    bad = out.receipt_path.with_name("改过的回执.zhibu-receipt")
    bad.write_text(tampered, "utf-8")
    with pytest.raises(ZhibuError, match="签名无效"):
        ws.sync.import_receipt(bad)
    ws.sync.import_receipt(out.receipt_path)
    [open_one] = ws.reviews.open()
    assert open_one.record_id == returned and open_one.title == "一月支部党员大会"
    assert open_one.line() == "工委退回：“一月支部党员大会” — 意见：会议记录缺少表决情况，请补充。请更正或补充说明"
    assert [x.verdict for x in ws.reviews.for_record("meeting", passed)] == ["pass"]
    assert all(x.delivered for x in cw.oversight.reviews())
    assert ws.meetings.get(returned).status.value == "final"  # the record itself is untouched
    path = ws.path
    ws.close()  # the branch's status command lists it under 工委退回
    out = subprocess.run([sys.executable, "-m", "desktop", "status", str(path), "--at", "2026-03-01"],
                         capture_output=True, text=True, env=dict(os.environ, ZHIBU_PASSPHRASE=PASSPHRASE))
    assert out.returncode == 0, out.stderr
    assert "【工委退回】1条" in out.stdout and "会议记录缺少表决情况" in out.stdout
    ws = Workspace.open(path, PASSPHRASE)
    ws.ledger.now = clock

    # the branch answers with a 补充说明; the next bundle shows the committee the answer
    ws.meetings.amend(returned, reason="按工委意见补充", note="补充：决议经举手表决，全票通过。")
    assert ws.reviews.open() == []
    [out] = cw.committee.import_bundles([ws.sync.export(usb).path], receipts_dir)
    assert out.status == "accepted", out.message
    mine = next(x for x in cw.oversight.reviews() if x.record_id == returned)
    assert mine.answered and mine.answer.startswith("补充说明") and not mine.open
    ws.close()
