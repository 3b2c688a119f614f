"""Lists that read plain rows (Core selects, so a read-only command configures no ORM mappers) give what the
same service gives for one record read as ORM objects: the roster, the recruitment pipeline."""

from __future__ import annotations

from datetime import date

from desktop.domain.enums import MembershipEventKind as K
from tests.desktop.test_members import person


def test_roster_list_reads_each_member_as_get_does(ws):
    """Members who left and came back, left for good, changed group, or have no group: the list (plain rows)
    and ``get`` (the ORM) agree on every field, and the returning member counts as here again."""
    ms = ws.members
    back = ms.add(person("王一", joined=date(2010, 1, 1), full=date(2011, 1, 1), group="第一党小组"))
    gone = ms.add(person("李二", birth=date(1990, 1, 1), joined=date(2015, 1, 1), full=date(2016, 1, 1)),
                  transfer_in_on=date(2020, 3, 1))
    moved = ms.add(person("张三", birth=date(1992, 2, 2), joined=date(2022, 9, 1), full=None, group="第一党小组"))
    ms.record_event(back.id, K.TRANSFER_OUT, date(2021, 6, 30), "调往市教育局机关党支部")
    ms.record_event(back.id, K.TRANSFER_IN, date(2023, 1, 15), "调回")
    ms.record_event(gone.id, K.TRANSFER_OUT, date(2024, 2, 1))
    ms.record_event(moved.id, K.GROUP_CHANGED, date(2023, 5, 1), "第二党小组")

    listed = {v.id: v for v in ms.list(include_left=True)}
    assert listed == {i: ms.get(i) for i in (back.id, gone.id, moved.id)}
    assert listed[back.id].active and listed[back.id].left_on is None and listed[back.id].group_name == "第一党小组"
    assert not listed[gone.id].active and listed[gone.id].left_on == date(2024, 2, 1)
    assert listed[gone.id].group_name == "" and listed[moved.id].group_name == "第二党小组"
    assert {v.name for v in ms.list()} == {"王一", "张三"} and ms.count() == 2 and ms.count(include_left=True) == 3


def test_pipeline_reads_each_recruit_as_get_does(demo_ws):
    """The demo's recruits (steps, contacts and introducers): the pipeline (plain rows) and ``get`` (the ORM) give
    the same view of each, deadlines included."""
    views = demo_ws.recruitment.pipeline(include_closed=True)
    assert views and any(v.steps and v.contacts for v in views)
    for v in views:
        assert v == demo_ws.recruitment.get(v.id)
