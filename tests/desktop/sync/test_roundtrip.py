"""Branch → committee → receipt → next bundle, with amendments, voids and attachments (issue 9)."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from desktop.errors import ZhibuError
from desktop.storage.models_ledger import LedgerEntry
from desktop.storage.models_sync import CommitteeBlob, CommitteeEntry
from desktop.sync.api import normalize_fingerprint
from desktop.workspace import Workspace

from meetings.branch import meeting

from .conftest import PASSPHRASE, Clock, dump, enrolled, finalize_meeting


def branch_chain(ws) -> list[tuple[int, str, bytes]]:
    with ws.session() as s:
        return [(e.seq, e.hash, e.canonical) for e in s.scalars(select(LedgerEntry).order_by(LedgerEntry.seq))]


def committee_chain(cw, branch_id) -> list[tuple[int, str, bytes]]:
    with cw.session() as s:
        q = select(CommitteeEntry).where(CommitteeEntry.branch_id == branch_id).order_by(CommitteeEntry.seq)
        return [(e.seq, e.hash, e.canonical) for e in s.scalars(q)]


def test_several_bundles_with_amendments_voids_and_attachments(ws, br, cw, trusted, usb, receipts_dir):
    m1 = finalize_meeting(ws, br, datetime(2026, 1, 10, 9, 0))
    ws.meetings.attach(m1, b"%PDF-1.4 scan of the sign-in sheet", "签到表.pdf", reason="补充签到表扫描件")
    assert ws.sync.ack_state().pending_entries == 2
    enrolled(ws, cw, usb, receipts_dir)
    ident = ws.sync.identity()
    assert committee_chain(cw, ident.branch_id) == branch_chain(ws)[:len(committee_chain(cw, ident.branch_id))]
    ack = ws.sync.ack_state()
    assert ack.acknowledged_length == 3 and ack.pending_entries == 0 and ack.received_at is not None

    # second round: a correction, a void, a new meeting with its own attachment
    data = ws.meetings.input_of(m1)
    data.place = "五楼党员活动室"
    ws.meetings.amend(m1, data, reason="更正会议地点")
    m2 = ws.meetings.create(meeting(br, start=datetime(2026, 2, 12, 14, 0))).id
    ws.meetings.attach(m2, "会后说明：材料已归档。".encode(), "说明.txt")
    ws.meetings.finalize(m2)
    ws.meetings.void(m1, "重复录入")
    assert ws.sync.ack_state().pending_entries == 3
    second = ws.sync.export(usb)
    assert second.seq == 2 and second.entries >= 3
    [out] = cw.committee.import_bundles([second.path], receipts_dir)
    assert out.status == "accepted", out.message
    got = ws.sync.import_receipt(out.receipt_path)
    assert got.seq == 2 and got.ledger_length == second.ledger_length
    held = committee_chain(cw, ident.branch_id)
    assert held == branch_chain(ws)[:second.ledger_length]  # byte for byte, every hash
    with cw.session() as s:
        blobs = {b.sha256: b.data for b in s.scalars(select(CommitteeBlob))}
    assert sorted(blobs.values()) == sorted([b"%PDF-1.4 scan of the sign-in sheet", "会后说明：材料已归档。".encode()])
    rows = ws.sync.bundles()
    assert [(r.seq, r.acknowledged) for r in rows] == [(2, True), (1, True)]
    assert ws.ledger.verify().ok
    [row] = cw.committee.branches()
    assert (row.enrolled, row.last_seq, row.held_length, row.alerts) == (True, 2, second.ledger_length, [])
    kinds = [e.kind for e in ws.ledger.entries(limit=1000)]
    assert kinds.count("export") == 2 and kinds.count("receipt") == 2 and "void" in kinds


def test_first_seen_is_the_committee_clock(ws, br, cw, trusted, usb, receipts_dir):
    finalize_meeting(ws, br, datetime(2026, 1, 10, 9, 0))
    enrolled(ws, cw, usb, receipts_dir)
    held = cw.committee.entries(ws.sync.identity().branch_id)
    assert [e.seq for e in held] == list(range(1, len(held) + 1))
    meeting = next(e for e in held if e.record_type == "meeting")
    assert meeting.claimed_at == datetime(2026, 1, 10, 9, 0)
    assert meeting.entered_at.date() == datetime(2026, 3, 1).date()  # the branch's clock
    assert meeting.first_seen_at.date() == datetime(2026, 3, 2).date()  # committee clock, not the branch's
    assert meeting.reporting_lag.days == 50  # the reporting lag the committee trusts


def test_lost_bundle_is_healed_by_the_next(ws, br, cw, trusted, usb, receipts_dir):
    enrolled(ws, cw, usb, receipts_dir)
    finalize_meeting(ws, br, datetime(2026, 2, 1, 9, 0))
    lost = ws.sync.export(usb)
    lost.path.unlink()  # the USB stick never reached the committee
    finalize_meeting(ws, br, datetime(2026, 2, 20, 9, 0))
    third = ws.sync.export(usb)
    [out] = cw.committee.import_bundles([third.path], receipts_dir)
    assert out.status == "accepted" and "第2号数据包未收到" in out.message
    ws.sync.import_receipt(out.receipt_path)
    assert committee_chain(cw, ws.sync.identity().branch_id) == branch_chain(ws)[:third.ledger_length]
    assert all(b.acknowledged for b in ws.sync.bundles())


def test_reimport_is_a_no_op_that_writes_the_receipt_again(ws, br, cw, trusted, usb, receipts_dir):
    first = enrolled(ws, cw, usb, receipts_dir)
    before = dump(cw)
    receipt = next(receipts_dir.iterdir())
    receipt.unlink()  # lost on the way back
    [again] = cw.committee.import_bundles([first.path], receipts_dir)
    assert again.status == "already" and "已导入过" in again.message
    assert again.receipt_path.exists()
    assert dump(cw) == before


def test_receipt_from_another_committee_or_for_another_branch_is_refused(ws, br, cw, trusted, usb, receipts_dir,
                                                                         tmp_path):
    enrolled(ws, cw, usb, receipts_dir)
    # another committee: same branch key file format, different keys
    other = Workspace.create_committee(tmp_path / "另一个工委.zhibu", PASSPHRASE, "区直机关工委")
    other.ledger.now = Clock(datetime(2026, 3, 3, 8, 0))
    other_branch = Workspace.create(tmp_path / "别的支部.zhibu", PASSPHRASE, "别的党支部")
    try:
        other_branch.ledger.now = Clock(datetime(2026, 3, 1, 9, 0))
        other_branch.sync.trust(other.committee.export_public_key(tmp_path / "k2.zhibu-key"))
        b = other_branch.sync.export(usb)
        [p] = other.committee.import_bundles([b.path])
        [done] = other.committee.enrol(p.branch_id, other_branch.sync.identity().fingerprint, receipts_dir)
        before = dump(ws)
        with pytest.raises(ZhibuError, match="另一个工委"):
            ws.sync.import_receipt(done.receipt_path)
        # our own committee's receipt, but issued to another branch
        other_branch.sync.trust(cw.committee.export_public_key(tmp_path / "k3.zhibu-key"), replace=True)
        b2 = other_branch.sync.export(usb)
        [p2] = cw.committee.import_bundles([b2.path])
        [done2] = cw.committee.enrol(p2.branch_id, normalize_fingerprint(other_branch.sync.identity().fingerprint),
                                     receipts_dir)
        assert done2.status == "accepted", done2.message
        with pytest.raises(ZhibuError, match="另一个支部"):
            ws.sync.import_receipt(done2.receipt_path)
        assert dump(ws) == before
    finally:
        other.close()
        other_branch.close()


def test_receipt_time_is_a_floor_for_the_entry_clock(ws, br, cw, trusted, usb, receipts_dir):
    enrolled(ws, cw, usb, receipts_dir)  # committee clock: 2026-03-02; branch clock: 2026-03-01
    mid = finalize_meeting(ws, br, datetime(2026, 2, 1, 9, 0))
    entry = ws.meetings.get(mid).entry
    assert entry.clock_anomaly and entry.entered_at >= datetime(2026, 3, 2, 8, 0)
    assert ws.ledger.verify().ok


def test_enrol_needs_the_right_fingerprint(ws, br, cw, trusted, usb):
    first = ws.sync.export(usb)
    [p] = cw.committee.import_bundles([first.path])
    before = dump(cw)
    with pytest.raises(ZhibuError, match="指纹.*不符"):
        cw.committee.enrol(p.branch_id, "12345 67890 12345 67890 12345 67890")
    assert dump(cw) == before
    fp = ws.sync.identity().fingerprint
    [done] = cw.committee.enrol(p.branch_id, fp.replace(" ", "-"))
    assert done.status == "accepted"


def test_replacing_the_trusted_committee_needs_replace_and_is_chained(ws, br, cw, trusted, tmp_path):
    other = Workspace.create_committee(tmp_path / "新工委.zhibu", PASSPHRASE, "新工委")
    try:
        key2 = other.committee.export_public_key(tmp_path / "new.zhibu-key")
    finally:
        other.close()
    with pytest.raises(ZhibuError, match="已信任"):
        ws.sync.trust(key2)
    assert ws.sync.committee().name == "市直机关工委"
    ws.sync.trust(key2, replace=True)
    assert ws.sync.committee().name == "新工委"
    assert [e.kind for e in ws.ledger.entries(limit=1000)].count("trust") == 2
    assert ws.ledger.verify().ok


def test_each_book_offers_only_its_own_side(ws, br, cw, usb):
    assert cw.is_committee and not ws.is_committee
    with pytest.raises(ZhibuError, match="不是工委纪实本"):
        ws.committee.import_bundles([])
    with pytest.raises(ZhibuError, match="工委纪实本，不能导出"):
        cw.sync.export(usb)
    with pytest.raises(ZhibuError, match="尚未信任工委公钥"):
        ws.sync.export(usb)
    assert list(usb.iterdir()) == []


def test_a_failed_write_leaves_no_file_and_no_export_entry(ws, br, cw, trusted, usb, monkeypatch):
    from desktop.errors import StorageFull
    from desktop.storage import atomic

    def full_disk(step, path):
        if step == "rename":
            raise OSError(28, "No space left on device")

    length = len(ws.ledger.entries(limit=1000))
    monkeypatch.setattr(atomic, "fault_hook", full_disk)
    with pytest.raises(StorageFull):
        ws.sync.export(usb)
    assert list(usb.iterdir()) == [] and ws.sync.bundles() == []
    assert len(ws.ledger.entries(limit=1000)) == length
    monkeypatch.setattr(atomic, "fault_hook", None)
    assert ws.sync.export(usb).seq == 1
