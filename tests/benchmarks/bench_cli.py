"""Read-only ``zhibu-cli`` commands on the demo book, whole process (run on demand):

    python tests/benchmarks/bench_cli.py [--runs 5]

Target (issue #13): ``members list``, ``meetings list`` and ``status`` ≤ 0.5 s each, KDF included. Baselines in
the same run: a bare interpreter (``python -c pass``) and one that only imports the storage stack every book
command needs (SQLAlchemy + SQLCipher). Best of ``--runs``, with an open-time backup made less than an hour ago
(as on every open but the first of the hour); the first open, which makes that backup, is printed apart.
Wall time and the CPU time of the child process (user + system, all threads; the steadier figure on a busy
machine — the key derivation runs on a second thread, so wall time can be below CPU time) are both printed.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TARGET_S = 0.5
COMMANDS = (("members", "list"), ("meetings", "list"), ("status",))


CPU: dict[str, list[float]] = {}


def timed(args: list[str], env: dict, name: str = "") -> float:
    """Wall time of one child process; its CPU time is kept in ``CPU[name]``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.setdefault(name, []).append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return wall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        env = dict(os.environ, ZHIBU_DATA_DIR=str(data), ZHIBU_PASSPHRASE="演示口令2026", PYTHONPATH=str(ROOT))
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed (pip, PyInstaller): modules load from bytecode
        book = str(data / "演示支部.zhibu")
        print("creating the demo book …", flush=True)
        subprocess.run([sys.executable, "-m", "desktop", "demo", book], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL)
        for command in COMMANDS:  # warm the file cache and the bytecode of each command's modules
            timed(["-m", "desktop", *command, book], env)
        shutil.rmtree(data / "backups", ignore_errors=True)
        first = timed(["-m", "desktop", "status", book], env)  # makes the hourly open-time backup
        bare = min(timed(["-c", "pass"], env, "bare") for _ in range(args.runs))
        stack = min(timed(["-c", "import sqlalchemy.orm, sqlcipher3"], env, "stack") for _ in range(args.runs))
        results = {" ".join(c): min(timed(["-m", "desktop", *c, book], env, " ".join(c)) for _ in range(args.runs))
                   for c in COMMANDS}
    cpu = {name: min(values) for name, values in CPU.items()}
    print(f"load average {os.getloadavg()[0]:.2f}; wall time, then CPU time of the process (best of {args.runs})")
    print(f"bare interpreter (baseline):            {bare:6.3f} s   CPU {cpu['bare']:6.3f} s")
    print(f"import SQLAlchemy + SQLCipher (floor):  {stack:6.3f} s   CPU {cpu['stack']:6.3f} s")
    for name, s in results.items():
        print(f"zhibu-cli {name:<14}                {s:6.3f} s   CPU {cpu[name]:6.3f} s   {s / bare:5.1f}× bare, "
              f"{s / stack:4.1f}× floor (CPU {cpu[name] / cpu['stack']:4.1f}× floor)")
    print(f"  (first open of the hour, with its backup: status {first:.3f} s)")
    ok = all(s <= TARGET_S for s in results.values())
    print(f"target ≤ {TARGET_S} s:", "OK" if ok else "MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
