"""QR codes for documents (reportlab's encoder): the module matrix, and a PNG of it for Word."""

from __future__ import annotations

import io

from reportlab.graphics.barcode import qrencoder

QUIET = 4  # modules of white border the QR standard asks for


def modules(data: str) -> list[list[bool]]:
    qr = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    qr.addData(data)
    qr.make()
    n = qr.getModuleCount()
    return [[bool(qr.isDark(r, c)) for c in range(n)] for r in range(n)]


def png(data: str, scale: int = 8) -> bytes:
    """A black-on-white PNG with the quiet zone, ``scale`` pixels a module."""
    from PIL import Image

    grid = modules(data)
    n = len(grid) + 2 * QUIET
    img = Image.new("1", (n, n), 1)
    for r, row in enumerate(grid):
        for c, dark in enumerate(row):
            if dark:
                img.putpixel((c + QUIET, r + QUIET), 0)
    img = img.resize((n * scale, n * scale), Image.NEAREST)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()
