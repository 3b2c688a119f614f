"""Figures for the robustness report: tests call :func:`record`; ``run_matrix.py`` collects and prints them."""

from __future__ import annotations

import json
import os


def record(scenario: str, runs: int, faults: int, failures: int, **extra) -> None:
    """Append one scenario's figures to the file named by ZHIBU_MATRIX_REPORT (no-op when unset)."""
    target = os.environ.get("ZHIBU_MATRIX_REPORT")
    if not target:
        return
    row = {"scenario": scenario, "runs": runs, "faults": faults, "failures": failures, **extra}
    with open(target, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(row, ensure_ascii=False) + "\n")
