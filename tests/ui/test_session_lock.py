"""Auto-lock on the operating system's session lock (D-Bus screensaver / logind; WTS on Windows)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ui.uihelpers import wait_tasks

ROOT = Path(__file__).resolve().parents[2]


def test_os_session_lock_locks_the_book(qtbot, unlocked):
    assert unlocked.ws is not None
    unlocked.session_lock.session_locked.emit()  # what the D-Bus / WTS handlers emit
    wait_tasks(qtbot, unlocked)
    assert unlocked.ws is None and unlocked.main_window.is_locked


PROBE = """
import subprocess, sys
sys.path.insert(0, {root!r})
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
from ui.session_lock import SessionLockWatcher
w = SessionLockWatcher()
w.session_locked.connect(lambda: (print("LOCKED", flush=True), app.quit()))
QTimer.singleShot(300, lambda: subprocess.run(["dbus-send", "--session", "--type=signal", "/org/freedesktop/ScreenSaver",
                                              "org.freedesktop.ScreenSaver.ActiveChanged", "boolean:true"]))
QTimer.singleShot(8000, app.quit)
app.exec()
"""


@pytest.mark.skipif(not shutil.which("dbus-run-session") or not shutil.which("dbus-send"), reason="no D-Bus tools")
def test_screensaver_signal_on_a_real_session_bus_is_heard():
    out = subprocess.run(["dbus-run-session", "--", sys.executable, "-c", PROBE.format(root=str(ROOT))],
                         capture_output=True, text=True, timeout=60, env={**__import__("os").environ,
                                                                           "QT_QPA_PLATFORM": "offscreen"})
    assert "LOCKED" in out.stdout, out.stderr[-500:]
