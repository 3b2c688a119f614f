"""The main flows work from the keyboard alone: add a member (Ctrl+N, typed dates, Enter), a meeting editor's
attendance (Space), 保存草稿 (Ctrl+S), 定稿 (Ctrl+Enter, Escape backs out), 打印/导出 (Ctrl+P, Escape closes it); shortcuts are
named in the tooltips. Unlocking with Enter is in test_start_and_unlock.py."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.domain.meeting_enums import AttendanceStatus, MeetingKind
from tests.ui.uihelpers import members_page, wait_tasks
from ui.widgets.attendance_grid import COL_STATUS


def tab_order(start, n: int) -> list:
    """The next ``n`` widgets Tab reaches after ``start``."""
    out, w = [], start.nextInFocusChain()
    while len(out) < n and w is not start:
        if w.focusPolicy() & Qt.TabFocus and w.isVisibleTo(start.window()) and w.isEnabled():
            out.append(w)
        w = w.nextInFocusChain()
    return out


def test_add_a_member_from_the_keyboard(qtbot, unlocked):
    page = members_page(qtbot, unlocked)
    unlocked.main_window.activateWindow()
    qtbot.waitActive(unlocked.main_window)
    assert "Ctrl+N" in page.add_button.toolTip()
    page.table.setFocus()
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key_N, Qt.ControlModifier)
    qtbot.waitUntil(lambda: getattr(page, "member_dialog", None) is not None)  # a shortcut "animates" the click
    dlg = page.member_dialog
    qtbot.waitActive(dlg)
    dlg.name.setFocus()
    dlg.name.setText("赵六")  # typed through an input method (QTest keys are ASCII only)
    fields = [dlg.gender, dlg.ethnicity, dlg.id_number, dlg.birth_date, dlg.education, dlg.joined_on]
    reached = [next((f for f in fields if f is w or f.isAncestorOf(w)), w) for w in tab_order(dlg.name, 8)]
    assert list(dict.fromkeys(reached))[:6] == fields  # Tab follows the form, top to bottom
    dlg.gender.setFocus()
    qtbot.keyClick(dlg.gender, Qt.Key_Down)
    dlg.birth_date.setFocus()
    qtbot.keyClicks(dlg.birth_date.edit, "1990-03-05")
    dlg.joined_on.setFocus()
    qtbot.keyClicks(dlg.joined_on.edit, "20150701")
    qtbot.keyClick(dlg.joined_on.edit, Qt.Key_Return)  # Enter saves the form
    wait_tasks(qtbot, unlocked)
    assert not dlg.isVisible(), (dlg.save_button.text(), dlg.save_button.isDefault(), dlg.form_error.text(), dlg.gender.currentText(), dlg.birth_date.value(),
                                 dlg.joined_on.value(), [e.text() for e in dlg._errors.values() if e.isVisible()])
    added = [m for m in unlocked.ws.members.list() if m.name == "赵六"]
    assert added and added[0].birth_date == date(1990, 3, 5) and added[0].joined_on == date(2015, 7, 1)


def test_meeting_editor_keyboard_attendance_save_finalize_and_print(qtbot, unlocked):
    page = unlocked.main_window.show_page("meetings")
    wait_tasks(qtbot, unlocked)
    assert "Ctrl+N" in page.meetings.new_button.toolTip()
    ed = page.meetings.new_meeting(MeetingKind.GENERAL_ASSEMBLY)
    wait_tasks(qtbot, unlocked)
    qtbot.waitActive(ed)
    for button, keys in ((ed.save_button, "Ctrl+S"), (ed.finalize_button, "Ctrl+Return"),
                         (ed.export_button, "Ctrl+P")):
        assert keys.split("+")[0] in button.toolTip(), button.text()
    ed.tabs.setCurrentIndex(ed.TAB["attendance"])
    table = ed.grid.table
    table.setFocus()
    table.setCurrentIndex(ed.grid.model.index(0, COL_STATUS))
    qtbot.keyClick(table, Qt.Key_Space)
    assert ed.grid.rows()[0].status == AttendanceStatus.PRESENT
    qtbot.keyClick(table, Qt.Key_S, Qt.ControlModifier)  # 保存草稿
    qtbot.wait(200)
    qtbot.waitUntil(lambda: ed.meeting_id is not None and not ed.dirty, timeout=10000)
    wait_tasks(qtbot, unlocked)
    qtbot.keyClick(table, Qt.Key_Return, Qt.ControlModifier)  # 定稿…: refused with the reasons (no host yet)
    qtbot.waitUntil(lambda: ed.banner.isVisible())
    wait_tasks(qtbot, unlocked)
    assert ed.banner.isVisible() and "问题" in ed.banner.text() and ed.mode == "draft"
    qtbot.keyClick(table, Qt.Key_P, Qt.ControlModifier)  # 打印/导出…
    wait_tasks(qtbot, unlocked)
    qtbot.waitUntil(lambda: getattr(ed, "export_dialog", None) is not None and ed.export_dialog.isVisible(),
                    timeout=10000)
    qtbot.keyClick(ed.export_dialog, Qt.Key_Escape)
    assert not ed.export_dialog.isVisible() and ed.isVisible()
    wait_tasks(qtbot, unlocked)
    ed.reject()
    wait_tasks(qtbot, unlocked)
