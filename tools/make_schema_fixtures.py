"""Write one small fixture book per released schema revision into tests/fixtures/ (SECURITY matrix 13).

    .venv/bin/python tools/make_schema_fixtures.py

Each book is created at that revision with Alembic, holds a branch, a group and two members (one with an ID
number), and is encrypted with FIXTURE_PASSPHRASE. Run once per released revision; commit the new file.
Existing fixtures are kept: they stand for books in the field and must never be regenerated.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIXTURES = ROOT / "tests" / "fixtures"
FIXTURE_PASSPHRASE = "旧版本口令-2026"
BRANCH = "夹具机关第一党支部"


def make(revision: str) -> Path:
    from alembic import command
    from alembic.script import ScriptDirectory

    from desktop.storage import engine as book_engine
    from desktop.storage import migrate

    dest = FIXTURES / f"schema-{revision}.zhibu"
    if dest.exists():
        return dest
    FIXTURES.mkdir(parents=True, exist_ok=True)
    assert revision in {r.revision for r in ScriptDirectory.from_config(migrate._config()).walk_revisions()}
    key = book_engine.create_file(dest, FIXTURE_PASSPHRASE)
    engine = book_engine.make_engine(dest, key)
    try:
        with engine.begin() as conn:
            command.upgrade(migrate._config(conn), revision)
        with engine.begin() as conn:
            conn.exec_driver_sql(
                "INSERT INTO branch(name, kind, committee_name, contact_person, contact_phone, created_at) "
                "VALUES (?, '机关', '夹具上级党委', '', '', '2025-01-02 09:00:00')", (BRANCH,))
            conn.exec_driver_sql("INSERT INTO party_group(name, sort_order) VALUES ('第一党小组', 1)")
            for name, gender, birth, idn in (("赵一", "男", "1980-05-17", "110105198005171318"),
                                             ("钱二", "女", "1990-01-02", None)):
                conn.exec_driver_sql(
                    "INSERT INTO member(name, gender, ethnicity, birth_date, id_number, education, joined_on, "
                    "group_id, position, phone, notes, roster_order, created_at, updated_at) VALUES "
                    "(?, ?, '汉族', ?, ?, '大学', '2005-07-01', 1, '', '', '', 1, '2025-01-02 09:00:00', "
                    "'2025-01-02 09:00:00')", (name, gender, birth, idn))
        raw = engine.raw_connection()
        try:
            raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            raw.driver_connection.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            raw.close()
    finally:
        engine.dispose()
    for suffix in ("-wal", "-shm"):
        Path(str(dest) + suffix).unlink(missing_ok=True)
    return dest


if __name__ == "__main__":
    from alembic.script import ScriptDirectory

    from desktop.storage import migrate

    revisions = [r.revision for r in ScriptDirectory.from_config(migrate._config()).walk_revisions()]
    for rev in reversed(revisions):
        print(make(rev), make(rev).stat().st_size)
