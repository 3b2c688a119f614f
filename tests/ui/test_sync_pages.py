"""报送 in the GUI, end to end on the real core: a committee book is created from the start screen, the branch
trusts its key file, exports a bundle, the committee imports it (pending), confirms the enrolment by typing the
branch's fingerprint, writes the receipt, and the branch imports it and sees its records acknowledged."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

from desktop.domain.meeting_enums import MeetingKind
from tests.ui.test_meetings_list import add_meeting
from tests.ui.uihelpers import PASSPHRASE, unlock, wait_tasks

COMMITTEE_PASSPHRASE = "工委口令-Test-2026"


def create_committee(qtbot, session, path: Path, name: str = "测试机关工委"):
    session.show_start()
    session.start_window.committee_button.click()  # 新建工委数据本… on the start screen
    dlg = session.create_dialog
    assert dlg.isVisible() and dlg.windowTitle() == "新建工委数据本"
    dlg.branch_name.setText(name)
    dlg.location.setText(str(path))
    dlg.passphrase.setText(COMMITTEE_PASSPHRASE)
    dlg.confirm.setText(COMMITTEE_PASSPHRASE)
    dlg.create_button.click()
    wait_tasks(qtbot, session)
    return dlg


def switch_to(qtbot, session, book: Path, passphrase: str):
    session.switch_book()
    wait_tasks(qtbot, session)
    unlock(qtbot, session, book, passphrase)
    assert session.ws is not None and session.ws.path == book


def nav_titles(window) -> list[str]:
    return [window.nav.item(i).text() for i in range(window.nav.count())]


def test_committee_book_opens_committee_navigation(qtbot, session, make_book, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QLabel

    from ui import pages

    # a later committee page (issue 10) plugs in by registering, without touching the shell
    monkeypatch.setattr(pages, "COMMITTEE_NAVIGATION", list(pages.COMMITTEE_NAVIGATION))
    monkeypatch.setattr(pages, "COMMITTEE_FACTORIES", dict(pages.COMMITTEE_FACTORIES))
    pages.register_page("later", lambda ctx: QLabel("以后的页面"), "以后", mode="committee")
    committee = tmp_path / "工委.zhibu"
    create_committee(qtbot, session, committee)
    mw = session.main_window
    assert session.mode == "committee" and mw.mode == "committee"
    assert nav_titles(mw) == ["总览", "支部", "落实情况", "预警", "审阅", "工作提示", "报表", "导入数据包", "以后", "设置"]
    assert mw.current_key == "overview" and mw.switch_action.text() == "切换工委数据本"
    assert mw.show_page("later").text() == "以后的页面"
    mw.show_page("branches")
    assert mw.current_key == "branches" and "工委数据本" in mw.title.text()
    branches = mw.page("branches")
    wait_tasks(qtbot, session)
    assert branches.key_card.fingerprint.text().replace(" ", "").isdigit()
    assert branches.model.rowCount() == 0 and branches.empty_hint.isVisibleTo(branches)
    settings = mw.show_page("settings")  # no branch organization card on a committee book
    wait_tasks(qtbot, session)
    assert settings.organization is None and settings.key_card.info is not None

    # locking and unlocking keeps the committee navigation and the page that was showing
    mw.show_page("imports")
    session.lock()
    wait_tasks(qtbot, session)
    assert mw.is_locked and mw.locked_view.title.text() == "工委数据本已锁定"
    unlock(qtbot, session, committee, COMMITTEE_PASSPHRASE)
    assert not mw.is_locked and mw.mode == "committee" and mw.current_key == "imports"
    assert mw.nav.currentItem().text() == "导入数据包"

    # a branch book opened next gets the branch navigation back, and the committee book reopens as one
    switch_to(qtbot, session, make_book(), PASSPHRASE)
    assert nav_titles(mw)[0] == "首页" and "报送" in nav_titles(mw) and mw.mode == "branch"
    switch_to(qtbot, session, committee, COMMITTEE_PASSPHRASE)
    assert mw.mode == "committee" and nav_titles(mw)[0] == "总览"


def test_round_trip_branch_committee_receipt(qtbot, session, make_book, tmp_path):
    committee, branch = tmp_path / "工委.zhibu", make_book()
    usb, receipts = tmp_path / "U盘", tmp_path / "回执"
    usb.mkdir()
    receipts.mkdir()

    # committee: create the book and export its public key
    create_committee(qtbot, session, committee)
    branches = session.main_window.show_page("branches")
    wait_tasks(qtbot, session)
    key_file = tmp_path / "工委公钥.zhibu-key"
    branches.key_card.export_to(key_file)
    wait_tasks(qtbot, session)
    assert branches.key_card.exported is not None and branches.key_card.exported.is_file()
    committee_fp = branches.key_card.info.fingerprint

    # branch: a finalized meeting, then the 报送 page before trusting anyone
    switch_to(qtbot, session, branch, PASSPHRASE)
    held = add_meeting(session.ws, MeetingKind.GENERAL_ASSEMBLY, datetime.combine(date.today() - timedelta(days=2),
                                                                                  time(9)))
    page = session.main_window.show_page("sync")
    wait_tasks(qtbot, session)
    assert "尚未信任工委" in page.committee_heading.text()
    assert not page.export_button.isEnabled()
    assert "条记录尚未报送" in page.pending.text()
    branch_fp = page.branch_fingerprint.text()
    assert branch_fp.replace(" ", "").isdigit() and page.branch_id.text()

    page.read_key_file(key_file)
    wait_tasks(qtbot, session)
    dlg = page.trust_dialog
    assert dlg.fingerprint.text().split() == committee_fp.split() or \
        dlg.fingerprint.text().replace(" ", "") == committee_fp.replace(" ", "")
    assert not dlg.trust_button.isEnabled()  # only after the secretary says it was compared
    dlg.compared.setChecked(True)
    dlg.trust_button.click()
    wait_tasks(qtbot, session)
    assert page.committee_heading.text() == "信任的工委" and "测试机关工委" in page.committee_state.text()
    assert page.export_button.isEnabled() and page.trust_button.text() == "更换工委公钥…"

    page.export_to(usb)
    wait_tasks(qtbot, session)
    result = page.last_export
    assert result is not None and result.path.parent == usb and result.path.is_file()
    assert page.result_dialog.isVisible() and result.fingerprint.replace(" ", "") in \
        page.result_dialog.fingerprint.text().replace(" ", "")
    page.result_dialog.slip_button.click()  # the 数据包交接单, through the documents machinery
    wait_tasks(qtbot, session)
    slip = page.result_dialog.slip_dialog
    built = slip.preview.built
    assert built is not None and built.request.kind == "handover" and built.request.record_id == result.seq
    assert "交接单" in built.title and len(built.pages) >= 1
    slip.reject()
    page.result_dialog.accept()
    assert page.model.rowCount() == 1 and page.model.data(page.model.index(0, 3)) == "等待回执"

    # committee: import the bundle (pending: unknown branch), confirm the enrolment, receipt written
    switch_to(qtbot, session, committee, COMMITTEE_PASSPHRASE)
    mw = session.main_window
    imports = mw.show_page("imports")
    imports.folder.setText(str(receipts))
    imports.import_files([result.path])
    wait_tasks(qtbot, session)
    assert [o.status for o in imports.outcomes] == ["pending"]
    assert imports.model.data(imports.model.index(0, 3)) == "待确认登记"
    assert imports.pending_button.isVisibleTo(imports)
    imports.go_enrol()
    wait_tasks(qtbot, session)
    branches = mw.page("branches")
    assert mw.current_key == "branches" and branches.model.rowCount() == 1
    assert branches.model.data(branches.model.index(0, 1)) == "待确认登记"
    enrol = branches.enrol_selected()
    assert enrol is not None and enrol.receipts_dir() == receipts
    enrol.typed.setText("12345")
    assert not enrol.enrol_button.isEnabled()
    enrol.typed.setText(branch_fp.replace(" ", "-"))  # as read out by phone, with dashes
    assert enrol.enrol_button.isEnabled() and enrol.match.text() == "指纹一致"
    enrol.enrol_button.click()
    wait_tasks(qtbot, session)
    assert [o.status for o in branches.last_outcomes] == ["accepted"]
    assert branches.model.data(branches.model.index(0, 1)) == "已登记"
    receipt = branches.last_outcomes[0].receipt_path
    assert receipt is not None and receipt.is_file() and receipt.parent == receipts

    # the same bundle again: already imported, nothing changes, its receipt written again
    imports = mw.show_page("imports")
    imports.import_files([result.path])
    wait_tasks(qtbot, session)
    assert imports.model.data(imports.model.index(0, 3)) == "已导入过"

    # branch: import the receipt; the bundle and the meeting show the committee's confirmation
    switch_to(qtbot, session, branch, PASSPHRASE)
    meetings = session.main_window.show_page("meetings").meetings  # read before the receipt comes in
    wait_tasks(qtbot, session)
    page = session.main_window.show_page("sync")
    wait_tasks(qtbot, session)
    page.import_receipt(receipt)
    wait_tasks(qtbot, session)
    assert page.last_receipt is not None and page.last_receipt.seq == result.seq
    assert page.model.data(page.model.index(0, 3)).startswith("已确认")
    assert page.pending.text() == "所有记录都已报送，工委已确认"
    session.main_window.show_page("meetings")  # refreshed: the receipt changed "sync"
    wait_tasks(qtbot, session)
    row = meetings.model.row_of(held)
    state = meetings.model.data(meetings.model.index(row, meetings.model.columnCount() - 1))
    received = page.last_receipt.received_at
    assert state == f"已报送 · 工委已确认 {received.year}年{received.month}月{received.day}日"


def test_rejected_bundle_is_listed_with_its_reason(qtbot, session, tmp_path):
    committee = tmp_path / "工委.zhibu"
    create_committee(qtbot, session, committee)
    imports = session.main_window.show_page("imports")
    junk = tmp_path / "不是数据包.zhibu-bundle"
    junk.write_bytes(b"not a bundle at all")
    imports.import_files([junk])
    wait_tasks(qtbot, session)
    assert [o.status for o in imports.outcomes] == ["rejected"]
    assert imports.model.data(imports.model.index(0, 3)) == "已拒绝"
    assert imports.model.data(imports.model.index(0, 5))  # the core's Chinese reason
    assert "已拒绝 1 个" in imports.summary.text()


def test_committee_demo_offers_committee_book_and_lists_the_branch(qtbot, session, make_book, monkeypatch):
    import desktop.demo

    branch = make_book()  # stands in for the demo branch book (building the real one takes a while)
    monkeypatch.setattr(desktop.demo, "ensure_demo_book", lambda: branch)
    session.open_committee_demo()
    wait_tasks(qtbot, session)
    dlg = session.unlock_dialog
    assert dlg.isVisible() and dlg.fill_demo_button.isVisibleTo(dlg)
    dlg.fill_demo_button.click()
    dlg.unlock_button.click()
    wait_tasks(qtbot, session)
    assert session.mode == "committee" and session.main_window.nav.item(0).text() == "总览"
    names = {Path(r.path).name: r.name for r in session.store.prefs.recent_books}
    assert names["演示机关工委.zhibu"] == "演示机关工委（工委数据本）" and branch.name in names


def _committee_key(tmp_path: Path, name: str) -> Path:
    from desktop.workspace import Workspace

    ws = Workspace.create_committee(tmp_path / f"{name}.zhibu", COMMITTEE_PASSPHRASE, name)
    try:
        return ws.committee.export_public_key(tmp_path / f"{name}.zhibu-key")
    finally:
        ws.close()


def test_replacing_the_trusted_committee_needs_a_second_confirmation(qtbot, unlocked, tmp_path):
    first, second = _committee_key(tmp_path, "甲工委"), _committee_key(tmp_path, "乙工委")
    page = unlocked.main_window.show_page("sync")
    wait_tasks(qtbot, unlocked)
    page.read_key_file(first)
    wait_tasks(qtbot, unlocked)
    page.trust_dialog.compared.setChecked(True)
    page.trust_dialog.trust_button.click()
    wait_tasks(qtbot, unlocked)
    assert "甲工委" in page.committee_state.text()

    page.read_key_file(second)
    wait_tasks(qtbot, unlocked)
    dlg = page.trust_dialog
    assert dlg.replacing and dlg.name.text() == "乙工委"
    dlg.compared.setChecked(True)
    assert not dlg.trust_button.isEnabled()  # comparing is not enough to replace
    dlg.reject()
    wait_tasks(qtbot, unlocked)
    assert "甲工委" in page.committee_state.text()  # cancelled: nothing changed

    page.read_key_file(second)
    wait_tasks(qtbot, unlocked)
    dlg = page.trust_dialog
    dlg.compared.setChecked(True)
    dlg.replace_box.setChecked(True)
    assert dlg.trust_button.isEnabled() and dlg.trust_button.text() == "更换为此工委"
    dlg.trust_button.click()
    wait_tasks(qtbot, unlocked)
    assert "乙工委" in page.committee_state.text()


def test_a_receipt_that_is_not_ours_is_refused_with_the_cores_message(qtbot, unlocked, tmp_path):
    page = unlocked.main_window.show_page("sync")
    wait_tasks(qtbot, unlocked)
    bogus = tmp_path / "回执.zhibu-receipt"
    bogus.write_text('{"not": "a receipt"}', encoding="utf-8")
    shown = []
    unlocked.tasks.error_shown.connect(shown.append)
    page.import_receipt(bogus)
    wait_tasks(qtbot, unlocked)
    from ui.tasks import GENERIC_ERROR

    assert shown and shown[0] != GENERIC_ERROR and "回执" in shown[0]  # the core's own Chinese sentence
    assert page.last_receipt is None
    assert page.model.rowCount() == 0 and page.pending.text() == "还没有需要报送的纪实记录"  # nothing claimed


def test_a_newer_key_file_asking_for_full_id_numbers_is_shown_on_the_page(qtbot, unlocked, tmp_path):
    from desktop.workspace import Workspace

    first = _committee_key(tmp_path, "丙工委")
    page = unlocked.main_window.show_page("sync")
    wait_tasks(qtbot, unlocked)
    page.read_key_file(first)
    wait_tasks(qtbot, unlocked)
    page.trust_dialog.compared.setChecked(True)
    page.trust_dialog.trust_button.click()
    wait_tasks(qtbot, unlocked)
    assert "完整身份证号码" not in page.committee_state.text()

    ws = Workspace.open(tmp_path / "丙工委.zhibu", COMMITTEE_PASSPHRASE)
    try:
        ws.committee.set_full_id_policy(True)
        newer = ws.committee.export_public_key(tmp_path / "丙工委-新.zhibu-key")
    finally:
        ws.close()
    page.read_key_file(newer)
    wait_tasks(qtbot, unlocked)
    dlg = page.trust_dialog
    assert not dlg.replacing  # the same committee key: no replacement to confirm
    dlg.compared.setChecked(True)
    dlg.trust_button.click()
    wait_tasks(qtbot, unlocked)
    assert "本支部的数据包包含完整身份证号码" in page.committee_state.text()
