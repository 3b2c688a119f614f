from __future__ import annotations

from desktop.errors import WrongPassphrase
from tests.ui.uihelpers import PASSPHRASE, unlock, wait_tasks


def test_wrong_passphrase_keeps_dialog_then_right_one_opens_main_window(qtbot, session, make_book):
    book = make_book()
    before = book.read_bytes()
    dlg = unlock(qtbot, session, book, "不对的口令-123")
    assert dlg.isVisible()
    assert dlg.error.isVisible() and dlg.error.text() == WrongPassphrase().message
    assert session.ws is None and session.main_window is None
    assert book.read_bytes() == before  # nothing written

    dlg.passphrase.setText(PASSPHRASE)
    dlg.unlock_button.click()
    wait_tasks(qtbot, session)
    assert not dlg.isVisible()
    mw = session.main_window
    assert mw is not None and mw.isVisible() and not session.start_window.isVisible()
    assert mw.state_label.text() == "已解锁：测试党支部"
    assert session.store.prefs.recent_books[0].name == "测试党支部"


def test_repeated_failures_add_a_growing_delay(qtbot, session, make_book):
    book = make_book(members=0)
    dlg = session.request_unlock(book)
    for _ in range(3):
        dlg.passphrase.setText("错误口令-abc")
        dlg._submit()  # the button is disabled while waiting; submit directly to count each failure
        wait_tasks(qtbot, session)
    assert dlg.throttle.failures == 3
    assert dlg.throttle.remaining() >= 1
    assert not dlg.unlock_button.isEnabled() and "请等待" in dlg.unlock_button.text()
    dlg.passphrase.setText(PASSPHRASE)
    dlg._submit()  # refused while the delay runs
    assert not session.tasks.busy and session.ws is None


def test_throttle_doubles_and_caps():
    from ui.start.unlock_dialog import FailureThrottle

    now = [0.0]
    t = FailureThrottle(clock=lambda: now[0])
    delays = [t.record_failure() for _ in range(10)]
    assert delays[:2] == [0, 0] and delays[2:6] == [2, 4, 8, 16] and delays[-1] == FailureThrottle.MAX_DELAY
    t.record_success()
    assert t.remaining() == 0


def test_create_book_flow(qtbot, session, data_dir):
    dlg = session.request_create()
    dlg.branch_name.setText("新建测试党支部")
    assert dlg.location.text().endswith("新建测试党支部.zhibu")
    dlg.passphrase.setText("短")
    dlg.confirm.setText("短")
    dlg.create_button.click()
    assert dlg.isVisible() and "太短" in dlg.error.text()
    dlg.passphrase.setText("aaaaaaaa")
    assert dlg.strength.strength.level == 1  # weak: warned, not blocked
    dlg.passphrase.setText("新口令-Strong-2026")
    dlg.confirm.setText("新口令-Strong-2026x")
    dlg.create_button.click()
    assert "不一致" in dlg.error.text()
    dlg.confirm.setText("新口令-Strong-2026")
    dlg.create_button.click()
    wait_tasks(qtbot, session)
    assert not dlg.isVisible()
    assert session.ws is not None and session.branch_name == "新建测试党支部"
    assert session.book == data_dir / "新建测试党支部.zhibu" and session.book.exists()
    assert session.main_window.isVisible()


def test_locked_book_is_reported(qtbot, session, make_book):
    from desktop.storage.lock import BookLock

    book = make_book(members=0)
    with BookLock(book):
        dlg = unlock(qtbot, session, book)
    assert dlg.isVisible() and "已在本程序中打开" in dlg.error.text()
    assert session.tasks.last_error_box is not None and session.tasks.last_error_box.isVisible()
    session.tasks.last_error_box.close()


def test_damaged_book_offers_restore(qtbot, session, make_book):
    from desktop.workspace import Workspace

    book = make_book(members=1)
    with Workspace.open(book, PASSPHRASE) as ws:
        ws.backup(reason="manual")
    book.write_bytes(book.read_bytes()[:4096 * 3])  # truncated at a page boundary
    dlg = unlock(qtbot, session, book)
    box = session.damaged_box
    assert box.isVisible() and "截断" in box.text()
    assert "校验完好的备份" in box.text() and str(box.latest.path) in box.text()  # the verified backup, named
    assert box.restore_button is not None
    box.restore_button.click()
    wait_tasks(qtbot, session)
    assert session.ws is not None and session.ws.members.count() == 1
    assert not dlg.isVisible()


def test_recent_books_listed_on_start_screen(qtbot, session, make_book):
    book = make_book(members=0)
    unlock(qtbot, session, book)
    session.switch_book()
    wait_tasks(qtbot, session)
    assert session.start_window.isVisible() and session.ws is None
    assert session.start_window.recent.count() == 1
    assert session.start_window.selected_path() == book


def _demo_dialog(qtbot, session, book):
    session.demo_book, session.demo_passphrase = book, "演示口令不是这个"
    session.demo_books.append(book)  # the demo fill is offered only on the demo books
    dlg = session.request_unlock(book)
    qtbot.waitExposed(dlg)
    return dlg


