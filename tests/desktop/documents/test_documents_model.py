"""The document model rejects tables and headings that the renderers could not draw."""

from __future__ import annotations

import pytest

from desktop.documents import Cell, Document, Heading, Table
from desktop.documents.model import FooterInfo, footer_text


def test_rows_must_cover_every_column():
    Table((1, 1, 2), header_rows=[["甲", Cell("乙", span=2)]], rows=[["1", "2", "3"]])
    with pytest.raises(ValueError):
        Table((1, 1, 2), rows=[["1", "2"]])
    with pytest.raises(ValueError):
        Table((1, 0), rows=[["1", "2"]])


def test_row_spans_stay_inside_the_table_and_the_header():
    Table((1, 1), header_rows=[[Cell("序号", row_span=2), "甲"], ["", "乙"]], rows=[["1", "2"]])
    with pytest.raises(ValueError):
        Table((1, 1), rows=[[Cell("1", row_span=2), "2"]])
    with pytest.raises(ValueError):
        Table((1, 1), header_rows=[[Cell("序号", row_span=2), "甲"]], rows=[["1", "2"]])


def test_heading_levels_and_unique_anchors():
    with pytest.raises(ValueError):
        Heading(4, "x")
    with pytest.raises(ValueError):
        Document("x", blocks=[Heading(1, "一", anchor="a"), Heading(1, "二", anchor="a")])
    with pytest.raises(ValueError):
        Document("x", style="fancy")


def test_default_page_numbering_follows_the_style():
    assert Document("x", style="official").numbering == "official"
    assert Document("x").numbering == "n_of_m"
    assert Document("x", style="official", page_number_style="n_of_m").numbering == "n_of_m"


def test_footer_text():
    assert footer_text(FooterInfo("一支部", "abc123", "补录"), "第 1 页 共 2 页") == \
        "一支部 · 第 1 页 共 2 页 · 记录哈希 abc123 · 补录"
    assert footer_text(None, "第 1 页 共 1 页") == "第 1 页 共 1 页"
    assert footer_text(FooterInfo("一支部"), None) == "一支部"
