"""reportlab flowables of the PDF renderer: cells with room for handwriting, tables whose rows never split,
signature blocks that keep with the last content, and TOC anchors."""

from __future__ import annotations

from reportlab.platypus import Flowable
from reportlab.platypus import Table as RLTable


class MinHeight(Flowable):
    """A cell content that is at least ``height`` tall (room for handwriting), vertically centred."""

    def __init__(self, content: Flowable, height: float):
        super().__init__()
        self.content, self.min_height = content, height

    def wrap(self, avail_width, avail_height):
        self._w, self._h = self.content.wrap(avail_width, avail_height)
        return self._w, max(self._h, self.min_height)

    def draw(self):
        self.content.drawOn(self.canv, 0, (max(self._h, self.min_height) - self._h) / 2)


class RowTable(RLTable):
    """A table whose rows never split across pages (a label on one page, its value on the next). Only a row
    taller than a whole page is split inside, as the last resort (``full_height``: the frame's height)."""

    full_height = 10_000.0

    def split(self, availWidth, availHeight):  # noqa: N803 (reportlab API)
        self.splitInRow = 0
        parts = super().split(availWidth, availHeight)
        if not parts and availHeight >= self.full_height - 1:
            self.splitInRow = 1
            parts = super().split(availWidth, availHeight)
        return parts


class SignatureBlock(Flowable):
    """Signature lines that stay together, with the last lines of the content before them (``tail``).

    Where the normal spacing does not fit at the foot of a page, a compact layout is tried, so that a record that
    nearly fits prints on one page; otherwise the block moves to the next page as a whole, tail included."""

    def __init__(self, tail: list[Flowable], normal: RLTable, compact: RLTable, full_height: float):
        super().__init__()
        self.tail, self.normal, self.compact, self.full_height = tail, normal, compact, full_height
        self.chosen = normal

    def _height(self, table: RLTable, width: float, avail: float) -> float:
        h = sum(f.wrap(width, avail)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in self.tail)
        return h + table.wrap(width, avail)[1] + table.getSpaceBefore()

    def wrap(self, avail_width, avail_height):
        self._width = avail_width
        for table in (self.normal, self.compact):
            self.chosen = table
            h = self._height(table, avail_width, avail_height)
            if h <= avail_height:
                return avail_width, h
        self.chosen = self.normal
        return avail_width, self._height(self.normal, avail_width, avail_height)

    def split(self, avail_width, avail_height):
        if avail_height >= self.full_height - 1:  # too tall even for an empty page: let the pieces flow
            return [*self.tail, self.normal]
        return []  # move to the next page as a whole

    def draw(self):
        y = self._height(self.chosen, self._width, 1e6)
        for f in [*self.tail, self.chosen]:
            w, h = f.wrap(self._width, 1e6)
            y -= f.getSpaceBefore() + h
            x = (self._width - w) / 2 if f is self.chosen and w < self._width else 0
            f.drawOn(self.canv, x, y)
            y -= f.getSpaceAfter() if f is not self.chosen else 0


class Stack(Flowable):
    """Flowables drawn one under the other as one unit (e.g. a notice's signing organization and date)."""

    def __init__(self, parts: list[Flowable]):
        super().__init__()
        self.parts = parts

    def wrap(self, avail_width, avail_height):
        self._w = avail_width
        self._h = sum(f.wrap(avail_width, 1e6)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in self.parts)
        return avail_width, self._h

    def draw(self):
        y = self._h
        for f in self.parts:
            _, h = f.wrap(self._w, 1e6)
            y -= f.getSpaceBefore() + h
            f.drawOn(self.canv, 0, y)
            y -= f.getSpaceAfter()


class Anchor(Flowable):
    """Zero-size marker placed before a heading: records its page for the TOC and adds a PDF bookmark."""

    def __init__(self, anchor: str, title: str, level: int):
        super().__init__()
        self.anchor, self.title, self.level = anchor, title, level

    def wrap(self, avail_width, avail_height):
        return 0, 0

    def draw(self):
        key = dest(self.anchor)
        self.canv.bookmarkHorizontal(key, 0, 0)
        level = min(self.level - 1, getattr(self.canv, "_zb_outline_level", -1) + 1)  # no level may be skipped
        self.canv._zb_outline_level = level
        self.canv.addOutlineEntry(self.title, key, level=level, closed=True)


def dest(anchor: str) -> str:
    """A PDF destination name for an anchor: ASCII, unique, stable."""
    return "zb-" + anchor.encode("utf-8").hex()
