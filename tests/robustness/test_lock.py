"""The single-writer lock excludes by construction (issue #14): many contenders never overlap, a long-lived
holder keeps every acknowledged write while CLI writers and ``passwd`` are refused, stale holder text is
recovered, read-only media gets a clear message. ``ZHIBU_LONG=1`` (or run_matrix.py --long) for full counts.
"""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import pytest

from desktop.errors import BookLocked, BookReadOnly
from desktop.storage import lock as lockmod
from desktop.storage.lock import BookLock, lock_path
from desktop.workspace import Workspace
from tests.conftest import PASSPHRASE
from tests.robustness import lockcheck
from tests.robustness.figures import record

LONG = os.environ.get("ZHIBU_LONG") == "1"


def test_many_processes_contending_never_hold_the_lock_together(tmp_path):
    book = tmp_path / "b.zhibu"
    book.write_bytes(b"")
    result = lockcheck.contention(book, processes=8 if LONG else 3, seconds=10 if LONG else 1.5)
    record("lock contention (acquisitions, overlaps)", result["acquired"], 0, result["overlaps"],
           processes=result["processes"])
    assert result["acquired"] > 50, result  # they really contended
    assert result["overlaps"] == 0, result


def test_long_lived_holder_keeps_every_acknowledged_write(ws, book_path, data_dir):
    ws.close()
    result = lockcheck.holder_keeps_writes(book_path, data_dir, PASSPHRASE, contenders=3 if LONG else 1,
                                           cli_attempts=6 if LONG else 2)
    for code, message in result["cli"]:
        assert code == 1 and "正在被其他程序使用" in message, (code, message)
        assert "Traceback" not in message
    with Workspace.open(book_path, PASSPHRASE, auto_backup=False) as check:  # the old passphrase still works
        names = {m.name for m in check.members.list(order="roster")}
        assert check.check()["ok"]
    lost = [n for n in result["acked"] if n not in names]
    refused = sum(1 for code, m in result["cli"] if code == 1 and "正在被其他程序使用" in m)
    record("long-lived holder: CLI writes/passwd refused", len(result["cli"]), 0, len(result["cli"]) - refused)
    record("long-lived holder: acknowledged writes kept", len(result["acked"]), 0, len(lost))
    assert result["acked"] and not [n for n in result["acked"] if n not in names]
    assert not [n for n in names if n.startswith("命令行")]


def test_release_keeps_the_file_and_clears_the_holder(tmp_path):
    book = tmp_path / "b.zhibu"
    lock = BookLock(book)
    lock.acquire()
    info = json.loads(lock_path(book).read_text(encoding="utf-8"))
    assert info["pid"] == os.getpid() and info["host"] == socket.gethostname()
    inode = os.stat(lock_path(book)).st_ino
    lock.release()
    assert lock_path(book).read_bytes() == b"" and os.stat(lock_path(book)).st_ino == inode
    if os.name == "posix":
        assert os.stat(lock_path(book)).st_mode & 0o077 == 0


def test_stale_holder_text_of_a_killed_process_is_recovered(tmp_path):
    book = tmp_path / "b.zhibu"
    lock_path(book).write_text(json.dumps({"pid": 999999, "host": "旧电脑", "user": "x", "since": "2020-01-01"}))
    with BookLock(book) as lock:
        assert lock.holder()["pid"] == os.getpid()


def test_lock_file_replaced_under_a_locker_is_not_trusted(tmp_path, monkeypatch):
    """An older app version unlinks the lock file on release: the inode we locked is then no longer BOOK.lock."""
    book = tmp_path / "b.zhibu"
    real_lock = lockmod._lock
    calls = []

    def lock_then_replace(fd):
        real_lock(fd)
        if not calls:  # first time: someone deletes and re-creates BOOK.lock right after we locked
            calls.append(1)
            os.unlink(lock_path(book))
            lock_path(book).write_bytes(b"")
    monkeypatch.setattr(lockmod, "_lock", lock_then_replace)
    with BookLock(book):
        assert calls  # we retried and now hold the file the path names
        st_fd = os.stat(lock_path(book))
        probe = BookLock(book)
        monkeypatch.setattr(lockmod, "_held", set())  # pretend to be another process: the OS lock must refuse…
        if os.name == "posix":
            pid = os.fork()
            if pid == 0:  # a genuinely separate process
                try:
                    probe.acquire()
                    os._exit(3)
                except BookLocked:
                    os._exit(0)
            assert os.waitpid(pid, 0)[1] == 0
        assert os.stat(lock_path(book)).st_ino == st_fd.st_ino


def test_read_only_folder_says_so_clearly(ws, book_path, monkeypatch):
    ws.close()

    def refuse(*_a, **_k):
        raise PermissionError(30, "Read-only file system")
    monkeypatch.setattr(lockmod.os, "open", refuse)
    with pytest.raises(BookReadOnly) as err:
        Workspace.open(book_path, PASSPHRASE)
    assert "只读" in str(err.value) and "复制到可写的文件夹" in str(err.value)
