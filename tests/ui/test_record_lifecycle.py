"""The one record lifecycle (ui.records): a 民主评议 round being worked on comes back after a lock whether or not
its autosave ran first (the order-dependent bug of issue #12), and a draft that cannot be saved before the lock
is neither lost nor silently dropped."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from desktop.errors import ValidationError
from tests.ui.uihelpers import PASSPHRASE, wait_tasks


def _round_with_notes(qtbot, session, notes: str):
    page = session.main_window.show_page("meetings")
    ev = page.show_tab("evaluation")
    wait_tasks(qtbot, session)
    ev.new_round(date.today().year, date.today())
    wait_tasks(qtbot, session)
    ev.editor.notes.setPlainText(notes)
    return page, ev


def _lock_and_unlock(qtbot, session):
    session.lock()
    wait_tasks(qtbot, session)
    dlg = session.unlock_dialog
    dlg.passphrase.setText(PASSPHRASE)
    dlg.unlock_button.click()
    wait_tasks(qtbot, session)
    return session.main_window.page("meetings").tab("evaluation")


def test_evaluation_edited_then_autosaved_still_comes_back_after_a_lock(qtbot, unlocked):
    page, ev = _round_with_notes(qtbot, unlocked, "自动保存后锁定的评议说明")
    ev.autosave_timer.setInterval(10)  # as on a busy machine: the autosave runs before the lock
    qtbot.waitUntil(lambda: not ev.dirty and not unlocked.tasks.busy, timeout=10000)
    page.show_tab("talk")  # the user went on to another tab, then locked
    wait_tasks(qtbot, unlocked)
    ev = _lock_and_unlock(qtbot, unlocked)
    qtbot.waitUntil(lambda: "已恢复" in ev.banner.text(), timeout=15000)
    assert ev.editor.notes.toPlainText() == "自动保存后锁定的评议说明" and ev.mode == "draft"


def test_a_draft_that_cannot_be_saved_before_the_lock_comes_back_with_the_reason(qtbot, unlocked):
    _page, ev = _round_with_notes(qtbot, unlocked, "保存失败时仍要保留的说明")

    def refuse(ws, round_id, data):
        raise ValidationError("评议日期不能晚于今天。")

    ev.life.kind = replace(ev.life.kind, save=refuse)
    ev = _lock_and_unlock(qtbot, unlocked)
    qtbot.waitUntil(lambda: "未能保存" in ev.banner.text(), timeout=15000)
    wait_tasks(qtbot, unlocked)
    assert "评议日期不能晚于今天" in ev.banner.text()
    assert ev.editor.notes.toPlainText() == "保存失败时仍要保留的说明"  # the kept input, back on screen
    assert ev.dirty  # and saved again by the (working) autosave
    ev.autosave_timer.setInterval(10)
    qtbot.waitUntil(lambda: not ev.dirty and not unlocked.tasks.busy, timeout=10000)
    assert unlocked.ws.evaluations.input_of(ev.round_id).notes == "保存失败时仍要保留的说明"


def test_a_new_round_is_the_one_chosen_in_the_list(qtbot, unlocked):
    """A new round is opened while the list refreshes from ctx.changed: the list must end on the round being
    opened, not on the one shown before; deleting its draft opens the round left."""
    ev = unlocked.main_window.show_page("meetings").show_tab("evaluation")
    wait_tasks(qtbot, unlocked)
    year = date.today().year
    ev.new_round(year - 1, date(year - 1, 12, 1))
    wait_tasks(qtbot, unlocked)
    ev.new_round(year, date.today())
    wait_tasks(qtbot, unlocked)
    assert ev.editor.year == year and ev.rounds.currentData() == ev.round_id
    assert ev.rounds.currentText().startswith(f"{year}年度")

    ev.life.delete_draft(confirmed=True)
    wait_tasks(qtbot, unlocked)
    assert ev.rounds.count() == 1 and ev.rounds.currentText().startswith(f"{year - 1}年度")
    assert ev.editor.year == year - 1 and ev.rounds.currentData() == ev.round_id
