"""The bundled fonts: present, licensed, TrueType outlines, covering the characters documents need."""

from __future__ import annotations

import subprocess
import sys

import pytest

from desktop.documents import fonts
from desktop.documents.fonts import SANS, SANS_BOLD, SERIF, MissingGlyph, markup, missing_glyphs
from desktop.errors import ZhibuError
from desktop.paths import resource_path

RARE_NAME_CHARS = "镕堃喆玥琍瑄昇鑫淼犇骉嫚娅婕媛昀晞旻珺"
PUNCTUATION = "，。、；：？！“”‘’（）《》【】〔〕…—·×÷①②⑩ⅠⅡⅫ■□▲○●★☆№℃㈠"


def test_font_files_and_licence_are_bundled():
    folder = resource_path("fonts")
    sizes = {name: (folder / file).stat().st_size for name, file in fonts.FONT_FILES.items()}
    assert sum(sizes.values()) < 30_000_000, sizes
    licence = (folder / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence and "Adobe" in licence
    assert (folder / "README.md").is_file()
    assert (folder / "fontconfig" / "zhibu-fonts.conf").is_file()


def test_fonts_are_truetype_outlines():
    for file in fonts.FONT_FILES.values():
        head = resource_path("fonts", file).read_bytes()[:4]
        assert head == b"\x00\x01\x00\x00", f"{file} is not a TrueType (glyf) font"


@pytest.mark.parametrize("font", [SERIF, SANS])
def test_every_font_covers_cjk_unified_ideographs_and_punctuation(font):
    cmap = fonts.font_info(font).cmap
    ideographs = range(0x4E00, 0x9FEB)  # Unicode 10 (Noto CJK 2.x); U+9FEB… came later
    assert not [hex(cp) for cp in ideographs if cp not in cmap]
    assert missing_glyphs("朱镕基王堃李喆" + RARE_NAME_CHARS + PUNCTUATION, font) == []
    assert missing_glyphs("ASCII text 0123456789 ā á ǎ à ü", font) == []


def test_bold_covers_gb2312_and_rarer_name_characters_fall_back_to_regular():
    cmap = fonts.font_info(SANS_BOLD).cmap
    gb2312 = [bytes((r, c)).decode("gb2312", "ignore") for r in range(0xB0, 0xF8) for c in range(0xA1, 0xFF)]
    gb2312 = [ch for ch in gb2312 if ch]
    assert len(gb2312) == 6763 and not [ch for ch in gb2312 if ord(ch) not in cmap]
    assert missing_glyphs(PUNCTUATION + "ASCII 0123456789", SANS_BOLD) == []
    assert missing_glyphs("镕", SANS_BOLD) == ["镕"]  # not in GB2312 …
    assert markup("朱镕基", SANS_BOLD) == f'朱<font name="{SANS}">镕</font>基'  # … so it prints from regular sans


def test_extension_a_is_in_the_serif_font_only():
    assert missing_glyphs("䶮㑇", SERIF) == []
    assert missing_glyphs("䶮", SANS) == ["䶮"]
    assert missing_glyphs("刘䶮") == []  # printable: the sans font falls back to the serif font


def test_markup_falls_back_per_character_and_escapes():
    assert markup("王堃 <b>&", SERIF) == "王堃 &lt;b&gt;&amp;"
    assert markup("刘䶮同志", SANS) == f'刘<font name="{SERIF}">䶮</font>同志'
    assert markup("甲\n乙", SERIF) == "甲<br/>乙"


def test_missing_everywhere_raises_a_chinese_error_naming_the_character():
    assert missing_glyphs("甲𠀀乙𠀀") == ["𠀀"]
    with pytest.raises(MissingGlyph) as err:
        markup("甲𠀀乙", SERIF)
    assert isinstance(err.value, ZhibuError)
    message = str(err.value)
    assert "𠀀" in message and "U+20000" in message and "字形" in message


def test_invisible_characters_are_dropped_not_boxed():
    assert markup("王\u200b堃\ufeff", SERIF) == "王堃"


def test_documents_package_never_imports_qt():
    code = ("import sys, desktop.documents, desktop.documents.pdf, desktop.documents.docx, "
            "desktop.documents.samples; "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'ui')]; "
            "assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=resource_path().parent)
