"""Fuzz every CLI command's arguments and inputs: no exception escapes, no traceback (cli_fuzz.py)."""

from __future__ import annotations

import os
from pathlib import Path

from tests.conftest import PASSPHRASE
from tests.robustness.cli_fuzz import fuzz
from tests.robustness.figures import record

LONG = os.environ.get("ZHIBU_LONG") == "1"
ROOT = Path(__file__).resolve().parents[2]


def test_no_cli_input_produces_a_traceback(ws, tmp_path, monkeypatch):
    ws.close()
    monkeypatch.setenv("ZHIBU_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("ZHIBU_NEW_PASSPHRASE", PASSPHRASE)
    work = tmp_path / "fuzz"
    work.mkdir()
    before = sorted(os.listdir(ROOT))
    result = fuzz(ws.path, work, runs=1500 if LONG else 60)
    record("CLI fuzz (exception escaped or traceback)", result.runs, 0, len(result.escaped),
           unexpected=len(result.unexpected))
    assert not result.escaped, result.escaped[:5]
    assert sorted(os.listdir(ROOT)) == before  # nothing landed in the working copy (relative paths stay in work/)
    assert result.exit_codes.get(2, 0) and result.exit_codes.get(1, 0)  # both usage and user errors were reached
