"""党费 page: month sheet, 记录缴费 through the dialog (arrears update), the base editor's live amounts."""

from __future__ import annotations

from datetime import date

import pytest

from tests.ui.uihelpers import wait_tasks


@pytest.fixture
def dues(qtbot, unlocked):
    """张三 has a base of 4000 (1%: 40.00 a month) since last year and has never paid."""
    ws = unlocked.ws
    ids = {m.name: m.id for m in ws.members.list()}
    today = date.today()
    for year in (today.year - 1, today.year):
        ws.dues.set_base(ids["张三"], year, "4000")
    page = unlocked.main_window.show_page("dues")
    wait_tasks(qtbot, unlocked)
    return {"session": unlocked, "ws": ws, "ids": ids, "page": page}


def arrears_of(page, member_id):
    return next((a for a in page.arrears_model.rows() if a.member_id == member_id), None)


def test_sheet_shows_money_as_yuan_strings(qtbot, dues):
    page = dues["page"]
    assert page.loaded
    row = next(r for r in page.sheet_model.rows() if r.member_name == "张三")
    i = page.sheet_model.rows().index(row)
    assert page.sheet_model.index(i, 2).data() == "¥4000.00"
    assert page.sheet_model.index(i, 3).data() == "1%"
    assert page.sheet_model.index(i, 4).data() == "¥40.00"
    assert "¥" in page.summary.text()


def test_record_payment_through_dialog_updates_arrears(qtbot, dues):
    page, ws, session = dues["page"], dues["ws"], dues["session"]
    zhang = dues["ids"]["张三"]
    last_year = date.today().year - 1
    before = arrears_of(page, zhang)
    assert before is not None and (last_year, 1) in before.months

    page.show_arrears(zhang)
    dlg = page._pay_for_row(page.arrears_table)
    wait_tasks(qtbot, session)
    assert dlg.member_id() == zhang and dlg.year.value() == last_year
    assert dlg.selected_months() == [(last_year, m) for m in range(1, 13)]  # the year's arrears preselected
    assert dlg.amount.text() == "480.00"
    dlg.month_buttons[12].setChecked(False)
    assert dlg.amount.text() == "440.00"  # follows the months until edited by hand
    dlg.proxy.setText("李四")
    dlg.save_button.click()
    wait_tasks(qtbot, session)
    # January of last year is more than 6 months back: the reason is asked for before anything is registered
    assert dlg.isVisible() and dlg.note_error.isVisible() and "备注" in dlg.note_error.text()
    assert ws.dues.payments(member_id=zhang) == [] and dlg.note.hasFocus()
    assert "check" not in dlg.note_error.text() and "待核" not in dlg.note_error.text()
    dlg.note.setText("借调期间补交")
    dlg.save_button.click()
    wait_tasks(qtbot, session)
    assert not dlg.isVisible()
    payment = ws.dues.payments(member_id=zhang)[0]
    assert payment.amount_fen == 44000 and payment.proxy == "李四" and len(payment.months) == 11
    after = arrears_of(page, zhang)
    assert after.months == ((last_year, 12),) + tuple(m for m in before.months if m[0] != last_year)


def test_payment_refused_shows_service_message_in_dialog(qtbot, dues):
    page, session = dues["page"], dues["session"]
    dlg = page.record_payment(dues["ids"]["张三"])
    wait_tasks(qtbot, session)
    dlg.amount.setText("1.00")
    dlg._amount_touched = True
    dlg.save_button.click()
    wait_tasks(qtbot, session)
    assert dlg.isVisible() and "不符" in dlg.form_error.text()
    assert dlg.save_button.isEnabled()
    dlg.reject()


def test_base_editor_computes_rate_and_monthly_amount_live(qtbot, dues):
    page, ws, session = dues["page"], dues["ws"], dues["session"]
    year = date.today().year
    editor = page.edit_bases(year)
    wait_tasks(qtbot, session)
    row = editor.row_of(dues["ids"]["李四"])
    assert row >= 0 and editor.monthly_text(row) == ""
    editor.set_base(row, "6500")
    assert editor.monthly_text(row) == "¥97.50" and editor.table.item(row, 3).text() == "1.5%"
    editor.set_base(row, "3000")
    assert editor.monthly_text(row) == "¥15.00" and editor.table.item(row, 5).text() == "待保存"
    editor.set_base(row, "abc")
    assert editor.table.item(row, 5).text() == "金额有误"
    editor.set_base(row, "0", "student")
    assert editor.monthly_text(row) == "¥0.20"
    editor.set_base(row, "6500", "employed")
    editor.save_button.click()
    wait_tasks(qtbot, session)
    base = next(b for b in ws.dues.bases(year=year) if b.member_id == dues["ids"]["李四"])
    assert base.monthly_yuan == "97.50"
    row = editor.row_of(dues["ids"]["李四"])
    assert editor.table.item(row, 5).text() == "已核定"
    editor.reject()
