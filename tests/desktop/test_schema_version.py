"""Opening a book reads its schema revision with one plain query and imports Alembic only to migrate;
the answers are Alembic's own, and an older book is still backed up and migrated on open."""

from __future__ import annotations

import subprocess
import sys

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from desktop.storage import engine as book_engine
from desktop.storage import migrate
from desktop.workspace import Workspace
from tests.conftest import PASSPHRASE, ROOT


def test_head_read_from_the_files_is_alembics_head():
    assert migrate.head_revision() == ScriptDirectory.from_config(migrate._config()).get_current_head()


def test_current_revision_is_alembics_answer(ws, tmp_path):
    with ws.engine.connect() as conn:
        assert migrate.current_revision(ws.engine) == MigrationContext.configure(conn).get_current_revision()
    key = book_engine.create_file(tmp_path / "new.zhibu", PASSPHRASE)
    engine = book_engine.make_engine(tmp_path / "new.zhibu", key)
    try:
        assert migrate.current_revision(engine) is None  # a new file: no version table yet
    finally:
        engine.dispose()


def test_older_book_is_backed_up_then_migrated_on_open(tmp_path):
    from alembic import command

    path = tmp_path / "旧.zhibu"
    key = book_engine.create_file(path, PASSPHRASE)
    engine = book_engine.make_engine(path, key)
    with engine.begin() as conn:
        command.upgrade(migrate._config(conn), "0003")
    engine.dispose()
    with Workspace.open(path, PASSPHRASE) as ws:
        assert migrate.current_revision(ws.engine) == migrate.head_revision() != "0003"
        assert [b.reason for b in ws.list_backups()] == ["migrate"]


def test_opening_a_current_book_does_not_import_alembic(ws, book_path):
    ws.close()
    code = ("import sys; from desktop.workspace import Workspace; "
            f"Workspace.open({str(book_path)!r}, {PASSPHRASE!r}).close(); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_backup_later_leaves_the_open_backup_to_finish_open(ws, book_path):
    ws.close()
    with Workspace.open(book_path, PASSPHRASE, backup_later=True) as later:
        assert later.open_backup_pending and later.list_backups() == []
        made = later.finish_open()
        assert made is not None and [b.reason for b in later.list_backups()] == ["open"]
        assert later.finish_open() is None and len(later.list_backups()) == 1  # once
    with Workspace.open(book_path, PASSPHRASE, backup_later=True) as again:
        assert again.finish_open() is None  # still at most hourly


def test_backup_later_never_delays_the_backup_before_a_migration(tmp_path):
    from alembic import command

    path = tmp_path / "旧.zhibu"
    key = book_engine.create_file(path, PASSPHRASE)
    engine = book_engine.make_engine(path, key)
    with engine.begin() as conn:
        command.upgrade(migrate._config(conn), "0003")
    engine.dispose()
    with Workspace.open(path, PASSPHRASE, backup_later=True) as ws:
        assert [b.reason for b in ws.list_backups()] == ["migrate"] and not ws.open_backup_pending
