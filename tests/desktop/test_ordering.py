"""Name order in lists and printed documents: 姓氏笔画, pinyin, or the roster's own order."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from desktop.domain import ordering
from desktop.errors import ValidationError


def test_stroke_counts_of_common_surnames():
    assert [ordering.strokes(c) for c in "王刘李张陈"] == [4, 6, 7, 7, 7]
    assert ordering.strokes("A") is None


def test_each_character_gets_the_count_of_its_line_in_the_table():
    """Characters are looked up in the table's lines (no dict of all of them is built): every 37th character of
    the file has the count its line gives, and what is not one listed character has none."""
    from desktop.paths import resource_path

    listed = {}
    for line in resource_path("collation", "strokes.txt").read_text(encoding="utf-8").splitlines():
        if not line.startswith("#") and "\t" in line:
            count, chars = line.split("\t", 1)
            listed.update((ch, int(count)) for ch in chars[::37])
    assert len(listed) > 2000 and all(ordering.strokes(ch) == n for ch, n in listed.items())
    assert [ordering.strokes(x) for x in ("a", "·", "", "王李", "\t")] == [None] * 5


def test_stroke_table_covers_the_whole_unified_ideographs_block():
    missing = [hex(cp) for cp in range(0x4E00, 0xA000) if ordering.strokes(chr(cp)) is None]
    assert missing == []


def test_stroke_order_puts_fewer_strokes_first_and_ties_by_pinyin():
    names = ["张三", "李四", "王五", "刘六"]
    assert ordering.sort_names(names, "stroke") == ["王五", "刘六", "李四", "张三"]  # 4 < 6 < 7 = 7, li < zhang


def test_same_surname_stays_together_then_second_character_decides():
    names = ["李四", "张伟", "李一", "李喆", "张三"]
    assert ordering.sort_names(names, "stroke") == ["李一", "李四", "李喆", "张三", "张伟"]


def test_shorter_name_with_same_start_comes_first():
    assert ordering.sort_names(["王小明", "王小"], "stroke") == ["王小", "王小明"]


def test_rare_name_characters_sort_without_error():
    names = ["朱镕基", "王堃", "李喆", "欧阳修", "买买提·艾力", "Tom Lee", "𬌗同"]
    for order in ("stroke", "pinyin"):
        result = ordering.sort_names(names, order)
        assert sorted(result) == sorted(names)
    assert ordering.sort_names(names, "stroke")[:3] == ["王堃", "买买提·艾力", "朱镕基"]
    assert ordering.sort_names(names, "stroke")[-1] == "Tom Lee"  # non-Chinese names last


def test_pinyin_order_reads_surnames_as_surnames():
    # 单 is shan as a surname (not dan), so 单雄信 comes after 沙僧, not before 丁一.
    assert ordering.sort_names(["单雄信", "丁一", "沙僧"], "pinyin") == ["丁一", "沙僧", "单雄信"]
    # 曾 is zeng (not ceng): after 臧.
    assert ordering.sort_names(["曾国藩", "臧克家", "陈毅"], "pinyin") == ["陈毅", "臧克家", "曾国藩"]
    assert ordering.name_pinyin("解缙") == ["xie", "jin"]
    assert ordering.name_pinyin("朴槿惠")[0] == "piao"
    assert ordering.name_pinyin("区伟")[0] == "ou"


def test_pinyin_initials_for_search():
    assert ordering.initials("张三") == "zs"
    assert ordering.initials("单雄信") == "sxx"
    assert "dxx" in ordering.search_keys("单雄信")  # someone who does not know the surname reading still finds him


@dataclass
class Row:
    id: int
    name: str
    roster_order: int


def test_roster_order_and_objects():
    rows = [Row(1, "张三", 3), Row(2, "王五", 1), Row(3, "李四", 2)]
    assert [r.id for r in ordering.sort_by_name(rows, "roster")] == [2, 3, 1]
    assert [r.id for r in ordering.sort_by_name(rows, "stroke")] == [2, 3, 1]
    assert [r.id for r in ordering.sort_by_name(rows, "pinyin")] == [3, 2, 1]


def test_unknown_order_is_a_clear_error():
    with pytest.raises(ValidationError) as info:
        ordering.sort_names(["张三"], "alphabet")
    assert "姓氏笔画" in str(info.value)
