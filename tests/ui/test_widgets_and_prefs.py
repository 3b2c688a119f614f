from __future__ import annotations

import json
from datetime import date

import pytest


def test_date_edit_shows_chinese_dates_and_can_be_empty(qtbot):
    from ui.widgets.date_edit import DateEdit

    required = DateEdit()
    optional = DateEdit(optional=True, empty_text="未转正")
    qtbot.addWidget(required)
    qtbot.addWidget(optional)
    assert required.value() is None and not required.clear_button.isVisibleTo(required)
    required.setValue(date(2026, 3, 5))
    assert required.edit.text() == "2026年3月5日" and required.value() == date(2026, 3, 5)
    optional.setValue(date(2020, 7, 1))
    seen = []
    optional.valueChanged.connect(seen.append)
    optional.clear_button.click()
    assert optional.value() is None and optional.edit.text() == "" and seen == [None]
    assert optional.edit.placeholderText() == "未转正"


@pytest.mark.parametrize("typed", ["1995-07-01", "1995.07.01", "19950701", "1995/7/1", "1995年7月1日",
                                   "１９９５－０７－０１"])
def test_typing_a_date_sets_it_and_shows_it_in_chinese(qtbot, typed):
    from PySide6.QtCore import Qt

    from ui.widgets.date_edit import DateEdit

    d = DateEdit(optional=True)
    qtbot.addWidget(d)
    d.show()
    d.edit.setFocus()
    seen = []
    d.valueChanged.connect(seen.append)
    if typed.isascii():
        qtbot.keyClicks(d.edit, typed)  # real key presses (ASCII only: QTest aborts on CJK)
    else:
        d.edit.setText(typed)
        d.edit.textEdited.emit(typed)
    assert d.value() == date(1995, 7, 1) and seen[-1] == date(1995, 7, 1)
    qtbot.keyClick(d.edit, Qt.Key_Tab)
    d.edit.editingFinished.emit()
    assert d.edit.text() == "1995年7月1日"


def test_optional_date_stays_empty_until_a_whole_date_is_typed(qtbot):
    from PySide6.QtCore import QPoint, Qt

    from ui.widgets.date_edit import DateEdit

    d = DateEdit(optional=True, default_date=date(2020, 1, 1))
    qtbot.addWidget(d)
    d.show()
    seen = []
    d.valueChanged.connect(seen.append)
    qtbot.mouseClick(d.edit, Qt.LeftButton, pos=QPoint(5, 5))  # clicking an empty field fills nothing
    assert d.value() is None and d.edit.text() == ""
    for partial in ("1", "1995", "1995-07", "1995-07-", "199507", "1995070"):
        d.edit.setText("")
        qtbot.keyClicks(d.edit, partial)
        assert d.value() is None, partial
    d.edit.setText("")
    qtbot.keyClicks(d.edit, "1995-02-30")  # no such day
    assert d.value() is None and d.is_incomplete()
    assert seen == [date(1995, 2, 3), None]  # "1995-02-3" on the way is a whole date; "…30" is none
    d.edit.clear()
    qtbot.keyClick(d.edit, Qt.Key_Up)  # an explicit step from empty starts at the default, not in 1900
    assert d.value() == date(2020, 1, 1)
    qtbot.keyClick(d.edit, Qt.Key_Up)
    assert d.value() == date(2020, 1, 2) and d.edit.text() == "2020年1月2日"


def test_strength_hint_blocks_short_and_warns_weak():
    from ui.widgets.passphrase_edit import assess

    assert not assess("").acceptable and not assess("abc1234").acceptable
    assert assess("aaaaaaaa").level == 1 and assess("aaaaaaaa").acceptable
    assert assess("abcdefgh").level == 1
    assert assess("abcd1234").level == 2
    assert assess("党支部口令-2026-Go").level == 3


def test_settings_store_defaults_recent_books_and_unknown_keys(data_dir, tmp_path):
    from desktop import paths
    from ui.settings_store import MAX_RECENT, SettingsStore

    paths.settings_file().write_text("{broken json", encoding="utf-8")
    store = SettingsStore()
    assert store.prefs.auto_lock_minutes == 10 and store.prefs.name_order == "stroke"

    paths.settings_file().write_text(json.dumps({"cli": {"keep": 1}, "ui": {"auto_lock_minutes": "x"}}),
                                     encoding="utf-8")
    store = SettingsStore()
    assert store.prefs.auto_lock_minutes == 10
    for i in range(MAX_RECENT + 3):
        store.remember_book(tmp_path / f"b{i}.zhibu", f"支部{i}")
    store.remember_book(tmp_path / "b9.zhibu")
    store.set_auto_lock_minutes(5)
    again = SettingsStore()
    assert len(again.prefs.recent_books) == MAX_RECENT
    assert again.prefs.recent_books[0].path.endswith("b9.zhibu") and again.prefs.recent_books[0].name == "支部9"
    assert again.prefs.auto_lock_minutes == 5
    assert json.loads(paths.settings_file().read_text(encoding="utf-8"))["cli"] == {"keep": 1}
    again.forget_book(tmp_path / "b9.zhibu")
    assert all(not r.path.endswith("b9.zhibu") for r in SettingsStore().prefs.recent_books)


def test_app_installs_chinese_qt_translations_and_a_cjk_font(qapp):
    from PySide6.QtGui import QFontDatabase
    from PySide6.QtWidgets import QApplication, QDialogButtonBox

    from ui import theme

    assert theme.install_translations(qapp)
    family = theme.register_fonts(qapp)
    assert family == "Zhibu Sans SC" or family in theme.SYSTEM_CJK_FAMILIES
    assert family in QFontDatabase.families() and QApplication.font().families()[0] == family
    box = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
    assert box.button(QDialogButtonBox.Cancel).text() == "取消"


def test_passphrase_field_accepts_chinese_from_an_input_method(qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    from ui.widgets.passphrase_edit import PassphraseEdit

    edit = PassphraseEdit()
    qtbot.addWidget(edit)
    edit._toggle.trigger()
    edit._toggle.trigger()  # shown, then masked again
    assert edit.echoMode() == edit.EchoMode.Password
    assert edit.testAttribute(Qt.WA_InputMethodEnabled)
    assert not edit.inputMethodHints() & Qt.ImhHiddenText
    event = QInputMethodEvent()
    event.setCommitString("演示口令")
    QApplication.sendEvent(edit, event)
    assert edit.text() == "演示口令"
