"""Word (.docx) rendering with python-docx: the same content as the PDF, in the fonts Chinese offices expect.

Font names follow the usual 公文 conventions (仿宋_GB2312, 方正小标宋简体, 黑体, 楷体_GB2312, 宋体) and are set
for East-Asian text explicitly (``w:eastAsia``) on the styles and on every run; theme fonts are removed because
they would override them. The file is written atomically.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import docx
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.shared import Mm, Pt

from desktop.documents import docx_xml as x
from desktop.documents import docx_fonts
from desktop.documents.fonts import clean_text
from desktop.documents.layout import HEADER_NOTE_COLOR, Layout, layout_for
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
    footer_text,
)
from desktop.documents.pdf_title import title_text
from desktop.storage.atomic import write_bytes

_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
          "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}
HEADER_FILL = "E6E6E6"
LABEL_FILL = "F2F2F2"
NOTE_RGB = "".join(f"{round(c * 255):02X}" for c in HEADER_NOTE_COLOR)


class _Writer:
    def __init__(self, doc: Document):
        self.doc = doc
        self.official = doc.style == "official"
        self.lay: Layout = layout_for(doc.style, doc.landscape)
        self.word = docx.Document()
        self.text_width_mm = self.lay.text_width_mm
        self.bookmarks = {b.anchor: f"zb_toc_{i}" for i, b in enumerate(
            (b for b in doc.blocks if isinstance(b, Heading) and b.anchor), start=1)}

    # -- styles and page ----------------------------------------------------------------------------------------
    def setup(self) -> None:
        lay, styles = self.lay, self.word.styles
        x.strip_theme_fonts(styles.element)
        x.set_doc_defaults(styles.element, lay.word_body, lay.body_pt)
        self.style(styles["Normal"], lay.word_body, lay.body_pt, lay.body_leading_pt)
        self.style(styles["Title"], lay.word_title, lay.title_pt, None, bold=not self.official,
                   align=WD_ALIGN_PARAGRAPH.CENTER)
        title_pf = styles["Title"].paragraph_format
        title_pf.space_after = Pt(lay.body_leading_pt if self.official else 6)
        x.remove_paragraph_border(styles["Title"].element.get_or_add_pPr())
        x.remove_children(styles["Title"].element.get_or_add_rPr(), "w:spacing", "w:kern")  # template's letterspacing
        for level, (font, size) in enumerate(zip(lay.word_heading, lay.heading_pt, strict=True), start=1):
            style = styles[f"Heading {level}"]
            bold = not self.official and level == 1
            self.style(style, font, size, lay.body_leading_pt if self.official else None, bold=bold)
            pf = style.paragraph_format
            pf.space_before = Pt(0 if self.official else 6)
            pf.space_after = Pt(0)
            pf.first_line_indent = Pt(2 * lay.body_pt) if self.official else None
            pf.keep_with_next = True
        for name in ("Header", "Footer", "Table Grid"):
            self.style(styles[name], lay.word_table, lay.footer_pt, None)
        for name in ("Header", "Footer"):  # the template's centre/right tabs would catch our footer tabs
            x.clear_tabs(styles[name].element.get_or_add_pPr())

        section = self.word.sections[0]
        if self.doc.landscape:
            from docx.enum.section import WD_ORIENT

            section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(lay.page_mm[0]), Mm(lay.page_mm[1])
        section.top_margin, section.bottom_margin = Mm(lay.top_mm), Mm(lay.bottom_mm)
        section.left_margin, section.right_margin = Mm(lay.left_mm), Mm(lay.right_mm)
        section.header_distance = Mm(15 if self.official else 12)
        section.footer_distance = Mm(lay.bottom_mm - 7 - 6 if self.official else 10)
        props = self.word.core_properties
        props.title = clean_text(self.doc.property_title)
        props.author = clean_text(self.doc.footer.branch) if self.doc.footer else ""
        props.language = "zh-CN"
        props.comments = "支部纪实"
        props.last_modified_by = "支部纪实"

    def style(self, style, font: str, size: float, leading: float | None, bold: bool = False, align=None) -> None:
        rpr = style.element.get_or_add_rPr()
        x.set_fonts(rpr, font)
        x.set_color_black(rpr)
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.italic = False
        pf = style.paragraph_format
        if leading:
            pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            pf.line_spacing = Pt(leading)
        else:
            pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
        pf.space_before = Pt(0)
        pf.space_after = Pt(0)
        if align is not None:
            pf.alignment = align

    # -- runs and paragraphs ------------------------------------------------------------------------------------
    def run(self, paragraph, text: str, font: str, size: float | None = None, bold: bool = False,
            squeeze: bool = False):
        """Runs for ``text`` (``\\n`` as line breaks) with the East-Asian font set on each run; ``squeeze``
        condenses the characters by ¼ pt so that 28 characters of 16 pt fill the 156 mm line (GB/T 9704)."""
        lines = "\t".join(clean_text(part) for part in text.split("\t")).split("\n")  # keep our tabs
        last = None
        for i, line in enumerate(lines):
            for part, part_font in docx_fonts.segments(line, font):  # rare characters in a face that has them
                last = paragraph.add_run(part)
                x.set_fonts(last._r.get_or_add_rPr(), part_font)
                if size:
                    last.font.size = Pt(size)
                if bold or (part_font != font and font in docx_fonts.HEAVY):
                    last.font.bold = True
                if squeeze:
                    x.char_spacing(last, -0.25)
            if i < len(lines) - 1:
                last.add_break()
        return last

    def paragraph(self, text: str, style: str | None = None, font: str | None = None, size: float | None = None,
                  align=None, indent: bool = False, bold: bool = False, container=None, squeeze: bool = False):
        container = container or self.word
        p = container.add_paragraph(style=style)
        if align is not None:
            p.alignment = align
        if indent:
            p.paragraph_format.first_line_indent = Pt(2 * (size or self.lay.body_pt))
        self.run(p, text, font or self.lay.word_body, size, bold, squeeze)
        return p

    # -- blocks -------------------------------------------------------------------------------------------------
    def body(self) -> None:
        doc, lay = self.doc, self.lay
        if doc.title.strip():  # never a last line of one character (see title_text)
            title = self.paragraph(title_text(doc, autospace=True), style="Title", font=lay.word_title,
                                   bold=not self.official)
            x.no_autospace(title)  # Word honours it (no extra space around digits, as in the PDF)
        if doc.subtitle:
            self.paragraph(doc.subtitle, font=lay.word_body, size=lay.subtitle_pt, align=WD_ALIGN_PARAGRAPH.CENTER)
        if doc.meta:
            self.meta_table(doc.meta)
            self.spacer(4)
        for block in doc.blocks:
            self.block(block)

    def block(self, block) -> None:
        lay = self.lay
        if isinstance(block, Heading):
            level = block.level
            p = self.paragraph(block.text, style=f"Heading {level}", font=lay.word_heading[level - 1],
                               bold=not self.official and level == 1, squeeze=self.official)
            if block.anchor:
                x.bookmark(p, self.bookmarks[block.anchor], list(self.bookmarks).index(block.anchor) + 1)
        elif isinstance(block, Paragraph):
            if block.keep_with_previous:
                self.keep_previous()
            lines = block.text.split("\n")
            for i, line in enumerate(lines):
                p = self.paragraph(line, align=_ALIGN[block.align], indent=block.indent_first_line,
                                   squeeze=self.official)
                if block.keep_with_previous and i < len(lines) - 1:
                    p.paragraph_format.keep_with_next = True
        elif isinstance(block, Table):
            if block.header_rows or block.rows:
                self.table(block)
        elif isinstance(block, SignatureLines):
            if block.labels:
                self.signatures(block)
        elif isinstance(block, PageBreak):
            self.page_break()
        elif isinstance(block, Spacer):
            self.spacer(block.height_mm)
        elif isinstance(block, TOC):
            self.toc(block)
        elif isinstance(block, QRCode):
            self.qr(block)
        else:
            raise TypeError(f"unknown block {block!r}")

    def spacer(self, height_mm: float) -> None:
        p = self.word.add_paragraph()
        p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        p.paragraph_format.line_spacing = Mm(height_mm)

    def cell_text(self, cell, text: str, size: float, bold: bool, align: str, header: bool) -> None:
        p = cell.paragraphs[0]
        p.alignment = _ALIGN["center" if header and align == "left" else align]
        p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        p.paragraph_format.first_line_indent = None
        x.no_autospace(p)
        font = self.lay.word_table_header if (bold or header) else self.lay.word_table
        self.run(p, text, font, size, bold=bold or header)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER

    def new_table(self, rows: int, widths_mm: list[float], grid: bool = True):
        table = self.word.add_table(rows=rows, cols=len(widths_mm))
        if grid:
            table.style = self.word.styles["Table Grid"]
            x.table_borders(table)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        x.fixed_layout(table)
        x.cell_margins(table, 2, 4, 2)
        x.table_width(table, sum(widths_mm))
        for row in table.rows:
            x.cant_split(row)  # a row never splits across pages
            for cell, width in zip(row.cells, widths_mm, strict=True):
                cell.width = Mm(width)
                p = cell.paragraphs[0]
                p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
                x.mark_size(p, self.lay.table_pt)  # empty cells: not as tall as a body line
        for column, width in zip(table.columns, widths_mm, strict=True):
            column.width = Mm(width)
        return table

    def table(self, table: Table) -> None:
        size = table.effective_font_size()
        total = sum(table.widths)
        widths = [self.text_width_mm * w / total for w in table.widths]
        rows = [(r, True) for r in table.header_rows] + [(r, False) for r in table.rows]
        word_table = self.new_table(len(rows), widths)
        covered: dict[int, set[int]] = {}
        for r, (row, header) in enumerate(rows):
            word_row = word_table.rows[r]
            if header and table.repeat_header:
                x.repeat_header(word_row)
            if table.min_row_height_mm and not header:
                word_row.height = Mm(table.min_row_height_mm)
                word_row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
            col = 0
            for raw in row:
                cell = as_cell(raw)
                if col not in covered.get(r, set()):
                    target = word_row.cells[col]
                    if cell.span > 1 or cell.row_span > 1:
                        target = target.merge(word_table.rows[r + cell.row_span - 1].cells[col + cell.span - 1])
                        for below in range(r + 1, r + cell.row_span):
                            covered.setdefault(below, set()).update(range(col, col + cell.span))
                    self.cell_text(target, cell.text, size, cell.bold, cell.align, header)
                    if header:
                        x.shade(target, HEADER_FILL)
                col += cell.span
        self.spacer(1.5)  # Word needs a paragraph between two tables

    def meta_table(self, meta: list[tuple[str, str]]) -> None:
        size = self.lay.table_pt
        widths = [self.text_width_mm * 0.2, self.text_width_mm * 0.8]
        table = self.new_table(len(meta), widths)
        for row, (label, value) in zip(table.rows, meta, strict=True):
            self.cell_text(row.cells[0], label, size, True, "center", False)
            x.shade(row.cells[0], LABEL_FILL)
            self.cell_text(row.cells[1], value, size, False, "left", False)

    def qr(self, block: QRCode) -> None:
        from desktop.documents.qr import png

        p = self.word.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        # The body's exact line spacing would clip the picture to one text line: the line grows with the picture.
        p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        p.paragraph_format.first_line_indent = Pt(0)
        p.add_run().add_picture(io.BytesIO(png(block.data)), width=Mm(block.size_mm))
        if block.caption:
            self.paragraph(block.caption, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)

    def keep_previous(self, count: int = 3) -> None:
        """A signature block or a notice's signing lines never stand alone on a page (see ``x.keep_last``)."""
        x.keep_last(self.word, count)

    def signatures(self, block: SignatureLines) -> None:
        self.spacer(6)
        self.keep_previous(3)  # the spacer too: a break after it would leave the block alone on the next page
        size = self.lay.table_pt + (2 if self.official else 0)
        per_row = 2
        label_mm = (max(len(label) for label in block.labels) + 1.5) * size * 25.4 / 72 + 4
        widths = [label_mm, self.text_width_mm / per_row - label_mm] * per_row
        groups = [block.labels[i: i + per_row] for i in range(0, len(block.labels), per_row)]
        table = self.new_table(len(groups) * (2 if block.with_date else 1), widths, grid=False)
        r = 0
        for group in groups:
            for i, label in enumerate(group):
                self.cell_text(table.rows[r].cells[2 * i], f"{label}：", size, False, "left", False)
                x.cell_bottom_border(table.rows[r].cells[2 * i + 1])
            table.rows[r].height = Mm(12)
            r += 1
            if block.with_date:
                for i in range(len(group)):
                    self.cell_text(table.rows[r].cells[2 * i], "日期：", size, False, "left", False)
                    self.cell_text(table.rows[r].cells[2 * i + 1], "　　年　　月　　日", size, False, "left", False)
                table.rows[r].height = Mm(10)
                r += 1
        for row in table.rows[:-1]:  # the rows stay together on one page
            for cell in row.cells:
                for p in cell.paragraphs:
                    p.paragraph_format.keep_with_next = True

    def toc(self, toc: TOC) -> None:
        lay = self.lay
        self.paragraph(toc.title, font=lay.word_heading[0], size=lay.heading_pt[0],
                       align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
        size = lay.table_pt + (2 if self.official else 0)
        for title, anchor in toc.entries:
            p = self.word.add_paragraph()
            p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            p.paragraph_format.line_spacing = Pt(size * 1.8)
            p.paragraph_format.first_line_indent = None
            p.paragraph_format.tab_stops.add_tab_stop(Mm(self.text_width_mm), WD_TAB_ALIGNMENT.RIGHT,
                                                      WD_TAB_LEADER.MIDDLE_DOT)
            self.run(p, f"{title}\t", lay.word_body, size)
            if anchor in self.bookmarks:
                x.add_field(p, f"PAGEREF {self.bookmarks[anchor]} \\h", "", lay.word_body, size)
        x.update_fields_on_open(self.word.settings.element)  # Word refreshes the page numbers on open

    # -- header, footer, watermark ------------------------------------------------------------------------------
    def page_break(self) -> None:
        x.page_break_after_last(self.word)

    def page_furniture(self) -> None:
        section = self.word.sections[0]
        official_numbers = self.doc.numbering == "official"
        if official_numbers:
            self.word.settings.odd_and_even_pages_header_footer = True
        headers = [section.header] + ([section.even_page_header] if official_numbers else [])
        for n, header in enumerate(headers, start=1):
            header.is_linked_to_previous = False
            p = header.paragraphs[0]
            if self.doc.footer and self.doc.footer.note:
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                run = self.run(p, f" {self.doc.footer.note} ", self.lay.word_table_header, 12, bold=True)
                x.set_run_color(run, NOTE_RGB)
                x.run_border(run, NOTE_RGB)
            if self.doc.watermark:
                p._p.addnext(x.watermark_paragraph(self.doc.watermark, self.lay.word_table_header, n))
        if official_numbers:
            self.official_footer(section.footer, odd=True)
            self.official_footer(section.even_page_footer, odd=False)
        elif self.doc.numbering == "n_of_m":
            self.n_of_m_footer(section.footer)
        elif self.doc.footer:  # "none" (anonymous ballots): the branch only, no page number
            footer = section.footer
            footer.is_linked_to_previous = False
            p = footer.paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            self.run(p, footer_text(self.doc.footer, None), self.lay.word_body, self.lay.footer_pt)

    def n_of_m_footer(self, footer) -> None:
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        x.paragraph_border(p, "top")
        font, size = self.lay.word_body, self.lay.footer_pt
        before, after = footer_text(self.doc.footer, "\0").split("\0")
        self.run(p, f"{before}第 ", font, size)
        x.add_field(p, "PAGE", "1", font, size)
        self.run(p, " 页 共 ", font, size)
        x.add_field(p, "NUMPAGES", "1", font, size)
        self.run(p, f" 页{after}", font, size)

    def official_footer(self, footer, odd: bool) -> None:
        """GB/T 9704: "— N —" in 4号 宋体, odd pages right, even pages left, one character in from the edge;
        branch / hash / note in small type on the other side."""
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0]
        size, small = self.lay.page_number_pt, self.lay.footer_pt
        width = Mm(self.text_width_mm)
        info = footer_text(self.doc.footer, None)
        if odd:  # info on the left, number right-aligned one character in from the right edge
            p.paragraph_format.tab_stops.add_tab_stop(width - Pt(size), WD_TAB_ALIGNMENT.RIGHT)
            self.run(p, f"{info}\t", "宋体", small)
            self.page_number(p, size)
        else:  # number one character in from the left edge, info flush right
            p.paragraph_format.left_indent = Pt(size)
            p.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
            self.page_number(p, size)
            self.run(p, f"\t{info}", "宋体", small)

    def page_number(self, p, size: float) -> None:
        self.run(p, "— ", "宋体", size)
        x.add_field(p, "PAGE", "1", "宋体", size)
        self.run(p, " —", "宋体", size)


def render_docx_bytes(doc: Document) -> bytes:
    writer = _Writer(doc)
    writer.setup()
    writer.body()
    writer.page_furniture()
    docx_fonts.add_alternates(writer.word)
    buffer = io.BytesIO()
    writer.word.save(buffer)
    return buffer.getvalue()


def render_docx(doc: Document, out_path: str | os.PathLike) -> Path:
    """Write ``doc`` as a .docx to ``out_path`` atomically (the old file stays intact on any error)."""
    data = render_docx_bytes(doc)
    path = Path(out_path)
    write_bytes(path, data)
    return path

