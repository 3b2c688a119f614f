"""Honest errors (issue #14, SECURITY matrix 4 and 12): each kind of damage gets its own message, "口令不正确"
only for a wrong key on an intact file, the damaged file is never written, the newest verified backup is
named (and the CLI shows the restore command); a full backup folder only warns; disk errors are explained."""

from __future__ import annotations

import errno
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.cli.main import main
from desktop.errors import BookDamaged, WrongPassphrase
from desktop.storage import atomic
from desktop.workspace import Workspace
from tests.conftest import PASSPHRASE
from tests.desktop.test_cli_members import ZHANG
from tests.robustness.figures import record

ROOT = Path(__file__).resolve().parents[2]


def _flip(offset):
    def damage(data: bytearray) -> bytearray:
        data[offset if offset >= 0 else len(data) + offset] ^= 0xFF
        return data
    return damage


DAMAGE = {
    "page1": (_flip(100), "第 1 页"),
    "data-page": (_flip(4096 * 2 + 100), "数据页"),
    "last-page": (_flip(-200), "数据页"),
    "salt-zeroed": (lambda d: bytearray(16) + d[16:], "前 16 字节"),
    "salt-random": (lambda d: bytearray(os.urandom(16)) + d[16:], "前 16 字节"),
    "aligned-truncation": (lambda d: d[: len(d) - 4096 * 3], "截断"),
    "odd-truncation": (lambda d: d[:5000], "截断"),
    "zero-length": (lambda d: bytearray(), "空文件"),
}


@pytest.fixture
def book_with_backup(ws, book_path):
    from datetime import date

    from desktop.domain.member_rules import MemberInput

    for i in range(30):  # a few pages of data
        ws.members.add(MemberInput(name=f"党员{i}", gender="男", birth_date=date(1980, 1, 1),
                                   joined_on=date(2005, 7, 1), notes="记录" * 40))
    backup = ws.backup(reason="manual")
    ws.close()
    return book_path, backup


@pytest.mark.parametrize("kind", list(DAMAGE))
def test_each_damage_has_its_own_message_and_offers_the_verified_backup(book_with_backup, kind, capsys,
                                                                          monkeypatch):
    book, backup = book_with_backup
    damage, words = DAMAGE[kind]
    book.write_bytes(bytes(damage(bytearray(book.read_bytes()))))
    damaged = book.read_bytes()
    with pytest.raises(BookDamaged) as err:
        Workspace.open(book, PASSPHRASE, auto_backup=False)
    message = str(err.value)
    record("damaged book refused with its own message", 1, 1,
           int(not (words in message and "口令不正确" not in message and err.value.backup is not None)))
    assert words in message and "口令不正确" not in message, message
    assert err.value.backup is not None and str(backup) in message
    monkeypatch.setenv("ZHIBU_PASSPHRASE", PASSPHRASE)
    code = main(["check", str(book)])
    cli_err = capsys.readouterr().err
    assert code == 1 and "zhibu-cli restore" in cli_err and "Traceback" not in cli_err
    assert book.read_bytes() == damaged  # never written
    code = main(["restore", str(backup), str(book)])  # the offered way forward works
    assert code == 0, capsys.readouterr().err
    Workspace.open(book, PASSPHRASE, auto_backup=False).close()


def test_wrong_passphrase_only_when_the_file_is_intact(book_with_backup):
    book, _ = book_with_backup
    with pytest.raises(WrongPassphrase):
        Workspace.open(book, "完全不对的口令")


def test_old_passphrase_after_passwd_is_wrong_not_damaged(book_with_backup, monkeypatch):
    """Backups made before the change carry the old salt: that must not look like a destroyed salt."""
    book, _ = book_with_backup
    with Workspace.open(book, PASSPHRASE) as ws:
        ws.change_passphrase("新的口令-456789")
    with pytest.raises(WrongPassphrase):
        Workspace.open(book, PASSPHRASE)
    Workspace.open(book, "新的口令-456789", auto_backup=False).close()


def test_full_backup_folder_warns_and_keeps_working(book_with_backup, monkeypatch, capsys):
    book, backup = book_with_backup
    backup.rename(backup.with_name("20200101-000000-manual.zhibu"))  # an automatic backup is due on open

    def full(step, path):
        if step == "write" and "backups" in str(path):
            raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(atomic, "fault_hook", full)
    with Workspace.open(book, PASSPHRASE) as ws:
        assert ws.warnings and "自动备份没有成功" in ws.warnings[0]
        assert ws.members.count() == 30  # working
    monkeypatch.setenv("ZHIBU_PASSPHRASE", PASSPHRASE)
    code = main(["members", "add", str(book), *ZHANG])
    err = capsys.readouterr().err
    assert code == 0 and "注意" in err and "自动备份没有成功" in err
    monkeypatch.setattr(atomic, "fault_hook", None)  # space again: the next open backs up (it is still due)
    with Workspace.open(book, PASSPHRASE) as ws:
        assert not ws.warnings and ws.list_backups()[0].reason == "open"


def _limited(limit: int):
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_write_failures_inside_a_transaction_are_explained_not_a_traceback(book_with_backup, data_dir):
    book, _ = book_with_backup
    before = Workspace.open(book, PASSPHRASE, auto_backup=False)
    count = before.members.count()
    before.close()
    env = dict(os.environ, PYTHONPATH=str(ROOT), ZHIBU_PASSPHRASE=PASSPHRASE, ZHIBU_DATA_DIR=str(data_dir))
    for limit in (0, 4096, 20000):
        out = subprocess.run([sys.executable, "-m", "desktop", "members", "add", str(book), *ZHANG], env=env,
                             cwd=ROOT, capture_output=True, text=True, preexec_fn=_limited(limit), timeout=120)
        assert out.returncode == 1 and "Traceback" not in out.stderr, out.stderr
        assert "磁盘" in out.stderr, out.stderr
    with Workspace.open(book, PASSPHRASE, auto_backup=False) as ws:
        assert ws.check()["ok"] and ws.members.count() == count
