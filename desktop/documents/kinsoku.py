"""Chinese line breaking for reportlab (禁则): no line starts with closing punctuation or ends with an opening one.

reportlab's CJK wrapping (``wordWrap="CJK"``) knows only a few Japanese closing marks, looks at one character only
and lets the rest hang into the margin. ``apply()`` (called once when ``desktop.documents.pdf`` is imported)

* extends ``ALL_CANNOT_START`` / ``ALL_CANNOT_END`` in ``reportlab.lib.textsplit`` and the copy that
  ``reportlab.platypus.paragraph`` imported;
* routes every CJK paragraph (reportlab sends single-style paragraphs to a simpler splitter) through
  ``paragraph.cjkFragSplit``, replaced by a splitter that moves characters to the next line until the break is
  legal (no hanging punctuation, nothing crosses a table border), keeps Latin words and numbers whole, and lets a
  line be squeezed by up to 1.5 % of the font size per character (so 28 characters of 16 pt fit the 156 mm
  type area of GB/T 9704, as Word's character grid does);
* makes CJK lines justified: the spare (or missing) width is spread between the characters with the PDF
  character-spacing operator.
"""

from __future__ import annotations

import re
from unicodedata import category

CANNOT_START = (
    "，。、；：？！”’）］｝》〉」』】〕〗〙…—―·％‰℃°′″～"  # full-width closing punctuation and marks
    "!%),.:;?]}"  # their half-width forms
    "\u3005\u309b\u309c\u309d\u309e\u30fb\u30fc\u30fd\u30fe\u2010\u2013\uff5e\uffe0\u22ef"
)
CANNOT_END = "（［｛《〈「『【〔〖〘“‘([{￥$£#@§"

SQUEEZE = 0.015  # a line may be squeezed by this fraction of the font size per character gap
PUNCT_SQUEEZE = 0.03  # ... and by up to this much to pull a closing mark back onto the line

_applied = False

# Spans a line never breaks inside (beyond Latin words and numbers): dates and times written with 年月日时分,
# amounts with their unit, and short names (2–4 characters, e.g. 欧阳娜娜, 阿依·古丽) in lists separated by 、，；
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
_GLUED = re.compile(
    r"\d{1,4}\s?年\s?\d{1,2}\s?月(?:\s?\d{1,2}\s?日)?|\d{1,2}\s?月\s?\d{1,2}\s?日|\d{1,2}\s?[时点](?:\s?\d{1,2}\s?分)?"
    r"|\d+(?:\.\d+)?\s?(?:元|人|名|个|次|分|岁|学时|小时|%|％)"
    rf"|(?:(?<=^)|(?<=[、，,；;：:\s（(]))[{_HAN}·•]{{2,4}}(?=[、，,；;）)\s]|$)"
)


def glued_breaks(text: str) -> set[int]:
    """Indices ``i`` of ``text`` where a line must not break between ``text[i-1]`` and ``text[i]``."""
    return {i for m in _GLUED.finditer(text) for i in range(m.start() + 1, m.end())}


def _is_word_char(ch: str) -> bool:
    """Characters of Latin words and numbers, which break only at spaces ("2026", "14:30", "GB/T 9704")."""
    if len(ch) != 1 or ord(ch) >= 0x2E80:
        return False
    if ord(ch) < 0x80:
        return ch.isprintable() and not ch.isspace()
    return category(ch)[0] in "LNM"  # letters (ā ü), digits, combining marks


def _no_start(ch: str) -> bool:
    return len(ch) == 1 and ch in CANNOT_START


def _no_end(ch: str) -> bool:
    return len(ch) == 1 and ch in CANNOT_END


def _width(u, max_width: float) -> float:
    w = u.width
    if hasattr(w, "normalizedValue"):
        w._normalizer = max_width
        w = w.normalizedValue(max_width)
    return w


def _choose_break(U, start: int, b: int, widths: _Widths, used: float, max_width: float,
                  glued: frozenset[int] | set[int] = frozenset()) -> int:
    """The index of the first character of the next line, given that ``U[b]`` did not fit."""
    n = len(U)

    def joined(i: int) -> bool:
        return i in glued or (_is_word_char(U[i]) and _is_word_char(U[i - 1]))

    # Pull closing punctuation back onto the line if a little more squeezing makes it fit.
    extra_used, k = used, b
    while k < n and k < b + 2 and _no_start(U[k]):
        extra_used += widths[k]
        k += 1
    splits_word = k < n and joined(k)
    if k > b and (k >= n or not _no_start(U[k])) and not splits_word:
        gaps = max(k - start - 1, 1)
        if extra_used <= max_width + gaps * PUNCT_SQUEEZE * U[b].frag.fontSize:
            return k
    # Move characters down until the break is legal and splits no Latin word or number (unless that word is
    # longer than half the line); give up and keep the original break after a few steps.
    limit = (start + b) // 2
    candidate = b
    for _ in range(8):
        if candidate <= start:
            break
        if joined(candidate):
            j = candidate - 1
            while j > limit and joined(j):
                j -= 1
            if j <= limit or j <= start:
                break
            candidate = j
            continue
        if not _no_start(U[candidate]) and not _no_end(U[candidate - 1]):
            return candidate
        candidate -= 1
    return b


