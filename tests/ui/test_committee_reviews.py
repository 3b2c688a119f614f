"""审阅, 报表 and 工作提示 of a committee book in the GUI, and the branch side of a review: the committee returns a
record with an opinion, the receipt carries it, the branch sees "工委退回：…" on its 首页 and in its list until
it adds a 补充说明; reports and guidance files are saved where the clerk chose and open."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from desktop.committee import demo, guidance
from desktop.workspace import Workspace
from tests.ui.test_sync_pages import switch_to
from tests.ui.uihelpers import unlock, wait_tasks

OPINION = "会议记录缺少议题，请补充说明"


@pytest.fixture
def committee(qtbot, session, committee_demo):
    unlock(qtbot, session, committee_demo[1], demo.PASSPHRASE)
    wait_tasks(qtbot, session)
    return session


def branch_id(ws, name: str) -> str:
    return next(b.branch_id for b in ws.committee.branches() if b.name == name)


def test_return_round_trip_shows_on_the_branch_side(qtbot, committee, committee_demo, tmp_path):
    folder, _book = committee_demo
    mw = committee.main_window
    bid = branch_id(committee.ws, demo.CLOCK_BACK)
    record = [r for r in committee.ws.oversight.records(bid, record_type="meeting") if r.status == "held"][-1]

    # from the branch view: 审阅这条记录… fills the 审阅 page with the record's hash
    from ui.committee.open_branch import open_branch

    view = open_branch(mw.show_page("overview"), bid)
    wait_tasks(qtbot, committee)
    assert view.select_record("meeting", record.record_id)
    page = view.review_selected()  # closes the branch view
    wait_tasks(qtbot, committee)
    assert mw.current_key == "reviews" and page.record_hash.text() == record.hash
    page.verdict_return.setChecked(True)
    page.submit_button.click()  # no opinion: said on the page, nothing saved
    wait_tasks(qtbot, committee)
    assert "请填写审阅意见" in page.result.text() and page.model.rowCount() == 0
    page.opinion.setPlainText(OPINION)
    page.submit_button.click()
    wait_tasks(qtbot, committee)
    assert page.last.verdict == "return" and record.title in page.result.text()
    assert [page.model.index(0, c).data() for c in (2, 3, 5, 6)] == [
        record.title, "退回", "待下次回执送达", "待支部更正或补充说明"]

    # the branch's next bundle is imported; its receipt carries the review
    branch_book = folder / "支部" / f"{demo.CLOCK_BACK}.zhibu"
    bw = Workspace.open(branch_book, demo.PASSPHRASE)
    try:
        bundle = bw.sync.export(tmp_path).path
    finally:
        bw.close()
    receipts = tmp_path / "回执"
    receipts.mkdir()
    imports = mw.show_page("imports")
    imports.folder.setText(str(receipts))
    imports.import_files([bundle])
    wait_tasks(qtbot, committee)
    [outcome] = imports.outcomes
    assert outcome.status == "accepted" and outcome.receipt_path.is_file()
    page = mw.show_page("reviews")
    wait_tasks(qtbot, committee)
    assert page.model.index(0, 5).data() == "已随回执送达"

    # branch: receipt imported, then the GUI shows the return on the 首页 and in the 组织生活 list
    bw = Workspace.open(branch_book, demo.PASSPHRASE)
    try:
        bw.sync.import_receipt(outcome.receipt_path)
    finally:
        bw.close()
    switch_to(qtbot, committee, branch_book, demo.PASSPHRASE)
    home = committee.main_window.show_page("home")
    wait_tasks(qtbot, committee)
    lines = [a.message for a in home.alerts.alerts if a.kind == "committee_return"]
    assert len(lines) == 1 and lines[0].startswith("工委退回：") and OPINION in lines[0]
    assert "工委退回 1 条" in home.summary.text()
    meetings = committee.main_window.show_page("meetings").meetings
    meetings.reload()
    wait_tasks(qtbot, committee)
    row = meetings.model.row_of(record.record_id)
    last = meetings.model.columnCount() - 1
    assert meetings.model.data(meetings.model.index(row, last)) == f"工委退回：{OPINION}"

    # the branch answers with a 补充说明: the return is closed on its 首页, the list says so
    committee.ws.meetings.amend(record.record_id, reason="补充议题", note="议题：学习传达上级会议精神。")
    home = committee.main_window.show_page("home")
    home.reload()
    wait_tasks(qtbot, committee)
    assert not [a for a in home.alerts.alerts if a.kind == "committee_return"]
    assert "工委退回" not in home.summary.text()
    meetings = committee.main_window.show_page("meetings").meetings
    meetings.reload()
    wait_tasks(qtbot, committee)
    assert meetings.model.data(meetings.model.index(row, last)) == "工委退回（已补充说明）"


def test_reports_are_saved_in_each_format_and_open(qtbot, committee, tmp_path):
    from docx import Document
    from openpyxl import load_workbook

    page = committee.main_window.show_page("reports")
    page.kind.setCurrentIndex(page.kind.findData("compliance"))
    page.quarter.setCurrentIndex(page.quarter.findData(1))
    page.format.setCurrentIndex(page.format.findData(".xlsx"))
    assert page.default_name().endswith("第一季度各支部组织生活落实情况统计表.xlsx")
    page.save_to(tmp_path / "落实")  # the suffix of the chosen format is added
    wait_tasks(qtbot, committee)
    sheet = load_workbook(page.written[-1]).active
    assert page.written[-1].name == "落实.xlsx" and "第一季度" in sheet["B1"].value
    assert {sheet.cell(r, 2).value for r in range(3, sheet.max_row + 1)} == {demo.CLOCK_BACK, demo.SILENT}

    page.kind.setCurrentIndex(page.kind.findData("alerts"))
    assert not page.quarter.isVisibleTo(page)
    page.format.setCurrentIndex(page.format.findData(".pdf"))
    page.save_to(tmp_path / "预警.pdf")
    wait_tasks(qtbot, committee)
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(page.written[-1])
    try:
        assert "诚信预警清单" in pdf[0].get_textpage().get_text_range()
    finally:
        pdf.close()

    page.kind.setCurrentIndex(page.kind.findData("reviews"))
    page.format.setCurrentIndex(page.format.findData(".docx"))
    page.save_to(tmp_path / "审阅.docx")
    wait_tasks(qtbot, committee)
    text = "\n".join(p.text for p in Document(str(page.written[-1])).paragraphs)
    assert "审阅意见汇总" in text and "已保存" in page.result.text()


def test_guidance_is_signed_saved_and_listed(qtbot, committee, committee_demo, tmp_path):
    page = committee.main_window.show_page("guidance")
    wait_tasks(qtbot, committee)
    page.choose_save()  # no title: said on the page, no file dialog
    assert "请填写工作提示的标题" in page.result.text()
    attached = tmp_path / "通知.txt"
    attached.write_text("第三季度主题党日安排", encoding="utf-8")
    page.title.setText("关于开展主题党日的提示")
    page.text.setPlainText("请各支部按计划开展。")
    page.deadline.setValue(date.today() + timedelta(days=30))
    page.add_files([attached])
    out = tmp_path / "提示"
    page.save_to(out)
    wait_tasks(qtbot, committee)
    written = page.written
    assert written.name == "提示" + guidance.SUFFIX and written.is_file()
    assert page.model.rowCount() == 1 and page.model.index(0, 2).data() == "关于开展主题党日的提示"
    assert page.model.index(0, 5).data() == "通知.txt" and page.title.text() == ""

    # the branch that trusts this committee takes it in (signed by its committee)
    branch_book = committee_demo[0] / "支部" / f"{demo.SILENT}.zhibu"
    bw = Workspace.open(branch_book, demo.PASSPHRASE)
    try:
        notice = guidance.import_file(bw, written)
    finally:
        bw.close()
    assert notice.title == "关于开展主题党日的提示" and notice.files == (("通知.txt", attached.stat().st_size),)


def test_an_open_branch_view_shows_a_review_given_meanwhile(qtbot, committee):
    """The branch view (支部详情) stays open beside 审阅: a review given for the record it shows appears in its
    detail without closing and reopening it, and the clerk's selected record stays selected."""
    from ui.committee.open_branch import open_branch

    ws = committee.ws
    bid = branch_id(ws, demo.CLOCK_BACK)
    record = [r for r in ws.oversight.records(bid, record_type="meeting") if r.status == "held"][0]
    view = open_branch(committee.main_window.show_page("overview"), bid)
    wait_tasks(qtbot, committee)
    assert view.select_record("meeting", record.record_id)
    wait_tasks(qtbot, committee)
    assert record.hash in view.text.toPlainText() and "工委退回" not in view.text.toPlainText()

    committee.tasks.run(ws.oversight.review, record.hash, "return", "请补充会议议题")
    wait_tasks(qtbot, committee)
    qtbot.waitUntil(lambda: "工委退回：请补充会议议题" in view.text.toPlainText(), timeout=10000)
    assert view.selected().hash == record.hash
    view.close()
