"""Tell a wrong passphrase from a damaged, truncated or unreadable book, and low-level errors apart.

SQLCipher answers "file is not a database" for a wrong key, a damaged first page, a destroyed salt and a
full disk alike. We look closer before telling anyone their passphrase is wrong:

- the file's size and header (``engine.read_salt``: empty, unencrypted, not page-aligned);
- ``PRAGMA cipher_integrity_check`` with the derived key: HMAC failures on page 1 only, or on some pages,
  mean the key is right and the file is damaged; failures on *every* page mean a wrong key — or a destroyed
  salt, which we detect when the key derived with a backup's salt verifies the book's pages;
- SQLite's own error codes for full disks, I/O errors and read-only files.
"""

from __future__ import annotations

import errno
from pathlib import Path

import sqlcipher3

from desktop.errors import (BookDamaged, BookLocked, BookReadOnly, StorageFull, StorageIOError, WrongPassphrase,
                            ZhibuError)

PAGE_SIZE = 4096
_SALT_CANDIDATES = 2  # distinct backup salts tried when every page fails (one KDF each, ~150 ms)


def classify(exc: BaseException) -> ZhibuError | None:
    """A user-facing error for a low-level database or OS failure, or None when it is not one of ours."""
    if isinstance(exc, ZhibuError):
        return exc
    orig = getattr(exc, "orig", None) or exc  # SQLAlchemy wraps the driver's exception
    if isinstance(orig, OverflowError):
        return ZhibuError("输入的数字太大，超出了允许的范围（如编号、金额、年份）。请检查后重试；没有任何内容被修改。")
    if isinstance(orig, OSError):
        if orig.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1), errno.EFBIG):
            return StorageFull()
        if orig.errno == errno.EIO:
            return StorageIOError()
        if orig.errno == errno.EROFS:
            return BookReadOnly("文件所在的位置是只读的，无法写入。请换一个可写的文件夹后重试；原文件未被改动。")
        return _path_problem(orig)
    if not isinstance(orig, sqlcipher3.Error):
        return None
    text = str(orig).lower()
    if "disk is full" in text or "database or disk is full" in text:
        return StorageFull()
    if "disk i/o error" in text:
        return StorageIOError()
    if "readonly" in text or "read-only" in text:
        return BookReadOnly("支部纪实本所在的位置是只读的，无法保存修改。请把文件复制到可写的文件夹后再打开；原文件未被改动。")
    if "database is locked" in text or "database is busy" in text:
        return BookLocked("支部纪实本正忙（另一项操作尚未完成）。请稍候重试。")
    if "malformed" in text or "not a database" in text or "hmac" in text:
        return BookDamaged("支部纪实本已损坏，部分内容无法读取。原文件未被改动，请从最近的备份恢复。")
    return None


_OS_REASONS = {
    errno.ENOENT: "找不到该文件或文件夹", errno.ENOTDIR: "路径中有一段不是文件夹", errno.EISDIR: "这是一个文件夹，不是文件",
    errno.EACCES: "没有访问权限", errno.EPERM: "没有访问权限", errno.ENAMETOOLONG: "文件名太长",
    errno.EEXIST: "文件已存在", errno.EINVAL: "文件名无效",
}


def _path_problem(exc: OSError) -> ZhibuError:
    name = str(exc.filename or "")
    if len(name) > 120:
        name = name[:60] + "…" + name[-40:]
    reason = _OS_REASONS.get(exc.errno, exc.strerror or "系统错误")
    where = f"：{name}" if name else ""
    return ZhibuError(f"无法访问文件（{reason}）{where}。请检查路径和权限后重试；没有任何内容被修改。")


def failing_pages(path: Path, pragma_key: str) -> tuple[list[int], int]:
    """Pages whose HMAC does not verify under ``pragma_key``, and the page count. Reads only."""
    from desktop.storage.engine import cipher_check_lines

    total = Path(path).stat().st_size // PAGE_SIZE
    bad = []
    for line in cipher_check_lines(path, pragma_key):
        words = str(line).split()
        if words and words[-1].isdigit():
            bad.append(int(words[-1]))
    return bad, total


