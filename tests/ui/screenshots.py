"""Render the main screens of the demo book to PNG files for a visual review (not a test).

    QT_QPA_PLATFORM=offscreen python tests/ui/screenshots.py OUT_DIR

Uses a throw-away data folder, so it never touches real books.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def main(out: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from desktop import paths
    from desktop.demo import DEMO_BRANCH, DEMO_PASSPHRASE, ensure_demo_book
    from ui.app import create_app
    from ui.session import AppSession

    out.mkdir(parents=True, exist_ok=True)
    paths.set_data_dir(tempfile.mkdtemp(prefix="zhibu-shots-"))
    app = create_app(sys.argv[:1])
    session = AppSession()

    def settle(ms: int = 150) -> None:
        while session.tasks.busy:
            app.processEvents()
        for _ in range(max(1, ms // 10)):
            app.processEvents()
            QApplication.instance().thread().msleep(10)

    book = ensure_demo_book()
    session.offer_book(book, DEMO_BRANCH, demo_passphrase=DEMO_PASSPHRASE)
    settle()
    session.start_window.grab().save(str(out / "start.png"))
    session.unlock_dialog.grab().save(str(out / "unlock.png"))
    dlg = session.unlock_dialog
    dlg.fill_demo_button.click()
    dlg.unlock_button.click()
    settle(300)

    mw = session.main_window
    mw.resize(1280, 800)
    page = mw.show_page("members")
    settle(300)
    page.table.selectRow(2)
    settle(300)
    mw.grab().save(str(out / "members.png"))

    member_dialog = page.edit_selected()
    settle()
    member_dialog.id_number.setText("370102199001011234")
    member_dialog.save_button.click()
    settle(300)
    member_dialog.grab().save(str(out / "member_dialog.png"))
    member_dialog.reject()

    add = page.record_event()
    settle()
    add.grab().save(str(out / "event_dialog.png"))
    add.reject()

    import openpyxl

    xlsx = Path(tempfile.mkdtemp()) / "花名册.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "性别", "出生日期", "身份证号", "入党时间", "党小组"])
    ws.append(["孙七", "男", date(1988, 2, 3), None, date(2015, 6, 1), "第二党小组"])
    ws.append(["", "女", date(1990, 1, 1), None, date(2015, 6, 1), None])
    ws.append(["周八", "男", date(1991, 4, 4), "123", date(2030, 6, 1), None])
    wb.save(xlsx)
    page.import_excel(str(xlsx))
    settle(300)
    page.import_dialog.grab().save(str(out / "import_preview.png"))
    page.import_dialog.reject()

    mw.show_page("settings")
    settle(300)
    mw.grab().save(str(out / "settings.png"))
    mw.show_page("meetings")
    settle()
    mw.grab().save(str(out / "placeholder.png"))

    session.lock()
    settle(300)
    mw.grab().save(str(out / "locked.png"))
    session.unlock_dialog.reject()
    session.shutdown()
    print("saved to", out)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots"))