def test_enter_submits_what_was_typed_never_the_demo_fill(qtbot, session, make_book):
    from PySide6.QtCore import Qt

    book = make_book(members=0)
    dlg = _demo_dialog(qtbot, session, book)
    assert not dlg.fill_demo_button.isDefault() and not dlg.fill_demo_button.autoDefault()
    dlg.passphrase.setText("错误口令-abc")
    qtbot.keyClick(dlg.passphrase, Qt.Key_Return)
    wait_tasks(qtbot, session)
    assert dlg.error.isVisible() and dlg.passphrase.text() == "错误口令-abc"  # not replaced by the demo text
    assert dlg.throttle.failures == 1
    # after a wrong passphrase, Enter still submits (also with the focus on the demo button)
    dlg.passphrase.setText(PASSPHRASE)
    dlg.fill_demo_button.setFocus()
    qtbot.keyClick(dlg, Qt.Key_Return)
    wait_tasks(qtbot, session)
    assert dlg.passphrase.text() == PASSPHRASE
    assert session.ws is not None and not dlg.isVisible()


def test_enter_in_the_field_after_a_failure_submits_and_error_and_buttons_fit(qtbot, session, make_book):
    from PySide6.QtCore import Qt

    book = make_book(members=0)
    dlg = _demo_dialog(qtbot, session, book)
    dlg.passphrase.setText("错误口令-abc")
    dlg.unlock_button.click()
    wait_tasks(qtbot, session)
    qtbot.waitUntil(lambda: dlg.height() >= dlg.sizeHint().height())
    for w in (dlg.error, dlg.unlock_button, dlg.cancel_button):
        bottom = w.mapTo(dlg, w.rect().bottomLeft()).y()
        assert w.isVisible() and bottom <= dlg.height(), w
    dlg.passphrase.setText(PASSPHRASE)
    qtbot.keyClick(dlg.passphrase, Qt.Key_Enter)
    wait_tasks(qtbot, session)
    assert session.ws is not None


def test_passphrase_toggle_is_a_visible_labelled_button(qtbot):
    from ui.widgets.passphrase_edit import PassphraseEdit

    edit = PassphraseEdit()
    qtbot.addWidget(edit)
    edit.resize(300, 30)
    edit.show()
    b = edit.toggle_button
    assert b.isVisible() and b.text() == "显示" and edit.rect().contains(b.geometry())
    b.click()
    assert edit.echoMode() == edit.EchoMode.Normal and b.text() == "隐藏"


def _type(field, text: str) -> None:
    """Key by key, as typed (QTest's key clicks cannot type Chinese)."""
    for ch in text:
        field.insert(ch)


def _counting_kdf(monkeypatch) -> list[str]:
    """The passphrases every key derivation of an open (early or not) is asked for, in order."""
    from desktop.storage import engine

    calls, real = [], engine.derive_key

    def derive_key(passphrase: str, salt: bytes):
        calls.append(passphrase)
        return real(passphrase, salt)

    monkeypatch.setattr(engine, "derive_key", derive_key)
    return calls


def test_a_pause_in_typing_derives_the_key_the_unlock_then_uses(qtbot, session, make_book, monkeypatch):
    calls = _counting_kdf(monkeypatch)
    book = make_book(members=0)
    dlg = session.request_unlock(book)
    qtbot.waitExposed(dlg)
    _type(dlg.passphrase, "错误口令")
    qtbot.waitUntil(lambda: calls == ["错误口令"])  # typing paused: derived, but nothing checked or counted
    assert dlg.throttle.failures == 0 and not dlg.error.isVisible()
    dlg.passphrase.clear()
    _type(dlg.passphrase, PASSPHRASE)
    qtbot.waitUntil(lambda: calls[-1:] == [PASSPHRASE])
    assert calls.count(PASSPHRASE) == 1  # one derivation for what was typed in one go, not one per key
    dlg.unlock_button.click()
    wait_tasks(qtbot, session)
    assert session.ws is not None and not dlg.isVisible()
    assert calls.count(PASSPHRASE) == 1  # the open took the key derived while typing instead of deriving again


def test_a_key_derived_while_typing_is_still_verified_and_forgotten_on_cancel(qtbot, session, make_book,
                                                                               monkeypatch):
    from desktop.storage import keyderive

    calls = _counting_kdf(monkeypatch)
    book = make_book(members=0)
    dlg = session.request_unlock(book)
    _type(dlg.passphrase, "错误口令-abc")
    qtbot.waitUntil(lambda: calls == ["错误口令-abc"])
    dlg.unlock_button.click()
    wait_tasks(qtbot, session)
    assert dlg.error.text() == WrongPassphrase().message and dlg.throttle.failures == 1 and session.ws is None
    dlg.passphrase.setText(PASSPHRASE)
    qtbot.waitUntil(lambda: calls[-1:] == [PASSPHRASE])
    dlg.cancel_button.click()
    salt = book.read_bytes()[:16]
    assert keyderive.take(book, PASSPHRASE, salt) is None  # the dialog closed: its keys are gone
    assert session.ws is None
