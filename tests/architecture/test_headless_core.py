"""The headless-core rule: importing every desktop module never loads Qt."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_desktop_never_imports_qt():
    code = (
        "import importlib, pkgutil, sys, desktop\n"
        "names = [m.name for m in pkgutil.walk_packages(desktop.__path__, 'desktop.')"
        " if '.migrations' not in m.name and not m.name.endswith('__main__')]\n"
        "for n in names: importlib.import_module(n)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'ui'))\n"
        "print(len(names)); assert not bad, bad\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert int(out.stdout.strip()) >= 10  # really walked the package


def test_no_source_line_imports_qt_in_desktop():
    offenders = []
    for path in (ROOT / "desktop").rglob("*.py"):
        for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            stripped = line.strip()
            if stripped.startswith(("import ", "from ")) and any(
                stripped.split()[1].split(".")[0] == mod for mod in ("PySide6", "shiboken6", "ui")
            ):
                offenders.append(f"{path.relative_to(ROOT)}:{no}")
    assert not offenders, offenders


def test_only_engine_opens_sqlcipher():
    """SECURITY.md: storage/engine.py is the one place that opens the book (backup.py exports through it)."""
    allowed = {"desktop/storage/engine.py", "desktop/storage/backup.py"}
    users = {
        str(p.relative_to(ROOT))
        for p in (ROOT / "desktop").rglob("*.py")
        if "sqlcipher3.connect(" in p.read_text(encoding="utf-8") or "import sqlite3" in p.read_text(encoding="utf-8")
    }
    assert users <= allowed, users - allowed
