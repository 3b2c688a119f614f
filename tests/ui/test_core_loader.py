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


DEMO = r"""
import sys
import ui.session as S
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
seen = []
offer = S.AppSession.request_unlock

def request_unlock(self, path, reason=""):
    dlg = offer(self, path, reason)
    QApplication.processEvents()
    dlg.grab()
    core = any(m in sys.modules for m in ("sqlalchemy", "sqlcipher3", "desktop.workspace"))
    seen.append(f"{core} {dlg.fill_demo_button.isVisibleTo(dlg)}")

    def unlocked():
        print(seen[0], self.main_window.state_label.text(), flush=True)
        QApplication.quit()

    self.unlocked.connect(unlocked)
    dlg.passphrase.setText(sys.argv[1])
    QTimer.singleShot(0, dlg.unlock_button.click)
    QTimer.singleShot(20_000, QApplication.quit)
    return dlg

S.AppSession.request_unlock = request_unlock
from ui.app import main
sys.exit(main(sys.argv[2:]))
"""


@pytest.mark.parametrize("committee", [False, True], ids=["demo", "committee-demo"])
def test_demo_start_offers_an_existing_demo_book_before_the_core_loads(make_book, tmp_path, committee):
    """``python3 dev.py demo`` (the quick start): with the demo book already made, its unlock dialog (with the
    demo passphrase offered) is painted without waiting for SQLAlchemy and the models, as for any other book;
    before, ``--demo`` loaded the whole core first (≈0.35 s more before anything was on screen)."""
    data = tmp_path / "data"
    data.mkdir()
    make_book(path=data / "演示支部.zhibu")  # stands in for the demo book (building the real one takes a while)
    args = ["--demo", "--data-dir", str(data)]
    expected = "已解锁：测试党支部"
    if committee:
        make_book(name="测试工委", path=data / "演示机关工委.zhibu")  # only opened: a branch book does
        args.append("--committee")
        expected = "已解锁：测试工委"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", DEMO, PASSPHRASE, *args], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == f"False True {expected}"
