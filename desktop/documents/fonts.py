"""The bundled fonts: registration with reportlab, coverage checks and per-character fallback markup.

reportlab prints an empty box for a character its font lacks, without any error. Every text that goes into a PDF
passes through ``markup()``: characters missing from the wanted font are switched to another bundled font, then to a
font of this PC (``system_fonts``), and as the last resort printed as the placeholder ``〓`` (U+3013, the mark
Chinese typesetters use for a missing character). A document is never refused because of a name: each placeholder
is recorded (``Unprintable``) while ``collecting()`` is active, and the caller reports which character and where.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from xml.sax.saxutils import escape

from desktop.documents import system_fonts
from desktop.domain.text import strip_hidden
from desktop.errors import ZhibuError
from desktop.paths import resource_path

SERIF = "ZhibuSerif"  # 宋体; also the 仿宋 of records and forms, and the fallback of the 仿宋 and 楷体 faces
FANG = "ZhibuFang"  # 仿宋: body text of the 公文 kinds (GB/T 9704: 三号 仿宋)
SERIF_BOLD = "ZhibuSerifBold"  # 小标宋: titles of the 公文 kinds (GB/T 9704: 二号 小标宋)
SANS = "ZhibuSans"  # 黑体 substitute
SANS_BOLD = "ZhibuSansBold"  # bold 黑体 for titles and table headers
KAI = "ZhibuKai"  # 楷体: level-2 headings of the 公文 kinds (GB/T 9704)

FONT_FILES = {
    SERIF: "ZhibuSerifSC-Regular.ttf",
    SERIF_BOLD: "ZhibuSerifSC-Bold.ttf",
    SANS: "ZhibuSansSC-Regular.ttf",
    SANS_BOLD: "ZhibuSansSC-Bold.ttf",
    KAI: "ZhibuKaiSC-Regular.ttf",
    FANG: "ZhibuFangSC-Regular.ttf",
}
# The order in which a character missing from a font is looked for in the others. SERIF, SANS and SANS_BOLD cover
# the same characters (the 通用规范汉字表, all of CJK Unified Ideographs and Extension A), so this rarely matters.
# The 楷体 and the title faces have the 通用规范汉字表 only, the 仿宋 face GB 2312 and 6638 of the table: rarer
# hanzi in 仿宋 body text or a 楷体 heading fall back to the serif face, in a title to the bold sans face, so that
# a rare character in a bold title still prints bold.
FALLBACKS = {SERIF: (SANS,), SANS: (SERIF,), SANS_BOLD: (SANS, SERIF), KAI: (SERIF, SANS), FANG: (SERIF, SANS),
             SERIF_BOLD: (SANS_BOLD, SERIF, SANS)}
PLACEHOLDER = "〓"  # U+3013 GETA MARK: in every bundled font

# Invisible characters that pasted text often carries; they are dropped rather than printed as boxes.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff\r"))
_INVISIBLE[ord("\t")] = " "
_INVISIBLE[0xA0] = " "

_SPACE_RUN = re.compile(r"(?<![^\n>]) +| {2,}")  # leading spaces and runs of spaces

_lock = threading.Lock()
_registered = False


class MissingGlyph(ZhibuError):
    """A character that no font can print. No longer raised by the renderers (they print a placeholder and
    record an ``Unprintable``); kept for callers that want to refuse text up front."""

    def __init__(self, chars: str):
        self.chars = chars
        listed = "、".join(f"“{c}”（U+{ord(c):04X}）" for c in chars)
        super().__init__(
            f"文档中的字符{listed}在内置字体中没有字形，无法正确打印。"
            "文档中将以“〓”代替，请在打印件上手写补正。"
        )


@dataclass(frozen=True)
class Unprintable:
    """A character printed as the placeholder, and the text it stood in (e.g. the member's name)."""

    char: str
    context: str

    @property
    def code(self) -> str:
        return f"U+{ord(self.char):04X}"


def unprintable_message(items: list[Unprintable], title: str = "") -> str:
    """One Chinese sentence for the user: which characters, in which texts (names), of which document."""
    if not items:
        return ""
    where = f"《{' '.join(title.split())}》中" if title else ""
    seen: dict[tuple[str, str], None] = {}
    for item in items:
        seen[(item.char, item.context)] = None
    listed = "；".join(f"“{c}”（{'U+%04X' % ord(c)}，见“{ctx}”）" for c, ctx in list(seen)[:10])
    more = f"等共 {len(seen)} 处" if len(seen) > 10 else ""
    return (f"提示：{where}以下字符本机没有可用的字体，已印为“{PLACEHOLDER}”：{listed}{more}。"
            "请在打印件上手写补正，或在本机安装含该字的字体（如 Windows 的 SimSun-ExtB）后重新生成。")


_sink: ContextVar[list[Unprintable] | None] = ContextVar("zhibu_unprintable", default=None)


@contextmanager
def collecting() -> Iterator[list[Unprintable]]:
    """Record every placeholder ``markup()`` prints while the block runs (per thread / task)."""
    items: list[Unprintable] = []
    token = _sink.set(items)
    try:
        yield items
    finally:
        _sink.reset(token)


def _context(text: str, ch: str) -> str:
    """The line (e.g. a name or a table cell) holding ``ch``, shortened around it."""
    for line in text.splitlines() or [text]:
        if ch in line:
            line = line.strip()
            if len(line) <= 24:
                return line
            at = line.index(ch)
            start = max(0, at - 10)
            return ("…" if start else "") + line[start : start + 20] + "…"
    return ch


@dataclass(frozen=True)
class FontInfo:
    name: str
    path: str
    cmap: frozenset[int]


@cache
def font_info(name: str) -> FontInfo:
    """The code points a bundled font covers, read from its ``cmap`` (cached per process)."""
    from reportlab.pdfbase import pdfmetrics

    register_fonts()
    face = pdfmetrics.getFont(name).face
    return FontInfo(name, str(resource_path("fonts", FONT_FILES[name])), frozenset(face.charToGlyph))


def _utf16_hex(code: int) -> str:
    return chr(code).encode("utf-16-be", "surrogatepass").hex().upper()


def _patch_to_unicode() -> None:
    """reportlab writes each ToUnicode entry as 4 hex digits, so a character beyond the BMP (𬌗 U+2C317) is copied
    or searched as another one (U+2C31 Ⰱ); write UTF-16 (surrogate pairs) as the PDF reference asks."""
    from reportlab.pdfbase import ttfonts

    original = ttfonts.makeToUnicodeCMap
    if getattr(original, "zhibu", False):
        return

    def make_to_unicode_cmap(fontname, subset):
        text = original(fontname, [0] * len(subset))
        entries = "\n".join(f"<{i:02X}> <{_utf16_hex(v)}>" for i, v in enumerate(subset))
        head, _, tail = text.partition("beginbfchar\n")
        return head + "beginbfchar\n" + entries + "\nendbfchar" + tail.split("endbfchar", 1)[1]

    make_to_unicode_cmap.zhibu = True
    ttfonts.makeToUnicodeCMap = make_to_unicode_cmap


def register_fonts() -> None:
    """Register the bundled fonts with reportlab, once per process (thread-safe, cheap after the first call)."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        from reportlab.lib.fonts import addMapping
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        _patch_to_unicode()
        for name, file in FONT_FILES.items():
            try:
                pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", file))))
            except OSError as exc:
                raise ZhibuError(f"找不到内置字体文件 {file}，安装可能不完整，请重新安装本软件。") from exc
        # <b> inside any text switches to the bold sans face (bold in documents is 黑体, as in the .docx files);
        # the bold serif face is the 公文 title face only.
        for family in (SERIF, SANS, KAI, FANG):
            addMapping(family, 0, 0, family)
            addMapping(family, 1, 0, SANS_BOLD)
            addMapping(family, 0, 1, family)
            addMapping(family, 1, 1, SANS_BOLD)
        for bold, italic in ((0, 0), (1, 0), (0, 1), (1, 1)):
            addMapping(SERIF_BOLD, bold, italic, SERIF_BOLD)
        _registered = True


def clean_text(text: str) -> str:
    """Drop invisible format and control characters (an old book may hold NUL or bidi overrides) and
    normalise tabs and no-break spaces to spaces."""
    return strip_hidden(text.translate(_INVISIBLE))


def _font_for(ch: str, font: str) -> str | None:
    if ch == "\n" or ord(ch) in font_info(font).cmap:
        return font
    for other in FALLBACKS[font]:
        if ord(ch) in font_info(other).cmap:
            return other
    return system_fonts.font_for(ch)


def bundled_covers(ch: str) -> bool:
    return any(ord(ch) in font_info(f).cmap for f in FONT_FILES)


def unprintable_chars(text: str) -> list[str]:
    """Characters of ``text`` that neither the bundled fonts nor any font of this PC can print (they would be
    printed as ``〓``), each once, in order of appearance. For the warning when a member is added or imported."""
    seen: dict[str, None] = {}
    for ch in clean_text(text):
        if ch not in seen and ch != "\n" and not bundled_covers(ch) and system_fonts.font_for(ch) is None:
            seen[ch] = None
    return list(seen)


def missing_glyphs(text: str, font: str | None = None) -> list[str]:
    """Characters of ``text`` that the bundled fonts cannot print, each once, in order of appearance.

    With ``font``: missing from that font alone. Without: missing from every bundled font (``render_pdf`` looks
    for these in the fonts of this PC and prints the placeholder if there is none).
    """
    seen: dict[str, None] = {}
    for ch in clean_text(text):
        if ch in seen or ch == "\n":
            continue
        if font is not None:
            if ord(ch) not in font_info(font).cmap:
                seen[ch] = None
        elif all(ord(ch) not in font_info(f).cmap for f in FONT_FILES):
            seen[ch] = None
    return list(seen)


def check_text(text: str) -> None:
    """Raise ``MissingGlyph`` if any character of ``text`` can be printed by no font (bundled or of this PC)."""
    missing = unprintable_chars(text)
    if missing:
        raise MissingGlyph("".join(missing))


def markup(text: str, font: str) -> str:
    """reportlab paragraph markup for plain ``text`` in ``font``: escaped, ``\\n`` as ``<br/>``, and runs of
    characters the font lacks wrapped in ``<font name=…>`` of a fallback font (bundled, then of this PC). A
    character no font has becomes ``〓`` and is recorded for ``collecting()``; nothing is refused."""
    text = clean_text(text)
    out: list[str] = []
    sink = _sink.get()
    run_font, run = font, []

    def flush() -> None:
        if not run:
            return
        chunk = escape("".join(run)).replace("\n", "<br/>").replace("\u3000", "&#x3000;")
        chunk = _SPACE_RUN.sub(lambda m: "\xa0" * len(m.group()), chunk)  # reportlab collapses white space
        out.append(chunk if run_font == font else f'<font name="{run_font}">{chunk}</font>')
        run.clear()

    for ch in text:
        use = _font_for(ch, font)
        if use is None:
            if sink is not None:
                sink.append(Unprintable(ch, _context(text, ch)))
            ch, use = PLACEHOLDER, font
        if ch in " \n":
            use = run_font  # spaces and breaks never switch fonts
        if use != run_font:
            flush()
            run_font = use
        run.append(ch)
    flush()
    return "".join(out)
