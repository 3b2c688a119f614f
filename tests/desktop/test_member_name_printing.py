"""A name with a character no font of this PC can print is saved all the same, with a warning at once (not an
error, and not only at print time); every document still prints, with 〓 and a note naming the character."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.documents import system_fonts
from desktop.domain.member_rules import MemberInput

RARE = "\U000323AF"  # Extension H: in no bundled font, and in no font of this test machine


@pytest.fixture
def no_pc_fonts(monkeypatch):
    monkeypatch.setattr(system_fonts, "ENABLED", False)
    system_fonts.font_for.cache_clear()
    yield
    system_fonts.font_for.cache_clear()


def person(name: str) -> MemberInput:
    return MemberInput(name=name, gender="女", birth_date=date(1990, 1, 2), joined_on=date(2015, 7, 1),
                       full_on=date(2016, 7, 1))


def test_adding_a_member_with_an_unprintable_character_warns_but_saves(ws, no_pc_fonts):
    view = ws.members.add(person(f"张{RARE}丽"))
    assert ws.members.get(view.id).name == f"张{RARE}丽"
    assert len(view.warnings) == 1
    assert "U+323AF" in view.warnings[0] and "〓" in view.warnings[0] and "已照常保存" in view.warnings[0]
    assert ws.members.add(person("欧阳娜娜")).warnings == ()
    assert ws.members.add(person("刘䶮𬌗")).warnings == ()  # Extension A and 通用规范汉字表 beyond the BMP: printable


def test_every_document_of_the_branch_still_prints_and_says_what_it_replaced(ws, no_pc_fonts, tmp_path):
    ws.members.add(person(f"张{RARE}丽"))
    ws.members.add(person("王堃"))
    out = ws.documents.export("roster", tmp_path / "roster.pdf")
    assert out.is_file()
    assert f"“{RARE}”" in ws.documents.last_warning and f"张{RARE}丽" in ws.documents.last_warning
    ws.documents.export("roster", tmp_path / "roster.docx")  # Word picks its own fonts; still told
    assert "U+323AF" in ws.documents.last_warning


def test_an_ordinary_name_is_checked_without_loading_any_font():
    import subprocess
    import sys

    code = ("import sys; from desktop.services.name_check import unprintable_warning; "
            "assert unprintable_warning('欧阳娜娜·阿依古丽 Li') is None; "
            "assert 'reportlab' not in sys.modules and 'desktop.documents.fonts' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)
