"""总览 and 预警 of a committee book, as a clerk finds the back-dating and the silent branch: the counts, the
alerts with their evidence, a click to the branch or the alert, and 核验打印件 (held / unknown)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.committee import demo
from tests.ui.uihelpers import unlock, wait_tasks


@pytest.fixture
def committee(qtbot, session, committee_demo):
    _folder, book = committee_demo
    unlock(qtbot, session, book, demo.PASSPHRASE)
    assert session.mode == "committee"
    return session


def nav_titles(window) -> list[str]:
    return [window.nav.item(i).text() for i in range(window.nav.count())]


def test_overview_names_the_back_dating_and_the_silent_branch(qtbot, committee):
    mw = committee.main_window
    assert nav_titles(mw) == ["总览", "支部", "落实情况", "预警", "审阅", "工作提示", "报表", "导入数据包", "设置"]
    assert mw.current_key == "overview" and mw.switch_action.text() == "切换工委数据本"
    page = mw.page("overview")
    wait_tasks(qtbot, committee)
    alerts = committee.ws.oversight.alerts()
    assert f"预警 <b>{len(alerts)}</b> 条" in page.counts.text()
    first = page.alerts.text().split("<br>")[0]
    assert demo.CLOCK_BACK in first and "时钟回拨" in first  # the most serious one comes first
    assert demo.SILENT in page.lists["silent"].text() and demo.CLOCK_BACK not in page.lists["silent"].text()
    assert demo.CLOCK_BACK in page.lists["late"].text()

    # a silent branch: one click to the branch view, which shows the branch's records
    silent_id = next(a.branch_id for a in alerts if a.kind == "silent")
    assert f"branch:{silent_id}" in page.lists["silent"].text()
    dlg = page.open_link(f"branch:{silent_id}")
    wait_tasks(qtbot, committee)
    assert dlg.heading.text() == demo.SILENT and dlg.records_model.rowCount() > 0
    assert dlg.status_model.rowCount() > 0 and dlg.roster_model.rowCount() > 0
    assert dlg.roster_model.headerData(6, Qt.Horizontal) == "身份证号（已遮盖）"
    dlg.close()

    # the overdue count: 落实情况 with only the overdue cells
    table = page.open_link("overdue:")
    wait_tasks(qtbot, committee)
    assert mw.current_key == "compliance" and table.state.currentData() == "overdue"
    assert table.table_data.totals == {"overdue": committee.ws.oversight.compliance().totals["overdue"]}

    # an alert: one click to 预警 with that alert selected and its evidence shown
    shown = page.open_link("alert:0")
    wait_tasks(qtbot, committee)
    assert mw.current_key == "alerts"
    a = shown.selected()
    assert a.kind == "clock_back" and a.branch_name == demo.CLOCK_BACK
    assert "证据" in shown.evidence.toPlainText() and "上一次导出" in shown.evidence.toPlainText()
    mw.show_page("overview")
    wait_tasks(qtbot, committee)
    last = len(page.data.alerts[:6]) - 1  # not the first one: the visit's own reload must not win
    want = page.data.alerts[last]
    assert last > 0 and page.open_link(f"alert:{last}") is shown
    wait_tasks(qtbot, committee)
    assert (shown.selected().kind, shown.selected().branch_id) == (want.kind, want.branch_id)


def test_alerts_filter_by_kind_and_open_the_record(qtbot, committee):
    page = committee.main_window.show_page("alerts")
    wait_tasks(qtbot, committee)
    assert page.model.rowCount() == len(committee.ws.oversight.alerts())
    page.kind.setCurrentIndex(page.kind.findData("silent"))
    wait_tasks(qtbot, committee)
    assert [a.branch_name for a in page.model.rows()] == [demo.SILENT]
    assert not page.record_button.isEnabled()  # a silent branch names no record
    page.kind.setCurrentIndex(page.kind.findData("clock_back"))
    wait_tasks(qtbot, committee)
    [a] = page.model.rows()
    assert a.branch_name == demo.CLOCK_BACK and page.record_button.isEnabled()
    dlg = page.open_record()
    wait_tasks(qtbot, committee)
    rows = dlg.records_model.rows()
    assert [(r.record_type, r.record_id) for r in rows] == [(a.record_type, a.record_id)]
    assert "时钟异常：录入时电脑时钟读数为" in dlg.text.toPlainText()  # the back-dated entry shows its clock
    assert "涉及的记录" in dlg.filter_label.text()
    dlg.clear_focus()
    assert dlg.records_model.rowCount() > 1
    dlg.close()


def test_verify_a_printout_held_and_unknown(qtbot, committee):
    page = committee.main_window.show_page("overview")
    wait_tasks(qtbot, committee)
    bid = next(b.branch_id for b in committee.ws.committee.branches() if b.name == demo.CLOCK_BACK)
    held = next(r for r in committee.ws.oversight.records(bid) if r.status == "held")
    card = page.verify
    card.query.setText(held.short_hash)
    card.button.click()
    wait_tasks(qtbot, committee)
    assert card.state.text() == "工委保存有此记录" and held.title in card.message.text()
    assert "工委首次收到" in card.message.text() and card.show_button.isVisibleTo(card)
    dlg = page.show_verified(card.result)
    wait_tasks(qtbot, committee)
    assert [r.hash for r in dlg.records_model.rows()] == [held.hash]
    dlg.close()

    card.query.setText("纪实哈希 " + "0" * 64)  # pasted from a QR code with its caption
    card.query.returnPressed.emit()
    wait_tasks(qtbot, committee)
    assert card.state.text() == "工委没有此记录" and not card.show_button.isVisibleTo(card)
    card.query.setText("12ab")
    card.button.click()
    wait_tasks(qtbot, committee)
    assert "至少8位" in card.message.text() and committee.tasks.last_error_box is None
