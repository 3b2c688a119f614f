"""The one place that opens a book file with SQLCipher.

A book is a standard SQLCipher 4 database: its passphrase with SQLCipher 4 defaults opens it in other
SQLCipher tools. We derive the raw key once per unlock (PBKDF2-HMAC-SHA512 over the file's 16-byte salt,
SQLCipher 4's own KDF) so that each pooled connection costs a fraction of a millisecond, and the passphrase
is never interpolated into SQL text.
"""

from __future__ import annotations

import os
from pathlib import Path

import sqlcipher3
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import QueuePool

from desktop.errors import BookDamaged, BookExists, BookNotFound, WrongPassphrase
from desktop.storage import keyderive
from desktop.storage.keyderive import KDF_ITER, KEY_LEN, PAGE_SIZE, SALT_LEN, BookKey  # noqa: F401  (re-exported)

_log_silenced = False


def derive_key(passphrase: str, salt: bytes) -> BookKey:
    if not passphrase:
        raise WrongPassphrase("口令不能为空。")
    return keyderive.kdf(passphrase, salt)


def read_salt(path: Path) -> bytes:
    """The SQLCipher salt (first 16 bytes); refuses files that cannot be a book."""
    if not path.exists():
        raise BookNotFound(f"找不到支部纪实本：{path}。请检查路径，或新建一本。")
    size = path.stat().st_size
    if size == 0:
        raise BookDamaged(f"文件 {path.name} 是空文件（0 字节），不是有效的支部纪实本。请从备份恢复。")
    try:
        with path.open("rb") as fh:
            head = fh.read(SALT_LEN)
    except OSError as exc:
        from desktop.storage.diagnose import classify

        raise classify(exc) or BookDamaged(f"无法读取文件 {path.name}（{exc.strerror}）。请检查磁盘和权限。") from exc
    if head.startswith(b"SQLite format 3"):
        raise BookDamaged(f"文件 {path.name} 是未加密的 SQLite 数据库，不是支部纪实本。")
    if size < PAGE_SIZE or size % PAGE_SIZE:
        raise BookDamaged(f"文件 {path.name} 已截断或损坏（大小 {size} 字节），无法打开。请从备份恢复。")
    return head


def _silence_log(conn) -> None:
    global _log_silenced
    if not _log_silenced:
        conn.execute("PRAGMA cipher_log_level = NONE")
        _log_silenced = True


def connect(path: Path, key: BookKey):
    """A raw sqlcipher3 connection with the key and our pragmas applied."""
    conn = sqlcipher3.connect(str(path), check_same_thread=False, timeout=10)
    _silence_log(conn)
    conn.execute(f"PRAGMA key = {key.pragma_value}")
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError as exc:
        conn.close()
        from desktop.storage.diagnose import classify

        known = classify(exc)  # a full disk or an I/O error is not a wrong key
        raise (known if known is not None and not isinstance(known, BookDamaged) else WrongPassphrase()) from exc
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA cache_size = -16000")
    return conn


def unlock(path: Path, passphrase: str) -> BookKey:
    """Check the passphrase against an existing book without writing to it.

    Every page's HMAC is verified too (``cipher_integrity_check``), so a damaged book is refused on open even
    when no backup happens to be due. A failure is diagnosed before anyone is told the passphrase is wrong.
    """
    from desktop.storage import diagnose

    path = Path(path)
    salt = read_salt(path)
    if not passphrase:
        raise WrongPassphrase("口令不能为空。")
    key = keyderive.take(path, passphrase, salt) or derive_key(passphrase, salt)  # started early, or now
    conn = sqlcipher3.connect(str(path), check_same_thread=False)
    try:
        _silence_log(conn)
        conn.execute(f"PRAGMA key = {key.pragma_value}")
        conn.execute("PRAGMA query_only = ON")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        bad = conn.execute("PRAGMA cipher_integrity_check").fetchall()
    except sqlcipher3.Error as exc:
        conn.close()
        raise diagnose.unlock_failure(path, passphrase, key, exc) from exc
    conn.close()
    if bad:
        pages = [str(r[0]).split()[-1] for r in bad[:5]]
        raise BookDamaged(f"支部纪实本 {path.name} 已损坏：{len(bad)} 个数据页校验失败（第 {', '.join(pages)} 页等）。"
                          "口令是正确的。原文件未被改动，请从最近的备份恢复。")
    return key


def cipher_check_lines(path: Path, pragma_key: str) -> list[str]:
    """``PRAGMA cipher_integrity_check`` of ``path`` under a raw pragma key value, read-only (diagnosis)."""
    conn = sqlcipher3.connect(str(path), check_same_thread=False)
    try:
        _silence_log(conn)
        conn.execute(f"PRAGMA key = {pragma_key}")
        conn.execute("PRAGMA query_only = ON")
        return [r[0] for r in conn.execute("PRAGMA cipher_integrity_check").fetchall()]
    finally:
        conn.close()


def create_file(path: Path, passphrase: str) -> BookKey:
    """Create a new empty encrypted book file; refuses to overwrite."""
    path = Path(path)
    if path.exists():
        raise BookExists(f"文件已存在：{path}。为防止覆盖已有数据，请换一个文件名。")
    path.parent.mkdir(parents=True, exist_ok=True)
    key = derive_key(passphrase, os.urandom(SALT_LEN))
    from desktop.storage.atomic import create_private

    create_private(path)  # owner-only from the start; SQLite gives its -wal/-shm the same mode
    conn = connect(path, key)
    try:
        conn.execute("CREATE TABLE _zhibu_init(x)")
        conn.execute("DROP TABLE _zhibu_init")
        conn.commit()
    finally:
        conn.close()
    return key


def make_engine(path: Path, key: BookKey) -> Engine:
    path = Path(path)
    engine = create_engine(
        "sqlite://",
        module=sqlcipher3.dbapi2,
        creator=lambda: connect(path, key),
        poolclass=QueuePool,
        pool_size=3,
        max_overflow=2,
    )

    @event.listens_for(engine, "begin")
    def _begin(conn):  # pragma: no cover - trivial
        # Take the write lock up front so a read-then-write transaction never deadlocks.
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn, _record):
        # Let SQLAlchemy, not the driver, issue BEGIN (see the "begin" listener).
        dbapi_conn.isolation_level = None

    return engine


def integrity_report(engine: Engine) -> dict:
    """SQLite's and SQLCipher's own checks, plus the schema revision."""
    try:
        with engine.connect() as conn:
            integrity = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check").fetchall()]
            cipher = [r[0] for r in conn.exec_driver_sql("PRAGMA cipher_integrity_check").fetchall()]
            fk = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    except DBAPIError as exc:
        return {"integrity_check": [f"无法读取：{exc.orig}"], "cipher_integrity_check": ["页面校验失败"],
                "foreign_key_violations": 0, "ok": False}
    return {
        "integrity_check": integrity,
        "cipher_integrity_check": cipher,
        "foreign_key_violations": len(fk),
        "ok": integrity == ["ok"] and not cipher and not fk,
    }


def test_key_on_file(path: Path, key: BookKey) -> None:
    """Used on fresh copies (backups, rekeyed files): raises unless the copy is healthy."""
    conn = connect(path, key)
    try:
        integrity = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
        cipher = conn.execute("PRAGMA cipher_integrity_check").fetchall()
        if integrity != ["ok"] or cipher:
            raise BookDamaged(f"校验失败：{path.name}（{integrity[:3]} {cipher[:3]}）")
    finally:
        conn.close()
