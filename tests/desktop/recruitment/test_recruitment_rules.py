"""The recruitment rule engine without a book: calendar months, each limit at and around its boundary."""

from datetime import date

import pytest

from desktop.domain import recruitment_rules as RR
from desktop.domain.recruitment_rules import ContactRole, RecruitFacts, RecruitStage, StepFact

RULES = RR.load_rules()
TODAY = date(2030, 1, 1)
BORN = date(1995, 6, 1)


def facts(*steps, contacts=1, introducers=2):
    return RecruitFacts(BORN, tuple(StepFact(k, d, dict(x[0]) if x else {}) for k, d, *x in steps),
                        {ContactRole.CONTACT: contacts, ContactRole.INTRODUCER: introducers})


def check(f, kind, on, **details):
    errors, warnings = RR.check_step(f, RULES, StepFact(kind, on, details), TODAY)
    return [str(e) for e in errors], warnings


@pytest.mark.parametrize("start, months, end", [
    (date(2025, 1, 15), 1, date(2025, 2, 15)),
    (date(2025, 1, 31), 1, date(2025, 2, 28)),
    (date(2024, 1, 31), 1, date(2024, 2, 29)),
    (date(2024, 2, 29), 12, date(2025, 2, 28)),
    (date(2025, 11, 30), 3, date(2026, 2, 28)),
    (date(2025, 8, 31), 6, date(2026, 2, 28)),
    (date(2025, 5, 10), 0, date(2025, 5, 10)),
])
def test_add_months_is_calendar_months(start, months, end):
    assert RR.add_months(start, months) == end


@pytest.mark.parametrize("applied, ok", [(date(2013, 5, 31), False), (date(2013, 6, 1), True)])
def test_age_18_at_application(applied, ok):
    errors, _ = check(facts(), "applied", applied)
    assert (not errors) is ok
    if not ok:
        assert "未满18周岁" in errors[0]


@pytest.mark.parametrize("applied, talked, late", [
    (date(2025, 1, 15), date(2025, 2, 15), False),
    (date(2025, 1, 15), date(2025, 2, 16), True),
    (date(2025, 1, 31), date(2025, 2, 28), False),
    (date(2025, 1, 31), date(2025, 3, 1), True),
])
def test_talk_within_one_calendar_month(applied, talked, late):
    errors, warnings = check(facts(("applied", applied)), "talked", talked)
    assert not errors
    assert bool(warnings) is late


@pytest.mark.parametrize("on, overdue, days_left", [
    (date(2025, 2, 14), False, 1), (date(2025, 2, 15), False, 0), (date(2025, 2, 16), True, -1),
])
def test_talk_deadline_pending(on, overdue, days_left):
    ev = RR.evaluate(facts(("applied", date(2025, 1, 15))), RULES, on)
    d = ev.deadlines[0]
    assert (d.step, d.due) == ("talked", date(2025, 2, 15))
    assert ((d.due - on).days < 0, (d.due - on).days) == (overdue, days_left)


@pytest.mark.parametrize("candidate_on, ok", [
    (date(2025, 3, 9), False), (date(2025, 3, 10), True), (date(2025, 3, 11), True),
])
def test_activist_at_least_one_year(candidate_on, ok):
    f = facts(("applied", date(2023, 9, 1)), ("talked", date(2023, 9, 20)), ("activist", date(2024, 3, 10)),
              ("review", date(2024, 9, 10)), ("review", date(2025, 3, 1)))
    errors, _ = check(f, "candidate", candidate_on)
    assert (not errors) is ok
    if not ok:
        assert "一年以上" in errors[0]


def test_activist_leap_day_year():
    f = facts(("applied", date(2023, 9, 1)), ("activist", date(2024, 2, 29)))
    ev = RR.evaluate(f, RULES, date(2024, 6, 1))
    assert [(d.step, d.due) for d in ev.earliest] == [("candidate", date(2025, 2, 28))]


@pytest.mark.parametrize("count, ok", [(0, False), (1, True), (2, True), (3, False)])
def test_one_or_two_contacts(count, ok):
    errors, _ = check(facts(("applied", date(2024, 1, 1)), contacts=count), "activist", date(2024, 3, 1))
    assert (not errors) is ok


@pytest.mark.parametrize("on, due, overdue", [
    (date(2024, 7, 10), date(2024, 7, 10), False),
    (date(2024, 7, 11), date(2024, 7, 10), True),
])
def test_half_yearly_review_deadline(on, due, overdue):
    ev = RR.evaluate(facts(("applied", date(2023, 12, 1)), ("talked", date(2023, 12, 5)),
                           ("activist", date(2024, 1, 10))), RULES, on)
    d = next(x for x in ev.deadlines if x.step == "review")
    assert d.due == due and (d.due < on) is overdue


def test_review_gap_is_a_problem_not_an_error():
    f = facts(("applied", date(2023, 12, 1)), ("talked", date(2023, 12, 5)), ("activist", date(2024, 1, 10)))
    errors, warnings = check(f, "review", date(2024, 7, 11))
    assert not errors and "超过6个月没有培养考察" in warnings[0]


CANDIDATE = (("applied", date(2022, 1, 5)), ("talked", date(2022, 1, 20)), ("activist", date(2022, 3, 1)),
             ("review", date(2022, 9, 1)), ("review", date(2023, 3, 1)), ("candidate", date(2023, 3, 1)),
             ("political_review", date(2023, 5, 1)))


