"""Each member's name reading is kept in the book, so a roster sorts by 姓氏笔画/拼音 without pypinyin, in the
same order as reading every name afresh; a row without a stored reading is read as before."""

from __future__ import annotations

import shutil
from datetime import date

import pytest
from sqlalchemy import text

from desktop.domain import ordering
from desktop.domain.member_rules import MemberInput
from desktop.workspace import Workspace


@pytest.fixture(autouse=True)
def _fresh_readings():
    ordering._known.clear()
    yield
    ordering._known.clear()


def _person(name: str) -> MemberInput:
    return MemberInput(name=name, gender="男", birth_date=date(1980, 5, 17), joined_on=date(2005, 7, 1),
                       full_on=date(2006, 7, 1))


def _stored(ws) -> dict[str, str | None]:
    with ws.session() as s:
        return dict(s.execute(text("SELECT name, name_reading FROM member")).all())


def test_adding_and_renaming_a_member_stores_the_reading_of_the_name(ws):
    first = ws.members.add(_person("单雄信"))
    ws.members.add(_person("长孙无忌"))
    assert _stored(ws) == {"单雄信": "shan4 xiong2 xin4", "长孙无忌": "zhang3 sun1 wu2 ji4"}  # surname readings
    ws.members.update(first.id, _person("曾小明"))
    assert _stored(ws)["曾小明"] == "zeng1 xiao3 ming2"


def test_the_demo_roster_in_stored_readings_is_in_the_order_of_fresh_readings(demo_ws):
    for order in ("stroke", "pinyin"):
        ordering._known.clear()
        listed = demo_ws.members.list(order=order)
        assert ordering._known, "loading the members handed their stored readings to the ordering"
        ordering._known.clear()
        assert [v.name for v in listed] == [v.name for v in ordering.sort_by_name(listed, order)]


def test_the_order_follows_the_reading_kept_in_the_book_and_reads_names_without_one(ws):
    for name in ("张三", "李四", "王五"):
        ws.members.add(_person(name))
    with ws.session() as s:  # a reading that puts 张三 first, and 李四 written without one (plain SQL)
        s.execute(text("UPDATE member SET name_reading = 'a1 san1' WHERE name = '张三'"))
        s.execute(text("UPDATE member SET name_reading = NULL WHERE name = '李四'"))
    ordering._known.clear()
    assert [v.name for v in ws.members.list(order="pinyin")] == ["张三", "李四", "王五"]
    ordering._known.clear()
    ws.members.update(ws.members.list(search="张三")[0].id, _person("张三"))  # any write reads the name again
    assert _stored(ws)["张三"] == "zhang1 san1"


def test_upgrading_a_book_of_schema_0008_fills_in_the_readings(tmp_path, data_dir):
    from tools.make_schema_fixtures import FIXTURE_PASSPHRASE, FIXTURES

    book = tmp_path / "old.zhibu"
    shutil.copy(FIXTURES / "schema-0008.zhibu", book)
    with Workspace.open(book, FIXTURE_PASSPHRASE) as ws:
        assert _stored(ws) == {"赵一": "zhao4 yi1", "钱二": "qian2 er4"}
