"""The start screen and the unlock dialog appear before the core (SQLAlchemy, the models) is loaded; it loads on
a thread of its own meanwhile, and the book then opens as always. A failed background import is not lost."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT
from tests.ui.uihelpers import PASSPHRASE

APP = r"""
import sys, time
from ui.app import create_app
from desktop import paths
paths.set_data_dir(sys.argv[2])
app = create_app(sys.argv[:1])
from ui.session import AppSession
session = AppSession()
session.show_start()
session.offer_book(sys.argv[1])
app.processEvents()
session.unlock_dialog.grab()
shown_without_core = not any(m in sys.modules for m in ("sqlalchemy", "sqlcipher3", "desktop.workspace"))
from ui import core_loader
core_loader.start_after_paint(session.start_window, fallback_ms=60_000)  # as ui.app.main does
deadline = time.monotonic() + 20
while not core_loader.started() and time.monotonic() < deadline:  # painting the start screen starts it
    app.processEvents()
    time.sleep(0.01)
core_loader.wait()
dlg = session.unlock_dialog
dlg.passphrase.setText(sys.argv[3])
dlg.unlock_button.click()
deadline = time.monotonic() + 20
while session.main_window is None and time.monotonic() < deadline:
    app.processEvents()
    time.sleep(0.01)
print(shown_without_core, session.main_window.state_label.text() if session.main_window else "not unlocked")
session.shutdown()
"""


def test_unlock_dialog_shows_before_the_core_loads_and_the_book_then_opens(make_book, tmp_path):
    book = make_book()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", APP, str(book), str(tmp_path / "data"), PASSPHRASE], cwd=ROOT,
                         env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "True 已解锁：测试党支部"


def test_a_failed_background_import_is_raised_when_a_book_is_opened(monkeypatch):
    from ui import core_loader

    monkeypatch.setattr(core_loader, "MODULES", ("desktop.storage.schema", "desktop.no_such_module_p13"))
    monkeypatch.setattr(core_loader, "_thread", None)
    monkeypatch.setattr(core_loader, "_failed", False)
    core_loader.start()
    with pytest.raises(ModuleNotFoundError, match="no_such_module_p13"):
        core_loader.wait()
