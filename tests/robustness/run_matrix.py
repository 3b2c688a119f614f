"""Run SECURITY.md's reliability matrix and print the figures (runs, faults injected, failures).

    .venv/bin/python tests/robustness/run_matrix.py          # quick: the counts CI uses
    .venv/bin/python tests/robustness/run_matrix.py --long   # full counts (200 SIGKILLs, 8 lock contenders …)

It runs the pytest modules of tests/robustness/ and the SIGKILL soak with ZHIBU_LONG / ZHIBU_SOAK_RUNS set,
each test recording its figures (figures.py), and exits non-zero when any test failed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MODULES = ["tests/robustness", "tests/desktop/test_kill_during_writes.py"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--long", action="store_true", help="full counts (takes tens of minutes)")
    parser.add_argument("-k", default="", help="only tests matching this pytest -k expression")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "figures.jsonl"
        env = dict(os.environ, ZHIBU_MATRIX_REPORT=str(report), QT_QPA_PLATFORM="offscreen")
        if args.long:
            env.update(ZHIBU_LONG="1", ZHIBU_SOAK_RUNS="200")
        cmd = [sys.executable, "-m", "pytest", *MODULES, "-q", "-p", "no:randomly"] + (["-k", args.k] if args.k else [])
        code = subprocess.call(cmd, cwd=ROOT, env=env)
        rows = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()] if report.exists() else []
    totals: dict[str, dict] = {}
    for row in rows:
        t = totals.setdefault(row["scenario"], {"runs": 0, "faults": 0, "failures": 0})
        for k in t:
            t[k] += row[k]
    print(f"\n{'scenario':44} {'runs':>7} {'faults':>7} {'failures':>8}")
    for name, t in totals.items():
        print(f"{name:44} {t['runs']:>7} {t['faults']:>7} {t['failures']:>8}")
    runs, faults, failures = (sum(t[k] for t in totals.values()) for k in ("runs", "faults", "failures"))
    print(f"{'total':44} {runs:>7} {faults:>7} {failures:>8}   ({'long' if args.long else 'quick'}; pytest exit {code})")
    return code


if __name__ == "__main__":
    raise SystemExit(main())
