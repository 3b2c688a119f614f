"""Autogenerate an Alembic migration from the models: python tools/new_migration.py "add meetings"."""

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from desktop.storage import engine as book_engine, migrate  # noqa: E402

with tempfile.TemporaryDirectory() as tmp:
    path = Path(tmp) / "scratch.zhibu"
    key = book_engine.create_file(path, "scratch")
    eng = book_engine.make_engine(path, key)
    migrate.upgrade(eng)
    migrate.revision(eng, sys.argv[1])
    eng.dispose()
