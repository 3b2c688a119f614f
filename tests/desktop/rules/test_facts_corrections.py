"""The rules engine reads which meetings and talks were corrected (更正) in one query for both kinds: a correction
of a talk changes that talk only, never the meeting with the same number, and voided corrected records stay out."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.rules.facts import load_facts

from .book import K, Builder, dt, new_book


@pytest.fixture(scope="module")
def book(module_dir):
    ws = new_book(module_dir)
    b = Builder(ws)
    for name in ("王书记", "李组织", "张宣传"):
        b.member(name, group="第一党小组")
    ids = {"meeting": b.meeting(K.THEME_DAY, dt("2025-03-05")), "talk": b.talk(date(2025, 3, 6), "王书记", "李组织")}
    assert ids["meeting"] == ids["talk"]  # the same number in both tables: the case the merged query must keep apart
    data = ws.talks.input_of(ids["talk"])
    data.held_at, data.participant_ids = dt("2025-04-10", 15), [b.id("王书记"), b.id("张宣传")]
    ws.talks.amend(ids["talk"], data, reason="日期和谈话对象录错，据记录本更正")
    ids["moved_meeting"] = b.meeting(K.THEME_DAY, dt("2025-05-08"))
    data = ws.meetings.input_of(ids["moved_meeting"])
    data.start, data.end = dt("2025-06-02"), dt("2025-06-02", 11)
    ws.meetings.amend(ids["moved_meeting"], data, reason="日期录错")
    ids["void_talk"] = b.talk(date(2025, 7, 1), "李组织", "张宣传")
    data = ws.talks.input_of(ids["void_talk"])
    data.held_at = dt("2025-07-02", 15)
    ws.talks.amend(ids["void_talk"], data, reason="日期录错")
    ws.talks.void(ids["void_talk"], "重复录入")
    yield ws, b, ids
    ws.close()


def test_corrected_talks_and_meetings_are_read_as_corrected_each_in_its_own_kind(book):
    ws, b, ids = book
    with ws.session() as s:
        facts = load_facts(s, date(2025, 1, 1), date(2025, 12, 31))
    meetings = {m.id: m for m in facts.meetings}
    talks = {t.id: t for t in facts.talks}
    assert meetings[ids["meeting"]].day == date(2025, 3, 5)  # its talk namesake was corrected, it was not
    assert meetings[ids["moved_meeting"]].day == date(2025, 6, 2)
    assert talks[ids["talk"]].day == date(2025, 4, 10)
    assert talks[ids["talk"]].participants == {b.id("王书记"), b.id("张宣传")}
    assert ids["void_talk"] not in talks and set(meetings) == {ids["meeting"], ids["moved_meeting"]}


def test_a_record_corrected_out_of_the_window_leaves_it(book):
    ws, _, ids = book
    with ws.session() as s:
        march = load_facts(s, date(2025, 3, 1), date(2025, 3, 31))
        may = load_facts(s, date(2025, 5, 1), date(2025, 5, 31))
    assert [t.id for t in march.talks] == [] and [m.id for m in march.meetings] == [ids["meeting"]]
    assert may.meetings == []
