"""整改: a 组织生活会 recorded in the editor (preparation, per-person notes, rectification list) is finalized,
its items show in the tracker, a follow-up with evidence closes one, and an item can be added on its own."""

from __future__ import annotations

from datetime import date, timedelta

from desktop.domain.meeting_enums import MeetingKind, RectificationStatus
from desktop.domain.meeting_rules import RectificationInput
from tests.ui.uihelpers import wait_tasks


def test_org_life_rectifications_followed_up_to_closed(qtbot, unlocked, tmp_path):
    from PIL import Image

    page = unlocked.main_window.show_page("meetings")
    wait_tasks(qtbot, unlocked)
    ed = page.meetings.new_meeting(MeetingKind.ORG_LIFE_MEETING)
    ed.basics.day.setValue(date.today() - timedelta(days=1))
    qtbot.waitUntil(lambda: len(ed.grid.rows()) == 3 and not unlocked.tasks.busy, timeout=10000)
    assert ed.tabs.tabText(ed.TAB["org"]) == "组织生活会" and ed.org.prep_box.isVisibleTo(ed.org)
    ids = {r.name: r.member_id for r in ed.grid.rows()}
    ed.basics.chair.setCurrentIndex(ed.basics.chair.findData(ids["张三"]))
    ed.grid.mark_rest_present()
    ed.content.setPlainText("照实记录的会议内容")
    ed.org.prep_study.setPlainText("会前集中学习两次")
    ed.org.add_person_note(ids["李四"])
    ed.org.problems.setPlainText("李四本人查摆的问题")
    ed.org.add_rectification(RectificationInput("理论学习不够深入", "制定个人学习计划", ids["李四"],
                                                date.today() + timedelta(days=30)))
    ed.org.rect_table.item(0, 1).setText("制定并落实个人学习计划")
    ed.save_draft_now()
    wait_tasks(qtbot, unlocked)
    record = unlocked.ws.meetings.get(ed.meeting_id).record
    assert record.notes[0].name == "李四" and record.notes[0].problems == "李四本人查摆的问题"
    assert record.preparation.study == "会前集中学习两次"
    assert record.rectifications[0].measure == "制定并落实个人学习计划"
    ed.finalize()
    wait_tasks(qtbot, unlocked)
    ed.confirm_box.confirm_button.click()
    wait_tasks(qtbot, unlocked)
    assert ed.mode == "final" and not ed.org.add_rect.isVisible()
    ed.reject()

    tab = page.show_tab("rectification")
    wait_tasks(qtbot, unlocked)
    (item,) = tab.visible_rows()
    assert item.item == "理论学习不够深入" and item.owner.name == "李四" and item.status == RectificationStatus.OPEN
    assert "组织生活会" in tab.model.data(tab.model.index(0, 5))
    tab.select(item.id)
    photo = tmp_path / "整改佐证.png"
    Image.new("RGB", (32, 32), (20, 120, 20)).save(photo)
    dlg = tab.record_progress()
    dlg.status.setCurrentIndex(dlg.status.findData(RectificationStatus.CLOSED.value))
    dlg.note.setPlainText("学习计划已制定并完成第一季度学习")
    dlg.add_file(str(photo))
    dlg.ok_button.click()
    wait_tasks(qtbot, unlocked)
    assert not dlg.isVisible()
    (item,) = tab.visible_rows()
    assert item.status == RectificationStatus.CLOSED and "已完成" in tab.model.data(tab.model.index(0, 4))
    step = tab.steps.topLevelItem(0)
    assert step.text(1) == "已完成" and step.child(0).text(3) == "整改佐证.png" and step.text(4).isdigit()
    assert not tab.progress_button.isEnabled()
    out = tmp_path / "copy"
    out.mkdir()
    tab.steps.setCurrentItem(step.child(0))
    tab.save_evidence(str(out / "副本.png"))
    wait_tasks(qtbot, unlocked)
    assert (out / "副本.png").read_bytes() == photo.read_bytes()
    tab.message_box.close()

    tab.add_item()
    wait_tasks(qtbot, unlocked)
    add = tab.add_dialog
    add.ok_button.click()
    assert add.isVisible() and "请填写整改事项" in add.error.text()
    add.item.setPlainText("档案资料不齐全")
    add.source.setText("上级巡察反馈")
    add.ok_button.click()
    wait_tasks(qtbot, unlocked)
    assert {r.item for r in tab.visible_rows()} == {"理论学习不够深入", "档案资料不齐全"}
    tab.open_only.setChecked(True)
    wait_tasks(qtbot, unlocked)
    assert [r.item for r in tab.visible_rows()] == ["档案资料不齐全"]
