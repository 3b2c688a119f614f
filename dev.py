#!/usr/bin/env python3
"""Developer entry point that needs nothing but Python 3.11+.

    python3 dev.py demo    launch the GUI on the ready demo branch book (created on first run)
    python3 dev.py test    run the full test suite
    python3 dev.py cli …   run zhibu-cli inside the project environment
    python3 dev.py bench   run the benchmarks (tests/benchmarks)

Each command creates or updates the project's virtual environment (.venv) when pyproject.toml changed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("ZHIBU_VENV", ROOT / ".venv"))
STAMP = VENV / ".zhibu-installed"


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_env(extras: str = "test") -> Path:
    if sys.version_info < (3, 11):
        sys.exit("需要 Python 3.11 或更新版本。")
    py = venv_python()
    if not py.exists():
        print(f"创建虚拟环境 {VENV} …", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    want = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    if not STAMP.exists() or STAMP.read_text().strip() != want:
        print("安装依赖 …", flush=True)
        subprocess.check_call([str(py), "-m", "pip", "install", "-q", "--upgrade", "pip"])
        subprocess.check_call([str(py), "-m", "pip", "install", "-q", "-e", f"{ROOT}[{extras}]"])
        STAMP.write_text(want)
    return py


def main(argv: list[str]) -> int:
    cmd, rest = (argv[0], argv[1:]) if argv else ("help", [])
    if cmd == "demo":
        py = ensure_env()
        return subprocess.call([str(py), "-m", "ui", "--demo", *rest], cwd=ROOT)
    if cmd == "test":
        py = ensure_env()
        env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
        return subprocess.call([str(py), "-m", "pytest", *rest], cwd=ROOT, env=env)
    if cmd == "cli":
        py = ensure_env()
        return subprocess.call([str(py), "-m", "desktop", *rest], cwd=ROOT)
    if cmd == "bench":
        py = ensure_env()
        code = 0
        for bench in sorted((ROOT / "tests" / "benchmarks").glob("bench_*.py")):
            print(f"== {bench.name}", flush=True)
            code |= subprocess.call([str(py), str(bench), *rest], cwd=ROOT)
        return code
    print(__doc__)
    return 0 if cmd in ("help", "-h", "--help") else 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
