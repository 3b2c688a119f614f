"""Verified encrypted backups, restore, and passphrase change.

A copy is made with ``ATTACH … KEY`` + ``sqlcipher_export`` into a temp file (never by copying the live
file, never ``VACUUM INTO``), verified (opens with the key, ``integrity_check`` ok, ``cipher_integrity_check``
empty, no plaintext canary), then renamed into place atomically.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import sqlcipher3

from desktop import paths
from desktop.errors import BackupFailed, BookDamaged, BookExists, ZhibuError
from desktop.storage import atomic
from desktop.storage.engine import SALT_LEN, BookKey, connect, derive_key, read_salt, test_key_on_file

KEEP_BACKUPS = 20
_STAMP = "%Y%m%d-%H%M%S"
_NAME = re.compile(r"^(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?-(?P<reason>[a-z-]+)\.zhibu$")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    made_at: datetime
    reason: str
    size: int

    @property
    def reason_label(self) -> str:
        return {"open": "打开时自动", "daily": "每日自动", "manual": "手动", "migrate": "升级前",
                "restore": "恢复前", "passwd": "改口令前"}.get(self.reason, self.reason)


def export_copy(source_conn, dest: Path, key: BookKey, canary: str | None = None) -> None:
    """Export the open database into ``dest`` (atomically) encrypted with ``key``, then verify it."""
    dest = Path(dest)
    tmp = atomic.temp_path_for(dest, "export")
    atomic.remove_quietly(tmp)
    raw = f"x'{key.key.hex()}{key.salt.hex()}'"
    try:
        with atomic.translate_os_errors():
            atomic._fault("write", tmp)
            atomic.create_private(tmp)  # SQLite keeps an existing file's mode: the copy is 0600 from the start
            source_conn.execute("ATTACH DATABASE ? AS zhibu_export KEY ?", (str(tmp), raw))
            try:
                source_conn.execute("SELECT sqlcipher_export('zhibu_export')")
            finally:
                source_conn.execute("DETACH DATABASE zhibu_export")
            verify_file(tmp, key, canary)
            atomic.replace(tmp, dest)
    except sqlcipher3.Error as exc:
        if "malformed" in str(exc) or "not a database" in str(exc):
            raise BookDamaged("支部纪实本已损坏，无法备份。原文件未被改动。请从最近的备份恢复。") from exc
        raise BackupFailed(f"备份写入失败（{exc}），原文件未改动。请检查磁盘空间后重试。") from exc
    finally:
        atomic.remove_quietly(tmp)


def verify_file(path: Path, key: BookKey, canary: str | None = None) -> None:
    """Raise unless ``path`` opens with ``key``, passes both integrity checks and leaks no plaintext."""
    if read_salt(path) != key.salt:
        raise BackupFailed(f"备份校验失败：{path.name} 的加密参数不一致。")
    test_key_on_file(path, key)
    if canary:
        data = path.read_bytes()
        if canary.encode("utf-8") in data:
            raise BackupFailed(f"备份校验失败：{path.name} 含有未加密内容，已删除。")


def backup_folder(book: Path) -> Path:
    """Per-book folder; the path hash keeps two books with the same file name apart."""
    tag = hashlib.sha256(str(Path(book).resolve()).encode("utf-8")).hexdigest()[:8]
    folder = paths.backups_dir() / f"{Path(book).stem}-{tag}"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def make_backup(source_conn, book: Path, key: BookKey, reason: str, dest: Path | None = None,
                canary: str | None = None) -> Path:
    """A verified backup of the open book. With no ``dest`` it goes to the rotating folder."""
    if dest is None:
        folder = backup_folder(book)
        stamp = datetime.now().strftime(_STAMP)
        # a counter orders backups made within the same second, whatever their reason
        same_second = {m["n"] for p in folder.glob(f"{stamp}-*.zhibu") if (m := _NAME.match(p.name))}
        n = 0
        while (str(n) if n else None) in same_second:
            n += 1
        dest = folder / (f"{stamp}-{n}-{reason}.zhibu" if n else f"{stamp}-{reason}.zhibu")
    elif Path(dest).exists():
        raise BookExists(f"目标文件已存在：{dest}。请换一个文件名。")
    export_copy(source_conn, Path(dest), key, canary)
    if dest.parent == backup_folder(book):
        prune(book)
    return Path(dest)


def list_backups(book: Path) -> list[BackupInfo]:
    out = []
    for p in backup_folder(book).glob("*.zhibu"):
        m = _NAME.match(p.name)
        if not m:
            continue
        out.append((int(m["n"] or 0), BackupInfo(p, datetime.strptime(m["stamp"], _STAMP), m["reason"],
                                                 p.stat().st_size)))
    # newest first; within one second the counter in the name tells the order
    return [info for _, info in sorted(out, key=lambda t: (t[1].made_at, t[0]), reverse=True)]


def prune(book: Path, keep: int = KEEP_BACKUPS) -> None:
    for info in list_backups(book)[keep:]:
        atomic.remove_quietly(info.path)


def restore(backup: Path, book: Path, passphrase: str) -> None:
    """Replace ``book`` with a verified copy of ``backup``. The caller must not hold the book open."""
    backup, book = Path(backup), Path(book)
    key = derive_key(passphrase, read_salt(backup))
    try:
        verify_file(backup, key)
    except sqlcipher3.DatabaseError as exc:
        raise BookDamaged(f"备份文件 {backup.name} 无法校验，未恢复。") from exc
    src = connect(backup, key)
    try:
        if book.exists():
            # keep the current state too, in case the restore was a mistake
            try:
                cur_key = derive_key(passphrase, read_salt(book))
                cur = connect(book, cur_key)
                try:
                    make_backup(cur, book, cur_key, "restore")
                finally:
                    cur.close()
            except ZhibuError:
                pass  # the current file is damaged or has another passphrase: nothing to keep
        atomic.remove_quietly(Path(str(book) + "-wal"), Path(str(book) + "-shm"))
        export_copy(src, book, key)
    finally:
        src.close()


def rekey_file(conn, book: Path, new_passphrase: str) -> BookKey:
    """Write a copy of the open book under a new passphrase beside it, verified. Returns the new key.

    The caller swaps it in with :func:`swap_in` after closing every connection to the old file.
    """
    new_key = derive_key(new_passphrase, os.urandom(SALT_LEN))
    staged = staged_rekey_path(book)
    atomic.remove_quietly(staged)
    export_copy(conn, staged, new_key)
    return new_key


def remove_stale_temp_files(book: Path) -> None:
    """Temp files of exports that a killed process left behind (the caller holds the book's lock)."""
    book = Path(book)
    atomic.remove_quietly(staged_rekey_path(book))  # a passphrase change that died half-way
    for folder, pattern in ((backup_folder(book), ".*.zhibu.export-*"), (book.parent, f".{book.name}.export-*")):
        for stale in folder.glob(pattern):
            atomic.remove_quietly(stale)


def discard_staged_rekey(book: Path) -> None:
    atomic.remove_quietly(staged_rekey_path(book))


def staged_rekey_path(book: Path) -> Path:
    return Path(book).with_name(Path(book).name + ".rekey")


def swap_in(book: Path) -> None:
    """Atomically replace the (closed) old book with the staged rekeyed copy."""
    book = Path(book)
    staged = staged_rekey_path(book)
    wal = Path(str(book) + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise BackupFailed("旧文件仍有未写入的日志，已放弃更换口令，原口令仍然有效。请关闭其他程序后重试。")
    with atomic.translate_os_errors():
        atomic.remove_quietly(wal, Path(str(book) + "-shm"))
        atomic.replace(staged, book)
