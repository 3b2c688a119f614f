"""The title of a document: its face and size, and where its lines break (shared by the PDF and .docx renderers)."""

from __future__ import annotations

import re

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph as RLParagraph

from desktop.documents import kinsoku
from desktop.documents.fonts import SANS_BOLD, SERIF_BOLD, markup, register_fonts
from desktop.documents.layout import MM, Layout, layout_for
from desktop.documents.model import Document

kinsoku.apply()  # the PDF's line breaking rules, also when only the .docx renderer is loaded


def title_style(lay: Layout, official: bool) -> ParagraphStyle:
    """公文: 二号 小标宋 (the bold serif face); records and forms: bold 黑体, as their .docx files name it."""
    return ParagraphStyle("title", fontName=SERIF_BOLD if official else SANS_BOLD, fontSize=lay.title_pt,
                          leading=lay.title_pt * 1.5, wordWrap="CJK", alignment=TA_CENTER,
                          spaceAfter=lay.body_leading_pt * (1 if official else 0.3))


_SCRIPT_CHANGE = re.compile(r"(?<=[\u3400-\u9fff])(?=[0-9A-Za-z])|(?<=[0-9A-Za-z])(?=[\u3400-\u9fff])")
AUTOSPACE_EM = 0.25  # what LibreOffice/WPS/Word add between hanzi and digits or Latin letters (LibreOffice: 0.2 em)


def title_text(doc: Document, autospace: bool = False) -> str:
    """The title with line breaks where a line would otherwise end with a single character alone (GB/T 9704 titles
    wrap in a balanced way): such a line takes a few characters from the line before. ``autospace``: measured as a
    word processor sets it (the .docx), with extra space between hanzi and digits or Latin letters, so that a title
    that just fits the PDF's line is broken in a balanced way there rather than leaving its last character alone."""
    register_fonts()
    lay = layout_for(doc.style, doc.landscape)
    style, width = title_style(lay, doc.style == "official"), lay.text_width_mm * MM
    lines = doc.title.split("\n")
    for i, line in enumerate(lines):
        para = RLParagraph(markup(line, style.fontName), style)
        extra = len(_SCRIPT_CHANGE.findall(line)) * AUTOSPACE_EM * style.fontSize if autospace else 0
        para.wrap(width - extra, 1e6)
        wrapped = para.blPara.lines
        if len(wrapped) > 1:
            last = "".join(getattr(w, "text", "") for w in getattr(wrapped[-1], "words", ())).strip()
            if len(last) <= 1:
                cut = len(line) - max(3, len(line) // (2 * len(wrapped)))
                lines[i] = line[:cut] + "\n" + line[cut:]
    return "\n".join(lines)
