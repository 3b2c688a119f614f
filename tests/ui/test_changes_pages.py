"""党员, 考评 and 报送 refresh from ctx.changed: a change of a kind a page shows reaches it (at once when it is on
screen, when next shown otherwise); a change of another kind does not reload it."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from desktop.changes import Changes
from desktop.domain.meeting_enums import AttendanceStatus, MeetingKind
from desktop.domain.meeting_rules import MeetingInput
from desktop.workspace import Workspace
from tests.ui.uihelpers import PASSPHRASE, id_number, members_page, wait_tasks

MEMBERS_LIST = "正在读取党员名单…"
ASSESSMENT = "正在计算考评得分…"
SYNC = "正在读取报送情况…"
HOME = "正在读取首页…"
PAGE_LOADS = (MEMBERS_LIST, ASSESSMENT, SYNC, HOME)


def track_loads(session) -> list[str]:
    """The labels of the pages' reads that run from now on (the mutating calls themselves are left out)."""
    loads: list[str] = []
    session.tasks.finished.connect(lambda task: task.label in PAGE_LOADS and loads.append(task.label))
    return loads


def a_meeting(ws, start: datetime | None = None) -> MeetingInput:
    """A draft 主题党日 this year (what the secretary would type in the editor)."""
    today = date.today()
    start = start or (datetime.combine(today.replace(day=1), time(9)) if today.day > 1
                      else datetime.now() - timedelta(hours=1))
    ids = [m.id for m in ws.members.roster_on(start.date())]
    return MeetingInput(kind=MeetingKind.THEME_DAY, start=start, end=start + timedelta(minutes=60), place="会议室",
                        chair_id=ids[0], recorder_id=ids[1], theme="（测试）主题", content="（测试）内容",
                        default_status=AttendanceStatus.PRESENT)


def add_in_dialog(qtbot, session, page, name: str, seq: int) -> None:
    dlg = page.add_member()
    dlg.name.setText(name)
    dlg.gender.setCurrentText("女")
    dlg.birth_date.setValue(date(1992, 3, 5))
    dlg.joined_on.setValue(date(2018, 7, 1))
    dlg.id_number.setText(id_number(date(1992, 3, 5), seq))
    dlg.save_button.click()
    wait_tasks(qtbot, session)
    assert not dlg.isVisible()


def names(page) -> list[str]:
    return [page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())]


def test_members_page_refreshes_for_the_roster_and_not_for_meetings(qtbot, unlocked):
    mw, ws = unlocked.main_window, unlocked.ws
    mw.show_page("home")
    wait_tasks(qtbot, unlocked)
    page = members_page(qtbot, unlocked)
    assert "共 3 人" in page.count_label.text()
    loads = track_loads(unlocked)

    add_in_dialog(qtbot, unlocked, page, "赵六", 22)
    assert "赵六" in names(page) and "共 4 人" in page.count_label.text()
    assert page.selected_member().name == "赵六"  # the saved member stays selected after the refresh
    assert loads.count(MEMBERS_LIST) == 1  # once, from ctx.changed; no second reload of its own

    loads.clear()
    unlocked.tasks.run(ws.meetings.create, a_meeting(ws))  # not shown on this page
    unlocked.tasks.announce(Changes.of("dues", "sync"))
    wait_tasks(qtbot, unlocked)
    assert MEMBERS_LIST not in loads and "共 4 人" in page.count_label.text()

    unlocked.tasks.run(ws.organization.add_group, "第二党小组")  # the groups the member dialog offers
    wait_tasks(qtbot, unlocked)
    assert loads.count(MEMBERS_LIST) == 1 and "第二党小组" in page.groups

    # 首页 (hidden meanwhile) reads the book again when shown, since the roster changed
    loads.clear()
    mw.show_page("home")
    wait_tasks(qtbot, unlocked)
    assert loads == [HOME]


