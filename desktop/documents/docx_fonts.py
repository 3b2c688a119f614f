"""Fonts named in .docx files: per-character alternates for rare characters and ``fontTable.xml`` alternates.

The 公文 faces (仿宋_GB2312, 楷体_GB2312, 方正小标宋简体) cover only GB 2312. A character beyond it is given, in its
own run, the face of the same style that covers GBK (仿宋 / 楷体 / 宋体); Extension A goes to 宋体 (SimSun covers
GB 18030's Extension A) and characters beyond the BMP (Extension B and later, incl. 196 of the 通用规范汉字表) to
SimSun-ExtB / SimSun-ExtG, which Windows ships. ``fontTable.xml`` names each font's usual alternate (``w:altName``)
so WPS and Word on a PC without the government fonts still choose the right style.
"""

from __future__ import annotations

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

# font → the same style with GBK coverage
_GBK_SIBLING = {"仿宋_GB2312": "仿宋", "楷体_GB2312": "楷体", "方正小标宋简体": "宋体"}
_EXT_A = "宋体"
_PLANE_2 = "SimSun-ExtB"
_PLANE_3 = "SimSun-ExtG"

# Heavy faces whose stand-ins for rarer characters (宋体, SimSun-ExtB …) are regular: such a character is set bold,
# so that a rare character in a 小标宋 title keeps the title's weight (in the PDF: the bold sans face).
HEAVY = frozenset({"方正小标宋简体"})

# name → (alternate, w:family) written to fontTable.xml
ALTERNATES = {
    "仿宋_GB2312": ("仿宋", "modern"),
    "仿宋": ("FangSong", "modern"),
    "楷体_GB2312": ("楷体", "script"),
    "楷体": ("KaiTi", "script"),
    "方正小标宋简体": ("华文中宋", "roman"),
    "华文中宋": ("宋体", "roman"),
    "黑体": ("SimHei", "modern"),
    "宋体": ("SimSun", "roman"),
    "SimSun-ExtB": ("宋体", "roman"),
    "SimSun-ExtG": ("SimSun-ExtB", "roman"),
}


def _in_gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def font_for(ch: str, font: str) -> str:
    """The font to name for one character of text meant to be in ``font``."""
    cp = ord(ch)
    if cp >= 0x30000:
        return _PLANE_3
    if cp >= 0x20000:
        return _PLANE_2
    if 0x3400 <= cp <= 0x4DBF:
        return _EXT_A
    if font in _GBK_SIBLING and 0x4E00 <= cp <= 0x9FFF and not _in_gb2312(ch):
        return _GBK_SIBLING[font]
    return font


def segments(text: str, font: str) -> list[tuple[str, str]]:
    """``text`` cut into (text, font) runs; plain text stays one run in ``font``."""
    out: list[tuple[str, str]] = []
    for ch in text:
        use = font if ch.isascii() or ch.isspace() else font_for(ch, font)
        if out and out[-1][1] == use:
            out[-1] = (out[-1][0] + ch, use)
        else:
            out.append((ch, use))
    return out or [("", font)]


def add_alternates(word) -> None:
    """Declare every font the document names in ``fontTable.xml`` with its alternate (``w:altName``)."""
    part = next((p for p in word.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml"), None)
    if part is None:
        return
    root = parse_xml(part.blob)
    present = {f.get(qn("w:name")): f for f in root.findall(qn("w:font"))}
    for name, (alt, family) in ALTERNATES.items():
        old = present.get(name)
        if old is not None:
            root.remove(old)
        root.append(parse_xml(
            f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/>'
            f'<w:family w:val="{family}"/><w:pitch w:val="fixed"/></w:font>'))
    from lxml import etree

    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
