"""PDF rendering with reportlab Platypus: A4, bundled fonts embedded, written atomically."""

from __future__ import annotations

import io
import os
from pathlib import Path

from reportlab.lib.colors import Color, black
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, Flowable, Frame, PageTemplate, TableStyle
from reportlab.platypus import PageBreak as RLPageBreak
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import Spacer as RLSpacer
from reportlab.platypus import Table as RLTable
from reportlab.platypus.doctemplate import BaseDocTemplate, LayoutError

from desktop.documents import kinsoku
from desktop.documents.fonts import FANG, KAI, SANS, SANS_BOLD, SERIF, collecting, markup, register_fonts
from desktop.documents.layout import MM, Layout, layout_for
from desktop.documents.model import (
    TOC,
    Document,
    Heading,
    PageBreak,
    Paragraph,
    QRCode,
    SignatureLines,
    Spacer,
    Table,
    as_cell,
)
from desktop.documents.pdf_flowables import Anchor, MinHeight, RowTable, SignatureBlock, Stack, dest
from desktop.documents.pdf_page import canvas_maker, decorate_page
from desktop.documents.pdf_title import title_style, title_text
from desktop.documents.render import LayoutFailed
from desktop.storage.atomic import write_bytes

kinsoku.apply()


_ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}
GRID = 0.5  # pt, inner table rules
BOX = 1.0  # pt, outer table border
HEADER_FILL = Color(0.9, 0.9, 0.9)
TABLE_MIN_START = 30 * MM  # room a table needs to start on a page: header plus a row or two
LABEL_FILL = Color(0.95, 0.95, 0.95)


