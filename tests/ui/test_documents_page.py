"""文档 page and the 打印/导出 dialog on the demo book: the kinds, the record picker, the preview's page images,
另存为 (.pdf / .docx, last folder remembered), the year book's progress and 取消 (no file left), printing through
a QPrinter, the full-ID confirmation and 用系统程序打开."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from tests.ui.uihelpers import PASSPHRASE, unlock, wait_tasks


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory, book_templates):
    """The demo book, made once per session (≈9 s) and copied for each test."""
    folder = tmp_path_factory.mktemp("documents-demo")
    return book_templates.demo(folder / "demo.zhibu", passphrase=PASSPHRASE)


@pytest.fixture
def demo(qtbot, session, demo_template, tmp_path):
    book = tmp_path / "演示.zhibu"
    shutil.copyfile(demo_template, book)
    unlock(qtbot, session, book)
    assert session.ws is not None
    return session


def documents_page(qtbot, session):
    session.main_window.resize(1180, 760)  # the window on an office screen (the offscreen test screen is 800×800)
    page = session.main_window.show_page("documents")
    qtbot.waitUntil(lambda: page.loaded, timeout=5000)
    wait_tasks(qtbot, session)
    return page


def choose(qtbot, session, page, kind: str, year: int | None = None, record_id: int | None = None):
    page.select_kind(kind)
    wait_tasks(qtbot, session)
    if year is not None and page.options.year.value() != year:
        page.options.year.setValue(year)
        wait_tasks(qtbot, session)
    if record_id is not None:
        page.options.record.setCurrentIndex(page.options.record.findData(record_id))
        wait_tasks(qtbot, session)


def final_meeting(ws, kind: str | None = None):
    year = date.today().year
    rows = [m for y in (year, year - 1) for m in ws.meetings.list(year=y)
            if m.status.value == "final" and (kind is None or m.kind.value == kind)]
    return rows[-1]


def pdf_pages(path_or_bytes) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path_or_bytes)
    try:
        return len(pdf)
    finally:
        pdf.close()


def test_page_lists_every_kind_and_the_years_records(qtbot, demo):
    page = documents_page(qtbot, demo)
    assert page.kind_labels() == [k.label for k in demo.ws.documents.kinds()]
    assert "会议记录" in page.kind_labels() and "年度工作纪实汇编" in page.kind_labels()
    year = date.today().year
    choose(qtbot, demo, page, "minutes", year)
    meetings = demo.ws.meetings.list(year=year)
    assert page.options.record.count() == len(meetings)
    assert page.options.record_id() is not None  # preselected: the latest finalized one
    assert page.options.choices[page.options.record.currentIndex()].status == "final"
    assert not page.options.rows_visible("copies") and page.options.rows_visible("format")
    choose(qtbot, demo, page, "ballot")
    assert page.options.rows_visible("copies") and page.options.record.itemData(0) is None  # blank ballots
    choose(qtbot, demo, page, "roster")
    assert page.options.rows_visible("full_id") and not page.options.rows_visible("record")
    assert not page.options.rows_visible("full_id_warning")
    page.options.full_id.setChecked(True)
    assert page.options.rows_visible("full_id_warning")


def test_minutes_preview_shows_its_pages(qtbot, demo):
    page = documents_page(qtbot, demo)
    meeting = final_meeting(demo.ws)
    choose(qtbot, demo, page, "minutes", meeting.start.year, meeting.id)
    assert page.options.request().record_id == meeting.id
    page.preview_button.click()
    wait_tasks(qtbot, demo)
    built = page.preview.built
    assert built is not None and built.request.kind == "minutes" and built.pdf.startswith(b"%PDF")
    n = pdf_pages(built.pdf)
    assert page.preview.page_count() == n >= 1
    qtbot.waitUntil(lambda: page.preview.rendered_pages() == list(range(1, n + 1)), timeout=10000)
    label = page.preview.pages[0]
    assert not label.pixmap().isNull() and label.pixmap().width() > 300
    assert meeting.title in built.title

    width = label.width()
    page.preview.set_zoom(2.0)
    assert page.preview.pages[0].width() > width
    page.options.docx.setChecked(True)  # the format does not change what is shown
    assert not page.preview.stale.isVisible() or page.preview.stale.isHidden()
    page.options.year.setValue(meeting.start.year - 1)
    wait_tasks(qtbot, demo)
    assert not page.preview.stale.isHidden()  # another record: the preview is out of date


def test_save_as_pdf_and_docx_remembers_the_folder(qtbot, demo, tmp_path, monkeypatch):
    import docx
    import pdfplumber
    from PySide6.QtWidgets import QFileDialog

    from ui.documents import actions
    from ui.settings_store import SettingsStore

    page = documents_page(qtbot, demo)
    meeting = final_meeting(demo.ws)
    choose(qtbot, demo, page, "minutes", meeting.start.year, meeting.id)
    out = tmp_path / "导出"
    out.mkdir()
    asked = []

    def save_name(_parent, _title, start, _filter):
        asked.append(start)
        return str(out / ("记录" if len(asked) == 1 else "记录.docx")), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_name))
    page.save_button.click()
    wait_tasks(qtbot, demo)
    pdf = out / "记录.pdf"  # the extension of the chosen format is added
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF")
    with pdfplumber.open(pdf) as doc:
        assert meeting.title.split()[-1] in "".join(p.extract_text() or "" for p in doc.pages)
    assert asked[0].endswith(".pdf") and meeting.title.split()[-1] in asked[0]
    assert str(pdf) in page.status.text()

    page.options.docx.setChecked(True)
    page.save_button.click()
    wait_tasks(qtbot, demo)
    word = docx.Document(str(out / "记录.docx"))
    assert any(meeting.title.split()[-1] in p.text for p in word.paragraphs)
    assert asked[1].startswith(str(out))  # the last folder is offered
    assert actions.last_folder(SettingsStore()) == out  # and kept in the preferences file


def test_yearbook_shows_progress_and_cancel_leaves_no_file(qtbot, demo, tmp_path, monkeypatch):
    import time

    from PySide6.QtWidgets import QFileDialog, QPushButton

    from ui.documents import data

    page = documents_page(qtbot, demo)
    choose(qtbot, demo, page, "yearbook", date.today().year)
    out = tmp_path / "汇编"
    out.mkdir()
    target = out / "年度汇编.pdf"
    offered = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda _p, _t, start, _f: (offered.append(start), (str(target), ""))[1]))
    real_export = data.export

    def slow_export(ws, request, path, *, progress, cancel):  # worker side: 40 ms a record
        def slow(done, total, label=""):
            time.sleep(0.04)
            progress(done, total, label)

        return real_export(ws, request, path, progress=slow, cancel=cancel)

    monkeypatch.setattr(data, "export", slow_export)
    page.save_button.click()
    qtbot.waitUntil(lambda: page.actions.last_task is not None and page.actions.last_task.dialog is not None)
    dialog = page.actions.last_task.dialog
    qtbot.waitUntil(lambda: dialog.value() > 2, timeout=10000)  # one step per record
    assert dialog.maximum() > 20 and dialog.labelText()
    dialog.findChild(QPushButton).click()  # the dialog's 取消
    wait_tasks(qtbot, demo, timeout=30000)
    assert page.actions.last_task.state == "failed"
    assert list(out.iterdir()) == []  # no file, no temp file
    assert offered[0].endswith(f"{demo.branch_name} {date.today().year}年度工作纪实汇编.pdf")
    assert "已取消" in page.status.text()


def test_print_paints_pages_on_the_printer(qtbot, demo, tmp_path, monkeypatch):
    from PySide6.QtPrintSupport import QPrinter

    from ui.documents.pdfpages import setup_printer

    page = documents_page(qtbot, demo)
    choose(qtbot, demo, page, "ballot")
    page.options.copies.setValue(3)  # three ballots, each from a new page
    target = tmp_path / "打印.pdf"

    def printer_for(built):
        printer = QPrinter(QPrinter.HighResolution)
        setup_printer(printer, built.title)
        printer.setOutputFormat(QPrinter.PdfFormat)
        printer.setOutputFileName(str(target))
        printer.setResolution(150)
        printer.setPrintRange(QPrinter.PageRange)
        printer.setFromTo(2, 3)  # as chosen in the print dialog
        return printer

    monkeypatch.setattr(page.actions, "ask_printer", printer_for)
    page.print_button.click()
    wait_tasks(qtbot, demo)
    assert page.actions.cache is not None and len(page.actions.cache.pages) >= 3
    assert "已发送到打印机" in page.status.text()
    page.actions.printed_to = None  # the printer writes its file when it is deleted
    import gc

    gc.collect()
    qtbot.waitUntil(target.is_file, timeout=5000)
    assert pdf_pages(str(target)) == 2


def test_paint_pdf_on_a_pdf_writer(qtbot, demo, tmp_path):
    from PySide6.QtCore import QMarginsF
    from PySide6.QtGui import QPageSize, QPdfWriter

    from ui.documents.data import Request, build_pdf
    from ui.documents.pdfpages import paint_pdf

    wait_tasks(qtbot, demo)  # nothing else renders meanwhile
    built = build_pdf(demo.ws, Request("ballot", copies=2))
    out = tmp_path / "writer.pdf"
    writer = QPdfWriter(str(out))
    writer.setResolution(120)
    writer.setPageSize(QPageSize(QPageSize.A4))
    writer.setPageMargins(QMarginsF(0, 0, 0, 0))
    n = len(built.pages)
    assert n >= 2 and paint_pdf(built.pdf, writer) == n
    del writer
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(out))
    try:
        assert len(pdf) == n
        image = pdf[n - 1].render(scale=0.4).to_pil().convert("L")
        assert image.getextrema()[0] < 100  # something dark was painted (the table, the text)
    finally:
        pdf.close()


def test_roster_with_full_ids_asks_first_and_is_logged(qtbot, demo, monkeypatch):
    from sqlalchemy import func, select

    from desktop.storage.models import AuditEntry
    from ui.documents import actions

    def audits() -> int:
        with demo.ws.session() as s:
            return s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "full_id"))

    page = documents_page(qtbot, demo)
    choose(qtbot, demo, page, "roster")
    page.options.full_id.setChecked(True)
    answers, asked = [False, True], []

    def ask(_parent, title, text, yes, _icon=None):
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(actions, "ask", ask)
    before = audits()
    page.preview_button.click()
    wait_tasks(qtbot, demo)
    assert len(asked) == 1 and "完整身份证号" in asked[0] and "审计日志" in asked[0]
    assert page.preview.built is None and audits() == before  # declined: nothing built
    page.preview_button.click()
    wait_tasks(qtbot, demo)
    assert page.preview.built is not None and audits() == before + 1
    page.options.full_id.setChecked(False)
    page.preview_button.click()
    wait_tasks(qtbot, demo)
    assert len(asked) == 2 and audits() == before + 1  # masked: no question, no log


def test_open_with_system_viewer_saves_only_where_the_user_says(qtbot, demo, tmp_path, monkeypatch):
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QFileDialog

    from ui.documents import actions

    page = documents_page(qtbot, demo)
    choose(qtbot, demo, page, "roster")
    page.show_preview()
    wait_tasks(qtbot, demo)
    opened, answers = [], [False, True]
    monkeypatch.setattr(actions, "ask", lambda *a, **k: answers.pop(0))
    target = tmp_path / "花名册.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url.toLocalFile())))
    page.preview.open_button.click()  # declined after reading that the file is not encrypted
    wait_tasks(qtbot, demo)
    assert not target.exists() and opened == []
    page.preview.open_button.click()
    wait_tasks(qtbot, demo)
    assert target.is_file() and opened == [str(target)]


def test_export_dialog_of_a_record(qtbot, demo, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from ui.documents.export_dialog import open_export_dialog

    meeting = final_meeting(demo.ws, "org_life_meeting")
    mw = demo.main_window
    page = documents_page(qtbot, demo)
    dlg = open_export_dialog(page.ctx, mw, "meeting", meeting.id, meeting.kind)
    qtbot.waitUntil(lambda: dlg.kind.count() > 0, timeout=5000)
    wait_tasks(qtbot, demo)
    labels = [dlg.kind.itemText(i) for i in range(dlg.kind.count())]
    assert labels == ["会议通知", "签到表", "会议记录", "组织生活会情况报告"]
    assert dlg.kind.currentText() == "会议记录"
    qtbot.waitUntil(lambda: dlg.preview.page_count() > 0 and bool(dlg.preview.rendered_pages()), timeout=10000)
    dlg.select_kind("org-life-report")
    wait_tasks(qtbot, demo)
    assert dlg.preview.built.request == dlg.options.request()
    assert dlg.preview.built.request.kind == "org-life-report" and dlg.preview.built.request.record_id == meeting.id
    target = tmp_path / "报告.docx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    dlg.options.docx.setChecked(True)
    dlg.save_button.click()
    wait_tasks(qtbot, demo)
    assert target.is_file() and target.read_bytes()[:2] == b"PK"
    demo.lock()  # a lock closes the dialog
    wait_tasks(qtbot, demo)
    qtbot.waitUntil(lambda: not dlg.isVisible() if _alive(dlg) else True)


def _alive(widget) -> bool:
    import shiboken6

    return shiboken6.isValid(widget)


def test_record_editors_open_the_export_dialog(qtbot, demo):
    """The 打印/导出 buttons of the meeting editor, the talk editor and the 民主评议 tab."""
    ws = demo.ws
    meetings = demo.main_window.show_page("meetings")
    wait_tasks(qtbot, demo)
    meeting = final_meeting(ws)
    opened = []
    meetings.meetings.open_meeting(meeting.id, then=opened.append)
    wait_tasks(qtbot, demo)
    editor = opened[0]
    editor.export_button.click()
    wait_tasks(qtbot, demo)
    dlg = editor.export_dialog
    assert dlg.isVisible() and dlg.record_type == "meeting" and dlg.record_id == meeting.id
    assert dlg.kind.currentText() == "会议记录" and dlg.preview.built is not None
    dlg.reject()
    editor.reject()

    talks = meetings.show_tab("talk")
    wait_tasks(qtbot, demo)
    talk = [t for t in ws.talks.list() if t.status.value == "final"][-1]
    talks.open_talk(talk.id, then=opened.append)
    wait_tasks(qtbot, demo)
    opened[-1].export_button.click()
    wait_tasks(qtbot, demo)
    assert opened[-1].export_dialog.kind.currentText() == "谈心谈话记录"
    opened[-1].export_dialog.reject()
    opened[-1].reject()

    rounds = meetings.show_tab("evaluation")
    wait_tasks(qtbot, demo)
    assert rounds.round_id is not None
    rounds.export_button.click()
    wait_tasks(qtbot, demo)
    labels = [rounds.export_dialog.kind.itemText(i) for i in range(rounds.export_dialog.kind.count())]
    assert labels == ["民主评议党员测评表", "民主评议结果汇总表", "党性分析材料"]
    rounds.export_dialog.reject()


def test_printer_pages_follow_the_print_dialog(qtbot):
    from PySide6.QtPrintSupport import QPrinter

    from ui.documents.pdfpages import printer_pages

    printer = QPrinter()
    printer.setOutputFormat(QPrinter.PdfFormat)  # makes no copies itself
    assert printer_pages(printer, 4) == [1, 2, 3, 4]
    printer.setPrintRange(QPrinter.PageRange)
    printer.setFromTo(2, 9)
    assert printer_pages(printer, 4) == [2, 3, 4]
    printer.setPageOrder(QPrinter.LastPageFirst)
    printer.setCopyCount(2)
    printer.setCollateCopies(True)
    assert printer_pages(printer, 4) == [4, 3, 2, 4, 3, 2]
    printer.setCollateCopies(False)
    assert printer_pages(printer, 4) == [4, 4, 3, 3, 2, 2]
