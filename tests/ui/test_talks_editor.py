"""谈心谈话: the list and its filters, the editor's draft, 定稿 and a 补充说明 in the history."""

from __future__ import annotations

from datetime import date, timedelta

from desktop.domain.meeting_enums import RecordStatus
from tests.ui.uihelpers import wait_tasks


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
