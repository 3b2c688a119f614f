"""民主评议 workspace: per-member votes and grades, the live 优秀 cap warning, autosave and 定稿."""

from __future__ import annotations

from datetime import date, timedelta

from desktop.domain.meeting_enums import EvaluationGrade, RecordStatus
from tests.ui.uihelpers import wait_tasks
from ui.evaluations.grid_model import COL_FINAL, COL_TOTAL


def test_grid_cap_warning_autosave_and_finalize(qtbot, unlocked):
    page = unlocked.main_window.show_page("meetings")
    tab = page.show_tab("evaluation")
    wait_tasks(qtbot, unlocked)
    assert tab.empty.isVisible() and not tab.editor.isVisible()
    held_on = date.today() - timedelta(days=1)
    tab.new_round(held_on.year, held_on)
    wait_tasks(qtbot, unlocked)
    ed, model = tab.editor, tab.editor.model
    assert tab.mode == "draft" and [r.name for r in model.rows()] == ["张三", "李四", "王五"]
    assert tab.rounds.currentText().startswith(f"{held_on.year}年度")

    model.setData(model.index(0, 2), 3)  # 优秀票
    model.setData(model.index(0, 3), 1)
    assert model.data(model.index(0, COL_TOTAL)) == 4
    model.setData(model.index(0, COL_FINAL), EvaluationGrade.EXCELLENT.value)
    assert "评定为优秀 1 人" in ed.cap_label.text() and not ed.cap_over()  # 3 × 1/3 = 1 allowed
    model.set_grade(1, "final", EvaluationGrade.EXCELLENT)
    assert ed.cap_over() and "超过上限" in ed.cap_label.text()  # live, before any save
    model.set_grade(2, "final", EvaluationGrade.BASICALLY_QUALIFIED)
    ed.table.setCurrentIndex(model.index(2, 0))
    ed.self_assessment.setPlainText("本人提交的自我评价")

    tab.autosave_timer.setInterval(10)
    qtbot.waitUntil(lambda: not tab.dirty and not unlocked.tasks.busy, timeout=10000)
    texts = ed.finding_texts()
    assert any("超过上限" in t for t in texts) and any("王五" in t and "帮助教育" in t for t in texts)
    saved = unlocked.ws.evaluations.get(tab.round_id)
    assert saved.cap.over and saved.record.members[2].self_assessment == "本人提交的自我评价"

    model.setData(model.index(2, 9), "支部书记谈心谈话，帮助制定改进计划")
    model.set_grade(1, "final", EvaluationGrade.QUALIFIED)
    assert not ed.cap_over()
    tab.buttons["finalize"].click()
    wait_tasks(qtbot, unlocked)
    assert "不能再修改" in tab.confirm_box.informativeText()
    tab.confirm_box.confirm_button.click()
    wait_tasks(qtbot, unlocked)
    assert tab.mode == "final" and model.read_only and "已定稿" in tab.chip.text()
    assert not model.setData(model.index(0, 2), 9)
    assert unlocked.ws.evaluations.get(tab.round_id).status == RecordStatus.FINAL
    assert ed.history.version_labels() == ["定稿（原始记录）"]
    assert tab.buttons["correct"].isVisible() and not tab.buttons["finalize"].isVisible()

    tab.start_correction()
    assert tab.mode == "correct" and not model.read_only
    model.set_votes(0, 2, 1, 0, 0)
    dlg = tab.submit_correction()
    dlg.reason.setText("计票时把一张优秀票记错")
    dlg.ok_button.click()
    wait_tasks(qtbot, unlocked)
    assert tab.mode == "final" and ed.history.version_labels() == ["定稿（原始记录）", "更正"]
    assert "评议结果" in ed.history.row_texts(1)[5] and model.rows()[0].votes.excellent == 2
