"""The meeting editor: attendance clicked through the grid, live counts and quorum from the service, inline
messages, autosave, 定稿 locking the editor, 更正 / 补充说明 / 作废 in the history."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from PySide6.QtCore import Qt, QTime

from desktop.domain.meeting_enums import AttendanceStatus, MeetingKind, RecordStatus
from desktop.domain.meeting_rules import MeetingInput
from tests.ui.uihelpers import wait_tasks
from ui.widgets.attendance_grid import COL_REASON, COL_STATUS

YESTERDAY = date.today() - timedelta(days=1)


def meetings_tab(qtbot, session):
    page = session.main_window.show_page("meetings")
    wait_tasks(qtbot, session)
    return page.meetings


def click_status(qtbot, grid, row: int) -> None:
    index = grid.model.index(row, COL_STATUS)
    qtbot.mouseClick(grid.table.viewport(), Qt.LeftButton, pos=grid.table.visualRect(index).center())


def choose(combo, text: str) -> None:
    i = combo.findText(text)
    assert i >= 0, text
    combo.setCurrentIndex(i)


def settle(qtbot, session, editor) -> None:
    """Let debounce timers fire and the worker finish."""
    qtbot.waitUntil(lambda: not (editor.preview_timer.isActive() or editor.day_timer.isActive()
                                 or session.tasks.busy), timeout=10000)


def final_meeting(ws, start: datetime, place: str = "三楼会议室") -> int:
    ids = [m.id for m in ws.members.roster_on(start.date())]
    v = ws.meetings.create(MeetingInput(kind=MeetingKind.GENERAL_ASSEMBLY, start=start,
                                        end=start + timedelta(minutes=90), place=place, chair_id=ids[0],
                                        recorder_id=ids[1], content="（测试）会议内容",
                                        default_status=AttendanceStatus.PRESENT))
    return ws.meetings.finalize(v.id).id


def test_new_meeting_attendance_counts_quorum_and_finalize(qtbot, unlocked):
    tab = meetings_tab(qtbot, unlocked)
    ed = tab.new_meeting(MeetingKind.GENERAL_ASSEMBLY)
    ed.basics.day.setValue(YESTERDAY)
    settle(qtbot, unlocked, ed)
    assert [r.name for r in ed.grid.rows()] == ["张三", "李四", "王五"]
    assert ed.status.count("expected") == "3 人" and ed.status.count("unmarked") == "3 人"
    assert ed.basics.error_text("chair") == "请填写主持人。"  # the service's message, under the field
    assert ed.meeting_id is None  # nothing typed yet: nothing saved

    ed.basics.end.setTime(QTime(8, 0))  # before the 09:00 start
    settle(qtbot, unlocked, ed)
    assert "结束时间早于开始时间" in ed.basics.error_text("start")
    ed.basics.end.setTime(QTime(10, 30))
    choose(ed.basics.chair, "张三")
    choose(ed.basics.recorder, "李四")
    ed.content.setPlainText("（测试）会议内容照实记录")

    ed.tabs.setCurrentIndex(ed.TAB["attendance"])
    click_status(qtbot, ed.grid, 0)
    settle(qtbot, unlocked, ed)
    assert ed.grid.status_of(ed.grid.rows()[0].member_id) == AttendanceStatus.PRESENT
    assert ed.status.count("present") == "1 人"
    assert "未超过半数" in ed.status.quorum.text()
    click_status(qtbot, ed.grid, 1)
    for _ in range(3):  # 出席 → 请假 → 缺席
        click_status(qtbot, ed.grid, 2)
    settle(qtbot, unlocked, ed)
    assert [r.status for r in ed.grid.rows()] == [AttendanceStatus.PRESENT, AttendanceStatus.PRESENT,
                                                  AttendanceStatus.ABSENT]
    assert (ed.status.count("present"), ed.status.count("present_full"), ed.status.count("absent")) == \
        ("2 人", "2 人", "1 人")
    assert "超过半数，会议有效" in ed.status.quorum.text()
    assert any("王五缺席的原因" in t for t in ed.status.finding_texts())
    ed.grid.model.setData(ed.grid.model.index(2, COL_REASON), "出差")
    settle(qtbot, unlocked, ed)
    assert not any("原因" in t for t in ed.status.finding_texts())

    ed.tabs.setCurrentIndex(ed.TAB["resolutions"])
    ed.resolutions.agenda.setPlainText("讨论本季度工作\n研究下月安排")
    row = ed.resolutions.add_row()
    ed.resolutions.set_text(row, "同意本季度工作安排")
    ed.resolutions.set_votes(row, 1, 1, 0)
    settle(qtbot, unlocked, ed)
    assert ed.resolutions.table.item(row, 7).text() == "未通过"  # 1 of 3 voting members due is not more than half
    ed.resolutions.set_votes(row, 2, 0, 0)
    settle(qtbot, unlocked, ed)
    assert ed.resolutions.table.item(row, 7).text() == "通过"

    ed.autosave_timer.setInterval(10)
    ed.autosave_timer.start()
    qtbot.waitUntil(lambda: ed.meeting_id is not None and not ed.dirty and not unlocked.tasks.busy, timeout=10000)
    saved = unlocked.ws.meetings.get(ed.meeting_id)
    assert saved.status == RecordStatus.DRAFT and saved.record.attendance[2].reason == "出差"
    assert saved.record.agenda == ("讨论本季度工作", "研究下月安排") and saved.record.resolutions[0].votes_for == 2
    assert "草稿已保存" in ed.save_state.text()
    wait_tasks(qtbot, unlocked)
    assert tab.model.row_at(tab.model.row_of(ed.meeting_id)).status.label == "草稿"

    ed.finalize_button.click()
    wait_tasks(qtbot, unlocked)
    box = ed.confirm_box
    assert "不能再修改" in box.informativeText()
    box.confirm_button.click()
    wait_tasks(qtbot, unlocked)
    assert ed.mode == "final" and "已定稿" in ed.chip.text()
    assert ed.basics.place.isReadOnly() and ed.content.isReadOnly() and not ed.basics.chair.isEnabled()
    assert ed.grid.model.read_only and not ed.resolutions.add_button.isVisible()
    click_status(qtbot, ed.grid, 0)  # a locked grid does not change
    assert ed.grid.rows()[0].status == AttendanceStatus.PRESENT
    assert ed.correct_button.isVisible() and ed.void_button.isVisible() and not ed.finalize_button.isVisible()
    assert ed.history.version_labels() == ["定稿（原始记录）"]
    assert "纪实第" in ed.status.ledger.text()
    assert unlocked.ws.meetings.get(ed.meeting_id).status == RecordStatus.FINAL
    ed.reject()
    wait_tasks(qtbot, unlocked)


def test_correction_supplement_and_void_show_in_history(qtbot, unlocked):
    mid = final_meeting(unlocked.ws, datetime.combine(YESTERDAY, time(9)))
    tab = meetings_tab(qtbot, unlocked)
    tab.open_meeting(mid)
    wait_tasks(qtbot, unlocked)
    ed = tab.editor
    assert ed.mode == "final" and ed.basics.place.text() == "三楼会议室"

    ed.correct_button.click()
    assert ed.mode == "correct" and not ed.basics.place.isReadOnly() and not ed.basics.kind.isEnabled()
    ed.basics.place.setText("五楼小会议室")
    settle(qtbot, unlocked, ed)
    dlg = ed.submit_correction()
    dlg.ok_button.click()
    assert dlg.isVisible() and "请填写更正原因" in dlg.error.text()
    dlg.reason.setText("记录人笔误，核对签到表后更正")
    dlg.ok_button.click()
    wait_tasks(qtbot, unlocked)
    assert not dlg.isVisible() and ed.mode == "final"
    assert ed.basics.place.text() == "五楼小会议室" and "有更正" in ed.chip.text()
    assert ed.history.version_labels() == ["定稿（原始记录）", "更正"]
    row = ed.history.row_texts(1)
    assert "记录人笔误" in row[5] and "地点" in row[5] and row[1].isdigit()
    assert ed.tabs.currentIndex() == ed.TAB["history"]
    assert "三楼会议室" in unlocked.ws.meetings.get(mid).original.place

    dlg = ed.supplement()
    dlg.note.setPlainText("会后补充：签到表原件存档于党建档案盒。")
    dlg.ok_button.click()
    wait_tasks(qtbot, unlocked)
    assert ed.history.version_labels()[-1] == "补充说明"
    assert "签到表原件" in ed.history.text.toPlainText()

    dlg = ed.void()
    dlg.reason.setText("与另一条记录重复")
    dlg.ok_button.click()
    wait_tasks(qtbot, unlocked)
    assert ed.mode == "void" and "已作废" in ed.chip.text() and ed.history.version_labels()[-1] == "作废"
    assert not ed.correct_button.isVisible()
    row = tab.model.row_at(tab.model.row_of(mid))
    assert row.status == RecordStatus.VOID and "有更正" in tab.model.data(tab.model.index(tab.model.row_of(mid), 7))
    ed.reject()


def test_type_specific_fields_lecture_and_group(qtbot, unlocked):
    tab = meetings_tab(qtbot, unlocked)
    ed = tab.new_meeting(MeetingKind.PARTY_LECTURE)
    ed.basics.day.setValue(YESTERDAY)
    settle(qtbot, unlocked, ed)
    form = ed.basics
    assert form.row_shown("lecturer") and form.row_shown("topic") and not form.row_shown("theme")
    assert {f for f in ("lecturer", "topic") if form.error_text(f)} == {"lecturer", "topic"}
    assert "1.5 小时" in ed.status.study.text()  # 09:00–10:30 credited to each attendee
    form.lecturer.setEditText("市委党校王教授")
    form.topic.setText("党章学习")
    form.study.setValue(60)
    settle(qtbot, unlocked, ed)
    data = ed.value()
    assert (data.lecturer_id, data.lecturer_name, data.study_minutes) == (None, "市委党校王教授", 60)
    assert "1.0 小时" in ed.status.study.text() and not form.error_text("lecturer")
    choose(form.lecturer, "李四")
    assert ed.value().lecturer_id == ed.grid.rows()[1].member_id

    choose(form.kind, "党小组会")
    settle(qtbot, unlocked, ed)
    assert not form.row_shown("lecturer") and form.row_shown("group") and ed.grid.rows() == []
    assert form.error_text("group") == "请选择召开会议的党小组。"
    choose(form.group, "第一党小组")
    settle(qtbot, unlocked, ed)
    assert len(ed.grid.rows()) == 3 and form.title.placeholderText().startswith("留空则为：第一党小组")
    ed.dirty = False
    ed.reject()

    group_id = form.group.currentData()  # as the 首页 does for a group that missed its 党小组会
    ed = tab.new_meeting(MeetingKind.GROUP_MEETING, group_id=group_id)
    settle(qtbot, unlocked, ed)
    assert ed.basics.group_id() == group_id and len(ed.grid.rows()) == 3
    ed.reject()