def cjk_frag_split(frags, maxWidths, calcBounds, encoding="utf8"):
    """Drop-in replacement for ``reportlab.platypus.paragraph.cjkFragSplit``."""
    from reportlab.lib.utils import isBytes
    from reportlab.platypus.paragraph import ParaLines, cjkU, makeCJKParaLine

    U = []
    for f in frags:
        text = f.text
        if isBytes(text):
            text = text.decode(encoding)
        if text:
            U.extend(cjkU(t, f, encoding) for t in text)
        else:
            U.append(cjkU(text, f, encoding))
    lines = []
    n, start = len(U), 0
    glued = glued_breaks("".join(u if isinstance(u, str) and len(u) == 1 else "\ufffc" for u in U))
    while start < n:
        max_width = maxWidths[min(len(lines), len(maxWidths) - 1)]
        widths: dict[int, float] = {}
        used, i, line_break = 0.0, start, False
        while i < n:
            u = U[i]
            w = widths[i] = _width(u, max_width)
            if hasattr(u.frag, "lineBreak"):
                used += w
                i += 1
                line_break = True
                break
            allowance = max(i - start, 0) * SQUEEZE * u.frag.fontSize
            if i > start and used + w > max_width + allowance:
                break
            used += w
            i += 1
        end = i
        if not line_break and i < n:
            end = _choose_break(U, start, i, _Widths(widths, U, max_width), used, max_width, glued)
            used = sum(_width(U[k], max_width) for k in range(start, end))
        line = makeCJKParaLine(U[start:end], max_width, used, max_width - used, line_break, calcBounds)
        line.cjk_glyphs = sum(1 for u in U[start:end] if u and not hasattr(u.frag, "cbDefn"))
        line.cjk_break = line_break or end >= n
        lines.append(line)
        start = end
        if not line_break:
            while start < n and U[start] == " ":  # a space at a line break disappears
                start += 1
    return ParaLines(kind=1, lines=lines)


class _Widths:
    """Lazy widths lookup for ``_choose_break``."""

    def __init__(self, known: dict[int, float], U, max_width: float):
        self.known, self.U, self.max_width = known, U, max_width

    def __getitem__(self, k: int) -> float:
        if k not in self.known:
            self.known[k] = _width(self.U[k], self.max_width)
        return self.known[k]


def _spacing_draw(original, justify: bool):
    """Wrap a ``_xxxDrawParaLineX`` so squeezed CJK lines (and justified ones) use character spacing."""

    def draw(tx, offset, line, last=0):
        n = getattr(line, "cjk_glyphs", 0)
        extra = line.extraSpace
        stretch = justify and extra > 1e-6 and not last and not getattr(line, "cjk_break", True)
        if n > 1 and (extra < -1e-6 or stretch):
            tx.setCharSpace(extra / (n - 1))
            line.extraSpace = 0
            try:
                return original(tx, offset, line, last)
            finally:
                line.extraSpace = extra
                tx.setCharSpace(0)
        return original(tx, offset, line, last)

    draw.__wrapped__ = original
    return draw


def _break_lines_cjk(self, maxWidths):
    """``Paragraph.breakLinesCJK`` without the single-style shortcut, so every paragraph gets these rules."""
    from reportlab.platypus.paragraph import _handleBulletWidth

    if not isinstance(maxWidths, (list, tuple)):
        maxWidths = [maxWidths]
    style = self.style
    self.height = 0
    _handleBulletWidth(self.bulletText, style, maxWidths)
    if not self.frags:
        return _original_break_lines_cjk(self, maxWidths)
    if hasattr(self, "blPara") and getattr(self, "_splitpara", 0):
        return self.blPara
    auto_leading = getattr(self, "autoLeading", getattr(style, "autoLeading", ""))
    return cjk_frag_split(self.frags, maxWidths, auto_leading not in ("", "off"))


_original_break_lines_cjk = None


def apply() -> None:
    """Install the rules into reportlab; idempotent."""
    global _applied
    if _applied:
        return
    from reportlab.lib import textsplit
    from reportlab.platypus import paragraph

    start = "".join(dict.fromkeys(textsplit.ALL_CANNOT_START + CANNOT_START))
    end = "".join(dict.fromkeys(textsplit.ALL_CANNOT_END + CANNOT_END))
    textsplit.ALL_CANNOT_START = paragraph.ALL_CANNOT_START = start
    textsplit.CANNOT_START_LINE[0] = "".join(dict.fromkeys(textsplit.CANNOT_START_LINE[0] + CANNOT_START))
    textsplit.ALL_CANNOT_END = end
    textsplit.CANNOT_END_LINE[0] = "".join(dict.fromkeys(textsplit.CANNOT_END_LINE[0] + CANNOT_END))
    paragraph.cjkFragSplit = cjk_frag_split
    global _original_break_lines_cjk
    _original_break_lines_cjk = paragraph.Paragraph.breakLinesCJK
    paragraph.Paragraph.breakLinesCJK = _break_lines_cjk
    paragraph._leftDrawParaLineX = _spacing_draw(paragraph._leftDrawParaLineX, False)
    paragraph._centerDrawParaLineX = _spacing_draw(paragraph._centerDrawParaLineX, False)
    paragraph._rightDrawParaLineX = _spacing_draw(paragraph._rightDrawParaLineX, False)
    paragraph._justifyDrawParaLineX = _spacing_draw(paragraph._justifyDrawParaLineX, True)
    _applied = True
