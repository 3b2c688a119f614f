"""发展党员 page: register an applicant, record steps through the dialog, the card moves along the board."""

from __future__ import annotations

from datetime import date, timedelta

from tests.ui.uihelpers import wait_tasks


def recruitment_page(qtbot, session):
    page = session.main_window.show_page("recruitment")
    wait_tasks(qtbot, session)
    return page


def add_applicant(qtbot, session, page, name="王小明", applied=None):
    dlg = page.add_recruit()
    dlg.name.setText(name)
    dlg.gender.setCurrentText("男")
    dlg.birth_date.setValue(date(1998, 4, 2))
    dlg.applied_on.setValue(applied or date.today() - timedelta(days=3))
    dlg.unit.setText("示范局")
    dlg.save_button.click()
    wait_tasks(qtbot, session)
    return dlg


def test_add_recruit_then_record_steps_moves_the_card(qtbot, unlocked):
    page = recruitment_page(qtbot, unlocked)
    assert page.loaded and not page.board.cards()
    dlg = add_applicant(qtbot, unlocked, page)
    assert not dlg.isVisible()
    card = next(c for c in page.board.cards() if c.view.name == "王小明")
    assert page.board.column_key_of(card.view.id) == "applicant"
    assert card.next_step.text() == "派人谈话" and "还有" in card.due.text()
    assert page.board.current == card.view.id and "王小明" in page.detail.plain_text()

    step = page.record_step(card.view.id)
    assert step.current_step() == "talked"
    step.set_step("activist")
    step.on.setValue(date.today())
    zhang = next(mid for mid, name in page.data.full_members if name == "张三")
    step.check_people("contacts", [zhang])
    step.save_button.click()
    wait_tasks(qtbot, unlocked)
    assert not step.isVisible()
    rid = card.view.id
    assert page.board.column_key_of(rid) == "activist"
    moved = page.board.card(rid)
    assert moved.view.contacts == ((zhang, "张三"),)
    assert "培养联系人：张三" in page.detail.plain_text()


def test_refused_step_shows_the_service_message(qtbot, unlocked):
    page = recruitment_page(qtbot, unlocked)
    add_applicant(qtbot, unlocked, page, "李小红")
    rid = page.board.current
    step = page.record_step(rid)
    step.set_step("activist")
    step.check_people("contacts", [mid for mid, _n in page.data.full_members])  # 3 contacts: too many
    step.save_button.click()
    wait_tasks(qtbot, unlocked)
    assert step.isVisible() and step.form_error.isVisible() and "培养联系人" in step.form_error.text()
    assert step.save_button.isEnabled()
    step.reject()
    assert page.board.column_key_of(rid) == "applicant"


def test_overdue_step_is_red_and_add_dialog_reports_fields(qtbot, unlocked):
    page = recruitment_page(qtbot, unlocked)
    add_applicant(qtbot, unlocked, page, "赵小刚", applied=date.today() - timedelta(days=70))
    card = page.board.card(page.board.current)
    assert card.view.overdue and card.due.text().startswith("已逾期")
    assert "b3261e" in card.due.styleSheet()
    assert "逾期" in page.summary.text()

    dlg = page.add_recruit()
    dlg.name.setText("孙小")
    dlg.save_button.click()  # no gender
    wait_tasks(qtbot, unlocked)
    assert dlg.isVisible() and dlg.error_text("gender")
    dlg.reject()


def test_a_step_with_an_earliest_day_and_a_deadline_reads_as_one_item():
    from datetime import date
    from types import SimpleNamespace as NS

    from ui.recruitment.detail_panel import describe

    due = NS(step_label="支部大会讨论转正", due=date(2027, 4, 4), overdue=False, days_left=121,
             title="预备期满，党支部应当及时讨论能否转为正式党员", source="《中国共产党章程》第七条")
    first = NS(step_label="支部大会讨论转正", due=date(2027, 4, 4), overdue=False, days_left=121,
               title="预备期满后方可讨论转正", source="《中国共产党章程》第七条")
    other = NS(step_label="上级党委审批转正", due=date(2027, 5, 1), overdue=False, days_left=150,
               title="t", source="《中国共产党发展党员工作细则》")
    view = NS(name="龙欣然", gender="女", stage_label="预备党员", birth_date=date(1998, 12, 4), unit="", position="",
              phone="", contacts=(), introducers=(), probation_end=date(2027, 4, 4), deadlines=(due,),
              earliest=(first, other), problems=(), steps=())
    html = describe(view)
    assert html.count("支部大会讨论转正") == 1 and "应于2027年4月4日办理，不得提前" in html
    assert html.count("《中国共产党章程》第七条") == 1
    assert "上级党委审批转正：2027年5月1日起可办理" in html
