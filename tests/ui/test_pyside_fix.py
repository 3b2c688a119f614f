"""Thousands of Qt calls that return None must not crash the interpreter (PySide6 6.12 on CPython 3.11)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_many_none_returning_calls_do_not_abort():
    code = (
        "import ui\n"
        "from PySide6.QtCore import QObject\n"
        "o = QObject()\n"
        "for _ in range(20000):\n"
        "    o.setObjectName('x'); o.parent()\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "ok"
