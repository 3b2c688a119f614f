"""SECURITY.md matrix rows 6 and 9: replay, fork, rollback to an old backup, a rebuilt chain, a gap, and
re-import. Each is refused with its own message; nothing is applied; fork and rollback keep the bundle as
evidence and raise an alert for the branch."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select, text

from tests.conftest import PASSPHRASE
from desktop.errors import ZhibuError
from desktop.ledger.chain import entry_hash
from desktop.storage.models_sync import CommitteeEvidence
from desktop.workspace import Workspace, restore_backup

from .conftest import Clock, dump, enrolled, finalize_meeting
from .forge import Forge

EVIDENCE = ("committee_evidence", "audit_log")


def without(tables: dict, names=EVIDENCE) -> dict:
    return {k: v for k, v in tables.items() if k not in names}


def two_rounds(ws, br, cw, usb, receipts_dir):
    """Bundle 1 (enrolled, receipted), then bundle 2 imported and receipted."""
    finalize_meeting(ws, br, datetime(2026, 1, 8, 9, 0))
    first = enrolled(ws, cw, usb, receipts_dir)
    finalize_meeting(ws, br, datetime(2026, 2, 8, 9, 0))
    second = ws.sync.export(usb)
    [out] = cw.committee.import_bundles([second.path], receipts_dir)
    assert out.status == "accepted", out.message
    ws.sync.import_receipt(out.receipt_path)
    return first, second


def refused(cw, path, expected: str, *, evidence: bool) -> str:
    before = dump(cw)
    [out] = cw.committee.import_bundles([path])
    assert out.status == "rejected" and expected in out.message, out.message
    after = dump(cw)
    if evidence:
        assert without(after) == without(before)
        assert len(after["committee_evidence"]) == len(before["committee_evidence"]) + 1
        [row] = cw.committee.branches()
        assert out.message in row.alerts
    else:
        assert after == before
    return out.message


def test_replay_of_an_older_bundle(ws, br, cw, trusted, usb, receipts_dir):
    first, _second = two_rounds(ws, br, cw, usb, receipts_dir)
    refused(cw, first.path, "重放", evidence=False)


def test_reimport_of_the_latest_bundle_is_already_imported(ws, br, cw, trusted, usb, receipts_dir):
    _first, second = two_rounds(ws, br, cw, usb, receipts_dir)
    before = dump(cw)
    [out] = cw.committee.import_bundles([second.path])
    assert out.status == "already" and "已导入过" in out.message
    assert dump(cw) == before


def rebuild_chain(ws, seq: int, old: bytes, new: bytes) -> None:
    """What a key holder can do: edit an entry and recompute every hash after it (triggers dropped)."""
    raw = ws.engine.raw_connection()
    try:
        c = raw.driver_connection
        c.execute("DROP TRIGGER guard_ledger_entry_update")
        rows = c.execute("SELECT seq, prev_hash, canonical FROM ledger_entry WHERE seq >= ? ORDER BY seq",
                         (seq,)).fetchall()
        prev = rows[0][1]
        for s, _prev, canonical in rows:
            canonical = canonical.replace(old, new) if s == seq else canonical
            h = entry_hash(s, prev, canonical)
            c.execute("UPDATE ledger_entry SET prev_hash = ?, hash = ?, canonical = ? WHERE seq = ?",
                      (prev, h, canonical, s))
            prev = h
        c.commit()
    finally:
        raw.close()


def test_rebuilt_chain_is_a_fork(ws, br, cw, trusted, usb, receipts_dir):
    two_rounds(ws, br, cw, usb, receipts_dir)
    with ws.session() as s:
        seq = s.execute(text("SELECT seq FROM ledger_entry WHERE record_type = 'meeting' ORDER BY seq")).scalar()
    rebuild_chain(ws, seq, "三楼会议室".encode(), "五楼会议室".encode())
    finalize_meeting(ws, br, datetime(2026, 2, 20, 9, 0))
    third = ws.sync.export(usb)
    message = refused(cw, third.path, "分叉", evidence=True)
    assert "已确认的历史被改写" in message


def test_same_seq_with_another_head_is_a_fork(ws, br, cw, trusted, usb, receipts_dir):
    _first, second = two_rounds(ws, br, cw, usb, receipts_dir)
    f = Forge(ws, cw, second.path)
    entries = f.entries()
    last = entries[-1]
    canonical = last["canonical"].replace('"v":1', '"v":1,"x":1')
    extra = {"seq": last["seq"] + 1, "prev_hash": last["hash"], "canonical": canonical,
             "hash": entry_hash(last["seq"] + 1, last["hash"], canonical.encode())}
    entries.append(extra)
    f.manifest["ledger"].update(to=extra["seq"], length=extra["seq"], head=extra["hash"])
    f.set_entries(entries)
    f.relist()
    refused(cw, f.seal(usb / "forged.zhibu-bundle"), "与已导入的同号数据包内容不同", evidence=True)


def test_rollback_to_an_old_backup(ws, br, cw, trusted, usb, receipts_dir, book_path, tmp_path):
    finalize_meeting(ws, br, datetime(2026, 1, 8, 9, 0))
    enrolled(ws, cw, usb, receipts_dir)
    old = ws.backup(tmp_path / "旧备份.zhibu")
    finalize_meeting(ws, br, datetime(2026, 2, 8, 9, 0))
    second = ws.sync.export(usb)
    [out] = cw.committee.import_bundles([second.path], receipts_dir)
    ws.sync.import_receipt(out.receipt_path)
    ws.close()
    restore_backup(old, book_path, PASSPHRASE)
    restored = Workspace.open(book_path, PASSPHRASE)
    try:
        with pytest.raises(ZhibuError, match="与本纪实本的纪实链不符"):
            restored.sync.import_receipt(out.receipt_path)  # the receipt of history this book no longer has
        restored.ledger.now = Clock(datetime(2026, 3, 5, 9, 0))
        again = restored.sync.export(usb)  # nothing new: a shorter chain than the committee confirmed
        refused(cw, again.path, "少于工委已确认", evidence=True)
        from meetings.branch import meeting

        restored.meetings.finalize(restored.meetings.create(meeting(br, start=datetime(2026, 2, 9, 9, 0))).id)
        later = restored.sync.export(usb)  # new records on top of the old backup
        message = refused(cw, later.path, "恢复到旧备份后继续录入", evidence=True)
        assert "旧备份" in message
    finally:
        restored.close()
    with cw.session() as s:
        kinds = [e.kind for e in s.scalars(select(CommitteeEvidence))]
    assert kinds == ["rollback", "rollback"]


def test_gap_names_what_is_missing(ws, br, cw, trusted, usb, receipts_dir):
    finalize_meeting(ws, br, datetime(2026, 1, 8, 9, 0))
    enrolled(ws, cw, usb, receipts_dir)
    finalize_meeting(ws, br, datetime(2026, 2, 8, 9, 0))
    finalize_meeting(ws, br, datetime(2026, 2, 9, 9, 0))
    second = ws.sync.export(usb)
    f = Forge(ws, cw, second.path)
    entries = f.entries()
    f.manifest["ledger"]["from"] = entries[2]["seq"]
    f.set_entries(entries[2:])
    f.relist()
    held = entries[0]["seq"] - 1
    message = refused(cw, f.seal(usb / "gap.zhibu-bundle"), f"工委只保存到第{held}条", evidence=False)
    assert f"缺少第{held + 1}–{held + 2}条" in message
