"""Screens of the 文档 page on the demo book, for a visual review (tests/ui/reference/documents*.png came from
here, reduced to 128 colours). Off unless asked for:

    ZHIBU_SCREENSHOTS=OUT_DIR QT_QPA_PLATFORM=offscreen python -m pytest tests/ui/test_documents_screens.py
    QT_QPA_PLATFORM=offscreen python tests/ui/test_documents_screens.py OUT_DIR

Uses a throw-away data folder (a fresh demo book), so it never touches real books.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def small_png(widget, path: Path) -> None:
    """Grab ``widget`` as a 128-colour PNG (a reference image stays well under 150 KB)."""
    from PIL import Image

    raw = path.with_suffix(".full.png")
    widget.grab().save(str(raw))
    Image.open(raw).convert("RGB").quantize(128).save(path, optimize=True)
    raw.unlink()


def shoot(out: Path) -> dict:
    from PySide6.QtWidgets import QApplication

    from desktop import paths
    from desktop.demo import DEMO_BRANCH, DEMO_PASSPHRASE, ensure_demo_book
    from ui.app import create_app
    from ui.documents.export_dialog import open_export_dialog
    from ui.session import AppSession

    out.mkdir(parents=True, exist_ok=True)
    paths.set_data_dir(tempfile.mkdtemp(prefix="zhibu-shots-"))
    app = create_app(sys.argv[:1])
    session = AppSession()

    def settle(ms: int = 150) -> None:
        end = time.monotonic() + ms / 1000
        while session.tasks.busy or time.monotonic() < end:
            app.processEvents()
            QApplication.instance().thread().msleep(5)

    session.offer_book(ensure_demo_book(), DEMO_BRANCH, demo_passphrase=DEMO_PASSPHRASE)
    settle()
    session.unlock_dialog.fill_demo_button.click()
    session.unlock_dialog.unlock_button.click()
    settle(300)
    mw = session.main_window
    mw.resize(1280, 800)
    page = mw.show_page("documents")
    settle(300)
    started = time.perf_counter()
    page.show_preview()  # 会议记录 of the latest finalized meeting
    while not page.preview.rendered_pages():
        settle(20)
    timings = {"minutes_preview_ms": round((time.perf_counter() - started) * 1000)}
    settle(300)
    small_png(mw, out / "documents.png")

    page.select_kind("roster")
    settle(300)
    page.options.full_id.setChecked(True)
    settle(100)
    mw.grab().save(str(out / "documents_roster_full_id.png"))

    page.select_kind("yearbook")
    settle(300)
    started = time.perf_counter()
    page.show_preview()
    while not page.preview.rendered_pages():
        settle(20)
    timings["yearbook_preview_ms"] = round((time.perf_counter() - started) * 1000)
    page.preview.set_zoom("page")
    settle(500)
    mw.grab().save(str(out / "documents_yearbook.png"))

    ws = session.ws
    rows = [m for y in (ws.meetings.list(year=y) for y in range(2020, 2031)) for m in y
            if m.kind.value == "org_life_meeting" and m.status.value == "final"]
    dlg = open_export_dialog(page.ctx, mw, "meeting", rows[-1].id, rows[-1].kind)
    settle(300)
    dlg.select_kind("org-life-report")
    while not dlg.preview.rendered_pages():
        settle(20)
    settle(300)
    small_png(dlg, out / "documents_dialog.png")
    dlg.reject()
    session.shutdown()
    return timings


@pytest.mark.skipif(not os.environ.get("ZHIBU_SCREENSHOTS"), reason="set ZHIBU_SCREENSHOTS=OUT_DIR to save screens")
def test_screens():
    print(shoot(Path(os.environ["ZHIBU_SCREENSHOTS"])))


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    print(shoot(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots")))
