"""Shared fixtures. Every test gets its own data folder; Qt (when a UI test loads it) runs offscreen."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PASSPHRASE = "测试口令-Test-123"


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
def ws(book_path):
    """An open, empty workspace for a branch named 测试党支部."""
    from desktop.workspace import Workspace

    workspace = Workspace.create(book_path, PASSPHRASE, "测试党支部")
    yield workspace
    if workspace.is_open:
        workspace.close()
