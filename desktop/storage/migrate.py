"""Schema migrations, run from code when a book opens (after a verified backup).

Opening a book only needs to know whether a migration is due: the book's revision is read with one plain
query and the newest revision from the migration files' ``revision`` / ``down_revision`` lines, so Alembic
(≈0.1 s to import) is imported only when a migration actually runs (or the files cannot be read simply, in
which case Alembic itself answers).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from sqlalchemy.engine import Engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_REVISION_LINE = re.compile(r"^(revision|down_revision)\s*(?::[^=]*)?=\s*(.+?)\s*$", re.M)
_QUOTED = re.compile(r"^(['\"])([^'\"]+)\1$")


def _config(connection=None):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def alembic_head_revision() -> str:
    """Alembic's own answer (imports Alembic)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config()).get_current_head()


def _scan_head() -> str | None:
    """The single head of the revision graph read from the version files, or None when unsure."""
    revisions: dict[str, str | None] = {}
    for path in (MIGRATIONS / "versions").glob("*.py"):
        found = dict(m.groups() for m in _REVISION_LINE.finditer(path.read_text(encoding="utf-8")))
        if "revision" not in found:
            continue  # __init__.py and helpers
        rev = _QUOTED.match(found["revision"])
        down = found.get("down_revision", "None")
        down_m = _QUOTED.match(down)
        if rev is None or (down != "None" and down_m is None):
            return None  # a tuple (merge point) or a computed value: let Alembic decide
        revisions[rev.group(2)] = down_m.group(2) if down_m else None
    parents = set(revisions.values())
    heads = [r for r in revisions if r not in parents]
    return heads[0] if len(heads) == 1 else None


@lru_cache(maxsize=1)
def head_revision() -> str:
    return _scan_head() or alembic_head_revision()


def current_revision(engine: Engine) -> str | None:
    """The book's schema revision (``alembic_version``), read with one plain query; None for a new book."""
    with engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT version_num FROM alembic_version").fetchall() \
            if _has_version_table(conn) else []
        if len(rows) <= 1:
            return rows[0][0] if rows else None
        from alembic.runtime.migration import MigrationContext

        return MigrationContext.configure(conn).get_current_revision()  # several heads: Alembic's error


def _has_version_table(conn) -> bool:
    return conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
                                ).first() is not None


def needs_upgrade(engine: Engine) -> bool:
    return current_revision(engine) != head_revision()


def upgrade(engine: Engine) -> None:
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(_config(conn), "head")


def revision(engine: Engine, message: str) -> None:
    """Developer helper: autogenerate a migration against a book at head (tools/new_migration.py)."""
    from alembic import command

    with engine.begin() as conn:
        command.revision(_config(conn), message=message, autogenerate=True)
