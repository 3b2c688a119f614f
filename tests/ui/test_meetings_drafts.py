"""Drafts: an editor open at auto-lock is saved into the (encrypted) book before it closes and reopened after
unlock; attachments of a draft get a preview and a copy only when asked."""

from __future__ import annotations

import shiboken6

from desktop.domain.meeting_enums import MeetingKind, RecordStatus
from tests.ui.uihelpers import PASSPHRASE, wait_tasks


def test_editor_open_at_auto_lock_is_saved_in_the_book_and_restored(qtbot, unlocked):
    page = unlocked.main_window.show_page("meetings")
    wait_tasks(qtbot, unlocked)
    ed = page.meetings.new_meeting(MeetingKind.THEME_DAY)
    wait_tasks(qtbot, unlocked)
    ed.basics.theme.setText("重温入党誓词")
    ed.content.setPlainText("锁定前输入、尚未保存的会议内容")
    ed.tabs.setCurrentIndex(ed.TAB["content"])
    assert ed.dirty and ed.meeting_id is None and ed.autosave_timer.isActive()

    unlocked.idle.set_timeout(0.2)
    qtbot.waitUntil(lambda: unlocked.main_window.is_locked, timeout=5000)
    wait_tasks(qtbot, unlocked)
    assert not shiboken6.isValid(ed) and unlocked.ws is None  # closed (and dropped) by the lock
    (key, items), = unlocked._drafts
    assert key == "meetings" and items[0]["id"] is not None
    assert items[0]["input"] is None  # kept in the encrypted book, not in memory

    dlg = unlocked.unlock_dialog
    dlg.passphrase.setText(PASSPHRASE)
    dlg.unlock_button.click()
    wait_tasks(qtbot, unlocked)
    wait_tasks(qtbot, unlocked)
    draft = unlocked.ws.meetings.get(items[0]["id"])
    assert draft.status == RecordStatus.DRAFT and draft.record.content == "锁定前输入、尚未保存的会议内容"
    tab = unlocked.main_window.page("meetings").meetings
    restored = tab.editor
    assert restored is not ed and restored.isVisible() and restored.meeting_id == draft.id
    assert restored.content.toPlainText() == "锁定前输入、尚未保存的会议内容"
    assert restored.basics.theme.text() == "重温入党誓词"
    assert restored.tabs.currentIndex() == restored.TAB["content"] and "已恢复" in restored.banner.text()
    restored.reject()
    wait_tasks(qtbot, unlocked)


def test_attachment_preview_and_copy_on_request(qtbot, unlocked, tmp_path):
    from PIL import Image

    folder = tmp_path / "files"
    folder.mkdir()
    photo = folder / "会议照片.png"
    Image.new("RGB", (64, 48), (200, 40, 40)).save(photo)
    page = unlocked.main_window.show_page("meetings")
    wait_tasks(qtbot, unlocked)
    ed = page.meetings.new_meeting(MeetingKind.GENERAL_ASSEMBLY)
    wait_tasks(qtbot, unlocked)
    panel = ed.attachments
    ed.tabs.setCurrentIndex(ed.TAB["attachments"])  # where the 添加附件 button is
    panel.add_file(str(photo))  # a new record is saved as a draft first
    qtbot.waitUntil(lambda: panel.list.count() == 1, timeout=10000)
    wait_tasks(qtbot, unlocked)
    assert ed.meeting_id is not None and not panel.list.item(0).icon().isNull()
    assert ed.tabs.tabText(ed.TAB["attachments"]) == "附件（1）"
    panel.list.setCurrentRow(0)
    panel.preview_selected()
    wait_tasks(qtbot, unlocked)
    assert panel.preview_dialog.isVisible()
    panel.preview_dialog.close()
    assert list(folder.iterdir()) == [photo]  # nothing written until the user asks for a copy
    panel.save_copy(str(folder / "副本.png"))
    wait_tasks(qtbot, unlocked)
    assert (folder / "副本.png").read_bytes() == photo.read_bytes()
    panel.message_box.close()
    panel.remove_selected(confirmed=True)
    qtbot.waitUntil(lambda: panel.list.count() == 0, timeout=10000)
    ed.reject()
    wait_tasks(qtbot, unlocked)
