"""支部组织 on the 设置 page: branch info, 党小组 (rename, leader, add, remove) and 换届选举."""

from __future__ import annotations

from datetime import date

from desktop.domain.enums import CommitteeRole
from desktop.services.organization import CommitteeView
from tests.ui.uihelpers import wait_tasks
from ui.organization.panel import committee_warning


def org_panel(qtbot, session):
    page = session.main_window.show_page("settings")
    wait_tasks(qtbot, session)
    return page.organization


def member_ids(session) -> dict[str, int]:
    return {m.name: m.id for m in session.ws.members.list()}


def test_group_leader_rename_add_and_remove(qtbot, unlocked):
    panel = org_panel(qtbot, unlocked)
    assert panel.group_table.rowCount() == 1
    assert panel.group_table.item(0, 0).text() == "第一党小组" and panel.group_table.item(0, 2).text() == "3 人"
    assert not panel.rename_button.isEnabled()

    panel.group_table.selectRow(0)
    assert [panel.leader_combo.itemText(i) for i in range(panel.leader_combo.count())][1:] == ["张三", "李四", "王五"]
    assert not panel.remove_button.isEnabled()  # the group has members
    panel.leader_combo.setCurrentIndex(panel.leader_combo.findText("李四"))
    panel.leader_button.click()
    wait_tasks(qtbot, unlocked)
    assert panel.group_table.item(0, 1).text() == "李四"
    assert unlocked.ws.organization.groups()[0].leader_name == "李四"

    panel.rename_edit.setText("机关第一党小组")
    panel.rename_button.click()
    wait_tasks(qtbot, unlocked)
    assert panel.group_table.item(0, 0).text() == "机关第一党小组"
    assert panel.leader_combo.currentText() == "李四"  # the selection survives the reload

    panel.new_group_edit.setText("第二党小组")
    panel.add_group_button.click()
    wait_tasks(qtbot, unlocked)
    assert [g.name for g in unlocked.ws.organization.groups()] == ["机关第一党小组", "第二党小组"]
    panel.group_table.selectRow(1)
    assert panel.remove_button.isEnabled()
    panel.remove_button.click()
    wait_tasks(qtbot, unlocked)
    assert panel.group_table.rowCount() == 1


def test_branch_info_is_saved(qtbot, unlocked):
    panel = org_panel(qtbot, unlocked)
    assert panel.name_edit.text() == "测试党支部"
    panel.committee_edit.setText("某某机关党委")
    panel.contact_person_edit.setText("张三")
    panel.contact_phone_edit.setText("010-12345678")
    panel.save_branch_button.click()
    wait_tasks(qtbot, unlocked)
    info = unlocked.ws.organization.branch_info()
    assert (info.committee_name, info.contact_person, info.contact_phone) == ("某某机关党委", "张三", "010-12345678")


def test_election_needs_one_secretary_and_then_is_shown(qtbot, unlocked):
    panel = org_panel(qtbot, unlocked)
    assert not panel.committee_warning.isHidden()
    assert "尚未登记" in panel.committee_warning.text()
    ids = member_ids(unlocked)
    dlg = panel.open_election()
    assert set(dlg.role_boxes) == set(ids.values())  # all three are full members
    dlg.term_start.setValue(date(2024, 3, 1))
    dlg.set_role(ids["李四"], CommitteeRole.ORGANIZATION)
    dlg.submit()
    assert dlg.error.text() == "请指定一名书记。" and dlg.isVisible()
    dlg.set_role(ids["张三"], CommitteeRole.SECRETARY)
    dlg.set_role(ids["王五"], CommitteeRole.SECRETARY)
    dlg.submit()
    assert "只有一名书记" in dlg.error.text()
    dlg.set_role(ids["王五"], CommitteeRole.PROPAGANDA)
    dlg.submit()
    wait_tasks(qtbot, unlocked)
    assert not dlg.isVisible()
    assert "2024年3月1日换届" in panel.term_label.text() and "2027年3月1日" in panel.term_label.text()
    assert panel.posts_label.text().splitlines() == ["书记：张三", "组织委员：李四", "宣传委员：王五"]
    c = unlocked.ws.organization.current_committee()
    assert c.secretary.member_name == "张三"
    expected = committee_warning(c)
    assert panel.committee_warning.text() == expected and (expected != "") == (not panel.committee_warning.isHidden())


def test_committee_warning_when_expired_or_due_soon():
    def committee(start: date, end: date, expired: bool = False) -> CommitteeView:
        return CommitteeView(1, start, 3, end, (), expired)

    today = date(2026, 11, 26)
    assert "已于" in committee_warning(committee(date(2023, 1, 1), date(2026, 1, 1), True), today)
    assert "将于" in committee_warning(committee(date(2023, 12, 1), date(2026, 12, 1)), today)
    assert "将于" in committee_warning(committee(date(2024, 5, 26), date(2027, 5, 26)), today)
    assert committee_warning(committee(date(2024, 8, 1), date(2027, 8, 1)), today) == ""
