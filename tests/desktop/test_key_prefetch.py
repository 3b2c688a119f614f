"""A key derived early (the CLI before it loads SQLAlchemy, the GUI while it configures mappers) opens a book only
for the same file, salt and passphrase, and is verified like any other: a wrong passphrase is still refused."""

from __future__ import annotations

import shutil

import pytest

from desktop.cli.main import main
from desktop.errors import WrongPassphrase
from desktop.storage import keyderive
from desktop.workspace import Workspace
from tests.conftest import BRANCH, PASSPHRASE


@pytest.fixture
def book(book_path, book_templates):
    return book_templates.empty(book_path)


def test_prefetched_key_opens_the_book_once(book):
    assert keyderive.prefetch(book, PASSPHRASE)
    ws = Workspace.open(book, PASSPHRASE, auto_backup=False)
    assert ws.branch().name == BRANCH
    ws.close()
    assert keyderive.take(book, PASSPHRASE, book.read_bytes()[:16]) is None  # used up by the open


def test_wrong_passphrase_is_refused_whatever_was_prefetched(book):
    keyderive.prefetch(book, PASSPHRASE)
    with pytest.raises(WrongPassphrase):
        Workspace.open(book, "别的口令", auto_backup=False)  # the right key, started for another passphrase
    keyderive.prefetch(book, "别的口令")
    with pytest.raises(WrongPassphrase):
        Workspace.open(book, "别的口令", auto_backup=False)  # a key derived early is checked like any other
    Workspace.open(book, PASSPHRASE, auto_backup=False).close()


def test_a_key_of_the_file_previously_at_that_path_is_not_used(book, tmp_path, book_templates):
    keyderive.prefetch(book, PASSPHRASE)
    other = book_templates.empty(tmp_path / "另一本.zhibu", branch="另一个支部", passphrase="另一口令")
    shutil.copyfile(other, book)  # another book (another salt) now at the same path
    ws = Workspace.open(book, "另一口令", auto_backup=False)
    assert ws.branch().name == "另一个支部"
    ws.close()


def test_files_that_cannot_be_books_start_nothing(tmp_path):
    plain = tmp_path / "a.zhibu"
    plain.write_bytes(b"SQLite format 3\0" + bytes(4096 - 16))
    short = tmp_path / "b.zhibu"
    short.write_bytes(b"x" * 100)
    assert not keyderive.prefetch(plain, PASSPHRASE)
    assert not keyderive.prefetch(short, PASSPHRASE)
    assert not keyderive.prefetch(tmp_path / "missing.zhibu", PASSPHRASE)


def test_cli_with_the_passphrase_in_the_environment(book, monkeypatch, capsys):
    monkeypatch.setenv("ZHIBU_PASSPHRASE", PASSPHRASE)
    assert main(["members", "list", str(book)]) == 0
    monkeypatch.setenv("ZHIBU_PASSPHRASE", "错误口令")
    assert main(["members", "list", str(book)]) == 1
    assert "口令不正确" in capsys.readouterr().err


def test_the_same_derivation_is_started_once_and_another_passphrase_replaces_it(book, monkeypatch):
    from desktop.storage import engine

    calls, real = [], engine.derive_key
    monkeypatch.setattr(engine, "derive_key", lambda p, s: calls.append(p) or real(p, s))
    keyderive.prefetch(book, "别的口令")
    keyderive.prefetch(book, PASSPHRASE)  # the user typed on: the older job is dropped
    keyderive.prefetch(book, PASSPHRASE)  # e.g. the unlock after the dialog's own early start
    ws = Workspace.open(book, PASSPHRASE, auto_backup=False)
    ws.close()
    assert calls.count(PASSPHRASE) == 1 and calls.count("别的口令") <= 1
