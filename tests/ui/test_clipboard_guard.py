"""Copied ID numbers are cleared from the clipboard after a while and when the book is locked."""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QGuiApplication

from tests.desktop.test_cli_members import make_id
from ui.clipboard_guard import ClipboardGuard, holds_id_number

ID = make_id(date(1980, 5, 17), "131")


def test_only_valid_id_numbers_count():
    assert holds_id_number(f"张三 {ID} 科长")
    assert not holds_id_number("订单号 123456789012345678") and not holds_id_number("")


def test_copied_id_number_is_cleared_after_the_delay(qtbot):
    clip = QGuiApplication.clipboard()
    guard = ClipboardGuard(clipboard=clip)
    guard.timer.setInterval(50)

    guard._ours = lambda: True  # offscreen has neither a clipboard owner nor an active window
    clip.setText(f"身份证号 {ID}")
    assert guard.timer.isActive()
    qtbot.waitUntil(lambda: clip.text() == "", timeout=3000)


def test_other_text_is_left_alone_and_lock_clears_at_once(qtbot):
    clip = QGuiApplication.clipboard()
    guard = ClipboardGuard(clipboard=clip)
    guard._ours = lambda: False  # copied in another program, even with an ID number: never touched
    clip.setText(f"别处复制的 {ID}")
    assert not guard.timer.isActive()
    guard.clear_now()
    assert clip.text() == f"别处复制的 {ID}"
    guard._ours = lambda: True
    clip.setText(ID)
    assert guard.timer.isActive()
    guard.clear_now()  # what the session does on lock and quit
    assert clip.text() == ""
