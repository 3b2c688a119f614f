"""The encrypted book: encryption at rest, wrong passphrase, damaged files, lock, migrations."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import sqlcipher3
from sqlalchemy import text

from desktop.errors import BookDamaged, BookExists, BookLocked, BookNotFound, WrongPassphrase
from desktop.storage import migrate
from desktop.workspace import Workspace
from tests.conftest import PASSPHRASE

CANARY = "金丝雀张三丰XJ9"


def _insert_canary(ws):
    with ws.engine.begin() as conn:
        conn.execute(text("INSERT INTO audit_log(at, action, detail) VALUES (CURRENT_TIMESTAMP, 'canary', :d)"),
                     {"d": CANARY})


def test_book_is_encrypted_and_standard_sqlcipher(ws, book_path):
    _insert_canary(ws)
    ws.close()
    raw = book_path.read_bytes()
    assert CANARY.encode() not in raw
    assert not raw.startswith(b"SQLite format 3")
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(book_path).execute("SELECT * FROM sqlite_master").fetchall()
    # any SQLCipher 4 tool with the passphrase and default settings opens it
    conn = sqlcipher3.connect(str(book_path))
    conn.execute("PRAGMA key = '" + PASSPHRASE.replace("'", "''") + "'")
    assert conn.execute("SELECT detail FROM audit_log WHERE action='canary'").fetchone()[0] == CANARY
    conn.close()


def test_wrong_passphrase_is_clear_and_leaves_file_untouched(ws, book_path):
    ws.close()
    before = book_path.read_bytes()
    with pytest.raises(WrongPassphrase) as err:
        Workspace.open(book_path, "not-the-passphrase")
    assert "口令不正确" in str(err.value)
    assert book_path.read_bytes() == before
    assert Path(str(book_path) + ".lock").read_bytes() == b""  # no holder; the file itself stays (never unlinked)
    Workspace.open(book_path, PASSPHRASE).close()  # the lock was released


def test_passphrase_with_quotes_and_chinese(tmp_path):
    path = tmp_path / "q.zhibu"
    tricky = "it's \"口令\"; DROP TABLE x; --"
    Workspace.create(path, tricky, "支部").close()
    with Workspace.open(path, tricky) as ws:
        assert ws.branch().name == "支部"


@pytest.mark.parametrize(
    "damage, expected",
    [
        (lambda b: b"", "空文件"),
        (lambda b: b[:5000], "截断"),
        (lambda b: b"SQLite format 3\x00" + b[16:], "未加密"),
    ],
)
def test_damaged_book_refused_clearly(ws, book_path, damage, expected):
    ws.close()
    book_path.write_bytes(damage(book_path.read_bytes()))
    damaged = book_path.read_bytes()
    with pytest.raises(BookDamaged) as err:
        Workspace.open(book_path, PASSPHRASE)
    assert expected in str(err.value)
    assert book_path.read_bytes() == damaged  # never overwritten


def test_flipped_byte_in_data_page_detected(ws, book_path):
    _insert_canary(ws)
    ws.close()
    data = bytearray(book_path.read_bytes())
    data[4096 * 2 + 100] ^= 0xFF
    book_path.write_bytes(bytes(data))
    try:
        ws2 = Workspace.open(book_path, PASSPHRASE)
    except BookDamaged as err:  # refused outright, with a way forward
        assert "已损坏" in str(err) and "备份" in str(err)
        return
    try:
        report = ws2.check()
        assert not report["ok"]
    finally:
        ws2.close()


def test_missing_and_existing_files(tmp_path, book_path, ws):
    with pytest.raises(BookNotFound):
        Workspace.open(tmp_path / "nope.zhibu", PASSPHRASE)
    with pytest.raises(BookExists):
        Workspace.create(book_path, PASSPHRASE, "另一个支部")


def test_second_process_is_told_who_holds_the_book(ws, book_path):
    code = textwrap.dedent(f"""
        import sys; sys.path.insert(0, {str(Path(__file__).resolve().parents[2])!r})
        from desktop.workspace import Workspace
        from desktop.errors import BookLocked
        try:
            Workspace.open({str(book_path)!r}, {PASSPHRASE!r})
        except BookLocked as e:
            print("LOCKED", e)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.startswith("LOCKED"), out.stderr
    assert "正在被其他程序使用" in out.stdout and "进程" in out.stdout
    with pytest.raises(BookLocked):  # and in the same process
        Workspace.open(book_path, PASSPHRASE)


def test_models_and_migrations_agree(ws):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from desktop.storage.schema import metadata

    with ws.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
    assert diff == [], f"models changed without a migration: {diff}"
    assert migrate.current_revision(ws.engine) == migrate.head_revision()
