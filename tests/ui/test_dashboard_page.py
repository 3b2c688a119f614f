"""首页: rules due / overdue / done from a small hand-built book, one click to the record, alerts, heat map."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from desktop.domain.enums import CommitteeRole
from desktop.domain.meeting_enums import MeetingKind
from desktop.changes import KINDS, Changes
from tests.ui.uihelpers import wait_tasks


def _earlier_this_month() -> datetime:
    """A moment already past in the current month (meetings in the future cannot be finalized)."""
    today = date.today()
    if today.day > 1:
        return datetime.combine(today.replace(day=1), time(9))
    return datetime.now() - timedelta(minutes=1)


@pytest.fixture
def book(qtbot, unlocked):
    """3 members in one group, a committee of 3 elected a year ago; this month's 主题党日 held; a 支委会 base
    missing last month; dues owed by 张三 since last January."""
    from tests.desktop.rules.book import Builder

    ws = unlocked.ws
    b = Builder(ws)
    b.ids = {m.name: m.id for m in ws.members.list()}
    today = date.today()
    b.committee(date(today.year - 1, 1, 10), {"张三": CommitteeRole.SECRETARY, "李四": CommitteeRole.ORGANIZATION,
                                              "王五": CommitteeRole.PROPAGANDA})
    theme = b.meeting(MeetingKind.THEME_DAY, _earlier_this_month())
    for year in (today.year - 1, today.year):
        ws.dues.set_base(b.id("张三"), year, "4000")
    unlocked.tasks.announce(Changes.of(*KINDS))  # written behind the task runner: tell the pages, as it would
    return {"session": unlocked, "ws": ws, "ids": b.ids, "theme_day": theme}


def home(qtbot, session):
    page = session.main_window.show_page("home")
    wait_tasks(qtbot, session)
    assert page.loaded
    return page


def test_rules_overdue_due_done_and_alerts(qtbot, book):
    page = home(qtbot, book["session"])
    overdue = page.rules.row_for("committee_meeting", previous=True)
    assert overdue is not None and overdue.line.result.state == "overdue"
    assert overdue.count.text() == "0/1" and overdue.button.text() == "补录"
    assert "已逾期" in overdue.detail.full_text
    current = page.rules.row_for("committee_meeting")
    assert current.line.result.state == "due" and current.button.text() == "新建"
    done = page.rules.row_for("theme_day")
    assert done.line.result.state == "done" and done.count.text() == "1/1" and done.button.text() == "查看"
    assert "已逾期" in page.summary.text()

    messages = page.alerts.messages()
    assert any("张三" in m and "党费" in m for m in messages)  # dues arrears folded into the alerts
    assert any("联系电话" in m for m in messages)  # data gaps
    assert page.alerts.rows[0].alert.severity == "critical"

    assert page.heat.cell("theme_day", date.today().month).final == 1
    tip = page.heat.tooltip_for("theme_day", date.today().month)
    assert "主题党日" in tip and "已定稿1次" in tip


def test_click_overdue_committee_meeting_opens_new_editor(qtbot, book):
    session = book["session"]
    page = home(qtbot, session)
    row = page.rules.row_for("committee_meeting", previous=True)
    row.button.click()
    wait_tasks(qtbot, session)
    mw = session.main_window
    assert mw.current_key == "meetings" and mw.nav.currentItem().text() == "组织生活"
    meetings = mw.page("meetings")
    editor = meetings.meetings.editor
    assert editor.isVisible() and editor.meeting_id is None
    assert editor.basics.current_kind() == MeetingKind.COMMITTEE_MEETING
    editor.reject()


def test_click_done_rule_opens_the_record(qtbot, book):
    session = book["session"]
    page = home(qtbot, session)
    page.rules.row_for("theme_day").button.click()
    wait_tasks(qtbot, session)
    editor = session.main_window.page("meetings").meetings.editor
    qtbot.waitUntil(lambda: editor.meeting_id == book["theme_day"], timeout=5000)
    editor.reject()


def test_alert_click_opens_member_and_dues(qtbot, book):
    session = book["session"]
    page = home(qtbot, session)
    gap = next(r for r in page.alerts.rows if "联系电话" in r.alert.message)
    page.open_alert(gap.alert)
    wait_tasks(qtbot, session)
    members = session.main_window.page("members")
    assert session.main_window.current_key == "members"
    assert members.selected_member().id in gap.alert.member_ids

    page = home(qtbot, session)
    dues = next(r for r in page.alerts.rows if r.alert.subject == "dues")
    page.open_alert(dues.alert)
    wait_tasks(qtbot, session)
    dues_page = session.main_window.page("dues")
    assert session.main_window.current_key == "dues" and dues_page.tabs.currentIndex() == 1
    index = dues_page.arrears_table.currentIndex()
    assert dues_page.arrears_table.model().row_at(index.row()).member_id == book["ids"]["张三"]


def test_reloads_when_shown_again_after_a_change(qtbot, book):
    from tests.desktop.rules.book import Builder

    session = book["session"]
    page = home(qtbot, session)
    assert page.rules.row_for("general_assembly").line.result.state != "done"
    session.main_window.show_page("members")
    wait_tasks(qtbot, session)
    b = Builder(book["ws"])
    b.ids = book["ids"]
    b.meeting(MeetingKind.GENERAL_ASSEMBLY, _earlier_this_month() + timedelta(hours=2))
    session.tasks.announce(Changes.of("meetings", "ledger"))  # as the task runner does after a 定稿
    home(qtbot, session)
    assert page.rules.row_for("general_assembly").line.result.state == "done"
    assert page.heat.cell("general_assembly", date.today().month).final == 1


def test_several_records_offer_a_menu_and_heat_cell_filters_meetings(qtbot, book):
    session = book["session"]
    page = home(qtbot, session)
    menu = page.open_records("meeting", [book["theme_day"], book["theme_day"] + 1000])
    texts = [a.text() for a in menu.actions()]
    assert any("主题党日" in t for t in texts) and any("编号" in t for t in texts)
    menu.close()

    page.open_cell("theme_day", date.today().month)
    wait_tasks(qtbot, session)
    tab = session.main_window.page("meetings").meetings
    assert session.main_window.current_key == "meetings"
    assert tab.kind.currentData() == "theme_day" and tab.month == date.today().month
    assert [r.id for r in tab.visible_rows()] == [book["theme_day"]]