def _table_style(commands: list) -> TableStyle:
    """Table styles whose plain-string cells use the bundled font (reportlab's default is unembedded Helvetica)."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), SERIF), *commands])


def _style(name: str, font: str, size: float, leading: float, **kw) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading, wordWrap="CJK", **kw)


class _Styles:
    def __init__(self, lay: Layout, official: bool):
        b, lead = lay.body_pt, lay.body_leading_pt
        h1, h2, h3 = lay.heading_pt
        # GB/T 9704 sets the 公文 kinds' text in 仿宋 (the .docx names 仿宋_GB2312); records and forms keep the
        # serif face. Level-1 headings 黑体, level-2 楷体, the title 小标宋 (title_style).
        text = self.text_font = FANG if official else SERIF
        self.title = title_style(lay, official)
        self.subtitle = _style("subtitle", text, lay.subtitle_pt, lay.subtitle_pt * 1.6, alignment=TA_CENTER,
                               spaceAfter=lead * 0.5)
        self.body = _style("body", text, b, lead, alignment=TA_JUSTIFY)
        indent = 2 * b if official else 0  # 公文 headings are indented like paragraphs
        space = 0 if official else lead * 0.3
        self.headings = (
            _style("h1", SANS if official else SANS_BOLD, h1, max(lead, h1 * 1.5), firstLineIndent=indent,
                   spaceBefore=space),
            _style("h2", KAI if official else SANS, h2, max(lead, h2 * 1.5), firstLineIndent=indent,
                   spaceBefore=space),
            _style("h3", text, h3, max(lead, h3 * 1.5), firstLineIndent=indent),
        )
        self.toc_title = _style("toc", SANS_BOLD, lay.heading_pt[0], lay.heading_pt[0] * 2, alignment=TA_CENTER,
                                spaceAfter=lead * 0.5)
        toc_pt = lay.table_pt + (2 if official else 0)
        self.toc_entry = _style("toc-entry", text, toc_pt, toc_pt * 1.8, endDots="·")
        self.signature = _style("signature", text, lay.table_pt + (2 if official else 0), lead)

    def cell(self, size: float, bold: bool, align: str) -> ParagraphStyle:
        return _style(f"cell-{size}-{bold}-{align}", SANS_BOLD if bold else self.text_font, size, size * 1.45,
                      alignment=_ALIGN[align])


class _DocTemplate(BaseDocTemplate):
    def __init__(self, buffer, zdoc: Document, lay: Layout):
        width, height = lay.page_mm[0] * MM, lay.page_mm[1] * MM
        super().__init__(
            # The real creation date; byte-identical output only when SOURCE_DATE_EPOCH is set (reportlab reads it).
            buffer, pagesize=(width, height), invariant=0,
            leftMargin=lay.left_mm * MM, rightMargin=lay.right_mm * MM,
            topMargin=lay.top_mm * MM, bottomMargin=lay.bottom_mm * MM,
            title=zdoc.property_title, author=zdoc.footer.branch if zdoc.footer else "", creator="支部纪实",
            subject=zdoc.subtitle or "",
        )
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate("page", frames=[frame],
                                            onPage=lambda canvas, _doc: decorate_page(canvas, zdoc, lay))])
        self.anchor_pages: dict[str, int] = {}

    def afterFlowable(self, flowable):  # noqa: N802 (reportlab API)
        for f in [flowable, *getattr(flowable, "tail", ())]:  # anchors inside a kept-together block too
            if isinstance(f, Anchor):
                self.anchor_pages[f.anchor] = self.page


class _Builder:
    def __init__(self, doc: Document, toc_pages: dict[str, int]):
        self.doc = doc
        self.official = doc.style == "official"
        self.lay = layout_for(doc.style, doc.landscape)
        self.st = _Styles(self.lay, self.official)
        self.width = self.lay.text_width_mm * MM
        self.toc_pages = toc_pages

    def para(self, text: str, style: ParagraphStyle) -> RLParagraph:
        return RLParagraph(markup(text, style.fontName), style)

    def title(self) -> RLParagraph:
        return self.para(title_text(self.doc), self.st.title)

    def story(self) -> list[Flowable]:
        doc, st = self.doc, self.st
        out: list[Flowable] = [self.title()] if doc.title.strip() else []
        if doc.subtitle:
            out.append(self.para(doc.subtitle, st.subtitle))
        if doc.meta:
            out.append(self.meta_table(doc.meta))
            out.append(RLSpacer(0, 4 * MM))
        for index, block in enumerate(doc.blocks):
            if isinstance(block, SignatureLines) and block.labels:
                out.append(self.signature_block(block, out))
                continue
            if isinstance(block, Paragraph) and block.keep_with_previous:
                closing = Stack(self.block(block))
                out.append(self.keep_block(closing, closing, out))
                continue
            following = doc.blocks[index + 1] if index + 1 < len(doc.blocks) else None
            out.extend(self.block(block, following))
        return out

    def signature_block(self, block: SignatureLines, story: list[Flowable]) -> Flowable:
        return self.keep_block(self.signatures(block), self.signatures(block, compact=True), story)

    def keep_block(self, normal: Flowable, compact: Flowable, story: list[Flowable]) -> Flowable:
        """``normal`` (or ``compact`` where only that fits) with the last lines of content before it (taken off
        ``story``): the last paragraphs up to about four lines, and a heading right before them, never a table."""
        tail: list[Flowable] = []
        budget = 4 * self.st.body.leading
        while story and isinstance(story[-1], (RLParagraph, RLSpacer, CondPageBreak, Anchor)):
            last = story[-1]
            heading = isinstance(last, RLParagraph) and last.style.name in ("h1", "h2", "h3")
            if isinstance(last, RLParagraph) and not heading:
                _, h = last.wrap(self.width, 1e6)
                if h > budget:  # enough lines: a long paragraph may split, its last lines stay here
                    break
                budget -= h
            story.pop()
            if not isinstance(last, CondPageBreak):
                tail.insert(0, last)
            if heading:  # a heading goes with what follows it (its TOC anchor too), never further back
                while story and isinstance(story[-1], (CondPageBreak, Anchor)):
                    if isinstance(story[-1], Anchor):
                        tail.insert(0, story[-1])
                    story.pop()
                break
        full = self.lay.text_height_mm * MM
        return SignatureBlock(tail, normal, compact, full)

    def block(self, block, following=None) -> list[Flowable]:
        st = self.st
        if isinstance(block, Heading):
            style = st.headings[block.level - 1]
            # A heading never ends a page: it needs room for itself and two lines of what follows, or for the
            # start of the table that follows (which would otherwise move on alone).
            after = TABLE_MIN_START if isinstance(following, Table) else 2 * st.body.leading
            flow: list[Flowable] = [CondPageBreak(style.leading + style.spaceBefore + after)]
            if block.anchor:
                flow.append(Anchor(block.anchor, block.text, block.level))
            flow.append(self.para(block.text, style))
            return flow
        if isinstance(block, Paragraph):
            style = ParagraphStyle(f"p-{block.align}-{block.indent_first_line}", parent=st.body,
                                   alignment=_ALIGN[block.align],
                                   firstLineIndent=2 * st.body.fontSize if block.indent_first_line else 0)
            return [self.para(line, style) if line.strip() else RLSpacer(0, style.leading)
                    for line in block.text.split("\n")]
        if isinstance(block, Table):
            # Never start a table with only its header and a sliver of a row at the foot of a page.
            return [CondPageBreak(TABLE_MIN_START), self.table(block)] if block.header_rows or block.rows else []
        if isinstance(block, SignatureLines):
            return [self.signatures(block)] if block.labels else []
        if isinstance(block, PageBreak):
            return [RLPageBreak()]
        if isinstance(block, Spacer):
            return [RLSpacer(0, block.height_mm * MM)]
        if isinstance(block, TOC):
            return self.toc(block)
        if isinstance(block, QRCode):
            return self.qr(block)
        raise TypeError(f"unknown block {block!r}")

    def cells(self, row: list, size: float, header: bool, min_h: float | None, covered: set[int]):
        """Paragraph cells for one row, padded with empty strings under spans; returns (cells, spans as
        (first column, last column, rows))."""
        out, spans, col = [], [], 0
        for raw in row:
            cell = as_cell(raw)
            if col in covered:  # under a cell spanning rows from above
                out.append("")
                col += cell.span
                continue
            style = self.st.cell(size, cell.bold or header, "center" if header and cell.align == "left"
                                 else cell.align)
            content: Flowable = self.para(cell.text, style)
            if min_h and col == 0 and not header:
                content = MinHeight(content, min_h)
            out.append(content)
            if cell.span > 1 or cell.row_span > 1:
                spans.append((col, col + cell.span - 1, cell.row_span))
                out.extend([""] * (cell.span - 1))
            col += cell.span
        return out, spans

    def table(self, table: Table) -> RLTable:
        size = table.effective_font_size()
        total = sum(table.widths)
        widths = [self.width * w / total for w in table.widths]
        pad = 2 if table.compact else 3
        min_h = table.min_row_height_mm * MM - 2 * pad if table.min_row_height_mm else None
        data, commands = [], []
        rows = [(r, True) for r in table.header_rows] + [(r, False) for r in table.rows]
        covered: dict[int, set[int]] = {}  # row index -> columns covered by row spans from above
        for index, (row, header) in enumerate(rows):
            cells, spans = self.cells(row, size, header, min_h, covered.get(index, set()))
            data.append(cells)
            for a, b, down in spans:
                commands.append(("SPAN", (a, index), (b, index + down - 1)))
                for r in range(index + 1, index + down):
                    covered.setdefault(r, set()).update(range(a, b + 1))
        n_header = len(table.header_rows)
        commands += [
            ("GRID", (0, 0), (-1, -1), GRID, black),
            ("BOX", (0, 0), (-1, -1), BOX, black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), pad + 1),
            ("RIGHTPADDING", (0, 0), (-1, -1), pad + 1),
            ("TOPPADDING", (0, 0), (-1, -1), pad),
            ("BOTTOMPADDING", (0, 0), (-1, -1), pad + 1),
        ]
        if n_header:
            commands.append(("BACKGROUND", (0, 0), (-1, n_header - 1), HEADER_FILL))
        return self.row_table(data, colWidths=widths, style=_table_style(commands),
                              repeatRows=n_header if table.repeat_header else 0, hAlign="CENTER", splitByRow=1)

    def row_table(self, data, **kw) -> RLTable:
        table = RowTable(data, **kw)
        table.full_height = self.lay.text_height_mm * MM
        return table

    def meta_table(self, meta: list[tuple[str, str]]) -> RLTable:
        size = self.lay.table_pt
        label_style = self.st.cell(size, True, "center")
        value_style = self.st.cell(size, False, "left")
        data = [[self.para(k, label_style), self.para(v, value_style)] for k, v in meta]
        widths = [self.width * 0.2, self.width * 0.8]
        return self.row_table(data, colWidths=widths, hAlign="CENTER", style=_table_style([
            ("GRID", (0, 0), (-1, -1), GRID, black),
            ("BOX", (0, 0), (-1, -1), BOX, black),
            ("BACKGROUND", (0, 0), (0, -1), LABEL_FILL),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ]))

    def qr(self, block: QRCode) -> list[Flowable]:
        out: list[Flowable] = [_QR(block.data, block.size_mm * MM)]
        if block.caption:
            style = ParagraphStyle("qr-caption", parent=self.st.body, alignment=TA_CENTER, firstLineIndent=0)
            out.append(self.para(block.caption, style))
        return out

    def signatures(self, block: SignatureLines, compact: bool = False) -> RLTable:
        st = self.st.signature
        data, commands = [], []
        per_row = 2
        for i in range(0, len(block.labels), per_row):
            chunk = block.labels[i : i + per_row]
            blank = ["", ""] * (per_row - len(chunk))
            data.append([c for label in chunk for c in (self.para(f"{label}：", st), "")] + blank)
            r = len(data) - 1
            commands += [("LINEBELOW", (c, r), (c, r), GRID, black) for c in range(1, 2 * len(chunk), 2)]
            if block.with_date:  # one date line under each signature, none under an empty slot
                data.append([self.para("日期：", st), self.para("　　年　　月　　日", st)] * len(chunk) + blank)
        label_w = (max(len(label) for label in block.labels) + 1.5) * st.fontSize + 12
        widths = [label_w, self.width / per_row - label_w] * per_row
        commands += [("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("TOPPADDING", (0, 0), (-1, -1), 2 if compact else 12)]
        return RLTable(data, colWidths=widths, style=_table_style(commands), hAlign="CENTER",
                       spaceBefore=(1 if compact else 8) * MM)

    def toc(self, toc: TOC) -> list[Flowable]:
        entry = self.st.toc_entry
        page_style = ParagraphStyle("toc-page", parent=entry, alignment=TA_RIGHT, endDots=None)
        rows = []
        for title, anchor in toc.entries:
            page = self.toc_pages.get(anchor)
            link = f'<a href="#{dest(anchor)}">{markup(title, entry.fontName)}</a>'
            rows.append([RLParagraph(link, entry), self.para(str(page) if page else "", page_style)])
        table = RLTable(rows, colWidths=[self.width - 14 * MM, 14 * MM], style=_table_style([
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ]))
        return [self.para(toc.title, self.st.toc_title), table]


def _build(doc: Document, toc_pages: dict[str, int]) -> tuple[bytes, dict[str, int]]:
    lay = layout_for(doc.style, doc.landscape)
    buffer = io.BytesIO()
    template = _DocTemplate(buffer, doc, lay)
    try:
        template.build(_Builder(doc, toc_pages).story(), canvasmaker=canvas_maker(doc, lay))
    except LayoutError as exc:
        raise LayoutFailed(str(exc)) from exc
    return buffer.getvalue(), template.anchor_pages


class _QR(Flowable):
    """A QR code drawn as filled squares (no fonts: a reportlab Drawing would pull in Helvetica), centred."""

    def __init__(self, data: str, size: float):
        super().__init__()
        from desktop.documents.qr import QUIET, modules

        self.grid, self.quiet, self.size = modules(data), QUIET, size
        self.hAlign = "CENTER"

    def wrap(self, avail_width, avail_height):
        return self.size, self.size

    def draw(self):
        n = len(self.grid) + 2 * self.quiet
        unit = self.size / n
        c = self.canv
        c.setFillColor(black)
        for r, row in enumerate(self.grid):
            for col, dark in enumerate(row):
                if dark:
                    c.rect((col + self.quiet) * unit, self.size - (r + self.quiet + 1) * unit, unit, unit,
                           stroke=0, fill=1)


def render_pdf_bytes(doc: Document) -> bytes:
    """The PDF as bytes. A character no font can print is printed as 〓 and listed in ``doc.unprintable``."""
    register_fonts()
    with collecting() as items:
        data, pages = _build(doc, {})
        if any(isinstance(b, TOC) for b in doc.blocks):
            for _ in range(3):  # page numbers rarely move the TOC itself; stop once stable
                items.clear()
                data, new_pages = _build(doc, pages)
                if new_pages == pages:
                    break
                pages = new_pages
    doc.unprintable[:] = list(dict.fromkeys(items))
    return data


def render_pdf(doc: Document, out_path: str | os.PathLike) -> Path:
    """Write ``doc`` as a PDF to ``out_path`` atomically (the old file stays intact on any error)."""
    data = render_pdf_bytes(doc)
    path = Path(out_path)
    write_bytes(path, data)
    return path
