"""One entry point for builders and the UI: ``render(doc, path)`` picks the format from the file extension."""

from __future__ import annotations

import os
from pathlib import Path

from desktop.documents.model import Document
from desktop.errors import ZhibuError

FORMATS = {".pdf": "PDF", ".docx": "Word"}


class UnsupportedFormat(ZhibuError):
    pass


class LayoutFailed(ZhibuError):
    """Content that cannot be laid out on A4 (reportlab's LayoutError), e.g. far too many columns."""

    def __init__(self, detail: str = ""):
        super().__init__("文档中有内容无法排入 A4 页面（例如表格列数过多，或一格的内容比一页还高）。"
                         "请缩短该内容或把长文字移到正文段落后重新生成。")
        self.detail = detail


def render(doc: Document, out_path: str | os.PathLike) -> Path:
    """Write ``doc`` to ``out_path`` as PDF (``.pdf``) or Word (``.docx``), atomically.

    Raises ``UnsupportedFormat`` for other extensions, ``MissingGlyph`` when the PDF would need a character
    no bundled font has, ``LayoutFailed`` when content cannot be laid out, and ``StorageFull`` when the file
    cannot be written. All are ``ZhibuError``s with a Chinese message.
    """
    path = Path(out_path)
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        from desktop.documents.pdf import render_pdf

        return render_pdf(doc, path)
    if suffix == ".docx":
        from desktop.documents.docx import render_docx

        return render_docx(doc, path)
    shown = path.suffix or "（无扩展名）"
    raise UnsupportedFormat(f"不支持导出为“{shown}”格式的文件。请将文件名改为以 .pdf 或 .docx 结尾后重试。")
