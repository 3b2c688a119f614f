"""The one app-wide event filter: typing keeps the auto-lock away and the lock comes once the input stops; Ctrl+L
locks from any window; a dialog shown off the screen is moved onto it."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from tests.ui.uihelpers import members_page, wait_tasks


def test_typing_defers_the_auto_lock_until_input_stops(qtbot, unlocked):
    page = members_page(qtbot, unlocked)
    page.search.setFocus()
    unlocked.idle.set_timeout(0.4)
    end = time.monotonic() + 1.0  # 2.5× the limit, with a key every 0.1 s
    while time.monotonic() < end:
        qtbot.keyClick(page.search, Qt.Key_A)
        qtbot.wait(100)
        assert not unlocked.main_window.is_locked
    qtbot.waitUntil(lambda: unlocked.main_window.is_locked, timeout=5000)
    wait_tasks(qtbot, unlocked)
    assert "自动锁定" in unlocked.main_window.locked_view.reason.text()


def test_ctrl_l_in_a_plain_dialog_locks_and_is_consumed(qtbot, unlocked):
    dlg = QDialog(unlocked.main_window)
    seen = []
    dlg.keyPressEvent = lambda event: seen.append(event.key())
    dlg.open()
    qtbot.waitExposed(dlg)
    qtbot.keyClick(dlg, Qt.Key_L, Qt.ControlModifier)
    qtbot.waitUntil(lambda: unlocked.main_window.is_locked, timeout=5000)
    wait_tasks(qtbot, unlocked)
    assert Qt.Key_L not in seen  # the key press went to the lock, not to the dialog
    assert "手动锁定" in unlocked.main_window.locked_view.reason.text()


def test_a_dialog_shown_off_the_screen_is_moved_onto_it(qtbot, session):
    avail = QApplication.primaryScreen().availableGeometry()
    dlg = QDialog(session.start_window)
    dlg.resize(300, 200)
    dlg.move(avail.right() + 500, avail.bottom() + 500)
    dlg.show()
    qtbot.waitExposed(dlg)
    frame = dlg.frameGeometry()
    assert avail.contains(frame.topLeft()) and frame.right() <= avail.right() + 1
    dlg.close()
