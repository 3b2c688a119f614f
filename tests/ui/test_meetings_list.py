"""The 会议记录 list: filters by year, type and status (草稿/已定稿/补录/已作废), and the month overview."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from desktop.domain.meeting_enums import AttendanceStatus, MeetingKind, RecordStatus
from desktop.domain.meeting_rules import MeetingInput
from tests.ui.uihelpers import wait_tasks


def add_meeting(ws, kind: MeetingKind, start: datetime, *, finalize: bool = True, void: bool = False) -> int:
    ids = [m.id for m in ws.members.roster_on(start.date())]
    v = ws.meetings.create(MeetingInput(kind=kind, start=start, end=start + timedelta(minutes=60), place="会议室",
                                        chair_id=ids[0], recorder_id=ids[1], theme="（测试）主题",
                                        content="（测试）内容", default_status=AttendanceStatus.PRESENT))
    if finalize:
        ws.meetings.finalize(v.id)
    if void:
        ws.meetings.void(v.id, "重复录入")
    return v.id


def test_filters_and_month_overview(qtbot, unlocked):
    ws, today = unlocked.ws, date.today()
    at = lambda days, hour=9: datetime.combine(today - timedelta(days=days), time(hour))  # noqa: E731
    recent = add_meeting(ws, MeetingKind.GENERAL_ASSEMBLY, at(1))
    late = add_meeting(ws, MeetingKind.THEME_DAY, at(20))  # finalized 20 days later: 补录
    draft = add_meeting(ws, MeetingKind.GENERAL_ASSEMBLY, at(2), finalize=False)
    void = add_meeting(ws, MeetingKind.GENERAL_ASSEMBLY, at(3), void=True)
    old = add_meeting(ws, MeetingKind.THEME_DAY, datetime(today.year - 2, 6, 10, 9))

    page = unlocked.main_window.show_page("meetings")
    wait_tasks(qtbot, unlocked)
    tab = page.meetings
    ids = lambda: {r.id for r in tab.visible_rows()}  # noqa: E731

    tab.set_filters(year=None)
    wait_tasks(qtbot, unlocked)
    assert ids() == {recent, late, draft, void, old}
    assert tab.year.findData(today.year - 2) > 0  # years that have records are offered

    for status, expected in (("draft", {draft}), ("final", {recent, late, old}), ("late", {late, old}),
                             ("void", {void})):
        tab.status.setCurrentIndex(tab.status.findData(status))
        wait_tasks(qtbot, unlocked)
        assert ids() == expected, status
    tab.set_filters(status="", kind=MeetingKind.THEME_DAY)
    wait_tasks(qtbot, unlocked)
    assert ids() == {late, old}
    tab.set_filters(kind=None, year=today.year - 2)
    wait_tasks(qtbot, unlocked)
    assert ids() == {old}
    row = tab.model.row_of(old)
    assert "补录" in tab.model.data(tab.model.index(row, 7))
    assert tab.overview.year == today.year - 2 and tab.overview.count(MeetingKind.THEME_DAY, 6) == "1"
    assert tab.overview.count(MeetingKind.GENERAL_ASSEMBLY, 6) == ""

    d = at(1).date()
    tab.set_filters(year=d.year)
    wait_tasks(qtbot, unlocked)
    assert tab.overview.count(MeetingKind.GENERAL_ASSEMBLY, d.month) != ""
    tab.overview.cellClicked.emit(list(MeetingKind).index(MeetingKind.GENERAL_ASSEMBLY), d.month - 1)
    wait_tasks(qtbot, unlocked)
    shown = tab.visible_rows()
    assert shown and all(r.kind == MeetingKind.GENERAL_ASSEMBLY and r.start.month == d.month for r in shown)
    assert recent in {r.id for r in shown} and tab.month_chip.isVisible()
    tab.month_chip.click()
    assert not tab.month_chip.isVisible()
    assert {r.status for r in tab.visible_rows()} >= {RecordStatus.FINAL}
