"""SECURITY matrix 10: after a CLI session with a canary member, the canary is in plaintext only in the files
the user chose to save; no temp file survives; everything the app created is owner-only."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from desktop.cli.main import main
from tests.conftest import PASSPHRASE
from tests.desktop.test_cli_members import make_id
from tests.robustness.figures import record

CANARY = "金丝雀王大锤"


def test_canary_only_in_files_the_user_saved(tmp_path, data_dir, monkeypatch, capsys):
    from datetime import date

    import io
    import sys

    monkeypatch.setenv("ZHIBU_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("ZHIBU_NEW_PASSPHRASE", "新口令-987654")
    book = tmp_path / "books" / "支部.zhibu"
    book.parent.mkdir()
    saved = tmp_path / "saved"
    saved.mkdir()
    id_number = make_id(date(1980, 5, 17), "131")
    steps = [
        ["init", str(book), "--branch", "测试党支部"],
        ["members", "add", str(book), "--name", CANARY, "--gender", "男", "--birth", "1980-05-17",
         "--joined", "2005-07-01", "--id-number", "-", "--phone", "-"],
        ["members", "export", str(book), str(saved / "花名册.xlsx"), "--full-id"],
        ["backup", str(book), str(saved / "备份.zhibu")],
        ["passwd", str(book)],
    ]
    for argv in steps:
        monkeypatch.setattr(sys, "stdin", io.StringIO(f"{id_number}\n13800000000\n"))
        assert main(argv) == 0, (argv, capsys.readouterr().err)
        if argv[0] == "passwd":
            monkeypatch.setenv("ZHIBU_PASSPHRASE", "新口令-987654")
    assert main(["check", str(book)]) == 0
    needles = [CANARY.encode("utf-8"), id_number.encode("ascii"), CANARY.encode("utf-16-le")]
    leaks, scanned = [], 0
    for root in (data_dir, book.parent, saved):
        for f in root.rglob("*"):
            if not f.is_file():
                continue
            scanned += 1
            data = f.read_bytes()
            if any(n in data for n in needles) and f != saved / "花名册.xlsx":
                leaks.append(str(f))
            if os.name == "posix":
                assert stat.S_IMODE(f.stat().st_mode) & 0o077 == 0, f
    temps = [p.name for root in (data_dir, book.parent, saved) for p in root.rglob(".*")]
    record("leak scan: files with plaintext canary outside saved files", scanned, 0, len(leaks) + len(temps))
    assert not leaks and not temps, (leaks, temps)
    assert os.path.getsize(saved / "花名册.xlsx") > 0
