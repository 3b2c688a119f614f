"""The bundled fonts: present, licensed, TrueType outlines, covering the characters documents need."""

from __future__ import annotations

import struct
import subprocess
import sys

import pytest

from desktop.documents import fonts, system_fonts
from desktop.documents.fonts import FANG, KAI, SANS, SANS_BOLD, SERIF, SERIF_BOLD, markup, missing_glyphs
from desktop.paths import resource_path

RARE_NAME_CHARS = "镕堃喆玥琍瑄昇鑫淼犇骉嫚娅婕媛昀晞旻珺"
PUNCTUATION = "，。、；：？！“”‘’（）《》【】〔〕…—·×÷①②⑩ⅠⅡⅫ■□▲○●★☆№℃㈠"


def tgh() -> str:
    """The 通用规范汉字表 (8105 characters), as kept in the repository (tools/fonts, from Unihan kTGH)."""
    text = (resource_path().parent / "tools" / "fonts" / "tongyong_guifan_2013.txt").read_text(encoding="utf-8")
    return "".join(line.strip() for line in text.splitlines() if not line.startswith("#"))


EXT_A_NOTO = range(0x3400, 0x4DB6)  # Extension A as of Unicode 12 (Noto CJK 2.x); U+4DB6–U+4DBF came later


def test_font_files_and_licence_are_bundled():
    folder = resource_path("fonts")
    sizes = {name: (folder / file).stat().st_size for name, file in fonts.FONT_FILES.items()}
    assert sum(sizes.values()) < 47_000_000, sizes  # see docs/packaging.md: the size report per font
    licence = (folder / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence and "Adobe" in licence
    kai_licence = (folder / "OFL-ZhibuKaiSC.txt").read_text(encoding="utf-8")  # next to the 楷体 face
    assert "SIL OPEN FONT LICENSE Version 1.1" in kai_licence and "LXGW" in kai_licence
    fang_licence = (folder / "GPL-ZhibuFangSC.txt").read_text(encoding="utf-8")  # next to the 仿宋 face
    assert "GNU GENERAL PUBLIC LICENSE" in fang_licence and "Fandol team" in fang_licence
    assert "does not by itself cause the resulting document to be" in fang_licence  # the font exception
    assert "FandolFang-Regular.otf" in fang_licence and "build_fang.py" in fang_licence  # corresponding source


def test_the_fang_face_names_its_origin_and_licence():
    """A modified GPL font must say so: the Fandol team's copyright, the modification, the licence."""
    name = _windows_names(resource_path("fonts", "ZhibuFangSC-Regular.ttf").read_bytes())
    assert name[1] == "Zhibu Fang SC"
    assert "Fandol team" in name[0]
    assert "Modified by the zhibu project" in name[10]
    assert "GNU General Public License" in name[13] and "font exception" in name[13]


def _windows_names(data: bytes) -> dict[int, str]:
    """The Windows (3, 1, en-US) records of a TrueType ``name`` table (fontTools is a build-time tool only)."""
    tables = struct.unpack(">H", data[4:6])[0]
    for i in range(tables):
        tag, _, offset, _ = struct.unpack(">4sIII", data[12 + 16 * i: 28 + 16 * i])
        if tag == b"name":
            break
    _, count, strings = struct.unpack(">HHH", data[offset: offset + 6])
    out = {}
    for j in range(count):
        platform, encoding, lang, name_id, length, at = struct.unpack(
            ">6H", data[offset + 6 + 12 * j: offset + 18 + 12 * j])
        if (platform, encoding, lang) == (3, 1, 0x409):
            start = offset + strings + at
            out[name_id] = data[start: start + length].decode("utf-16-be")
    return out
    assert (folder / "README.md").is_file()
    assert (folder / "fontconfig" / "zhibu-fonts.conf").is_file()


def test_fonts_are_truetype_outlines():
    for file in fonts.FONT_FILES.values():
        head = resource_path("fonts", file).read_bytes()[:4]
        assert head == b"\x00\x01\x00\x00", f"{file} is not a TrueType (glyf) font"


def test_the_character_list_is_the_whole_tongyong_guifan_table():
    chars = tgh()
    assert len(chars) == len(set(chars)) == 8105
    assert chars[:3] == "一乙二" and "镕" in chars and "𬌗" in chars  # 𬌗 (U+2C317): beyond the BMP
    assert sum(ord(c) > 0xFFFF for c in chars) == 196 and sum(0x3400 <= ord(c) <= 0x4DBF for c in chars) == 77


@pytest.mark.parametrize("font", [SERIF, SANS, SANS_BOLD])
def test_every_face_covers_the_tongyong_guifan_table_extension_a_and_punctuation(font):
    cmap = fonts.font_info(font).cmap
    assert not [c for c in tgh() if ord(c) not in cmap]
    assert not [hex(cp) for cp in EXT_A_NOTO if cp not in cmap]
    ideographs = range(0x4E00, 0x9FEB)  # Unicode 10 (Noto CJK 2.x); U+9FEB… came later
    assert not [hex(cp) for cp in ideographs if cp not in cmap]
    assert missing_glyphs("朱镕基王堃李喆" + RARE_NAME_CHARS + PUNCTUATION, font) == []
    assert missing_glyphs("ASCII text 0123456789 ā á ǎ à ü", font) == []


def test_the_kai_face_covers_the_table_and_falls_back_to_the_serif_face_beyond_it():
    """楷体 (level-2 headings of 公文): the 通用规范汉字表 and punctuation in its own style; a rarer name character
    (Extension A, or a CJK character outside the table) in the serif face rather than a box."""
    cmap = fonts.font_info(KAI).cmap
    assert not [c for c in tgh() if ord(c) not in cmap]
    assert missing_glyphs("朱镕基王堃李喆" + RARE_NAME_CHARS + PUNCTUATION, KAI) == ["琍"]  # not in the table
    assert missing_glyphs("ASCII text 0123456789 ā á ǎ à ü", KAI) == []
    assert ord("䶮") in cmap and ord("㐀") not in cmap  # it has 503 of Extension A
    assert markup("（二）王琍", KAI) == '（二）王<font name="ZhibuSerif">琍</font>'
    assert markup("（一）刘䶮同志", KAI) == "（一）刘䶮同志"
    assert markup("（一）刘㐀同志丌", KAI) == ('（一）刘<font name="ZhibuSerif">㐀</font>同志'
                                              '<font name="ZhibuSerif">丌</font>')


def test_the_fang_face_covers_gb2312_and_falls_back_to_the_serif_face_beyond_it():
    """仿宋 (text of the 公文 kinds): all of GB 2312's hanzi and most of the 通用规范汉字表 in its own style; a
    character it lacks (a rare name character, Extension A, beyond the BMP) in the serif face rather than a box."""
    cmap = fonts.font_info(FANG).cmap
    gb2312 = [bytes([row, cell]).decode("gb2312", errors="ignore") for row in range(0xB0, 0xF8)
              for cell in range(0xA1, 0xFF)]
    hanzi = "".join(gb2312)
    assert len(hanzi) == 6763 and not [c for c in hanzi if ord(c) not in cmap]
    assert sum(ord(c) in cmap for c in tgh()) == 6638  # FandolFang lacks 1467 of the table (e.g. 啰 旻 彧)
    assert missing_glyphs("关于召开2025年度组织生活会的通知" + PUNCTUATION + "张伟李娜", FANG) == []
    assert missing_glyphs("ASCII text 0123456789 ā á ǎ à ü", FANG) == []
    assert missing_glyphs("王琍刘旻朱镕基䶮𬌗", FANG) == ["琍", "旻", "镕", "䶮", "𬌗"]
    assert markup("请王旻、刘䶮同志参加", FANG) == (f'请王<font name="{SERIF}">旻</font>、刘<font name="{SERIF}">䶮'
                                                 "</font>同志参加")
    assert markup("王琍𬌗", FANG) == f'王<font name="{SERIF}">琍𬌗</font>'


def test_the_title_face_covers_the_table_and_falls_back_to_the_bold_sans_face_beyond_it():
    """小标宋-style title face of the 公文 kinds: the 通用规范汉字表 and punctuation; a rarer character in a title
    prints in the bold sans face (which covers all of the regular faces' characters), not in a lighter one."""
    cmap = fonts.font_info(SERIF_BOLD).cmap
    assert not [c for c in tgh() if ord(c) not in cmap]
    assert missing_glyphs("关于召开2025年度组织生活会的通知" + PUNCTUATION + "朱镕基王堃李喆", SERIF_BOLD) == []
    assert missing_glyphs("ASCII text 0123456789 ā á ǎ à ü", SERIF_BOLD) == []
    assert missing_glyphs("王琍刘㐀䶮", SERIF_BOLD) == ["琍", "㐀"]  # outside the table: not in this face
    assert markup("王琍刘㐀䶮𬌗", SERIF_BOLD) == f'王<font name="{SANS_BOLD}">琍</font>刘<font name="{SANS_BOLD}">㐀</font>䶮𬌗'


def test_a_rare_character_in_bold_text_prints_bold():
    assert markup("朱镕基刘䶮𬌗", SANS_BOLD) == "朱镕基刘䶮𬌗"  # no switch to a lighter face


def test_markup_falls_back_per_character_and_escapes(monkeypatch):
    assert markup("王堃 <b>&", SERIF) == "王堃 &lt;b&gt;&amp;"
    assert markup("甲\n乙", SERIF) == "甲<br/>乙"
    monkeypatch.setitem(fonts.font_info(SANS).__dict__, "cmap", fonts.font_info(SANS).cmap - {ord("䶮")})
    assert markup("刘䶮同志", SANS) == f'刘<font name="{SERIF}">䶮</font>同志'


def test_a_character_no_font_has_prints_as_a_placeholder_and_is_reported(monkeypatch):
    monkeypatch.setattr(system_fonts, "ENABLED", False)
    system_fonts.font_for.cache_clear()
    name = "张\U000323AF丽"  # Extension H: in no bundled font
    assert missing_glyphs(name) == ["\U000323AF"]
    with fonts.collecting() as found:
        assert markup(f"参加人员：{name}、王堃", SERIF) == f"参加人员：张{fonts.PLACEHOLDER}丽、王堃"
    assert found == [fonts.Unprintable("\U000323AF", f"参加人员：{name}、王堃")]
    message = fonts.unprintable_message(found, "2026年3月 支部委员会会议记录")
    assert "U+323AF" in message and name in message and "会议记录" in message and "〓" in message
    assert fonts.unprintable_chars(name) == ["\U000323AF"]
    system_fonts.font_for.cache_clear()


def test_invisible_characters_are_dropped_not_boxed():
    assert markup("王\u200b堃\ufeff", SERIF) == "王堃"


def test_documents_package_never_imports_qt():
    code = ("import sys, desktop.documents, desktop.documents.pdf, desktop.documents.docx, "
            "desktop.documents.samples; "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'ui')]; "
            "assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=resource_path().parent)
