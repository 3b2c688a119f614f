"""The demo's dues and recruits: the alerts and the overdue step the demo promises are really there."""

import random
from datetime import date

from desktop.demo import populate_members
from desktop.demo_dues import add_demo_dues, add_demo_recruits
from desktop.domain.recruitment_rules import RecruitStage


def test_demo_dues_and_recruits(ws):
    today = date.today()
    rng = random.Random(2020)
    populate_members(ws, today, rng)
    add_demo_recruits(ws, today, rng)
    add_demo_dues(ws, today, rng)

    alerts = ws.dues.alerts(today)
    assert [(a.kind, a.months) for a in alerts] == [("dues_unpaid_critical", 7), ("dues_arrears", 3)]
    assert len(ws.dues.arrears(today)) == 2
    years = {b.year for b in ws.dues.bases()}
    assert years == {today.year - 2, today.year - 1, today.year}

    views = ws.recruitment.pipeline(today)
    assert {v.stage for v in views} == {RecruitStage.APPLICANT, RecruitStage.ACTIVIST, RecruitStage.CANDIDATE,
                                        RecruitStage.PROBATIONARY}
    assert [v.stage for v in views if v.overdue] == [RecruitStage.ACTIVIST]
    probationary = next(v for v in views if v.stage == RecruitStage.PROBATIONARY)
    assert ws.members.get(probationary.member_id).full_on is None