def test_a_member_added_elsewhere_shows_when_the_members_page_is_next_shown(qtbot, unlocked):
    mw = unlocked.main_window
    page = members_page(qtbot, unlocked)
    mw.show_page("dues")
    wait_tasks(qtbot, unlocked)
    loads = track_loads(unlocked)
    other = members_page(qtbot, unlocked)  # nothing changed: shown again without reading the roster again
    assert other is page and MEMBERS_LIST not in loads
    mw.show_page("dues")
    wait_tasks(qtbot, unlocked)
    dues = mw.page("dues")
    dlg = page.add_member()  # saved while the 党费 page is on screen (as a dialog restored after a lock can be)
    dlg.name.setText("钱七")
    dlg.gender.setCurrentText("男")
    dlg.birth_date.setValue(date(1990, 1, 2))
    dlg.joined_on.setValue(date(2015, 7, 1))
    dlg.id_number.setText(id_number(date(1990, 1, 2), 31))
    dlg.save_button.click()
    wait_tasks(qtbot, unlocked)
    assert not page.isVisible() and "钱七" not in names(page)  # hidden: only marked stale
    assert "钱七" in [name for _id, name in dues.data.members]  # the visible 党费 page refreshed
    members_page(qtbot, unlocked)
    assert "钱七" in names(page) and "共 4 人" in page.count_label.text()


def test_assessment_refreshes_for_records_but_not_for_its_own_scores(qtbot, unlocked):
    ws = unlocked.ws
    page = unlocked.main_window.show_page("assessment")
    wait_tasks(qtbot, unlocked)
    assert page.data is not None and page.data.records == ()
    loads = track_loads(unlocked)

    unlocked.tasks.run(ws.meetings.create, a_meeting(ws))  # a draft meeting: a record this year
    wait_tasks(qtbot, unlocked)
    assert loads == [ASSESSMENT] and [r.record_type for r in page.data.records] == ["meeting"]
    assert "主题党日（草稿）" in page.data.records[0].label  # offered as evidence at once

    loads.clear()
    box = page.table.score_box("central_work")
    box.setValue(6)
    page.save_pending()
    wait_tasks(qtbot, unlocked)
    assert page.save_state.text() == "已保存" and ASSESSMENT not in loads  # the table stays under the hands
    assert page.table.score_box("central_work") is box and box.score() == 6
    unlocked.tasks.announce(Changes.of("sync", "attachments"))
    wait_tasks(qtbot, unlocked)
    assert ASSESSMENT not in loads


def test_sync_page_refreshes_for_the_chain_and_the_branch_name(qtbot, unlocked, tmp_path):
    ws = unlocked.ws
    page = unlocked.main_window.show_page("sync")
    wait_tasks(qtbot, unlocked)
    assert page.pending.text() == "还没有需要报送的纪实记录"
    loads = track_loads(unlocked)

    def finalize_one() -> int:  # one unit of work through the task runner, as the editor's 定稿 does
        return ws.meetings.finalize(ws.meetings.create(a_meeting(ws)).id).id

    unlocked.tasks.run(finalize_one, changes=Changes.of("meetings", "ledger"))
    wait_tasks(qtbot, unlocked)
    assert loads == [SYNC] and page.pending.text() == "1 条记录尚未报送"

    loads.clear()
    unlocked.tasks.run(ws.organization.update_branch, name="改名后的党支部")
    wait_tasks(qtbot, unlocked)
    assert loads == [SYNC] and page.branch_name.text() == "改名后的党支部"

    loads.clear()
    unlocked.tasks.announce(Changes.of("members", "dues", "assessment"))
    wait_tasks(qtbot, unlocked)
    assert loads == []

    # trusting the committee's key through the page: the card shows it without a reload of the page's own
    committee = Workspace.create_committee(tmp_path / "工委.zhibu", PASSPHRASE, "测试机关工委")
    try:
        key_file = committee.committee.export_public_key(tmp_path)
    finally:
        committee.close()
    page.read_key_file(key_file)
    wait_tasks(qtbot, unlocked)
    page.trust_dialog.compared.setChecked(True)
    page.trust_dialog.trust_button.click()
    wait_tasks(qtbot, unlocked)
    assert loads.count(SYNC) == 1 and "测试机关工委" in page.committee_state.text()
    assert page.export_button.isEnabled()


