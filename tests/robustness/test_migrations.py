"""SECURITY matrix 13: a book of every released schema (tests/fixtures/schema-*.zhibu, made by
tools/make_schema_fixtures.py) opens and migrates with its data; killed mid-migration, the old book still opens."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sqlcipher3

from desktop.storage import migrate
from desktop.storage.engine import derive_key
from desktop.workspace import Workspace
from tests.robustness.figures import record
from tools.make_schema_fixtures import BRANCH, FIXTURE_PASSPHRASE, FIXTURES

ROOT = Path(__file__).resolve().parents[2]
REVISIONS = sorted(p.stem.split("-", 1)[1] for p in FIXTURES.glob("schema-*.zhibu"))


def test_there_is_a_fixture_for_every_released_revision():
    from alembic.script import ScriptDirectory

    released = {r.revision for r in ScriptDirectory.from_config(migrate._config()).walk_revisions()}
    assert released <= set(REVISIONS), f"make a fixture for {sorted(released - set(REVISIONS))}"


def _revision_on_disk(path: Path) -> str:
    key = derive_key(FIXTURE_PASSPHRASE, path.read_bytes()[:16])
    conn = sqlcipher3.connect(str(path))
    try:
        conn.execute(f"PRAGMA key = {key.pragma_value}")
        return conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        conn.close()


@pytest.mark.parametrize("revision", REVISIONS)
def test_book_of_every_released_schema_opens_with_its_data(revision, tmp_path):
    book = tmp_path / f"old-{revision}.zhibu"
    shutil.copy(FIXTURES / f"schema-{revision}.zhibu", book)
    with Workspace.open(book, FIXTURE_PASSPHRASE) as ws:
        record("migration from a released schema fixture", 1, 0, int(not ws.check()["ok"]))
        assert ws.check()["ok"]
        assert ws.branch().name == BRANCH
        members = {m.name: m for m in ws.members.list(order="roster")}
        assert set(members) == {"赵一", "钱二"} and members["赵一"].id_number == "110105198005171318"
        if revision != migrate.head_revision():
            assert [b for b in ws.list_backups() if b.reason == "migrate"]  # a backup before migrating
    assert _revision_on_disk(book) == migrate.head_revision()


KILLER = """
import os, signal, sys
sys.path.insert(0, {root!r})
from desktop import paths
paths.set_data_dir({data!r})
from alembic.operations import Operations
real = Operations.create_table
count = [0]
def create_table(self, *a, **k):
    count[0] += 1
    if count[0] == {after}:
        os.kill(os.getpid(), signal.SIGKILL)
    return real(self, *a, **k)
Operations.create_table = create_table
from desktop.workspace import Workspace
Workspace.open({book!r}, {passphrase!r})
print("finished without being killed")
"""


@pytest.mark.parametrize("after", [1, 4])
def test_kill_mid_migration_leaves_the_old_book_openable(tmp_path, data_dir, after):
    oldest = REVISIONS[0]
    book = tmp_path / "killed.zhibu"
    shutil.copy(FIXTURES / f"schema-{oldest}.zhibu", book)
    script = KILLER.format(root=str(ROOT), data=str(data_dir), after=after, book=str(book),
                           passphrase=FIXTURE_PASSPHRASE)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert proc.returncode == -9, (proc.returncode, proc.stdout, proc.stderr)
    record("SIGKILL mid-migration: old book opens", 1, 1, int(_revision_on_disk(book) != oldest))
    assert _revision_on_disk(book) == oldest  # all or nothing: the old schema, intact
    with Workspace.open(book, FIXTURE_PASSPHRASE) as ws:  # and it opens (migrating now)
        assert ws.check()["ok"] and len(ws.members.list(order="roster")) == 2