def unlock_failure(path: Path, passphrase: str, key, exc: BaseException) -> ZhibuError:
    """Why the first read of ``path`` with ``key`` failed: wrong passphrase only when the file looks intact."""
    path = Path(path)
    known = classify(exc)
    if isinstance(known, (StorageFull, StorageIOError, BookReadOnly, BookLocked)):
        return known
    if "malformed" in str(exc).lower():
        return truncated(path)
    try:
        bad, total = failing_pages(path, key.pragma_value)
    except sqlcipher3.Error as inner:
        return classify(inner) or damaged(path)
    if not bad:
        return damaged(path)  # every page verifies, yet the database does not open: structure damaged
    if len(bad) < total:
        where = "第 1 页（文件头）" if bad == [1] else f"{len(bad)} 个数据页（第 {', '.join(map(str, bad[:5]))} 页等）"
        return BookDamaged(f"支部纪实本 {path.name} 已损坏：{where}校验失败。口令是正确的。原文件未被改动，请从最近的备份恢复。")
    if _salt_destroyed(path, passphrase, key.salt):
        return BookDamaged(f"支部纪实本 {path.name} 的文件开头（前 16 字节的加密参数）已被破坏；口令是正确的"
                           "（它能解开这本的备份和其余页面）。原文件未被改动，请从最近的备份恢复。")
    return WrongPassphrase()


def _salt_destroyed(path: Path, passphrase: str, salt: bytes) -> bool:
    if len(set(salt)) <= 2:  # 16 random bytes are never (nearly) constant: overwritten with zeros or similar
        return True
    from desktop.storage import backup as backups
    from desktop.storage.engine import derive_key

    tried: set[bytes] = set()
    for info in backups.list_backups(path)[:5]:
        try:
            with info.path.open("rb") as fh:
                other = fh.read(16)
        except OSError:
            continue
        if other == salt or other in tried or len(tried) >= _SALT_CANDIDATES:
            continue
        tried.add(other)
        candidate = derive_key(passphrase, other)
        try:
            bad, total = failing_pages(path, candidate.pragma_value)
        except sqlcipher3.Error:
            continue
        if len(bad) < total:
            return True
    return False


def damaged(path: Path) -> BookDamaged:
    return BookDamaged(f"支部纪实本 {Path(path).name} 已损坏，无法读取。原文件未被改动，请从最近的备份恢复。")


def truncated(path: Path) -> BookDamaged:
    size = Path(path).stat().st_size
    return BookDamaged(f"支部纪实本 {Path(path).name} 已被截断或内部结构损坏（现有 {size} 字节），无法打开。"
                       "原文件未被改动，请从最近的备份恢复。")


def newest_good_backup(book: Path, passphrase: str, tries: int = 5):
    """The newest backup of ``book`` that opens with ``passphrase`` and passes both integrity checks."""
    from desktop.storage import backup as backups
    from desktop.storage.engine import derive_key, read_salt

    keys: dict[bytes, object] = {}
    for info in backups.list_backups(Path(book))[:tries]:
        try:
            salt = read_salt(info.path)
            key = keys.get(salt) or keys.setdefault(salt, derive_key(passphrase, salt))
            backups.verify_file(info.path, key)
            return info
        except (ZhibuError, sqlcipher3.Error, OSError):
            continue
    return None


def offer_backup(book: Path, passphrase: str | None, err: BookDamaged) -> BookDamaged:
    """``err`` with the newest verified backup named (and attached for a restore offer)."""
    if getattr(err, "backup", None) is not None:
        return err
    info = newest_good_backup(book, passphrase) if passphrase else None
    if info is None:
        listed = []
        try:
            from desktop.storage import backup as backups

            listed = backups.list_backups(Path(book))
        except OSError:
            pass
        hint = (f"找到的备份都无法用这个口令校验（最近一份：{listed[0].path}）。" if listed and passphrase
                else "没有找到这本的自动备份；如有手动保存的备份文件，请用它恢复。")
        return BookDamaged(f"{err.message}{hint}")
    when = f"{info.made_at.year}年{info.made_at.month}月{info.made_at.day}日 {info.made_at:%H:%M}"
    message = (f"{err.message}最近一份校验完好的备份是 {when}（{info.reason_label}）：{info.path}。"
               "可在“设置—备份”中恢复，或用命令 zhibu-cli restore 恢复。")
    return BookDamaged(message, backup=info)
