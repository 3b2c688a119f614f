"""考评 page: example banner, automatic items read-only, manual score changes the total within its maximum,
evidence picked from the year's records; everything saved through the service."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from desktop.domain.meeting_enums import MeetingKind
from tests.ui.uihelpers import wait_tasks


def assessment_page(qtbot, session):
    page = session.main_window.show_page("assessment")
    wait_tasks(qtbot, session)
    assert page.loaded
    return page


def total_shown(page) -> Decimal:
    text = page.total_label.text()  # 合计 69 / 100 分
    return Decimal(text.split()[1])


def test_manual_score_changes_total_and_respects_max(qtbot, unlocked):
    page = assessment_page(qtbot, unlocked)
    year = page.selected_year()
    assert page.banner.isVisible() and "示例" in page.banner.text()
    auto_item = next(i for i in page.table.items_by_id.values() if i.scoring == "auto")
    assert page.table.cellWidget(page.table.rows_by_id[auto_item.id], 2) is None  # read-only
    assert page.table.item(page.table.rows_by_id[auto_item.id], 5).text() == auto_item.explanation

    before = total_shown(page)
    box = page.table.score_box("central_work")
    assert box.score() is None and box.maximum() == 8
    box.setValue(6)
    assert total_shown(page) == before + 6
    assert "还有 3 项" in page.parts_label.text()
    box.setValue(100)  # clamped to the item's maximum
    assert box.score() == Decimal("8") and total_shown(page) == before + 8
    page.table.note_edit("central_work").setText("业务工作中发挥作用明显")
    page.table.note_edit("central_work").setModified(True)
    page.table.note_edit("central_work").editingFinished.emit()
    page.save_pending()
    wait_tasks(qtbot, unlocked)
    assert page.save_state.text() == "已保存"
    saved = next(i for i in unlocked.ws.assessment.self_assessment(year).items if i.id == "central_work")
    assert saved.score == Decimal("8.00") and saved.note == "业务工作中发挥作用明显"

    page.set_year(year - 1)
    wait_tasks(qtbot, unlocked)
    assert page.table.score_box("central_work").score() is None  # another year: not scored
    page.set_year(year)
    wait_tasks(qtbot, unlocked)
    assert page.table.score_box("central_work").score() == Decimal("8")
    assert total_shown(page) == before + 8


def test_evidence_is_picked_from_the_years_records(qtbot, unlocked):
    from tests.desktop.rules.book import Builder

    b = Builder(unlocked.ws)
    b.ids = {m.name: m.id for m in unlocked.ws.members.list()}
    today = date.today()
    start = datetime.combine(today.replace(day=1), time(9)) if today.day > 1 else datetime.now() - timedelta(hours=1)
    meeting = b.meeting(MeetingKind.THEME_DAY, start)
    page = assessment_page(qtbot, unlocked)
    dlg = page.pick_evidence("featured_work")
    assert dlg.list.count() == 1 and "主题党日" in dlg.list.item(0).text()
    dlg.set_checked(f"meeting:{meeting}")
    dlg.accept()
    assert page.table.evidence["featured_work"] == (f"meeting:{meeting}",)
    assert "佐证（1）" in page.table.cellWidget(page.table.rows_by_id["featured_work"], 3).text()
    page.table.score_box("featured_work").setValue(4.5)
    page.save_pending()
    wait_tasks(qtbot, unlocked)
    saved = next(i for i in unlocked.ws.assessment.self_assessment(today.year).items if i.id == "featured_work")
    assert saved.evidence == (f"meeting:{meeting}",) and saved.score == Decimal("4.50")
