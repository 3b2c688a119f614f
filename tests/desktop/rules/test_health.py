"""Members' and the branch's health: absences in a row (warn at 3), six months without organizational life
(critical), attendance rate, 转正 due (with an extension), data gaps, 换届 warning/overdue, party groups
without a leader, rectifications past due, and the dues and recruitment alerts folded in."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.domain.enums import CommitteeRole as R
from desktop.domain.enums import MembershipEventKind
from desktop.domain.meeting_enums import RectificationStatus
from desktop.domain.meeting_rules import RectificationInput
from desktop.rules.branch_health import branch_alerts
from desktop.rules.members_health import member_alerts, member_health

from .book import K, Builder, at, dt, new_book

G1 = ["王书记", "李组织", "赵一", "缺席者"]
G2 = ["张宣传", "钱二", "孙三", "周四", "请假者"]


@pytest.fixture(scope="module")
def book(module_dir):
    ws = new_book(module_dir)
    b = Builder(ws)
    for name in G1:
        b.member(name, group="第一党小组")
    for name in G2:
        b.member(name, group="第二党小组", phone="" if name == "钱二" else "13800000000")
    b.member("无组", group=None)
    b.member("冯预备", joined=date(2025, 10, 15), full=None, group="第二党小组")
    b.member("陈延期", joined=date(2025, 3, 1), full=None, group="第二党小组")
    ws.members.record_event(b.id("陈延期"), MembershipEventKind.PROBATION_EXTENDED, date(2026, 2, 20),
                            "延长预备期6个月")
    b.leader("第一党小组", "赵一")
    b.committee(date(2023, 6, 1), {"王书记": R.SECRETARY, "李组织": R.ORGANIZATION, "张宣传": R.PROPAGANDA})
    b.committee(date(2026, 7, 1), {"王书记": R.SECRETARY, "李组织": R.ORGANIZATION, "张宣传": R.PROPAGANDA})
    b.meeting(K.GENERAL_ASSEMBLY, dt("2025-12-10"))
    for day in ("2026-01-15", "2026-03-15", "2026-05-15", "2026-07-10"):
        b.meeting(K.GENERAL_ASSEMBLY, dt(day), absent=["缺席者"], leave=["请假者"])
    olm = b.meeting(K.ORG_LIFE_MEETING, dt("2025-12-20"), rectifications=[
        RectificationInput("学习不深入", "每月集中学习", b.id("赵一"), date(2026, 3, 31))])
    rect = ws.rectifications.list(meeting_id=olm)[0].id
    ws.rectifications.record_progress(rect, date(2026, 4, 10), RectificationStatus.CLOSED, "已整改")
    ruleset, facts = ws.rules.facts(date(2025, 1, 1), date(2026, 12, 31))
    yield {"ws": ws, "b": b, "ruleset": ruleset, "facts": facts, "rect": rect}
    ws.close()


def alerts(book, on: str) -> dict[str, list]:
    day = at(on)
    health = member_health(book["facts"], book["ruleset"], day)
    out: dict[str, list] = {}
    for a in member_alerts(health, book["facts"], book["ruleset"], day) + branch_alerts(book["facts"],
                                                                                          book["ruleset"], day):
        out.setdefault(a.kind, []).append(a)
    return out


def names(book, items) -> list[str]:
    return sorted(book["facts"].name(a.member_id) for a in items)


@pytest.mark.parametrize("on, absences, critical, leave", [
    ("2026-04-01", [], [], []),  # two missed in a row: not yet
    ("2026-05-20", ["缺席者", "请假者"], [], []),  # three in a row (缺席 or 请假): warning
    ("2026-07-15", [], ["缺席者"], ["请假者"]),  # six months without attending: critical (all leave: warning)
])
def test_absences_in_a_row_and_six_months(book, on, absences, critical, leave):
    found = alerts(book, on)
    assert names(book, found.get("member_absences", [])) == absences
    assert names(book, found.get("member_no_attendance", [])) == critical
    assert names(book, found.get("member_long_leave", [])) == leave
    for a in found.get("member_no_attendance", []):
        assert a.severity == "critical" and "连续6个月未参加组织生活" in a.message and a.source == "《中国共产党章程》第九条"


def test_attendance_rate_and_streak(book):
    rows = {h.name: h for h in member_health(book["facts"], book["ruleset"], at("2026-07-15"))}
    # five 支部党员大会 and the 组织生活会 in the last twelve months
    assert (rows["王书记"].expected, rows["王书记"].present, rows["王书记"].attendance_rate) == (6, 6, 1.0)
    assert (rows["缺席者"].absent, rows["缺席者"].attendance_rate, rows["缺席者"].missed_in_a_row) == (4, 0.333, 4)
    assert (rows["请假者"].on_leave, rows["请假者"].last_present) == (4, date(2025, 12, 20))
    assert rows["冯预备"].status.value == "probationary" and rows["王书记"].probation_end is None


@pytest.mark.parametrize("name, on, kind", [
    ("冯预备", "2026-09-14", None),
    ("冯预备", "2026-09-15", "member_probation_due"),  # 30 days before 15 October 2026
    ("冯预备", "2026-10-15", "member_probation_due"),
    ("冯预备", "2026-10-16", "member_probation_overdue"),
    ("陈延期", "2026-03-02", None),  # one year would have ended on 1 March, but it was extended by 6 months
    ("陈延期", "2026-08-01", None),
    ("陈延期", "2026-08-10", "member_probation_due"),
    ("陈延期", "2026-09-01", "member_probation_due"),
    ("陈延期", "2026-09-02", "member_probation_overdue"),
])
def test_probation_end_with_extension(book, name, on, kind):
    found = alerts(book, on)
    mine = [k for k in ("member_probation_due", "member_probation_overdue")
            if book["b"].id(name) in {a.member_id for a in found.get(k, [])}]
    assert mine == ([kind] if kind else [])


def test_data_gaps_are_grouped_per_field(book):
    found = alerts(book, "2026-07-15")
    assert [book["facts"].name(i) for i in found["member_missing_phone"][0].member_ids] == ["钱二"]
    assert found["member_missing_group"][0].member_ids == (book["b"].id("无组"),)
    assert len(found["member_missing_id_number"][0].member_ids) == 12  # nobody has an ID number here
    assert all(a.severity == "info" for k in found if k.startswith("member_missing") for a in found[k])


@pytest.mark.parametrize("on, kind", [
    ("2025-11-30", None),
    ("2025-12-01", "branch_term_ending"),  # six months before 1 June 2026
    ("2026-05-31", "branch_term_ending"),
    ("2026-06-01", "branch_term_overdue"),
    ("2026-06-30", "branch_term_overdue"),
    ("2026-07-01", None),  # re-elected
])
def test_committee_term(book, on, kind):
    found = {k for k in alerts(book, on) if k.startswith("branch_term")}
    assert found == ({kind} if kind else set())
    if kind == "branch_term_overdue":
        a = alerts(book, on)[kind][0]
        assert a.severity == "critical" and a.due == date(2026, 6, 1) and "换届选举" in a.message


def test_group_without_leader(book):
    found = alerts(book, "2026-07-15")["group_no_leader"]
    assert [a.subject_id for a in found] == [book["b"].groups["第二党小组"]] and "第二党小组" in found[0].message


@pytest.mark.parametrize("on, expected", [("2026-03-31", False), ("2026-04-01", True), ("2026-04-10", False),
                                          ("2025-12-21", False)])
def test_rectification_past_due_until_closed(book, on, expected):
    found = alerts(book, on).get("rectification_overdue", [])
    assert bool(found) == expected
    if expected:
        assert found[0].subject_id == book["rect"] and "学习不深入" in found[0].message


def test_status_folds_in_dues_and_recruitment(book):
    ws, b = book["ws"], book["b"]
    ws.dues.set_base(b.id("钱二"), 2026, "6000")
    rid = ws.recruitment.add("王小明", "男", date(1998, 4, 2), date(2026, 9, 1)).id
    report = ws.rules.status(at("2026-09-20"))
    kinds = {a.kind for a in report.alerts}
    assert {"dues_unpaid_critical", "recruit_due"} <= kinds
    dues = next(a for a in report.alerts if a.kind == "dues_unpaid_critical")
    assert dues.member_id == b.id("钱二") and dues.subject == "dues"
    later = ws.rules.status(at("2026-10-05"))
    overdue = next(a for a in later.alerts if a.kind == "recruit_overdue")
    assert overdue.subject_id == rid and "王小明" in overdue.message and overdue.severity == "warning"
    severities = [a.severity for a in later.alerts]
    assert severities == sorted(severities, key=["critical", "warning", "info"].index)
    assert "dues_unpaid_critical" not in {a.kind for a in ws.rules.status(at("2026-09-20"), dues=False).alerts}
