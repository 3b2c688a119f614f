"""What the PDF prints around the text on every page: watermark, header note, footer and page numbers.

The footer needs the total page count ("第 N 页 共 M 页"), so the canvas keeps every finished page and draws the
footers when the document is saved (the "NumberedCanvas" pattern).
"""

from __future__ import annotations

from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas

from desktop.documents.fonts import SANS_BOLD, SERIF, markup
from desktop.documents.layout import HEADER_NOTE_COLOR, MM, WATERMARK_GREY, Layout
from desktop.documents.model import Document, footer_text


def _draw_text(canvas: Canvas, text: str, x: float, y: float, font: str, size: float, anchor: str) -> float:
    """Draw one line with per-character font fallback (via the same markup as paragraphs); returns its width."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    runs = _runs(markup(text, font), font)
    width = sum(stringWidth(t, f, size) for f, t in runs)
    if anchor == "right":
        x -= width
    elif anchor == "center":
        x -= width / 2
    for f, t in runs:
        canvas.setFont(f, size)
        canvas.drawString(x, y, t)
        x += stringWidth(t, f, size)
    return width


def _runs(marked: str, font: str) -> list[tuple[str, str]]:
    """Split ``markup()`` output (escaped text and ``<font name=…>`` runs, no ``<br/>``) into (font, text)."""
    from xml.sax.saxutils import unescape

    runs: list[tuple[str, str]] = []
    rest = marked.replace("<br/>", " ")
    while rest:
        start = rest.find('<font name="')
        if start < 0:
            runs.append((font, unescape(rest)))
            break
        if start:
            runs.append((font, unescape(rest[:start])))
        name_end = rest.index('">', start)
        close = rest.index("</font>", name_end)
        runs.append((rest[start + 12 : name_end], unescape(rest[name_end + 2 : close])))
        rest = rest[close + 7 :]
    return runs


def draw_watermark(canvas: Canvas, text: str) -> None:
    width, height = canvas._pagesize
    canvas.saveState()
    canvas.setFillColor(Color(WATERMARK_GREY, WATERMARK_GREY, WATERMARK_GREY))
    canvas.translate(width / 2, height / 2)
    canvas.rotate(45)
    size = min(120.0, 0.9 * (width * 1.2) / max(len(text), 1))
    _draw_text(canvas, text, 0, -size / 3, SANS_BOLD, size, "center")
    canvas.restoreState()


def draw_header_note(canvas: Canvas, note: str, lay: Layout) -> None:
    """A boxed note such as "补录" at the top right of the page, above the type area."""
    width, height = lay.page_mm[0] * MM, lay.page_mm[1] * MM
    size = 12
    x_right = width - lay.right_mm * MM
    y = height - lay.top_mm * MM + 4 * MM + (lay.top_mm - 25) * MM * 0.5
    canvas.saveState()
    red = Color(*HEADER_NOTE_COLOR)
    canvas.setFillColor(red)
    canvas.setStrokeColor(red)
    w = _draw_text(canvas, note, x_right - 4, y, SANS_BOLD, size, "right")
    canvas.setLineWidth(1)
    canvas.rect(x_right - w - 8, y - 4, w + 8, size + 6, stroke=1, fill=0)
    canvas.restoreState()


def draw_footer(canvas: Canvas, doc: Document, lay: Layout, page: int, total: int) -> None:
    width = lay.page_mm[0] * MM
    left, right = lay.left_mm * MM, width - lay.right_mm * MM
    canvas.saveState()
    canvas.setFillColor(Color(0, 0, 0))
    if doc.numbering == "none":  # anonymous ballots: nothing that tells one copy from another
        info = footer_text(doc.footer, None)
        if info:
            _draw_text(canvas, info, (left + right) / 2, lay.bottom_mm * MM * 0.45, SERIF, lay.footer_pt, "center")
    elif doc.numbering == "n_of_m":
        y = lay.bottom_mm * MM * 0.45
        canvas.setStrokeColor(Color(0.55, 0.55, 0.55))
        canvas.setLineWidth(0.5)
        canvas.line(left, y + lay.footer_pt + 3, right, y + lay.footer_pt + 3)
        label = f"第 {page} 页 共 {total} 页"
        _draw_text(canvas, footer_text(doc.footer, label), (left + right) / 2, y, SERIF, lay.footer_pt, "center")
    else:
        # GB/T 9704: "— N —" 7 mm below the type area, odd pages right, even pages left, one character in.
        size = lay.page_number_pt
        y = lay.bottom_mm * MM - 7 * MM - size
        odd = page % 2 == 1
        number = f"— {page} —"
        if odd:
            _draw_text(canvas, number, right - size, y, SERIF, size, "right")
        else:
            _draw_text(canvas, number, left + size, y, SERIF, size, "left")
        info = footer_text(doc.footer, None)
        if info:  # branch · hash · note, small, on the other side
            if odd:
                _draw_text(canvas, info, left, y, SERIF, lay.footer_pt, "left")
            else:
                _draw_text(canvas, info, right, y, SERIF, lay.footer_pt, "right")
    canvas.restoreState()


def canvas_maker(doc: Document, lay: Layout):
    """A Canvas class that draws footers and page numbers once the page count is known."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            kwargs["initialFontName"] = SERIF  # else every page references (unembedded) Helvetica
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):  # noqa: N802 (reportlab API)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                draw_footer(self, doc, lay, number, total)
                Canvas.showPage(self)
            Canvas.save(self)

    return NumberedCanvas


def decorate_page(canvas: Canvas, doc: Document, lay: Layout) -> None:
    """Drawn before the page's text: the watermark (so the text stays on top) and the header note."""
    if doc.watermark:
        draw_watermark(canvas, doc.watermark)
    if doc.footer and doc.footer.note:
        draw_header_note(canvas, doc.footer.note, lay)
