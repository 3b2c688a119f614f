"""PDF pages as images (pypdfium2), for the preview and for printing. Runs on the task runner's worker:
QImage and painting onto a QPrinter / QPdfWriter are allowed off the UI thread (QPixmaps are not; the preview
makes those on the UI thread).
"""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPageLayout, QPagedPaintDevice, QPainter

from desktop.errors import ZhibuError
from desktop.progress import CancelToken, no_progress

MAX_PRINT_DPI = 300


class PrintFailed(ZhibuError):
    pass


def _image(page, scale: float) -> QImage:
    """One page rendered at ``scale`` pixels per point, as a QImage that owns its pixels."""
    bitmap = page.render(scale=scale, rev_byteorder=True, prefer_bgrx=True)
    try:
        fmt = QImage.Format_RGBX8888 if bitmap.n_channels == 4 else QImage.Format_RGB888
        return QImage(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride, fmt).copy()
    finally:
        bitmap.close()


def render_pages(data: bytes, indices: list[int], scale: float) -> list[tuple[int, QImage]]:
    """Pages ``indices`` (0-based) of the PDF at ``scale`` pixels per point."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        out = []
        for i in indices:
            if 0 <= i < len(pdf):
                page = pdf[i]
                try:
                    out.append((i, _image(page, scale)))
                finally:
                    page.close()
        return out
    finally:
        pdf.close()


def page_rect(device: QPagedPaintDevice) -> QRectF:
    """Where a painter on ``device`` may draw, in device pixels from the painter's origin. A QPrinter in full-page
    mode gives the whole sheet, so an A4 document prints on A4 paper at exactly its own size and margins."""
    dpi = device.logicalDpiX()
    rect = device.pageLayout().paintRectPixels(dpi)
    return QRectF(0, 0, rect.width(), rect.height())


def fit(page_w: float, page_h: float, area: QRectF) -> QRectF:
    """The largest rectangle of the page's proportions in ``area``, centred."""
    s = min(area.width() / page_w, area.height() / page_h)
    w, h = page_w * s, page_h * s
    return QRectF(area.x() + (area.width() - w) / 2, area.y() + (area.height() - h) / 2, w, h)


def paint_pdf(data: bytes, device: QPagedPaintDevice, pages: list[int] | None = None, *,
              max_dpi: int = MAX_PRINT_DPI, progress=no_progress, cancel: CancelToken | None = None) -> int:
    """Paint PDF pages (1-based numbers, all when None) onto a printer or a QPdfWriter, one sheet each, fitted to
    the sheet. Pages are rendered at the device's resolution, at most ``max_dpi``. Returns the pages painted."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    painter = QPainter()
    try:
        count = len(pdf)
        wanted = [p for p in (pages or range(1, count + 1)) if 1 <= p <= count]
        if not wanted:
            raise PrintFailed("所选的页码范围内没有可打印的页。")
        dpi = max(1, device.logicalDpiX())
        area = page_rect(device)
        if not painter.begin(device):
            raise PrintFailed("无法开始打印。请检查打印机是否可用，然后重试。")
        painter.setRenderHint(QPainter.SmoothPixmapTransform, True)
        for n, number in enumerate(wanted):
            if cancel is not None and cancel.cancelled:
                abort = getattr(device, "abort", None)
                if abort is not None:
                    abort()
                cancel.check()
            progress(n, len(wanted), f"正在打印第 {number} 页（{n + 1}/{len(wanted)}）…")
            if n and not device.newPage():
                raise PrintFailed("打印机不能开始新的一页，打印没有完成。")
            page = pdf[number - 1]
            try:
                w, h = page.get_size()
                target = fit(w, h, area)
                scale = target.width() / w * min(1.0, max_dpi / dpi)
                painter.drawImage(target, _image(page, scale))
            finally:
                page.close()
        return len(wanted)
    finally:
        if painter.isActive():
            painter.end()
        pdf.close()


def printer_pages(printer, count: int) -> list[int]:
    """The page numbers to paint, as chosen in the print dialog: all, a range, or ranges such as 1-3,5; in
    reverse for 最后一页先打印; repeated for copies when the printer does not make them itself."""
    from PySide6.QtPrintSupport import QPrinter

    if printer.printRange() != QPrinter.PageRange:
        pages = list(range(1, count + 1))
    else:
        ranges = printer.pageRanges()
        if not ranges.isEmpty():
            pages = [p for p in range(1, count + 1) if ranges.contains(p)]
        else:
            first, last = printer.fromPage() or 1, printer.toPage() or count
            pages = list(range(max(1, first), min(count, last) + 1))
    if printer.pageOrder() == QPrinter.LastPageFirst:
        pages.reverse()
    copies = 1 if printer.supportsMultipleCopies() else max(1, printer.copyCount())
    if copies > 1:  # the printer cannot make copies itself: send them
        pages = pages * copies if printer.collateCopies() else [p for p in pages for _ in range(copies)]
    return pages


def setup_printer(printer, title: str = "") -> None:
    """Whole sheet as the painting area (the documents carry their own margins), A4 portrait to start with."""
    from PySide6.QtGui import QPageSize

    printer.setFullPage(True)
    printer.setPageSize(QPageSize(QPageSize.A4))
    printer.setPageOrientation(QPageLayout.Portrait)
    printer.setDocName(title or "支部纪实文档")
