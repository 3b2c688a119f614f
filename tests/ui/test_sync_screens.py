"""Screens of 报送 (branch) and of committee mode (支部, 导入数据包) on the demo book, for a visual review
(tests/ui/reference/sync.png and committee_*.png came from here, reduced to 128 colours). Off unless asked for:

    ZHIBU_SCREENSHOTS=OUT_DIR QT_QPA_PLATFORM=offscreen python -m pytest tests/ui/test_sync_screens.py
    QT_QPA_PLATFORM=offscreen python tests/ui/test_sync_screens.py OUT_DIR

Uses a throw-away data folder (a fresh demo book and committee book), so it never touches real books.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PASS = "工委口令-Demo-2026"


def shoot(out: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from desktop import paths
    from desktop.demo import DEMO_BRANCH, DEMO_PASSPHRASE, ensure_demo_book
    from tests.ui.test_documents_screens import small_png
    from ui.app import create_app
    from ui.session import AppSession

    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="zhibu-shots-"))
    paths.set_data_dir(work)
    app = create_app(sys.argv[:1])
    session = AppSession()

    def settle(ms: int = 150) -> None:
        end = time.monotonic() + ms / 1000
        while session.tasks.busy or time.monotonic() < end:
            app.processEvents()
            QApplication.instance().thread().msleep(5)

    def unlock(book: Path, passphrase: str) -> None:
        session.switch_book()
        settle()
        dlg = session.request_unlock(book)
        dlg.passphrase.setText(passphrase)
        dlg.unlock_button.click()
        settle(300)
        session.main_window.resize(1280, 720)
        settle(100)

    demo = ensure_demo_book()
    session.store.remember_book(demo, DEMO_BRANCH)
    session.show_start()
    settle()
    dlg = session.request_create(committee=True)
    dlg.branch_name.setText("市直机关工委")
    dlg.passphrase.setText(PASS)
    dlg.confirm.setText(PASS)
    settle()
    dlg.grab().save(str(out / "committee_create.png"))
    committee = Path(dlg.location.text())
    dlg.create_button.click()
    settle(300)
    mw = session.main_window
    mw.resize(1280, 720)
    branches = mw.show_page("branches")
    settle(300)
    key = work / "市直机关工委-公钥.zhibu-key"
    branches.key_card.export_to(key)
    settle()

    unlock(demo, DEMO_PASSPHRASE)
    page = mw.show_page("sync")
    settle(300)
    mw.grab().save(str(out / "sync_untrusted.png"))
    page.read_key_file(key)
    settle(300)
    page.trust_dialog.grab().save(str(out / "sync_trust.png"))
    page.trust_dialog.compared.setChecked(True)
    page.trust_dialog.trust_button.click()
    settle(300)
    usb = work / "U盘"
    usb.mkdir()
    page.export_to(usb)
    settle(500)
    page.result_dialog.grab().save(str(out / "sync_exported.png"))
    slip = page.result_dialog.show_slip()
    while not slip.preview.rendered_pages():
        settle(20)
    settle(300)
    slip.grab().save(str(out / "sync_handover.png"))
    slip.reject()
    page.result_dialog.accept()
    bundle = page.last_export.path

    unlock(committee, PASS)
    imports = mw.show_page("imports")
    receipts = work / "回执"
    receipts.mkdir()
    imports.folder.setText(str(receipts))
    junk = usb / "损坏的数据包.zhibu-bundle"
    junk.write_bytes(b"\0" * 100)
    imports.import_files([bundle, junk])
    settle(500)
    small_png(mw, out / "committee_imports.png")
    imports.go_enrol()
    settle(300)
    enrol = mw.page("branches").enrol_selected()
    settle()
    enrol.typed.setText(enrol.row.fingerprint[:17])
    settle()
    enrol.grab().save(str(out / "committee_enrol.png"))
    enrol.typed.setText(enrol.row.fingerprint)
    enrol.enrol_button.click()
    settle(500)
    branches = mw.page("branches")
    receipt = branches.last_outcomes[0].receipt_path
    branches.info_box.accept()
    settle()
    small_png(mw, out / "committee_branches.png")

    unlock(demo, DEMO_PASSPHRASE)
    page = mw.show_page("sync")
    settle(300)
    page.import_receipt(receipt)
    settle(500)
    page.info_box.accept()
    settle(200)
    small_png(mw, out / "sync.png")
    meetings = mw.show_page("meetings")
    settle(500)
    mw.grab().save(str(out / "sync_meetings.png"))
    session.shutdown()


@pytest.mark.skipif(not os.environ.get("ZHIBU_SCREENSHOTS"), reason="set ZHIBU_SCREENSHOTS=OUT_DIR to save screens")
def test_screens():
    shoot(Path(os.environ["ZHIBU_SCREENSHOTS"]))


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    shoot(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots"))
