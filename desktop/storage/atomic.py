"""Atomic file replacement: write a temp file beside the target, fsync, rename, fsync the folder.

``fault_hook`` lets tests inject I/O errors (disk full, failing fsync or rename) at each step.
"""

from __future__ import annotations

import errno
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from desktop.errors import StorageFull, StorageIOError

CHUNK = 256 * 1024
fault_hook: Callable[[str, Path], None] | None = None  # called with ("write"|"fsync"|"rename", path)


def _fault(step: str, path: Path) -> None:
    if fault_hook is not None:
        fault_hook(step, path)


def temp_path_for(final: Path, tag: str = "zhibu-tmp") -> Path:
    """A temp name beside ``final`` that the cleanup recognises, noted in this process's journal."""
    from desktop.storage import tempfiles

    tmp = final.with_name(f".{final.name}.{tag}-{os.getpid()}")
    tempfiles.register(tmp)
    return tmp


def create_private(path: Path) -> None:
    """Create ``path`` empty and readable by its owner only (0600 on POSIX); replaces a stale file."""
    remove_quietly(path)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    os.close(fd)


def make_private(path: Path) -> None:
    """Owner-only permissions on an existing file (POSIX; on Windows the user's folders decide)."""
    if os.name == "posix":
        try:
            os.chmod(path, 0o600)
        except OSError:
            pass


def fsync_file(path: Path) -> None:
    _fault("fsync", path)
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # Windows cannot open a directory for fsync; NTFS journals the rename
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def replace(tmp: Path, final: Path) -> None:
    fsync_file(tmp)
    _fault("rename", final)
    os.replace(tmp, final)
    fsync_dir(final.parent)


def remove_quietly(*paths: Path) -> None:
    for p in paths:
        for candidate in (p, Path(str(p) + "-wal"), Path(str(p) + "-shm"), Path(str(p) + "-journal")):
            try:
                candidate.unlink()
            except FileNotFoundError:
                pass


@contextmanager
def translate_os_errors() -> Iterator[None]:
    """Turn low-level I/O failures into one clear Chinese message."""
    try:
        yield
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise StorageFull() from exc
        if exc.errno == errno.EIO:
            raise StorageIOError() from exc
        raise StorageFull(f"写入文件失败（{exc.strerror or exc}），操作已取消，原文件未改动。请检查磁盘和权限后重试。") from exc


def write_bytes(final: Path, data: bytes) -> None:
    """Write a whole file atomically: either the old content or all of the new, never a part."""
    final = Path(final)
    tmp = temp_path_for(final)
    try:
        with translate_os_errors():
            _fault("write", tmp)
            create_private(tmp)
            with open(tmp, "wb") as fh:
                view = memoryview(data)
                for start in range(0, len(view), CHUNK):  # each chunk is one "write" a fault test can fail
                    if start:
                        _fault("write", tmp)
                    fh.write(view[start:start + CHUNK])
            replace(tmp, final)
    except BaseException:
        remove_quietly(tmp)
        raise
