"""Single-writer lock: one process at a time may open a book.

The lock is an OS file lock on ``BOOK.lock`` (released by the OS if the process dies, so a crash never
leaves a stale lock); the file's text says who holds it so a second instance can tell the user.
"""

from __future__ import annotations

import getpass
import json
import os
import socket
import sys
from datetime import datetime
from pathlib import Path

from desktop.errors import BookLocked

_LOCK_OFFSET = 1 << 20  # lock a byte far past the text so the holder's info stays readable on Windows
_held: set[str] = set()  # POSIX record locks are per process: also refuse a second open in this process


def lock_path(book: Path) -> Path:
    return Path(str(book) + ".lock")


class BookLock:
    def __init__(self, book: Path):
        self.path = lock_path(Path(book))
        self._fh = None

    def acquire(self) -> None:
        key = str(self.path.resolve())
        if key in _held:
            raise BookLocked("该支部纪实本已在本程序中打开。请先关闭它，再重新打开。")
        fh = open(self.path, "a+b")
        try:
            _lock(fh)
        except OSError:
            fh.seek(0)
            holder = _describe(fh.read(4096))
            fh.close()
            raise BookLocked(f"该支部纪实本正在被其他程序使用（{holder}）。请先关闭那里的程序，再打开。") from None
        info = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "user": _user(),
            "since": datetime.now().isoformat(timespec="seconds"),
        }
        fh.seek(0)
        fh.truncate()
        fh.write(json.dumps(info, ensure_ascii=False).encode("utf-8"))
        fh.flush()
        self._fh = fh
        _held.add(key)

    def release(self) -> None:
        if self._fh is None:
            return
        fh, self._fh = self._fh, None
        _held.discard(str(self.path.resolve()))
        try:
            fh.seek(0)
            fh.truncate()
            _unlock(fh)
        finally:
            fh.close()
        try:
            self.path.unlink()
        except OSError:
            pass  # another process may have opened it meanwhile; harmless

    def __enter__(self) -> "BookLock":
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name is not an error here
        return "?"


def _describe(raw: bytes) -> str:
    try:
        info = json.loads(raw.decode("utf-8"))
        return f"计算机 {info.get('host')}，用户 {info.get('user')}，进程 {info.get('pid')}，自 {info.get('since')} 起"
    except (ValueError, UnicodeDecodeError):
        return "未知程序"


if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds
    import msvcrt

    def _lock(fh) -> None:
        fh.seek(_LOCK_OFFSET)
        msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(fh) -> None:
        fh.seek(_LOCK_OFFSET)
        msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fh) -> None:
        fcntl.lockf(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB, 1, _LOCK_OFFSET)

    def _unlock(fh) -> None:
        fcntl.lockf(fh.fileno(), fcntl.LOCK_UN, 1, _LOCK_OFFSET)
