"""谈心谈话: the list and its filters, the editor's draft, 定稿 and a 补充说明 in the history."""

from __future__ import annotations

from datetime import date, timedelta

from desktop.domain.meeting_enums import RecordStatus
from tests.ui.uihelpers import PASSPHRASE, wait_tasks


def test_talk_draft_finalize_supplement_and_filters(qtbot, unlocked):
    page = unlocked.main_window.show_page("meetings")
    tab = page.show_tab("talk")
    wait_tasks(qtbot, unlocked)
    assert tab.model.rowCount() == 0 and tab.empty_hint.isVisible()

    ed = tab.new_talk()
    ed.day.setValue(date.today() - timedelta(days=2))
    wait_tasks(qtbot, unlocked)
    assert ed.people.count() == 3
    ids = {ed.people.item(i).text(): ed.people.item(i).data(0x0100) for i in range(3)}
    ed.set_participant(ids["张三"])
    ed.set_participant(ids["李四"])
    ed.topics.setPlainText("工作中的困难")
    ed.content.setPlainText("照实记录的谈话要点")
    ed.save_now()
    wait_tasks(qtbot, unlocked)
    assert ed.talk_id is not None and "草稿已保存" in ed.save_state.text()
    assert [r.status for r in tab.visible_rows()] == [RecordStatus.DRAFT]
    assert set(tab.visible_rows()[0].participants) == {"张三", "李四"}

    ed.buttons["finalize"].click()
    wait_tasks(qtbot, unlocked)
    ed.confirm_box.confirm_button.click()
    wait_tasks(qtbot, unlocked)
    assert ed.mode == "final" and ed.content.isReadOnly() and "已定稿" in ed.chip.text()
    dlg = ed.supplement()
    dlg.note.setPlainText("一个月后再次谈话，困难已解决")
    dlg.ok_button.click()
    wait_tasks(qtbot, unlocked)
    assert ed.history.version_labels() == ["定稿（原始记录）", "补充说明"]
    ed.reject()

    tab.status.setCurrentIndex(tab.status.findData("draft"))
    wait_tasks(qtbot, unlocked)
    assert tab.visible_rows() == []
    tab.status.setCurrentIndex(tab.status.findData("final"))
    tab.member.setCurrentIndex(tab.member.findText("王五"))
    wait_tasks(qtbot, unlocked)
    assert tab.visible_rows() == []
    tab.member.setCurrentIndex(tab.member.findText("李四"))
    wait_tasks(qtbot, unlocked)
    assert len(tab.visible_rows()) == 1 and tab.model.data(tab.model.index(0, 4)) == "有更正或补充"


def test_talk_and_evaluation_drafts_survive_a_lock(qtbot, unlocked):
    page = unlocked.main_window.show_page("meetings")
    ev = page.show_tab("evaluation")
    wait_tasks(qtbot, unlocked)
    ev.new_round(date.today().year, date.today())
    wait_tasks(qtbot, unlocked)
    ev.editor.notes.setPlainText("锁定前填写的评议说明")
    tab = page.show_tab("talk")
    wait_tasks(qtbot, unlocked)
    ed = tab.new_talk()
    wait_tasks(qtbot, unlocked)
    ed.content.setPlainText("锁定前记录的谈话内容")
    unlocked.lock()
    wait_tasks(qtbot, unlocked)
    dlg = unlocked.unlock_dialog
    dlg.passphrase.setText(PASSPHRASE)
    dlg.unlock_button.click()
    wait_tasks(qtbot, unlocked)
    wait_tasks(qtbot, unlocked)
    page = unlocked.main_window.page("meetings")
    ev = page.tab("evaluation")
    # the drafts come back through a chain of tasks (take the drafts, reload each record): wait for the outcome
    qtbot.waitUntil(lambda: "已恢复" in ev.banner.text() and page.tab("talk").editor is not None, timeout=15000)
    wait_tasks(qtbot, unlocked)
    restored = page.tab("talk").editor
    assert restored.isVisible() and restored.content.toPlainText() == "锁定前记录的谈话内容"
    assert restored.talk_id is not None and "已恢复" in restored.banner.text()
    assert ev.editor.notes.toPlainText() == "锁定前填写的评议说明" and "已恢复" in ev.banner.text()
    restored.reject()
    wait_tasks(qtbot, unlocked)