def test_rectifications_tab_shows_items_added_after_it_was_first_read(qtbot, unlocked):
    from desktop.domain.meeting_rules import RectificationInput

    ws = unlocked.ws
    page = unlocked.main_window.show_page("meetings")
    tab = page.show_tab("rectification")
    wait_tasks(qtbot, unlocked)
    assert tab.visible_rows() == []
    page.show_tab("meeting")
    wait_tasks(qtbot, unlocked)
    owner = ws.members.list()[0].id
    due = date.today() + timedelta(days=30)
    # an item chained elsewhere (as an org-life meeting's 定稿 does) while the tab is hidden
    unlocked.tasks.run(ws.rectifications.add, RectificationInput("理论学习不够深入", "制定学习计划", owner, due),
                       source="上级督导反馈")
    wait_tasks(qtbot, unlocked)
    page.show_tab("rectification")
    wait_tasks(qtbot, unlocked)
    assert [r.item for r in tab.visible_rows()] == ["理论学习不够深入"]  # read again: it changed meanwhile

    # recorded from the tab itself: the row is refreshed once and stays selected
    tab.select(tab.visible_rows()[0].id)
    loads = []
    unlocked.tasks.finished.connect(lambda task: task.label == "正在读取整改清单…" and loads.append(task.label))
    dlg = tab.record_progress()
    dlg.note.setPlainText("已制定学习计划")
    dlg.ok_button.click()
    wait_tasks(qtbot, unlocked)
    assert not dlg.isVisible() and len(loads) == 1
    assert tab.selected() is not None and len(tab.selected().progress) == 1


def test_branch_info_saved_in_settings_reaches_the_sync_page(qtbot, unlocked):
    mw = unlocked.main_window
    sync = mw.show_page("sync")
    wait_tasks(qtbot, unlocked)
    assert sync.branch_name.text() == "测试党支部"
    panel = mw.show_page("settings").organization
    wait_tasks(qtbot, unlocked)
    loads = []
    unlocked.tasks.finished.connect(lambda task: task.label == "正在读取支部组织…" and loads.append(task.label))
    panel.name_edit.setText("机关第一党支部")
    panel.save_branch_button.click()
    wait_tasks(qtbot, unlocked)
    assert loads == ["正在读取支部组织…"] and panel.name_edit.text() == "机关第一党支部"  # refreshed once
    mw.show_page("sync")
    wait_tasks(qtbot, unlocked)
    assert sync.branch_name.text() == "机关第一党支部"


def test_committee_pages_refresh_for_reviews_and_imports_only(qtbot, session, committee_demo):
    from desktop.committee import demo
    from tests.ui.uihelpers import unlock

    unlock(qtbot, session, committee_demo[1], demo.PASSPHRASE)
    mw, ws = session.main_window, session.ws
    for key in ("branches", "overview", "reviews"):
        mw.show_page(key)
        wait_tasks(qtbot, session)
    page = mw.page("reviews")
    bid = next(b.branch_id for b in ws.committee.branches() if b.name == demo.CLOCK_BACK)
    record = [r for r in ws.oversight.records(bid, record_type="meeting") if r.status == "held"][-1]
    loads: list[str] = []
    session.tasks.finished.connect(lambda task: task.label.startswith("正在读取") and loads.append(task.label))

    page.prefill(record.hash)
    page.opinion.setPlainText("会议记录缺少议题，请补充说明")
    page.verdict_return.setChecked(True)
    page.submit_button.click()
    wait_tasks(qtbot, session)
    assert loads == ["正在读取审阅…"] and page.model.rowCount() == 1  # the new review listed, read once

    loads.clear()
    mw.show_page("branches")  # shows no reviews: not read again
    wait_tasks(qtbot, session)
    assert loads == []
    mw.show_page("overview")  # counts the reviews: read again
    wait_tasks(qtbot, session)
    assert loads == ["正在读取总览…"]
    loads.clear()
    session.tasks.announce(Changes.of("sync"))  # e.g. a bundle imported: the visible 总览 reads it at once
    wait_tasks(qtbot, session)
    assert loads == ["正在读取总览…"]
    mw.show_page("branches")
    wait_tasks(qtbot, session)
    assert loads == ["正在读取总览…", "正在读取支部…"]  # hidden meanwhile: read when shown


