"""A date field shown as 2026年3月5日 that accepts typing (1995-07-01, 1995.07.01, 19950701, 1995年7月1日),
has a calendar button, and can be left empty. Nothing is ever filled in without the user choosing it."""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (QCalendarWidget, QHBoxLayout, QLineEdit, QMenu, QToolButton, QWidget,
                               QWidgetAction)

from ui.display import fmt_date

MIN_DATE = date(1900, 1, 2)
MAX_DATE = date(2100, 12, 31)
_SEPARATED = re.compile(r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
FORMAT_HINT = "请输入完整日期，例如 1995-07-01、1995.07.01 或 19950701，或点“日历”选择。"


def parse_date(text: str) -> date | None:
    """The date a user typed, or None while the text is not (yet) a whole valid date."""
    t = text.strip().replace("／", "/").replace("－", "-").replace("．", ".")
    t = t.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    m = _SEPARATED.match(t) or _COMPACT.match(t)
    if not m:
        return None
    try:
        d = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
    return d if MIN_DATE <= d <= MAX_DATE else None


class DateEdit(QWidget):
    """``value()`` is a ``datetime.date`` or ``None`` (empty, or not yet a whole date)."""

    valueChanged = Signal(object)

    def __init__(self, parent: QWidget | None = None, *, optional: bool = False, empty_text: str = "未填写",
                 default_date: date | None = None):
        super().__init__(parent)
        self.optional = optional
        self.default_date = default_date or date.today()
        self._value: date | None = None
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(empty_text)
        self.edit.setToolTip(FORMAT_HINT + "\n↑/↓ 键按天调整。")
        self.edit.setMinimumWidth(150)
        self.edit.setMaxLength(20)
        self.edit.textEdited.connect(self._typed)
        self.edit.editingFinished.connect(self._normalise)
        self.edit.installEventFilter(self)
        self.setFocusProxy(self.edit)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.edit)
        self.calendar_button = QToolButton(self)
        self.calendar_button.setText("日历")
        self.calendar_button.setToolTip("从日历中选择日期")
        self.calendar_button.setFocusPolicy(Qt.NoFocus)  # Tab goes field to field; the field takes typing
        self.calendar_button.clicked.connect(self.open_calendar)
        layout.addWidget(self.calendar_button)
        self.clear_button = QToolButton(self)
        self.clear_button.setText("清除")
        self.clear_button.setToolTip("清空这个日期")
        self.clear_button.setFocusPolicy(Qt.NoFocus)
        self.clear_button.clicked.connect(self.clear)
        self.clear_button.setVisible(optional)
        layout.addWidget(self.clear_button)
        layout.addStretch(1)
        self._calendar_menu: QMenu | None = None

    # ---- value ----------------------------------------------------------------------------------
    def value(self) -> date | None:
        return self._value

    def setValue(self, value: date | None) -> None:
        if value is None:
            self.clear()
            return
        self.edit.setText(fmt_date(value))
        self._set(value)

    def clear(self) -> None:
        """Empty the field (it shows its placeholder until the user types or picks a date)."""
        self.edit.clear()
        self._set(None)

    def isEmpty(self) -> bool:
        return self._value is None

    def is_incomplete(self) -> bool:
        """Text was typed that is not a whole valid date."""
        return self._value is None and bool(self.edit.text().strip())

    def step(self, days: int) -> None:
        """Move by ``days`` (↑/↓); an empty field starts at its default date, as the user asked for a date."""
        current = self._value
        if current is None:
            self.setValue(self.default_date)
            return
        new = date.fromordinal(current.toordinal() + days)
        if MIN_DATE <= new <= MAX_DATE:
            self.setValue(new)

    # ---- internals ------------------------------------------------------------------------------
    def _set(self, value: date | None) -> None:
        self.edit.setProperty("invalid", self.is_incomplete() and not self.edit.hasFocus())
        self.edit.style().unpolish(self.edit)
        self.edit.style().polish(self.edit)
        if value != self._value:
            self._value = value
            self.valueChanged.emit(value)

    def _typed(self, text: str) -> None:
        self._set(parse_date(text))

    def _normalise(self) -> None:
        if self._value is not None:
            self.edit.setText(fmt_date(self._value))
        self._set(self._value)
        self.edit.setToolTip(FORMAT_HINT if self.is_incomplete() else FORMAT_HINT + "\n↑/↓ 键按天调整。")

    def eventFilter(self, obj, event):  # noqa: N802 - Qt naming
        if obj is self.edit and event.type() == event.Type.KeyPress:
            if event.key() in (Qt.Key_Up, Qt.Key_Down) and not event.modifiers():
                self.step(1 if event.key() == Qt.Key_Up else -1)
                return True
            if event.key() == Qt.Key_F4 or (event.key() == Qt.Key_Down and event.modifiers() & Qt.AltModifier):
                self.open_calendar()
                return True
        return super().eventFilter(obj, event)

    def open_calendar(self) -> None:
        start = self._value or self.default_date
        menu = QMenu(self)
        cal = QCalendarWidget(menu)
        cal.setMinimumDate(QDate(MIN_DATE.year, MIN_DATE.month, MIN_DATE.day))
        cal.setMaximumDate(QDate(MAX_DATE.year, MAX_DATE.month, MAX_DATE.day))
        cal.setSelectedDate(QDate(start.year, start.month, start.day))
        cal.setGridVisible(True)
        action = QWidgetAction(menu)
        action.setDefaultWidget(cal)
        menu.addAction(action)

        def chosen(d: QDate) -> None:
            menu.close()
            self.setValue(date(d.year(), d.month(), d.day()))
            self.edit.setFocus()

        cal.activated.connect(chosen)
        cal.clicked.connect(chosen)
        self._calendar_menu = menu
        menu.popup(self.edit.mapToGlobal(self.edit.rect().bottomLeft()))
        cal.setFocus()
