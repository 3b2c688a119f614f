"""SECURITY matrix 3: Nth write / fsync / rename faults in every file the app writes (see faults.py)."""

from __future__ import annotations

import os

from tests.conftest import PASSPHRASE
from tests.robustness.faults import sweep_all
from tests.robustness.figures import record

LONG = os.environ.get("ZHIBU_LONG") == "1"


def test_fault_sweep_over_every_written_file(ws, tmp_path, data_dir):
    results = sweep_all(ws, tmp_path, data_dir, rounds=3 if LONG else 1, passphrase=PASSPHRASE)
    failures = [f for r in results.values() for f in r.failures]
    for name, r in results.items():
        record(f"fault sweep: {name}", r.runs, r.faults, len(r.failures))
    assert not failures, failures
    assert all(r.faults >= 2 for r in results.values()), {k: r.faults for k, r in results.items()}
    assert ws.check()["ok"]
