"""Screens of the committee's daily pages (总览, 落实情况, 预警, the branch view) on the committee demo at 1280×720,
for a visual review (tests/ui/reference/committee_overview.png, committee_compliance.png and committee_alerts.png
came from here, reduced to 128 colours). Off unless asked for:

    ZHIBU_SCREENSHOTS=OUT_DIR QT_QPA_PLATFORM=offscreen python -m pytest tests/ui/test_committee_screens.py
    QT_QPA_PLATFORM=offscreen python tests/ui/test_committee_screens.py OUT_DIR [DEMO_DIR]

Builds the twelve-branch demo (``zhibu-cli committee demo``, a few minutes) into a throw-away folder, or uses
DEMO_DIR (``ZHIBU_COMMITTEE_DEMO``) when one was built already; it only reads that book.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def shoot(out: Path, demo_dir: Path | None = None) -> None:
    from PySide6.QtWidgets import QApplication

    from desktop import paths
    from desktop.committee import demo
    from tests.ui.test_documents_screens import small_png
    from ui.app import create_app
    from ui.session import AppSession

    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="zhibu-shots-"))
    paths.set_data_dir(work / "data")
    if demo_dir is None:
        demo_dir = work / "演示"
        demo.build(demo_dir)
    app = create_app(sys.argv[:1])
    session = AppSession()

    def settle(ms: int = 150) -> None:
        end = time.monotonic() + ms / 1000
        while session.tasks.busy or time.monotonic() < end:
            app.processEvents()
            QApplication.instance().thread().msleep(5)

    dlg = session.request_unlock(demo_dir / "工委.zhibu")
    dlg.passphrase.setText(demo.PASSPHRASE)
    dlg.unlock_button.click()
    settle(500)
    mw = session.main_window
    mw.resize(1280, 720)
    settle(200)
    overview = mw.show_page("overview")
    settle(500)
    small_png(mw, out / "committee_overview.png")
    compliance = mw.show_page("compliance")
    settle(500)
    small_png(mw, out / "committee_compliance.png")
    alerts = mw.show_page("alerts")
    settle(500)
    small_png(mw, out / "committee_alerts.png")
    alerts.kind.setCurrentIndex(alerts.kind.findData("clock_back"))
    settle(300)
    view = alerts.open_record()
    view.resize(1080, 660)
    settle(500)
    view.grab().save(str(out / "committee_branch_view.png"))
    view.close()
    del overview, compliance
    session.shutdown()


@pytest.mark.skipif(not os.environ.get("ZHIBU_SCREENSHOTS"), reason="set ZHIBU_SCREENSHOTS=OUT_DIR to save screens")
def test_screens():
    demo_dir = os.environ.get("ZHIBU_COMMITTEE_DEMO")
    shoot(Path(os.environ["ZHIBU_SCREENSHOTS"]), Path(demo_dir) if demo_dir else None)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    shoot(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots"), Path(sys.argv[2]) if len(sys.argv) > 2 else None)
