"""Single-writer lock: one process at a time may open a book.

The lock is an OS file lock on ``BOOK.lock``. It is exclusive by construction:

- the lock file is **never unlinked** while others may use it (an unlink on release let a process that had
  opened the old file lock an orphaned inode while the next opener created and locked a new one: two
  holders at once). The file stays beside the book; its text is emptied on release.
- after locking, we check that the path still names the inode we locked (someone may have deleted the file
  by hand, or an older version of the app may have unlinked it); if not, we drop it and try again.
- the OS releases the lock when the holder dies, so a crash never leaves a stale lock; stale holder text
  left behind by a killed process is simply overwritten by the next holder.

On Windows ``msvcrt.locking`` locks a byte far past the holder text (so the text stays readable), and a file
open in another process cannot be deleted (Python opens without FILE_SHARE_DELETE), so the orphan race
cannot happen there either.
"""

from __future__ import annotations

import errno
import getpass
import json
import os
import socket
import sys
from datetime import datetime
from pathlib import Path

from desktop.errors import BookLocked, BookReadOnly, StorageFull

_LOCK_OFFSET = 1 << 20  # lock a byte far past the text so the holder's info stays readable on Windows
_RETRIES = 20  # re-tries when the lock file was replaced under us
_held: set[str] = set()  # POSIX record locks are per process: also refuse a second open in this process
_READ_ONLY_ERRNOS = {errno.EROFS, errno.EACCES, errno.EPERM}


def lock_path(book: Path) -> Path:
    return Path(str(book) + ".lock")


class BookLock:
    def __init__(self, book: Path):
        self.book = Path(book)
        self.path = lock_path(self.book)
        self._fd: int | None = None
        self._key = ""

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        key = str(self.path.resolve())
        if key in _held:
            raise BookLocked("该支部纪实本已在本程序中打开。请先关闭它，再重新打开。")
        for _ in range(_RETRIES):
            fd = self._open()
            try:
                _lock(fd)
            except OSError:
                holder = _describe(_read_text(fd))
                os.close(fd)
                raise BookLocked(f"该支部纪实本正在被其他程序使用（{holder}）。请先关闭那里的程序，再打开。") from None
            if _still_named(fd, self.path):
                break
            os.close(fd)  # locked an inode that is no longer (or no longer the) BOOK.lock: try again
        else:
            raise BookLocked("无法取得该支部纪实本的锁（锁文件不断被替换）。请关闭其他程序后重试。")
        self._fd = fd
        self._key = key
        _held.add(key)
        self._write_holder()

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        _held.discard(self._key)
        try:
            try:
                os.ftruncate(fd, 0)  # no holder any more; the file itself stays (see module doc)
            except OSError:
                pass
            try:
                _unlock(fd)
            except OSError:
                pass
        finally:
            os.close(fd)

    def holder(self) -> dict | None:
        """The holder information this lock wrote (None when not held)."""
        return _parse(_read_text(self._fd)) if self._fd is not None else None

    def __enter__(self) -> "BookLock":
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()

    # ---- internals --------------------------------------------------------------------------
    def _open(self) -> int:
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
        try:
            return os.open(self.path, flags, 0o600)
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                raise StorageFull("磁盘已满，无法打开支部纪实本（连锁文件都写不下）。请先清理磁盘空间再打开。") from exc
            if exc.errno in _READ_ONLY_ERRNOS or not os.access(self.path.parent, os.W_OK):
                raise read_only_error(self.book) from exc
            raise StorageFull(f"无法在 {self.path.parent} 创建锁文件（{exc.strerror}）。请检查磁盘和权限后重试。") from exc

    def _write_holder(self) -> None:
        info = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "user": _user(),
            "since": datetime.now().isoformat(timespec="seconds"),
        }
        data = json.dumps(info, ensure_ascii=False).encode("utf-8")
        try:
            os.ftruncate(self._fd, 0)
            os.lseek(self._fd, 0, os.SEEK_SET)
            os.write(self._fd, data)
        except OSError:
            pass  # holder text is informative only (e.g. a full disk): the lock itself is held


def read_only_error(book: Path) -> BookReadOnly:
    return BookReadOnly(f"支部纪实本 {Path(book).name} 所在的位置是只读的（如光盘、写保护的U盘或无写入权限的文件夹），"
                        "本程序需要写入才能打开它。请把文件复制到可写的文件夹（如“文档”）后再打开；原文件未被改动。")


def _still_named(fd: int, path: Path) -> bool:
    try:
        st_path = os.stat(path)
    except FileNotFoundError:
        return False
    st_fd = os.fstat(fd)
    if os.name == "nt":  # pragma: no cover - no inode numbers worth comparing; deletion is impossible while open
        return True
    return (st_path.st_dev, st_path.st_ino) == (st_fd.st_dev, st_fd.st_ino)


def _read_text(fd: int) -> bytes:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        return os.read(fd, 4096)
    except OSError:
        return b""


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name is not an error here
        return "?"


def _parse(raw: bytes) -> dict | None:
    try:
        info = json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return None
    return info if isinstance(info, dict) else None


def _describe(raw: bytes) -> str:
    info = _parse(raw)
    if not info:
        return "未知程序"
    return f"计算机 {info.get('host')}，用户 {info.get('user')}，进程 {info.get('pid')}，自 {info.get('since')} 起"


if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds
    import msvcrt

    def _lock(fd: int) -> None:
        os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock(fd: int) -> None:
        os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, _LOCK_OFFSET)

    def _unlock(fd: int) -> None:
        fcntl.lockf(fd, fcntl.LOCK_UN, 1, _LOCK_OFFSET)
