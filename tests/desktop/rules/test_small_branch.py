"""Small branches: no 支委会 (a secretary only) and no party groups → those rules do not apply; no secretary →
talk coverage cannot be checked; branch size rules (≥3 full members, ≥7 → committee, >50 → split)."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.domain.enums import CommitteeRole as R
from desktop.rules.branch_health import size_alerts
from desktop.rules.cadence import evaluate
from desktop.rules.facts import BookFacts, MemberFact, Term
from desktop.rules.periods import parse_label
from desktop.rules.ruleset import default_ruleset

from .book import K, Builder, at, dt, new_book


@pytest.fixture(scope="module")
def small(module_dir):
    ws = new_book(module_dir / "small")
    b = Builder(ws)
    for name in ("书记", "甲", "乙", "丙"):
        b.member(name)
    b.member("预备", joined=date(2025, 9, 1), full=None)
    b.committee(date(2024, 3, 1), {"书记": R.SECRETARY})  # under 7 full members: a secretary, no 支委会
    b.meeting(K.PARTY_LECTURE, dt("2025-06-01"), lecturer="书记")
    b.talk(date(2025, 5, 1), "书记", "甲")
    b.talk(date(2025, 5, 2), "书记", "乙", "丙")
    ruleset, facts = ws.rules.facts(date(2024, 1, 1), date(2026, 12, 31))
    yield {"ws": ws, "ruleset": ruleset, "facts": facts}
    ws.close()


def result(book, rule_id, period, on):
    return evaluate(book["ruleset"].rule(rule_id), parse_label(period), book["facts"], at(on))


@pytest.mark.parametrize("rule_id, period, state, reason", [
    ("committee_meeting", "2025-06", "not_applicable", "未设支部委员会"),
    ("group_meeting", "2025-06", "not_applicable", "未划分党小组"),
    ("general_assembly", "2004-Q2", "not_applicable", "没有登记在册的党员"),  # before anyone had joined
    ("general_assembly", "2025-Q2", "overdue", "尚未开展支部党员大会"),
    ("secretary_lecture", "2025", "done", "书记讲党课1次"),
])
def test_rules_that_do_not_apply_to_a_small_branch(small, rule_id, period, state, reason):
    r = result(small, rule_id, period, "2026-01-10")
    assert r.state == state and reason in r.message
    if state == "not_applicable":
        assert (r.count, r.required, r.records) == (0, 0, ())


def test_talks_with_the_secretary_only(small):
    r = result(small, "heart_talk", "2025", "2026-01-10")
    assert r.state == "overdue" and (r.count, r.required) == (3, 4)  # 预备 has not talked with the secretary
    assert [(g.kind, g.b_name) for g in r.gaps] == [("committee_member", "预备")]


def test_without_a_secretary_talks_cannot_be_checked(small):
    from dataclasses import replace

    facts = replace(small["facts"], terms=[])
    r = evaluate(small["ruleset"].rule("heart_talk"), parse_label("2025"), facts, at("2026-01-10"))
    assert r.state == "not_applicable" and "没有登记在任的支部书记" in r.message
    r = evaluate(small["ruleset"].rule("secretary_lecture"), parse_label("2025"), facts, at("2026-01-10"))
    assert r.state == "not_applicable"


def synthetic(full: int, probationary: int = 0, committee: int = 0) -> BookFacts:
    members = [MemberFact(i, f"党员{i}", date(2000, 1, 1), date(2001, 1, 1), None, None, "", i,
                          [(date(2000, 1, 1), None)]) for i in range(1, full + 1)]
    members += [MemberFact(100 + i, f"预备{i}", date(2026, 1, 1), None, None, None, "", 100 + i,
                           [(date(2026, 1, 1), None)]) for i in range(probationary)]
    terms = [Term(1, date(2025, 1, 1), 3, tuple((i, R.MEMBER.value) for i in range(1, committee + 1)))] \
        if committee else []
    return BookFacts(date(2026, 1, 1), date(2026, 12, 31), members, {}, terms, [], [], [], [], set())


@pytest.mark.parametrize("full, probationary, committee, kinds", [
    (0, 0, 0, {"branch_no_members"}),
    (2, 1, 0, {"branch_too_small"}),
    (3, 0, 0, set()),
    (6, 0, 0, set()),
    (7, 0, 0, {"branch_needs_committee"}),
    (7, 0, 1, {"branch_needs_committee"}),  # a secretary alone is not a 支委会
    (7, 0, 3, set()),
    (48, 3, 5, {"branch_too_large"}),
    (50, 0, 5, set()),
])
def test_branch_size_rules(full, probationary, committee, kinds):
    found = size_alerts(synthetic(full, probationary, committee), default_ruleset(), date(2026, 6, 1))
    assert {a.kind for a in found} == kinds
