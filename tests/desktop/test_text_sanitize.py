"""Control, bidi-override and zero-width characters never reach the book, and documents still render a book
that already holds them (written by an older version)."""

from __future__ import annotations

import io
from datetime import date, datetime

import pdfplumber
import pytest
from docx import Document as DocxDocument
from sqlalchemy import text

from desktop.documents.render import render
from desktop.domain.member_rules import MemberInput
from desktop.domain.text import clean

HOSTILE = "张\x00三\u202e\u200b\u2066\x1b"  # NUL, RLO, zero-width space, LRI, ESC


def test_clean_drops_only_invisible_characters():
    assert clean(HOSTILE) == "张三"
    assert clean("第一行\r\n第二行\t缩进") == "第一行\n第二行\t缩进"
    assert clean("孤\ud800字") == "孤字"  # a lone surrogate cannot be stored as UTF-8
    assert clean("e\u0301") == "\u00e9"  # NFC, as the ledger encoding expects


def test_member_and_group_input_is_cleaned_everywhere(ws):
    view = ws.members.add(MemberInput(name=HOSTILE, gender="男", birth_date=date(1980, 1, 1),
                                      joined_on=date(2005, 7, 1), full_on=date(2006, 7, 1),
                                      group="第一\u202e党小组", notes="备注\x00"))
    assert (view.name, view.group_name, view.notes) == ("张三", "第一党小组", "备注")
    group = ws.organization.add_group("第\u200d二党小组\x07")
    assert group.name == "第二党小组"
    with ws.session() as s:
        stored = s.execute(text("SELECT name, notes FROM member")).one()
    assert tuple(stored) == ("张三", "备注")


def test_a_name_of_only_invisible_characters_is_refused_as_empty(ws):
    from desktop.errors import ValidationError

    with pytest.raises(ValidationError) as info:
        ws.members.add(MemberInput(name="\u200b\u202e", gender="男", birth_date=date(1980, 1, 1),
                                   joined_on=date(2005, 7, 1), full_on=date(2006, 7, 1)))
    assert "姓名" in str(info.value)
    assert ws.members.count() == 0


def test_meeting_text_is_cleaned(ws):
    from tests.desktop.meetings.branch import build_branch, meeting

    br = build_branch(ws)
    view = ws.meetings.create(meeting(br, content="会议\x00内容\u202e", agenda=["议题\u200b一"], place="三楼\x1b"))
    record = ws.meetings.get(view.id).record
    assert (record.content, record.agenda, record.place) == ("会议内容", ("议题一",), "三楼")


def _pdf_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "".join(page.extract_text() or "" for page in pdf.pages)


def test_documents_render_text_an_old_book_already_holds(ws, tmp_path):
    from tests.desktop.meetings.branch import build_branch, meeting

    br = build_branch(ws)
    mid = ws.meetings.create(meeting(br, start=datetime(2024, 4, 10, 9, 0))).id
    with ws.session() as s:  # as an older version (without the sanitizer) would have stored them
        s.execute(text("UPDATE member SET name = :n, position = :p WHERE id = :id"),
                  {"n": "赵\x00一\u202e", "p": "科\x0b员\u200b", "id": br.id("赵一")})
        s.execute(text("UPDATE meeting SET content = :c, place = :p, title = :t WHERE id = :id"),
                  {"c": "内容\x00甲\u202e乙\x1b丙", "p": "三楼\x07会议室", "t": "支部\x00大会\u202e", "id": mid})
        s.execute(text("UPDATE branch SET name = :n"), {"n": "测试\x00党支部\u200b"})
        s.commit()
    for kind, record in (("roster", None), ("minutes", mid), ("sign-in", mid)):
        doc = ws.documents.build(kind, record)
        pdf = render(doc, tmp_path / f"{kind}.pdf").read_bytes()
        docx = DocxDocument(render(doc, tmp_path / f"{kind}.docx"))
        shown = _pdf_text(pdf)
        words = "".join(p.text for p in docx.paragraphs) + "".join(
            c.text for t in docx.tables for row in t.rows for c in row.cells)
        assert "\x00" not in shown and "\x00" not in words
        if kind != "minutes":  # the minutes name only who was absent
            assert "赵一" in shown and "赵一" in words
    assert "内容甲乙丙" in _pdf_text(render(ws.documents.build("minutes", mid), tmp_path / "m.pdf").read_bytes())
