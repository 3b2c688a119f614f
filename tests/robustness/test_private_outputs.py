"""No stray plaintext, nothing world-readable (issue #14): private modes, temp files found and removed after a
kill, ID numbers and phones kept off the command line, ``passwd`` backs up first, the CLI's growing delay."""

from __future__ import annotations

import io
import json
import os
import signal
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from desktop.cli.main import main
from desktop.domain.member_rules import MemberInput
from desktop.storage import atomic, tempfiles
from desktop.workspace import Workspace
from tests.conftest import PASSPHRASE
from tests.desktop.test_cli_members import ZHANG, make_id, run

ROOT = Path(__file__).resolve().parents[2]
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX modes")


@pytest.fixture
def cli_book(book_path, monkeypatch):
    Workspace.create(book_path, PASSPHRASE, "测试党支部").close()
    monkeypatch.setenv("ZHIBU_PASSPHRASE", PASSPHRASE)
    return str(book_path)


def _mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


@posix_only
def test_book_backups_settings_and_exports_are_owner_only_even_under_umask_022(tmp_path, data_dir, capsys):
    old = os.umask(0o022)
    try:
        book = tmp_path / "私密.zhibu"
        with Workspace.create(book, PASSPHRASE, "测试党支部") as ws:
            ws.members.add(MemberInput(name="李四", gender="女", birth_date=date(1990, 1, 2),
                                       joined_on=date(2015, 7, 1), id_number=make_id(date(1990, 1, 2), "124")))
            backup = ws.backup()
            dest = ws.backup(tmp_path / "u盘备份.zhibu")
            export = ws.members.export_xlsx(tmp_path / "花名册.xlsx", full_id=True)
        from ui.settings_store import SettingsStore  # settings.json is written by the GUI's store (Qt-free)

        store = SettingsStore()
        store.remember_book(book, "测试党支部")
        for f in (book, backup, dest, export, store.file):
            assert _mode(f) == 0o600, (f, oct(_mode(f)))
        for folder in (data_dir, backup.parent, data_dir / "backups"):
            assert _mode(folder) == 0o700, (folder, oct(_mode(folder)))
    finally:
        os.umask(old)


KILLED_WRITER = """
import os, sys
sys.path.insert(0, {root!r})
from desktop import paths
paths.set_data_dir({data!r})
from desktop.storage import atomic
tmp = atomic.temp_path_for(__import__("pathlib").Path({target!r}))
atomic.create_private(tmp)
open(tmp, "wb").write("身份证号 110105198005171234 全文".encode())
print("written", flush=True)
import time; time.sleep(60)
"""


def test_temp_file_of_a_killed_export_is_removed_at_the_next_start(tmp_path, data_dir, cli_book, capsys):
    target = tmp_path / "花名册.xlsx"
    proc = subprocess.Popen([sys.executable, "-c", KILLED_WRITER.format(root=str(ROOT), data=str(data_dir),
                                                                       target=str(target))],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "written"
    leftover = [p for p in tmp_path.iterdir() if p.name.startswith(".花名册.xlsx.")]
    assert leftover and tempfiles.clean_stale() == []  # its owner still runs: not touched
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    code, _, err = run(capsys, "check", cli_book)  # any next start cleans up
    assert code == 0, err
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".花名册.xlsx.")]
    assert [p.name for p in (data_dir / "tmp").glob("pending-*.txt")] in ([], [f"pending-{os.getpid()}.txt"])


def test_staged_rekey_beside_the_book_is_removed_at_the_next_open(book_path, ws):
    ws.close()
    staged = Path(str(book_path) + ".rekey")
    staged.write_bytes(b"x" * 4096)
    Workspace.open(book_path, PASSPHRASE, auto_backup=False).close()
    assert not staged.exists()


def test_id_number_and_phone_from_stdin_json_or_prompt_not_the_command_line(cli_book, capsys, monkeypatch, tmp_path):
    number = make_id(date(1980, 5, 17), "131")
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{number}\n13800000000\n"))
    code, out, err = run(capsys, "members", "add", cli_book, *ZHANG, "--id-number", "-", "--phone", "-")
    assert code == 0, err
    private = tmp_path / "private.json"
    other = make_id(date(1981, 6, 1), "222")
    private.write_text(json.dumps({"id_number": other, "phone": "13900000000"}), encoding="utf-8")
    code, _, err = run(capsys, "members", "add", cli_book, "--name", "王五", "--gender", "女", "--birth", "1981-06-01",
                       "--joined", "2006-07-01", "--private-json", str(private))
    assert code == 0, err
    code, out, _ = run(capsys, "members", "list", cli_book, "--json", "--full-id")
    rows = {r["name"]: r for r in json.loads(out)}
    assert rows["张三"]["id_number"] == number and rows["张三"]["phone"] == "13800000000"
    assert rows["王五"]["id_number"] == other and rows["王五"]["phone"] == "13900000000"
    private.write_text("{not json", encoding="utf-8")
    code, _, err = run(capsys, "members", "add", cli_book, *ZHANG, "--private-json", str(private))
    assert code == 2 and "JSON" in err
    code, out, _ = run(capsys, "members", "add", "--help")
    assert "进程列表" in out and "--private-json" in out


def test_passwd_makes_a_backup_first(cli_book, capsys, monkeypatch):
    monkeypatch.setenv("ZHIBU_NEW_PASSPHRASE", "新的口令-456789")
    code, _, err = run(capsys, "passwd", cli_book)
    assert code == 0, err
    from desktop.workspace import backups_of, check_passphrase

    made = [b for b in backups_of(Path(cli_book)) if b.reason == "passwd"]
    assert made
    check_passphrase(made[0].path, PASSPHRASE)  # the backup keeps the old passphrase


def test_cli_wrong_passphrase_gets_the_growing_delay_persisted_per_book(cli_book, capsys, monkeypatch):
    from desktop.unlock_throttle import FailureThrottle

    monkeypatch.setenv("ZHIBU_PASSPHRASE", "错误的口令")
    slept: list[float] = []
    monkeypatch.setattr("time.sleep", lambda s: (slept.append(s), _advance(s)))
    now = [1_000_000.0]

    def _advance(s):
        now[0] += s
    monkeypatch.setattr("time.time", lambda: now[0])
    for _ in range(4):
        code, _, err = run(capsys, "check", cli_book)
        assert code == 1 and "口令不正确" in err
    assert FailureThrottle(book=Path(cli_book), clock=lambda: now[0]).failures == 4  # persisted across "processes"
    assert sum(slept) >= 2  # the 4th try waited for the 3rd failure's delay
    monkeypatch.setenv("ZHIBU_PASSPHRASE", PASSPHRASE)
    now[0] += 120
    code, _, err = run(capsys, "check", cli_book)
    assert code == 0, err
    assert FailureThrottle(book=Path(cli_book)).failures == 0  # success resets it


def test_atomic_write_leaves_no_temp_and_a_private_file(tmp_path):
    target = tmp_path / "文书.pdf"
    atomic.write_bytes(target, b"%PDF")
    assert target.read_bytes() == b"%PDF" and [p.name for p in tmp_path.iterdir()] == ["文书.pdf"]
    if os.name == "posix":
        assert _mode(target) == 0o600
