from __future__ import annotations

from datetime import date

from desktop.domain.member_rules import MemberInput
from desktop.workspace import Workspace
from tests.ui.uihelpers import PASSPHRASE, members_page, unlock, wait_tasks


def test_lock_action_drops_workspace_and_returns_to_same_page(qtbot, unlocked):
    mw = unlocked.main_window
    members_page(qtbot, unlocked)
    ws = unlocked.ws
    mw.lock_action.trigger()
    wait_tasks(qtbot, unlocked)
    assert not ws.is_open and unlocked.ws is None
    assert mw.is_locked and mw.state_label.text().startswith("已锁定")
    page = mw.page("members")
    assert page.model.rowCount() == 0  # data dropped from the view
    dlg = unlocked.unlock_dialog
    assert dlg.isVisible() and dlg.book == ws.path

    dlg.passphrase.setText(PASSPHRASE)
    dlg.unlock_button.click()
    wait_tasks(qtbot, unlocked)
    assert not mw.is_locked and unlocked.ws.is_open
    assert mw.current_key == "members"
    assert mw.page("members") is not page and mw.page("members").model.rowCount() == 3


def test_ctrl_l_shortcut_is_bound():
    from PySide6.QtGui import QKeySequence

    from ui.main_window import MainWindow

    assert MainWindow().lock_action.shortcut() == QKeySequence("Ctrl+L")


def test_auto_lock_after_idle_keeps_unsaved_member_as_draft(qtbot, unlocked):
    page = members_page(qtbot, unlocked)
    dlg = page.add_member()
    dlg.name.setText("钱十")
    dlg.birth_date.setValue(date(1990, 1, 1))
    unlocked.idle.set_timeout(0.2)
    qtbot.waitUntil(lambda: unlocked.main_window.is_locked, timeout=5000)
    wait_tasks(qtbot, unlocked)
    assert unlocked.ws is None and not dlg.isVisible()
    assert "自动锁定" in unlocked.main_window.locked_view.reason.text()

    unlock_dlg = unlocked.unlock_dialog
    unlock_dlg.passphrase.setText(PASSPHRASE)
    unlock_dlg.unlock_button.click()
    wait_tasks(qtbot, unlocked)
    restored = unlocked.main_window.page("members").member_dialog
    assert restored.isVisible() and restored.name.text() == "钱十"
    assert restored.birth_date.value() == date(1990, 1, 1)
    restored.reject()


def test_placeholder_pages_and_registry(qtbot, unlocked):
    from ui import pages

    mw = unlocked.main_window
    unbuilt = [(k, t) for k, t in pages.NAVIGATION if k not in pages.PAGE_FACTORIES]  # shrinks as pages land
    for key, title in unbuilt[:1]:
        page = mw.show_page(key)
        assert isinstance(page, pages.PlaceholderPage)
        assert mw.nav.currentItem().text() == title
    assert not isinstance(mw.show_page("home"), pages.PlaceholderPage)
    wait_tasks(qtbot, unlocked)  # the dashboard's load, before the session fixture closes the book
    assert [t for _k, t in pages.NAVIGATION] == ["首页", "党员", "组织生活", "党费", "发展党员", "考评", "文档", "报送",
                                                 "设置"]


def test_settings_change_passphrase(qtbot, unlocked):
    settings = unlocked.main_window.show_page("settings")
    wait_tasks(qtbot, unlocked)
    dlg = settings.change_passphrase()
    dlg.old.setText("错误的口令-xyz")
    dlg.new.setText("新的口令-2026-abc")
    dlg.confirm.setText("新的口令-2026-abc")
    dlg.ok_button.click()
    wait_tasks(qtbot, unlocked)
    assert dlg.isVisible() and "原口令不正确" in dlg.error.text()

    dlg.old.setText(PASSPHRASE)
    dlg.ok_button.click()
    wait_tasks(qtbot, unlocked)
    assert not dlg.isVisible()
    book = unlocked.ws.path
    unlocked.lock()
    wait_tasks(qtbot, unlocked)
    with Workspace.open(book, "新的口令-2026-abc") as ws:
        assert ws.members.count() == 3


def test_settings_backup_now_and_restore(qtbot, unlocked):
    settings = unlocked.main_window.show_page("settings")
    wait_tasks(qtbot, unlocked)
    before = settings.backups.count()
    settings.backup_now()
    wait_tasks(qtbot, unlocked)
    assert settings.backups.count() == before + 1
    # the automatic backup made on unlock may carry the same second; pick ours by its kind
    manual = next(info for info in settings.backups._infos if info.reason == "manual")

    unlocked.ws.members.add(MemberInput(name="新人", gender="男", birth_date=date(1995, 1, 1),
                                        joined_on=date(2020, 1, 1)))
    assert unlocked.ws.members.count() == 4
    dlg = settings.restore(manual)
    dlg.passphrase.setText("错误口令-123")
    dlg.ok_button.click()
    wait_tasks(qtbot, unlocked)
    assert dlg.isVisible() and dlg.error.isVisible() and unlocked.ws is not None  # nothing changed
    dlg.passphrase.setText(PASSPHRASE)
    dlg.ok_button.click()
    wait_tasks(qtbot, unlocked)
    assert unlocked.ws is not None and unlocked.ws.members.count() == 3
    assert not unlocked.main_window.is_locked


def test_settings_auto_lock_minutes_saved(qtbot, unlocked):
    from ui.settings_store import SettingsStore

    settings = unlocked.main_window.show_page("settings")
    wait_tasks(qtbot, unlocked)
    settings.auto_lock.setValue(3)
    assert SettingsStore().prefs.auto_lock_minutes == 3
    settings.name_order.setCurrentIndex(settings.name_order.findData("pinyin"))
    wait_tasks(qtbot, unlocked)
    assert SettingsStore().prefs.name_order == "pinyin"
    assert unlocked.ws.get_setting("name_order") == "pinyin"


