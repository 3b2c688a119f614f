"""The bundled fonts: registration with reportlab, coverage checks and per-character fallback markup.

reportlab prints an empty box for a character its font lacks, without any error. Every text that goes into a PDF
passes through ``markup()``: characters missing from the wanted font are switched to the other bundled font, and a
character no bundled font has raises ``MissingGlyph`` naming it.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import cache
from xml.sax.saxutils import escape

from desktop.domain.text import strip_hidden
from desktop.errors import ZhibuError
from desktop.paths import resource_path

SERIF = "ZhibuSerif"  # 仿宋 / 宋体 / 楷体 substitute
SANS = "ZhibuSans"  # 黑体 substitute
SANS_BOLD = "ZhibuSansBold"  # bold 黑体 for titles and table headers

FONT_FILES = {
    SERIF: "ZhibuSerifSC-Regular.ttf",
    SANS: "ZhibuSansSC-Regular.ttf",
    SANS_BOLD: "ZhibuSansSC-Bold.ttf",
}
# The order in which a character missing from a font is looked for in the others.
FALLBACKS = {SERIF: (SANS,), SANS: (SERIF,), SANS_BOLD: (SANS, SERIF)}

# Invisible characters that pasted text often carries; they are dropped rather than printed as boxes.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff\r"))
_INVISIBLE[ord("\t")] = " "
_INVISIBLE[0xA0] = " "

_SPACE_RUN = re.compile(r"(?<![^\n>]) +| {2,}")  # leading spaces and runs of spaces

_lock = threading.Lock()
_registered = False


class MissingGlyph(ZhibuError):
    """A character that none of the bundled fonts can print."""

    def __init__(self, chars: str):
        self.chars = chars
        listed = "、".join(f"“{c}”（U+{ord(c):04X}）" for c in chars)
        super().__init__(
            f"文档中的字符{listed}在内置字体中没有字形，无法正确打印。"
            "请改用常用字或同音字加注说明后重新生成文档。"
        )


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

        for name, file in FONT_FILES.items():
            try:
                pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", file))))
            except OSError as exc:
                raise ZhibuError(f"找不到内置字体文件 {file}，安装可能不完整，请重新安装本软件。") from exc
        # <b> inside any text switches to the bold sans face; there is no serif bold.
        for family in (SERIF, SANS):
            addMapping(family, 0, 0, family)
            addMapping(family, 1, 0, SANS_BOLD)
            addMapping(family, 0, 1, family)
            addMapping(family, 1, 1, SANS_BOLD)
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
    return None


def missing_glyphs(text: str, font: str | None = None) -> list[str]:
    """Characters of ``text`` that cannot be printed, each once, in order of appearance.

    With ``font``: missing from that font alone. Without: missing from every bundled font (these would make
    ``render_pdf`` raise ``MissingGlyph``).
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
    """Raise ``MissingGlyph`` if any character of ``text`` is in no bundled font."""
    missing = missing_glyphs(text)
    if missing:
        raise MissingGlyph("".join(missing))


def markup(text: str, font: str) -> str:
    """reportlab paragraph markup for plain ``text`` in ``font``: escaped, ``\\n`` as ``<br/>``, and runs of
    characters the font lacks wrapped in ``<font name=…>`` of a fallback font. Raises ``MissingGlyph``."""
    text = clean_text(text)
    out: list[str] = []
    missing: dict[str, None] = {}
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
            missing[ch] = None
            continue
        if ch in " \n":
            use = run_font  # spaces and breaks never switch fonts
        if use != run_font:
            flush()
            run_font = use
        run.append(ch)
    flush()
    if missing:
        raise MissingGlyph("".join(missing))
    return "".join(out)
