"""Helpers shared by the UI tests (importable as ``tests.ui.uihelpers``)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

PASSPHRASE = "测试口令-Test-123"  # same as tests/conftest.py


def id_number(birth: date, seq: int = 123) -> str:
    """A valid (checksummed) ID number for tests."""
    body = f"370102{birth:%Y%m%d}{seq:03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, weights)) % 11]


def wait_tasks(qtbot, session, timeout: int = 15000) -> None:
    qtbot.waitUntil(lambda: not session.tasks.busy, timeout=timeout)


def unlock(qtbot, session, book: Path, passphrase: str = PASSPHRASE):
    dlg = session.request_unlock(book)
    dlg.passphrase.setText(passphrase)
    dlg.unlock_button.click()
    wait_tasks(qtbot, session)
    return dlg


def members_page(qtbot, session):
    page = session.main_window.show_page("members")
    wait_tasks(qtbot, session)
    return page
