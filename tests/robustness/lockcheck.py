"""Lock scenarios shared by the pytest module and ``run_matrix.py`` (quick in CI, full counts with --long)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _worker(*args: str, **kw) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-m", "tests.robustness.workers", *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8", **kw)


def contention(book: Path, processes: int, seconds: float) -> dict:
    """``processes`` contenders acquire/release for ``seconds``; returns acquisitions and overlaps."""
    sentinel = str(book) + ".inside"
    procs = [_worker("contend", str(book), str(seconds), sentinel) for _ in range(processes)]
    acquired = overlaps = 0
    for p in procs:
        out, err = p.communicate(timeout=seconds + 120)
        assert p.returncode == 0, err
        parts = out.split()
        acquired += int(parts[1])
        overlaps += int(parts[3])
    return {"processes": processes, "acquired": acquired, "overlaps": overlaps}


def cli(args: list[str], data_dir: Path, passphrase: str, new_passphrase: str = "") -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT), ZHIBU_PASSPHRASE=passphrase, ZHIBU_DATA_DIR=str(data_dir))
    if new_passphrase:
        env["ZHIBU_NEW_PASSPHRASE"] = new_passphrase
    return subprocess.run([sys.executable, "-m", "desktop", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=120)


def holder_keeps_writes(book: Path, data_dir: Path, passphrase: str, contenders: int, cli_attempts: int) -> dict:
    """A long-lived holder opens amid lock churn and writes; CLI writers and ``passwd`` try meanwhile.

    Returns the holder's acknowledged names and the CLI outcomes; the caller checks the book afterwards.
    """
    churn = [_worker("contend", str(book), "3", str(book) + ".inside") for _ in range(contenders)]
    stop = Path(str(book) + ".stop")
    holder = _worker("hold", str(book), passphrase, str(data_dir), str(stop), "30")
    first = holder.stdout.readline().strip()
    assert first == "open", (first, holder.stderr.read())
    outcomes = []
    for i in range(cli_attempts):
        if i % 2:
            r = cli(["passwd", str(book)], data_dir, passphrase, new_passphrase="另一个口令-xyz-987")
        else:
            r = cli(["members", "add", str(book), "--name", f"命令行{i}", "--gender", "男", "--birth", "1980-01-01",
                     "--joined", "2001-07-01"], data_dir, passphrase)
        outcomes.append((r.returncode, r.stderr.strip()))
    stop.write_bytes(b"")
    out, err = holder.communicate(timeout=120)
    for p in churn:
        p.communicate(timeout=120)
    lines = out.splitlines()
    assert lines[-1] == "done", err
    return {"acked": [line.split(" ", 1)[1] for line in lines if line.startswith("ack ")], "cli": outcomes}
