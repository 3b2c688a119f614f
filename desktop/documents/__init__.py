"""Standard documents: a neutral model (``model``) rendered to PDF (reportlab) and Word (python-docx).

Builders create a ``Document`` and call ``render(doc, path)``. Never imports Qt.
"""

from desktop.documents.fonts import MissingGlyph, missing_glyphs
from desktop.documents.model import (
    TOC,
    Cell,
    Document,
    FooterInfo,
    Heading,
    PageBreak,
    Paragraph,
    SignatureLines,
    Spacer,
    Table,
)
from desktop.documents.render import LayoutFailed, UnsupportedFormat, render

__all__ = [
    "TOC", "Cell", "Document", "FooterInfo", "Heading", "PageBreak", "Paragraph", "SignatureLines", "Spacer",
    "Table", "UnsupportedFormat", "LayoutFailed", "MissingGlyph", "missing_glyphs", "render",
]
