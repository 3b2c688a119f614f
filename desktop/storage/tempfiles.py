"""Temp files of outputs can always be found and removed, even after the process was killed.

Every output is written to a temp file beside its target (the atomic rename needs the same folder) and
renamed into place. Before such a temp file is created, its path is appended to this process's journal,
``DATA/tmp/pending-PID.txt``, which the process keeps locked while it runs. At the next start (CLI or GUI),
:func:`clean_stale` takes each journal it can lock — its owner is gone — removes the temp files listed there
that still exist (only names this module made: ``.NAME.zhibu-tmp-PID`` / ``.NAME.export-PID``), and deletes the
journal. Journals and temp files are private (0600, folder 0700).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from desktop import paths

_journal_fd: int | None = None
_journal_pid: int | None = None
TEMP_NAME = re.compile(r"^\..+\.(?:zhibu-tmp|export)-\d+$")


def journal_dir() -> Path:
    folder = paths.data_dir() / "tmp"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def register(temp: Path) -> None:
    """Note ``temp`` in this process's journal before creating it (best effort: never blocks a save)."""
    global _journal_fd, _journal_pid
    try:
        if _journal_fd is None or _journal_pid != os.getpid():  # after a fork, the child needs its own
            path = journal_dir() / f"pending-{os.getpid()}.txt"
            for _ in range(5):  # a cleaner may take and delete a journal between our open and our lock
                fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND | getattr(os, "O_CLOEXEC", 0), 0o600)
                _lock(fd)
                from desktop.storage.lock import _still_named

                if _still_named(fd, path):
                    break
                os.close(fd)
            else:
                return
            _journal_fd, _journal_pid = fd, os.getpid()
        os.write(_journal_fd, (str(Path(temp).resolve()) + "\n").encode("utf-8"))
    except OSError:
        pass  # a full disk must not stop the save; the temp file is removed on failure anyway


def clean_stale() -> list[Path]:
    """Remove temp files left by processes that are gone; returns what was removed."""
    removed: list[Path] = []
    try:
        journals = list(journal_dir().glob("pending-*.txt"))
    except OSError:
        return removed
    for journal in journals:
        if _journal_pid == os.getpid() and journal.name == f"pending-{os.getpid()}.txt":
            continue
        try:
            fd = os.open(journal, os.O_RDWR)
        except OSError:
            continue
        try:
            try:
                _lock(fd)
            except OSError:
                continue  # its owner is still running
            for line in journal.read_text(encoding="utf-8", errors="replace").splitlines():
                temp = Path(line.strip())
                if line.strip() and TEMP_NAME.match(temp.name) and temp.exists():
                    for candidate in (temp, Path(str(temp) + "-journal"), Path(str(temp) + "-wal")):
                        try:
                            candidate.unlink()
                            removed.append(candidate)
                        except OSError:
                            pass
            try:
                journal.unlink()
            except OSError:
                pass
        finally:
            os.close(fd)
    return removed


if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds
    import msvcrt

    def _lock(fd: int) -> None:
        os.lseek(fd, 1 << 30, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, 1 << 30)
