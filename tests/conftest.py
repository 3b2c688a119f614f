"""Shared fixtures. Every test gets its own data folder; Qt (when a UI test loads it) runs offscreen.

Books are expensive to make (a key derivation, then every migration; the demo ≈9 s), so each kind is made once
per test session (``book_templates``) and every test gets its own copy of the closed file, opened the normal way
(``Workspace.open``: passphrase check, schema version check). A copy of a closed SQLCipher file is the same book.
"""

from __future__ import annotations

import os
import shutil
import sys
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PASSPHRASE = "测试口令-Test-123"

# ZHIBU_TEST_FRESH_BOOKS=1: every test builds its own book and derives every key afresh, as the suite did before books
# were shared (docs/performance.md compares the two runs of the same tests).
FRESH_BOOKS = os.environ.get("ZHIBU_TEST_FRESH_BOOKS") == "1"
BRANCH = "测试党支部"


class BookTemplates:
    """Closed books made once per session, keyed by what went into them; ``copy`` gives a test its own file."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.made: dict[tuple, Path] = {}
        self.builds = 0

    def get(self, key: tuple, build) -> Path:
        """The template for ``key``, made with ``build(path)`` (in a private data folder) the first time."""
        path = None if FRESH_BOOKS else self.made.get(key)
        if path is None:
            from desktop import paths

            self.builds += 1  # a new file for every build (FRESH_BOOKS builds one per test)
            path = self.folder / f"{self.builds}.zhibu"
            before = paths._override  # not data_dir(): that would create a default folder
            paths.set_data_dir(self.folder / f"{self.builds}-data")  # no backups land in a test's folder
            try:
                build(path)
            finally:
                paths.set_data_dir(before)
            self.made[key] = path
        return path

    def copy(self, key: tuple, build, dest: Path) -> Path:
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.get(key, build), dest)
        return dest

    def empty(self, dest: Path, branch: str = BRANCH, passphrase: str = PASSPHRASE) -> Path:
        """A new book with only its branch, as ``Workspace.create`` leaves it, at ``dest``."""
        from desktop.workspace import Workspace

        return self.copy(("empty", branch, passphrase),
                         lambda p: Workspace.create(p, passphrase, branch).close(), dest)

    def demo(self, dest: Path, today: date | None = None, passphrase: str = PASSPHRASE) -> Path:
        """The demo book (``create_demo_book``, seed 2020) as of ``today`` at ``dest``."""
        from desktop.demo import create_demo_book

        today = today or date.today()
        return self.copy(("demo", today, passphrase),
                         lambda p: create_demo_book(p, passphrase, today=today), dest)


@pytest.fixture(scope="session")
def book_templates(tmp_path_factory) -> BookTemplates:
    return BookTemplates(tmp_path_factory.mktemp("book-templates"))


@pytest.fixture(autouse=True, scope="session")
def _kdf_once_per_salt():
    """PBKDF2-SHA512 × 256 000 is a pure function of (passphrase, salt): computed once per pair in a test session.

    Copies of a template share its salt, and CLI tests reopen a book many times; each pair still goes through the
    real derivation the first time, and a wrong passphrase still fails exactly as before (its key differs)."""
    from desktop.storage import backup, engine

    if FRESH_BOOKS:
        yield
        return
    real, cache = engine.derive_key, {}

    def derive_key(passphrase: str, salt: bytes):
        found = cache.get((passphrase, bytes(salt)))
        if found is None:
            found = cache[(passphrase, bytes(salt))] = real(passphrase, salt)
        return found

    engine.derive_key = backup.derive_key = derive_key
    yield
    engine.derive_key = backup.derive_key = real


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    """A private data folder (backups, settings) for each test."""
    from desktop import paths

    folder = tmp_path / "data"
    monkeypatch.setenv("ZHIBU_DATA_DIR", str(folder))
    paths.set_data_dir(folder)
    yield folder
    paths.set_data_dir(None)


@pytest.fixture
def book_path(tmp_path) -> Path:
    return tmp_path / "支部.zhibu"


@pytest.fixture
def ws(book_path, book_templates):
    """An open, empty workspace for a branch named 测试党支部."""
    from desktop.workspace import Workspace

    workspace = Workspace.open(book_templates.empty(book_path), PASSPHRASE, auto_backup=False)
    yield workspace
    if workspace.is_open:
        workspace.close()


@pytest.fixture
def demo_ws(tmp_path, book_templates):
    """An open copy of the demo book as of today (passphrase ``PASSPHRASE``)."""
    from desktop.workspace import Workspace

    workspace = Workspace.open(book_templates.demo(tmp_path / "演示.zhibu"), PASSPHRASE, auto_backup=False)
    yield workspace
    if workspace.is_open:
        workspace.close()