@pytest.mark.parametrize("training, ok", [
    ([{"days": 3}], True), ([{"hours": 24}], True), ([{"days": 2}, {"days": 1}], True),
    ([{"days": 2}], False), ([{"hours": 23}], False), ([{"days": 2, "hours": 16}], False), ([], False),
])
def test_training_three_days_or_24_hours(training, ok):
    f = facts(*CANDIDATE, *[("training", date(2023, 6, 1), t) for t in training])
    errors, _ = check(f, "admitted", date(2023, 7, 1))
    assert (not errors) is ok


@pytest.mark.parametrize("introducers, ok", [(1, False), (2, True), (3, False)])
def test_two_introducers(introducers, ok):
    f = facts(*CANDIDATE, ("training", date(2023, 6, 1), {"days": 3}), introducers=introducers)
    errors, _ = check(f, "admitted", date(2023, 7, 1))
    assert (not errors) is ok


def test_admission_needs_political_review():
    f = facts(*CANDIDATE[:-1], ("training", date(2023, 6, 1), {"days": 3}))
    errors, _ = check(f, "admitted", date(2023, 7, 1))
    assert "请先登记“政治审查”" in errors[0]


ADMITTED = CANDIDATE + (("training", date(2023, 6, 1), {"days": 3}), ("admitted", date(2023, 7, 10)))


@pytest.mark.parametrize("approved, error, warned", [
    (date(2023, 10, 10), False, False),  # 3 months exactly
    (date(2023, 10, 11), False, True),  # past 3 months: allowed with a warning
    (date(2024, 1, 10), False, True),  # 6 months exactly
    (date(2024, 1, 11), True, True),  # past 6 months: refused
])
def test_approval_window(approved, error, warned):
    errors, warnings = check(facts(*ADMITTED), "approved", approved)
    assert bool(errors) is error and bool(warnings) is warned


def test_approval_deadline_moves_from_3_to_6_months():
    f = facts(*ADMITTED)
    assert RR.evaluate(f, RULES, date(2023, 10, 10)).deadlines[0].due == date(2023, 10, 10)
    assert RR.evaluate(f, RULES, date(2023, 10, 11)).deadlines[0].due == date(2024, 1, 10)
    assert RR.evaluate(f, RULES, date(2024, 2, 1)).deadlines[0].due == date(2024, 1, 10)  # overdue


PROBATION = ADMITTED + (("approved", date(2023, 8, 20)),)


def test_probation_ends_one_year_after_the_assembly():
    ev = RR.evaluate(facts(*PROBATION), RULES, date(2024, 5, 1))
    assert ev.stage == RecruitStage.PROBATIONARY and ev.probation_end == date(2024, 7, 10)
    assert {(d.step, d.due) for d in ev.deadlines} == {("full_request", date(2024, 7, 10)),
                                                         ("full_vote", date(2024, 7, 10))}


@pytest.mark.parametrize("vote_on, ok", [(date(2024, 7, 9), False), (date(2024, 7, 10), True)])
def test_full_vote_not_before_term_end(vote_on, ok):
    errors, _ = check(facts(*PROBATION, ("full_request", date(2024, 6, 20))), "full_vote", vote_on)
    assert (not errors) is ok


@pytest.mark.parametrize("months, ok", [(5, False), (6, True), (12, True), (13, False)])
def test_extension_between_6_and_12_months(months, ok):
    errors, _ = check(facts(*PROBATION), "extended", date(2024, 7, 10), months=months)
    assert (not errors) is ok


def test_extension_only_once_and_moves_the_term_end():
    f = facts(*PROBATION, ("full_request", date(2024, 6, 20)), ("extended", date(2024, 7, 10), {"months": 6}))
    ev = RR.evaluate(f, RULES, date(2024, 8, 1))
    assert ev.probation_end == date(2025, 1, 10)
    # the earlier request no longer counts: a new one is due at the new term end
    assert ("full_request", date(2025, 1, 10)) in {(d.step, d.due) for d in ev.deadlines}
    errors, _ = check(f, "extended", date(2025, 1, 10), months=6)
    assert errors


@pytest.mark.parametrize("approved, warned", [(date(2024, 10, 15), False), (date(2024, 10, 16), True)])
def test_full_membership_approval_within_3_months(approved, warned):
    f = facts(*PROBATION, ("full_request", date(2024, 6, 20)), ("full_vote", date(2024, 7, 15)))
    errors, warnings = check(f, "full_approved", approved)
    assert not errors and bool(warnings) is warned
    assert RR.stage_of(RecruitFacts(BORN, f.steps + (StepFact("full_approved", approved),)), RULES) == RecruitStage.FULL


def test_steps_in_order_once_and_not_in_the_future():
    f = facts(("applied", date(2024, 1, 10)))
    assert "请先登记“确定为入党积极分子”" in check(f, "candidate", date(2025, 6, 1))[0][0]
    assert "不能早于" in check(f, "talked", date(2024, 1, 9))[0][0]
    assert "晚于今天" in check(f, "talked", date(2031, 1, 1))[0][0]
    f = facts(("applied", date(2024, 1, 10)), ("talked", date(2024, 1, 20)))
    assert "不能重复登记" in check(f, "talked", date(2024, 1, 25))[0][0]
    assert "未知的步骤" in check(f, "party", date(2024, 1, 25))[0][0]


def test_stopped_recruit_has_no_deadlines():
    f = facts(("applied", date(2024, 1, 10)), ("stopped", date(2024, 3, 1), {"reason": "本人撤回申请"}))
    ev = RR.evaluate(f, RULES, date(2024, 6, 1))
    assert ev.stage == RecruitStage.STOPPED and ev.deadlines == () and ev.next_step is None