def test_book_left_open_gets_a_daily_backup(qtbot, unlocked, monkeypatch):
    import desktop.workspace as workspace_module
    from datetime import timedelta

    assert unlocked.backup_timer.isActive()
    before = len(unlocked.ws.list_backups())
    unlocked.backup_if_due()  # the newest backup is minutes old: nothing to do
    wait_tasks(qtbot, unlocked)
    assert len(unlocked.ws.list_backups()) == before
    monkeypatch.setattr("ui.session.DAILY_BACKUP_EVERY", timedelta(0))  # as if a day had passed
    unlocked.backup_if_due()
    wait_tasks(qtbot, unlocked)
    assert unlocked.ws.list_backups()[0].reason == "daily"
    assert workspace_module.DAILY_BACKUP_EVERY == timedelta(days=1)


def test_unsaved_member_survives_a_restart_while_locked_encrypted_in_the_book(qtbot, unlocked, data_dir):
    from ui.session import AppSession
    from ui.settings_store import SettingsStore

    book = unlocked.book
    page = members_page(qtbot, unlocked)
    dlg = page.add_member()
    dlg.name.setText("孙十一")
    unlocked.lock()
    wait_tasks(qtbot, unlocked)
    unlocked.shutdown()  # the app quits while locked: nothing left in memory
    assert "孙十一".encode() not in book.read_bytes()  # kept in the book, encrypted

    again = AppSession(SettingsStore())
    qtbot.addWidget(again.start_window)
    try:
        unlock(qtbot, again, book)
        restored = again.main_window.page("members").member_dialog
        assert restored.isVisible() and restored.name.text() == "孙十一"
        restored.reject()
        assert again.ws.take_drafts() is None  # restored once, then gone from the book
    finally:
        wait_tasks(qtbot, again)
        again.shutdown()
        again.main_window.hide()
        again.start_window.hide()


def test_ctrl_l_in_an_open_editor_locks_and_keeps_its_unsaved_text(qtbot, unlocked):
    from PySide6.QtCore import Qt

    from desktop.domain.meeting_enums import MeetingKind

    page = unlocked.main_window.show_page("meetings")
    wait_tasks(qtbot, unlocked)
    ed = page.meetings.new_meeting(MeetingKind.THEME_DAY)
    wait_tasks(qtbot, unlocked)
    qtbot.waitExposed(ed)
    ed.basics.theme.setText("Ctrl+L 前的主题")
    ed.content.setPlainText("锁定前尚未保存的内容")
    ed.content.setFocus()
    qtbot.keyClick(ed.content, Qt.Key_L, Qt.ControlModifier)
    qtbot.waitUntil(lambda: unlocked.main_window.is_locked, timeout=5000)
    wait_tasks(qtbot, unlocked)
    assert unlocked.ws is None and "手动锁定" in unlocked.main_window.locked_view.reason.text()
    dlg = unlocked.unlock_dialog
    dlg.passphrase.setText(PASSPHRASE)
    dlg.unlock_button.click()
    wait_tasks(qtbot, unlocked)
    wait_tasks(qtbot, unlocked)
    restored = unlocked.main_window.page("meetings").meetings.editor
    assert restored.isVisible() and restored.content.toPlainText() == "锁定前尚未保存的内容"
    assert restored.basics.theme.text() == "Ctrl+L 前的主题"
    restored.reject()
    wait_tasks(qtbot, unlocked)


def test_ctrl_l_locks_from_a_member_dialog_and_keeps_it(qtbot, unlocked):
    from PySide6.QtCore import Qt

    page = members_page(qtbot, unlocked)
    dlg = page.add_member()
    qtbot.waitExposed(dlg)
    dlg.name.setText("锁定前")
    qtbot.keyClick(dlg.name, Qt.Key_L, Qt.ControlModifier)
    qtbot.waitUntil(lambda: unlocked.main_window.is_locked, timeout=5000)
    wait_tasks(qtbot, unlocked)
    assert unlocked.ws is None and not dlg.isVisible()


def test_font_scale_setting_applies_to_the_whole_ui_and_is_remembered(qtbot, unlocked):
    from PySide6.QtWidgets import QApplication

    from ui import theme
    from ui.settings_store import SettingsStore

    mw = unlocked.main_window
    page = mw.show_page("settings")
    wait_tasks(qtbot, unlocked)
    app = QApplication.instance()
    font, sheet = QApplication.font(), app.styleSheet()
    try:
        page.font_scale.setCurrentIndex(page.font_scale.findData(150))
        qtbot.waitUntil(lambda: mw.page("settings") is not page, timeout=3000)  # pages rebuilt
        assert QApplication.font().pointSizeF() == theme.BASE_POINT_SIZE * 1.5
        assert "font-size: 22.5pt" in QApplication.instance().styleSheet()  # the 15pt page titles
        assert theme.scaled("font-size: 9pt") == "font-size: 13.5pt"
        assert SettingsStore().prefs.font_scale == 150  # remembered for the next start
        assert mw.page("settings").font_scale.currentData() == 150
        members = mw.show_page("members")
        wait_tasks(qtbot, unlocked)
        assert members.isVisible()
        unlocked.apply_font_scale(100)
        assert QApplication.font().pointSizeF() == theme.BASE_POINT_SIZE and SettingsStore().prefs.font_scale == 100
        qtbot.wait(10)
    finally:
        theme.set_font_scale(app, 100)
        app.setFont(font)  # the test app runs without the theme: leave it as it was
        app.setStyleSheet(sheet)
