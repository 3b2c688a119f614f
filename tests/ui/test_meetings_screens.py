"""Screens of the 组织生活 page on the demo book, for a visual review (the reference images in
tests/ui/reference/meetings*.png came from here). Off unless asked for:

    ZHIBU_SCREENSHOTS=OUT_DIR QT_QPA_PLATFORM=offscreen python -m pytest tests/ui/test_meetings_screens.py
    QT_QPA_PLATFORM=offscreen python tests/ui/test_meetings_screens.py OUT_DIR

Uses a throw-away data folder (a fresh demo book), so it never touches real books. Offscreen grabs only: under
Xvfb without a window manager dialogs come out black.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def shoot(out: Path) -> dict:
    """Save the screens to ``out``; returns timings (ms) worth watching."""
    from PySide6.QtWidgets import QApplication

    from desktop import paths
    from desktop.demo import DEMO_BRANCH, DEMO_PASSPHRASE, ensure_demo_book
    from desktop.domain.meeting_enums import EvaluationGrade, MeetingKind
    from ui.app import create_app
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
    started = time.perf_counter()
    page = mw.show_page("meetings")
    tab = page.meetings
    while not tab.loaded:
        app.processEvents()
    timings = {"first_rows_ms": round((time.perf_counter() - started) * 1000)}
    settle(300)
    mw.grab().save(str(out / "meetings_list.png"))

    editor = tab.new_meeting(MeetingKind.GENERAL_ASSEMBLY)
    settle(400)
    editor.tabs.setCurrentIndex(editor.TAB["attendance"])
    rows = editor.grid.rows()
    editor.grid.mark_rest_present()
    for row, clicks in ((1, 1), (4, 2)):
        for _ in range(clicks):
            editor.grid.cycle(row)
    editor.grid.model.setData(editor.grid.model.index(1, 5), "出差")
    editor.basics.chair.setCurrentIndex(editor.basics.chair.findData(rows[0].member_id))
    settle(600)
    editor.grab().save(str(out / "meetings_editor.png"))
    editor.dirty = False  # a throw-away book: no need to keep this draft
    editor.reject()
    settle(300)

    ev = page.show_tab("evaluation")
    settle(300)
    model = ev.editor.model
    if ev.mode != "draft":  # the demo's rounds are finalized: start this year's
        from datetime import date

        ev.new_round(date.today().year, date.today())
        settle(500)
        for i in range(len(model.rows()) // 3 + 2):
            model.set_grade(i, "final", EvaluationGrade.EXCELLENT)
        model.set_votes(0, 18, 5, 0, 0)
        settle(200)
    mw.grab().save(str(out / "meetings_evaluation.png"))
    session.shutdown()
    return timings


@pytest.mark.skipif(not os.environ.get("ZHIBU_SCREENSHOTS"), reason="set ZHIBU_SCREENSHOTS=OUT_DIR to save screens")
def test_screens():
    timings = shoot(Path(os.environ["ZHIBU_SCREENSHOTS"]))
    print(timings)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    print(shoot(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots")))
