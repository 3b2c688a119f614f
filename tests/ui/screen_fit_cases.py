"""Run by ``test_screen_fit.py`` in a subprocess per screen (size and QT_SCALE_FACTOR are fixed at start):
open every window and dialog a user reaches and check that its title bar and action buttons are on screen
and that no working marker ("check"/"待核") is on any label or button."""

from __future__ import annotations

import os
import re
from pathlib import Path

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import (QAbstractButton, QAbstractScrollArea, QApplication, QLabel, QMessageBox,
                               QPushButton, QWidget)

from desktop.domain.meeting_enums import MeetingKind
from tests.ui.uihelpers import members_page, wait_tasks

CASE = os.environ.get("ZHIBU_SCREEN_CASE", "")
MARKER = re.compile(r"[（(]\s*(check|待核)\s*[)）]|待核", re.IGNORECASE)
REFERENCE = Path(__file__).parent / "reference"


def _in_scroll_area(w: QWidget, top: QWidget) -> bool:
    p = w.parentWidget()
    while p is not None and p is not top:
        if isinstance(p, QAbstractScrollArea):
            return True
        p = p.parentWidget()
    return False


def check_window(w: QWidget, problems: list[str]) -> None:
    avail = w.screen().availableGeometry()
    frame = w.frameGeometry()
    name = f"{type(w).__name__}「{w.windowTitle()}」"
    if frame.top() < avail.top() or frame.left() < avail.left():
        problems.append(f"{name}: title bar off-screen {frame} in {avail}")
    for b in w.findChildren(QPushButton):
        if b.window() is not w or not b.isVisibleTo(w) or _in_scroll_area(b, w):
            continue
        top_left = b.mapTo(w, QPoint(0, 0))
        inside_window = w.rect().contains(QRect(top_left, b.size()))
        on_screen = avail.contains(QRect(b.mapToGlobal(QPoint(0, 0)), b.size()))
        if not (inside_window and on_screen):
            problems.append(f"{name}: button 「{b.text()}」 at {QRect(b.mapToGlobal(QPoint(0, 0)), b.size())} "
                            f"outside {avail} / window {w.geometry()}")
    for lab in w.findChildren(QLabel) + w.findChildren(QAbstractButton):
        if lab.window() is not w:
            continue
        text = lab.text() + (lab.toolTip() or "")
        if MARKER.search(text):
            problems.append(f"{name}: working marker in 「{text[:60]}」")


def check_all(qtbot, session, what: str, problems: list[str]) -> None:
    wait_tasks(qtbot, session)
    QApplication.processEvents()
    for w in QApplication.topLevelWidgets():
        if w.isVisible() and w.isWindow() and w.windowType().name in ("Window", "Dialog"):
            before = len(problems)
            check_window(w, problems)
            for p in problems[before:]:
                problems[problems.index(p)] = f"[{what}] {p}"


def close_dialogs(qtbot, session, keep: QWidget) -> None:
    for w in QApplication.topLevelWidgets():
        if w.isVisible() and w is not keep and w is not session.start_window:
            if hasattr(w, "reject"):
                w.reject()
            else:
                w.close()
    wait_tasks(qtbot, session)


def test_every_window_fits(qtbot, unlocked):
    assert CASE, "run through test_screen_fit.py"
    session = unlocked
    mw = session.main_window
    problems: list[str] = []
    if os.environ.get("ZHIBU_FONT_SCALE"):  # the 字号 setting, as an older secretary would choose it
        session.apply_font_scale(int(os.environ["ZHIBU_FONT_SCALE"]))
        qtbot.wait(20)
    check_all(qtbot, session, "main", problems)

    page = members_page(qtbot, session)
    dlg = page.add_member()
    check_all(qtbot, session, "add member", problems)
    if os.environ.get("ZHIBU_SHOTS_DIR"):
        dlg.grab().save(str(Path(os.environ["ZHIBU_SHOTS_DIR"]) / f"member_dialog_{CASE}.png"))
        mw.grab().save(str(Path(os.environ["ZHIBU_SHOTS_DIR"]) / f"members_{CASE}.png"))
    close_dialogs(qtbot, session, mw)
    page.table.selectRow(0)
    page.record_event()
    check_all(qtbot, session, "member event", problems)
    close_dialogs(qtbot, session, mw)

    meetings = mw.show_page("meetings")
    wait_tasks(qtbot, session)
    for kind in (MeetingKind.GENERAL_ASSEMBLY, MeetingKind.ORG_LIFE_MEETING):
        ed = meetings.meetings.new_meeting(kind)
        qtbot.waitExposed(ed)
        check_all(qtbot, session, f"meeting editor {kind.value}", problems)
        if kind == MeetingKind.GENERAL_ASSEMBLY and os.environ.get("ZHIBU_SAVE_REFERENCE"):
            ed.tabs.setCurrentIndex(ed.TAB["attendance"])
            QApplication.processEvents()
            ed.grab().save(str(REFERENCE / f"meeting_editor_{CASE}.png"))
        ed.finalize_button.click()  # the checks (and the confirmation, if any) must fit too
        check_all(qtbot, session, "finalize", problems)
        close_dialogs(qtbot, session, mw)
    talks = meetings.show_tab("talk")
    wait_tasks(qtbot, session)
    talks.new_talk()
    check_all(qtbot, session, "talk editor", problems)
    close_dialogs(qtbot, session, mw)
    evaluations = meetings.show_tab("evaluation")
    wait_tasks(qtbot, session)
    evaluations.new_round()
    check_all(qtbot, session, "new evaluation round", problems)
    close_dialogs(qtbot, session, mw)
    rect = meetings.show_tab("rectification")
    wait_tasks(qtbot, session)
    rect.add_item()
    check_all(qtbot, session, "add rectification", problems)
    close_dialogs(qtbot, session, mw)

    dues = mw.show_page("dues")
    wait_tasks(qtbot, session)
    dues.record_payment(session.ws.members.list()[0].id)
    check_all(qtbot, session, "payment", problems)
    close_dialogs(qtbot, session, mw)
    dues.edit_bases()
    check_all(qtbot, session, "dues bases", problems)
    close_dialogs(qtbot, session, mw)

    recruitment = mw.show_page("recruitment")
    wait_tasks(qtbot, session)
    recruitment.add_recruit()
    check_all(qtbot, session, "add recruit", problems)
    close_dialogs(qtbot, session, mw)

    for key in ("home", "documents", "assessment", "settings"):
        mw.show_page(key)
        check_all(qtbot, session, key, problems)
    settings = mw.page("settings")
    settings.change_passphrase()
    check_all(qtbot, session, "change passphrase", problems)
    close_dialogs(qtbot, session, mw)
    settings.organization.open_election()
    check_all(qtbot, session, "election", problems)
    close_dialogs(qtbot, session, mw)
    box = QMessageBox(QMessageBox.Warning, "提示", "一段较长的提示文字。" * 30, QMessageBox.Ok, mw)
    box.open()
    check_all(qtbot, session, "message box", problems)
    box.close()

    mw.lock_action.trigger()
    wait_tasks(qtbot, session)
    check_all(qtbot, session, "unlock", problems)
    dlg = session.unlock_dialog
    dlg.passphrase.setText("错误口令-abc")
    dlg.unlock_button.click()
    check_all(qtbot, session, "unlock failed", problems)
    close_dialogs(qtbot, session, mw)
    session.switch_book()
    wait_tasks(qtbot, session)
    session.request_create()
    check_all(qtbot, session, "start + create", problems)
    close_dialogs(qtbot, session, mw)
    assert problems == [], "\n".join(problems)
