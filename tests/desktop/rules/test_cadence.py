"""Each cadence rule, table-driven on one hand-built book: period boundaries (quarter ends, the leap day),
drafts not counting, corrected and voided records, members joining and leaving mid-year (study hours),
probationary members, and talk coverage."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.domain.enums import CommitteeRole as R
from desktop.rules.cadence import evaluate
from desktop.rules.facts import load_facts
from desktop.rules.periods import parse_label

from .book import K, Builder, at, dt, new_book

FULL = [("王书记", "第一党小组"), ("李组织", "第一党小组"), ("张宣传", "第二党小组"), ("赵一", "第一党小组"),
        ("钱二", "第二党小组"), ("孙三", "第一党小组"), ("周四", "第二党小组"), ("吴五", "第二党小组")]


@pytest.fixture(scope="module")
def book(module_dir):
    ws = new_book(module_dir)
    b = Builder(ws)
    for name, group in FULL:
        b.member(name, group=group)
    b.member("调走", joined=date(2010, 1, 1), full=date(2011, 1, 1), group="第二党小组")
    b.member("冯预备", joined=date(2025, 5, 1), full=None, group="第二党小组", birth=date(1998, 5, 5))
    b.member("新人", joined=date(2010, 1, 1), full=date(2011, 1, 1), group="第一党小组",
             transfer_in=date(2025, 7, 1))
    b.leave("调走", date(2025, 6, 30))
    b.committee(date(2024, 1, 10), {"王书记": R.SECRETARY, "李组织": R.ORGANIZATION, "张宣传": R.PROPAGANDA})
    b.leader("第一党小组", "王书记")
    m = {}
    m["ga_q1"] = b.meeting(K.GENERAL_ASSEMBLY, dt("2025-03-31", 18))
    m["ga_q2"] = b.meeting(K.GENERAL_ASSEMBLY, dt("2025-04-01"))
    m["ga_draft"] = b.meeting(K.GENERAL_ASSEMBLY, dt("2025-12-20"), draft=True)
    m["cm_sep"] = b.meeting(K.COMMITTEE_MEETING, dt("2025-09-30", 20))
    m["cm_nov"] = b.meeting(K.COMMITTEE_MEETING, dt("2025-11-20"))
    m["gm_may_1"] = b.meeting(K.GROUP_MEETING, dt("2025-05-10"), group="第一党小组")
    m["gm_jun_1"] = b.meeting(K.GROUP_MEETING, dt("2025-06-10"), group="第一党小组")
    m["gm_jun_2"] = b.meeting(K.GROUP_MEETING, dt("2025-06-11"), group="第二党小组")
    m["lecture_sec"] = b.meeting(K.PARTY_LECTURE, dt("2025-05-20"), lecturer="王书记")
    m["lecture_org"] = b.meeting(K.PARTY_LECTURE, dt("2026-02-10"), lecturer="李组织")
    m["td_leap"] = b.meeting(K.THEME_DAY, dt("2024-02-29"))
    m["td_draft"] = b.meeting(K.THEME_DAY, dt("2025-08-10"), draft=True)
    m["td_moved"] = b.meeting(K.THEME_DAY, dt("2025-08-02"))
    data = ws.meetings.input_of(m["td_moved"])
    data.start, data.end = dt("2025-07-30"), dt("2025-07-30", 11)
    ws.meetings.amend(m["td_moved"], data, reason="日期录错，据签到表更正")
    m["td_void"] = b.meeting(K.THEME_DAY, dt("2025-09-05"))
    ws.meetings.void(m["td_void"], "重复录入")
    m["olm"] = b.meeting(K.ORG_LIFE_MEETING, dt("2025-12-15"))
    m["study_1"] = b.meeting(K.STUDY_SESSION, dt("2025-03-10"), minutes=480, study_minutes=1920, absent=["孙三"],
                             topic="集中学习")
    m["study_2"] = b.meeting(K.STUDY_SESSION, dt("2025-09-10"), minutes=480, study_minutes=1320, absent=["孙三"],
                             topic="集中学习")
    m["eval_2025"] = b.evaluation(2025, date(2026, 1, 20))
    t = {}
    t["sec_org"] = b.talk(date(2025, 3, 1), "王书记", "李组织")
    t["sec_prop"] = b.talk(date(2025, 3, 2), "王书记", "张宣传")
    t["sec_zhao"] = b.talk(date(2025, 4, 1), "王书记", "赵一")
    t["sec_qian"] = b.talk(date(2025, 4, 2), "王书记", "钱二")
    t["org_sun"] = b.talk(date(2025, 4, 3), "李组织", "孙三")
    t["org_zhou"] = b.talk(date(2025, 4, 4), "李组织", "周四")
    t["prop_group"] = b.talk(date(2025, 4, 5), "张宣传", "吴五", "赵一")
    t["draft"] = b.talk(date(2025, 12, 1), "李组织", "冯预备", draft=True)
    ruleset, facts = ws.rules.facts(date(2024, 1, 1), date(2028, 12, 31))
    yield {"ws": ws, "b": b, "m": m, "t": t, "ruleset": ruleset, "facts": facts}
    ws.close()


def result(book, rule_id: str, period: str, on: str):
    return evaluate(book["ruleset"].rule(rule_id), parse_label(period), book["facts"], at(on))


# rule, period, day asked about, state, counted records (keys of the book's meetings)
CASES = [
    # 支部党员大会, quarterly: the last day of a quarter counts in it, the first day of the next in the next
    ("general_assembly", "2025-Q1", "2025-03-31", "done", ["ga_q1"]),
    ("general_assembly", "2025-Q1", "2025-03-30", "due", []),
    ("general_assembly", "2025-Q2", "2025-04-01", "done", ["ga_q2"]),
    ("general_assembly", "2025-Q3", "2025-09-30", "due", []),
    ("general_assembly", "2025-Q3", "2025-10-01", "overdue", []),
    ("general_assembly", "2024-Q4", "2025-03-31", "overdue", []),
    ("general_assembly", "2025-Q4", "2026-01-05", "overdue", []),  # a draft does not count
    # 支委会, monthly; a meeting later in the month is not counted before its day
    ("committee_meeting", "2025-09", "2025-09-30", "done", ["cm_sep"]),
    ("committee_meeting", "2025-10", "2025-11-15", "overdue", []),
    ("committee_meeting", "2025-11", "2025-11-15", "due", []),
    ("committee_meeting", "2025-11", "2025-11-20", "done", ["cm_nov"]),
    # 党小组会, every group with members each month
    ("group_meeting", "2025-05", "2025-06-05", "overdue", ["gm_may_1"]),
    ("group_meeting", "2025-06", "2025-06-30", "done", ["gm_jun_1", "gm_jun_2"]),
    # 党课 (local rule, quarterly) and 书记讲党课 (yearly, by the secretary in office that day)
    ("party_lecture", "2025-Q2", "2025-06-30", "done", ["lecture_sec"]),
    ("party_lecture", "2026-Q1", "2026-03-31", "done", ["lecture_org"]),
    ("secretary_lecture", "2025", "2026-01-01", "done", ["lecture_sec"]),
    ("secretary_lecture", "2026", "2026-11-26", "due", []),
    # 主题党日: the leap day, an empty February, a draft, a corrected date and a voided record
    ("theme_day", "2024-02", "2024-02-29", "done", ["td_leap"]),
    ("theme_day", "2024-02", "2024-02-28", "due", []),
    ("theme_day", "2025-02", "2025-02-28", "due", []),
    ("theme_day", "2025-02", "2025-03-01", "overdue", []),
    ("theme_day", "2028-02", "2028-02-29", "due", []),
    ("theme_day", "2028-02", "2028-03-01", "overdue", []),
    ("theme_day", "2025-07", "2025-07-31", "done", ["td_moved"]),  # corrected from 2 August to 30 July
    ("theme_day", "2025-06", "2025-07-01", "overdue", []),
    ("theme_day", "2025-08", "2025-08-20", "due", []),  # only a draft
    ("theme_day", "2025-09", "2025-10-01", "overdue", []),  # finalized, then voided
    # 组织生活会 and 民主评议 (counted by the year evaluated, whenever held)
    ("org_life_meeting", "2025", "2026-01-01", "done", ["olm"]),
    ("org_life_meeting", "2026", "2026-11-26", "due", []),
    ("org_life_meeting", "2026", "2027-01-01", "overdue", []),
    ("member_evaluation", "2025", "2026-01-10", "overdue", []),
    ("member_evaluation", "2025", "2026-01-20", "done", ["eval_2025"]),
]


@pytest.mark.parametrize("rule_id, period, on, state, records", CASES)
def test_rule_states(book, rule_id, period, on, state, records):
    r = result(book, rule_id, period, on)
    assert (r.period.label, r.state) == (period, state), r.message
    assert list(r.records) == [book["m"][k] for k in records]
    assert r.days_left == (r.due_on - at(on)).days


def test_due_day_and_messages(book):
    r = result(book, "general_assembly", "2025-Q3", "2025-09-30")
    assert r.due_on == date(2025, 9, 30) and r.days_left == 0 and "请于2025年9月30日前完成（还有0天）" in r.message
    r = result(book, "theme_day", "2028-02", "2028-03-01")
    assert r.due_on == date(2028, 2, 29) and r.days_left == -1 and "已逾期1天" in r.message
    done = result(book, "committee_meeting", "2025-09", "2025-10-01")
    assert done.message == "2025年9月已开展支部委员会会议1次（要求至少1次）。"


def test_drafts_are_listed_as_in_progress(book):
    r = result(book, "general_assembly", "2025-Q4", "2026-01-05")
    assert r.drafts == (book["m"]["ga_draft"],) and r.count == 0 and "1份草稿未定稿" in r.message
    r = result(book, "theme_day", "2025-08", "2025-08-20")
    assert r.drafts == (book["m"]["td_draft"],) and r.records == ()


def test_group_meeting_names_the_group_that_missed(book):
    r = result(book, "group_meeting", "2025-05", "2025-06-05")
    assert (r.count, r.required) == (1, 2)
    assert [(g.name, g.count, g.done) for g in r.groups] == [("第一党小组", 1, True), ("第二党小组", 0, False)]
    assert "第二党小组尚未召开党小组会" in r.message


def test_secretary_lecture_needs_the_secretary_as_lecturer(book):
    r = result(book, "secretary_lecture", "2026", "2026-11-26")
    assert r.count == 0 and "尚未开展书记讲党课" in r.message
    assert result(book, "party_lecture", "2026-Q1", "2026-11-26").records == (book["m"]["lecture_org"],)


def test_study_hours_pro_rated_for_joining_and_leaving(book):
    r = result(book, "study_hours", "2025", "2026-01-05")
    rows = {m.name: m for m in r.members}
    assert r.state == "overdue" and (r.count, r.required) == (10, 11)
    assert [m.name for m in r.members if not m.done] == ["孙三"]
    assert (rows["孙三"].hours, rows["孙三"].target_hours) == (1.5, 32)  # only the 90-minute lecture
    assert (rows["王书记"].minutes, rows["王书记"].target_hours) == (1920 + 1320 + 90, 32)
    assert (rows["新人"].days_in_branch, rows["新人"].target_hours, rows["新人"].hours) == (184, 17, 22)
    assert (rows["调走"].days_in_branch, rows["调走"].target_hours, rows["调走"].hours) == (180, 16, 33.5)
    assert (rows["冯预备"].days_in_branch, rows["冯预备"].target_hours) == (245, 22)  # probationary too
    assert rows["冯预备"].done
    assert set(r.records) == {book["m"][k] for k in ("study_1", "study_2", "lecture_sec")}
    assert "孙三1.5/32" in r.message


def test_study_hours_in_the_running_year_are_due(book):
    r = result(book, "study_hours", "2025", "2025-06-01")
    assert r.state == "due"
    assert "新人" not in {m.name for m in r.members}  # not yet in the branch on the day asked about


def test_talk_coverage_lists_the_pairs_not_yet_talked(book):
    r = result(book, "heart_talk", "2025", "2026-01-01")
    gaps = [(g.kind, g.a_name, g.b_name) for g in r.gaps]
    assert gaps == [("committee_pair", "李组织", "张宣传"), ("committee_member", "任一支部委员", "冯预备"),
                    ("committee_member", "任一支部委员", "新人")]
    assert (r.count, r.required, r.state) == (7, 10, "overdue")
    assert r.drafts == (book["t"]["draft"],)
    assert book["t"]["prop_group"] in r.records and book["t"]["sec_org"] in r.records


def test_status_covers_current_and_previous_period_of_every_rule(book):
    report = book["ws"].rules.status(at("2025-11-15"), dues=False, recruitment=False)
    ids = [r.id for r in book["ruleset"].rules]
    assert [(r.rule_id, r.which) for r in report.rules] == [(i, w) for i in ids for w in ("previous", "current")]
    assert report.result("committee_meeting", "previous").period.label == "2025-10"
    assert report.result("committee_meeting").state == "due"
    assert report.result("general_assembly", "previous").period.label == "2025-Q3"
    assert report.result("study_hours", "previous").period.label == "2024"
    assert report.urgent_first()[0].state == "overdue"
    assert report.ruleset["version"] == book["ruleset"].version and len(report.ruleset["sha256"]) == 64


def test_year_lists_every_period_begun(book):
    results = book["ws"].rules.year(2025, at("2025-04-15"))
    months = [r.period.label for r in results if r.rule_id == "committee_meeting"]
    assert months == ["2025-01", "2025-02", "2025-03", "2025-04"]
    assert [r.state for r in results if r.rule_id == "general_assembly"] == ["done", "done"]
    assert len([r for r in book["ws"].rules.year(2025, at("2026-02-01")) if r.rule_id == "theme_day"]) == 12


def test_calendar_of_a_year(book):
    days = book["ws"].rules.calendar(2026)
    assert [(e.day, e.record_type, e.kind_label) for e in days] == [
        (date(2026, 1, 20), "evaluation", "民主评议党员"), (date(2026, 2, 10), "meeting", "党课")]
    entries = book["ws"].rules.calendar(2025)
    assert {e.status for e in entries} == {"final", "draft"}
    assert book["m"]["td_void"] not in {e.record_id for e in entries if e.record_type == "meeting"}
    assert len([e for e in entries if e.record_type == "heart_talk"]) == 8


@pytest.mark.parametrize("start, end", [("2025-07-01", "2025-07-31"), ("2025-08-01", "2025-09-30"),
                                        ("2024-02-29", "2024-02-29"), ("2025-01-01", "2026-06-30"),
                                        ("2024-01-01", "2028-12-31")])
def test_a_window_of_one_read_equals_a_read_of_that_window(book, start, end):
    """One read answers several windows (the 首页 asks for four): corrected records by their corrected day,
    voided ones left out, evaluations by their year — as a read of the narrower window gives them."""
    start, end = date.fromisoformat(start), date.fromisoformat(end)
    with book["ws"].session() as s:
        assert book["facts"].within(start, end) == load_facts(s, start, end)


def test_a_corrected_meeting_counts_in_the_window_of_its_corrected_day(book):
    moved = book["m"]["td_moved"]  # entered for 2 August, corrected to 30 July
    july, august = book["facts"].within(at("2025-07-01"), at("2025-07-31")), \
        book["facts"].within(at("2025-08-01"), at("2025-08-31"))
    assert moved in {m.id for m in july.meetings} and moved not in {m.id for m in august.meetings}
    assert book["m"]["td_void"] not in {m.id for m in book["facts"].meetings}
    with pytest.raises(ValueError):
        book["facts"].within(at("2023-12-31"), at("2024-06-30"))

