"""Backups, restore and passphrase change: verified copies, atomic swaps, faults and kills."""

from __future__ import annotations

import errno
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop.errors import BookExists, StorageFull, StorageIOError, WrongPassphrase
from desktop.storage import atomic
from desktop.storage import backup as backups
from desktop.workspace import Workspace, restore_backup
from tests.conftest import PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]
CANARY = "备份金丝雀李喆"


def _audit_details(ws):
    with ws.engine.connect() as conn:
        return [r[0] for r in conn.execute(text("SELECT detail FROM audit_log ORDER BY id"))]


def test_backup_is_encrypted_verified_and_restorable(ws, book_path, tmp_path):
    ws.audit("note", CANARY)
    dest = ws.backup(tmp_path / "手动备份.zhibu")
    assert CANARY.encode() not in dest.read_bytes()
    ws.audit("note", "备份之后的新记录")
    ws.close()

    restore_backup(dest, book_path, PASSPHRASE)
    with Workspace.open(book_path, PASSPHRASE) as ws2:
        details = _audit_details(ws2)
        assert CANARY in details and "备份之后的新记录" not in details
        # the state before the restore was kept as a backup of its own
        assert any(b.reason == "restore" for b in ws2.list_backups())


def test_backup_refuses_to_overwrite(ws, tmp_path):
    dest = tmp_path / "b.zhibu"
    dest.write_bytes(b"precious")
    with pytest.raises(BookExists):
        ws.backup(dest)
    assert dest.read_bytes() == b"precious"


def test_open_makes_rotating_automatic_backups(ws, book_path):
    ws.close()
    with Workspace.open(book_path, PASSPHRASE) as ws2:
        infos = ws2.list_backups()
        assert infos and infos[0].reason == "open"
    with Workspace.open(book_path, PASSPHRASE) as ws3:
        for _ in range(backups.KEEP_BACKUPS + 3):
            ws3.backup()
        assert len(ws3.list_backups()) == backups.KEEP_BACKUPS


def test_restore_with_wrong_passphrase_changes_nothing(ws, book_path, tmp_path):
    dest = ws.backup(tmp_path / "b.zhibu")
    ws.close()
    before = book_path.read_bytes()
    with pytest.raises(WrongPassphrase):
        restore_backup(dest, book_path, "wrong")
    assert book_path.read_bytes() == before


def test_change_passphrase_round_trip(ws, book_path):
    ws.audit("note", CANARY)
    ws.change_passphrase("新口令-2027")
    assert CANARY in _audit_details(ws)  # still usable while open
    ws.close()
    with pytest.raises(WrongPassphrase):
        Workspace.open(book_path, PASSPHRASE)
    with Workspace.open(book_path, "新口令-2027") as ws2:
        assert CANARY in _audit_details(ws2)
    assert not backups.staged_rekey_path(book_path).exists()


def test_disk_full_during_backup_leaves_nothing_behind(ws, tmp_path, monkeypatch):
    def full(step, path):
        if step == "rename":
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic, "fault_hook", full)
    dest = tmp_path / "out.zhibu"
    with pytest.raises(StorageFull) as err:
        ws.backup(dest)
    assert "磁盘空间不足" in str(err.value)
    assert not dest.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.zhibu")]  # temp removed
    monkeypatch.setattr(atomic, "fault_hook", None)
    assert ws.backup(dest).exists()  # retry works


def test_failed_fsync_during_passphrase_change_keeps_old_passphrase(ws, book_path, monkeypatch):
    def broken(step, path):
        if step == "fsync" and path.name.endswith(".rekey"):
            raise OSError(errno.EIO, "I/O error")

    before = _audit_details(ws)
    monkeypatch.setattr(atomic, "fault_hook", broken)
    with pytest.raises(StorageIOError):
        ws.change_passphrase("新口令-2027")
    monkeypatch.setattr(atomic, "fault_hook", None)
    ws.close()
    with Workspace.open(book_path, PASSPHRASE) as ws2:
        assert _audit_details(ws2)[: len(before)] == before


KILL_SCRIPT = textwrap.dedent("""
    import os, signal, sys
    sys.path.insert(0, {root!r})
    from desktop import paths
    paths.set_data_dir({data!r})
    from desktop.storage import atomic
    from desktop.workspace import Workspace
    target_step, target_n = sys.argv[1], int(sys.argv[2])
    seen = {{"n": 0}}
    def hook(step, path):
        if step == target_step:
            seen["n"] += 1
            if seen["n"] == target_n:
                os.kill(os.getpid(), signal.SIGKILL)
    ws = Workspace.open({book!r}, {old!r}, auto_backup=False)
    atomic.fault_hook = hook
    ws.change_passphrase({new!r})
    ws.close()
    print("completed")
""")


@pytest.mark.parametrize("step,n", [("write", 1), ("fsync", 1), ("rename", 1), ("fsync", 2), ("rename", 2), ("none", 1)])
def test_kill_during_passphrase_change_leaves_exactly_one_passphrase(ws, book_path, data_dir, step, n):
    ws.audit("note", CANARY)
    ws.close()
    script = KILL_SCRIPT.format(root=str(ROOT), data=str(data_dir), book=str(book_path), old=PASSPHRASE,
                                new="新口令-2027")
    proc = subprocess.run([sys.executable, "-c", script, step, str(n)], capture_output=True, text=True, timeout=120)
    opens = []
    for candidate in (PASSPHRASE, "新口令-2027"):
        try:
            with Workspace.open(book_path, candidate, auto_backup=False) as ws2:
                assert CANARY in _audit_details(ws2)
                assert ws2.check()["ok"]
            opens.append(candidate)
        except WrongPassphrase:
            pass
    assert len(opens) == 1, (opens, proc.returncode, proc.stderr[-500:])
    if step == "none":
        assert opens == ["新口令-2027"] and "completed" in proc.stdout


def test_backups_made_in_the_same_second_list_newest_first(ws):
    made = [ws.backup() for _ in range(3)]
    listed = [b.path for b in ws.list_backups()][:3]
    assert listed == list(reversed(made))


def test_daily_backup_only_when_the_newest_is_older_than_a_day(ws):
    from datetime import timedelta

    from desktop.workspace import DAILY_BACKUP_EVERY

    ws.backup()
    assert ws.backup_if_due(DAILY_BACKUP_EVERY, "daily") is None  # a fresh backup exists
    made = ws.backup_if_due(timedelta(0), "daily")
    assert made is not None and ws.list_backups()[0].reason == "daily"