def test_open_editor_attachment_list_follows_changes_of_attachments(qtbot, unlocked, tmp_path):
    """The 附件 tab of an open editor shows a file attached to its record by any call (here the runner, as another
    window would), when it is on screen at once and otherwise when the tab is opened; its own 删除 shows the same way."""
    from PIL import Image

    photo = tmp_path / "签到表扫描件.png"
    Image.new("RGB", (40, 30), (10, 120, 40)).save(photo)
    ws = unlocked.ws
    page = unlocked.main_window.show_page("meetings")
    wait_tasks(qtbot, unlocked)
    ed = page.meetings.new_meeting(MeetingKind.GENERAL_ASSEMBLY)
    wait_tasks(qtbot, unlocked)
    ed.basics.theme.setText("附件测试")
    ed.life.save_now()
    qtbot.waitUntil(lambda: ed.meeting_id is not None and not ed.dirty, timeout=10000)
    wait_tasks(qtbot, unlocked)
    panel, rid = ed.attachments, ed.meeting_id
    assert panel.list.count() == 0 and not panel.isVisible()

    unlocked.tasks.run(ws.meetings.attach, rid, photo)  # while the 附件 tab is hidden
    wait_tasks(qtbot, unlocked)
    assert panel.list.count() == 0  # not read while hidden
    ed.tabs.setCurrentIndex(ed.TAB["attachments"])
    qtbot.waitUntil(lambda: panel.list.count() == 1, timeout=10000)
    assert ed.tabs.tabText(ed.TAB["attachments"]) == "附件（1）"

    unlocked.tasks.run(ws.meetings.attach, rid, photo, name="第二张.png")  # on screen: at once
    qtbot.waitUntil(lambda: panel.list.count() == 2, timeout=10000)
    panel.list.setCurrentRow(0)
    panel.remove_selected(confirmed=True)
    qtbot.waitUntil(lambda: panel.list.count() == 1, timeout=10000)
    wait_tasks(qtbot, unlocked)
    assert [a.name for a in ws.meetings.attachments.list("meeting", rid)] == panel.names()
    ed.reject()
    wait_tasks(qtbot, unlocked)


def test_a_refused_member_form_shows_every_problem_and_announces_no_change(qtbot, unlocked):
    from PySide6.QtWidgets import QLabel

    page = members_page(qtbot, unlocked)
    loads, announced = track_loads(unlocked), []
    unlocked.tasks.changed.connect(announced.append)
    dlg = page.add_member()
    dlg.name.setText("")  # two problems at once: no name, and an ID number that is not one
    dlg.id_number.setText("12345")
    dlg.save_button.click()
    wait_tasks(qtbot, unlocked)
    assert dlg.isVisible() and dlg.save_button.isEnabled()
    shown = [label.text() for label in dlg.findChildren(QLabel) if label.isVisible() and label.text()]
    assert len([t for t in shown if "姓名" in t or "身份证" in t]) >= 2, shown
    assert announced == [] and MEMBERS_LIST not in loads and "共 3 人" in page.count_label.text()
    dlg.reject()
