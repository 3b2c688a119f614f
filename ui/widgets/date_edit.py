"""A date field shown as 2026年3月5日, with a calendar popup, that can also be left empty."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QToolButton, QWidget

DISPLAY_FORMAT = "yyyy年M月d日"
_EMPTY = QDate(1900, 1, 1)  # sentinel shown as the placeholder text; real dates start the day after


class _Edit(QDateEdit):
    """Jumps from the empty sentinel to a sensible date as soon as the user starts editing."""

    def __init__(self, owner: "DateEdit"):
        super().__init__()
        self._owner = owner

    def _leave_empty(self) -> None:
        if self.date() == _EMPTY:
            self.setDate(QDate(self._owner.default_date))

    def mousePressEvent(self, event):
        self._leave_empty()
        super().mousePressEvent(event)

    def keyPressEvent(self, event):
        if event.text().isdigit():
            self._leave_empty()
        super().keyPressEvent(event)

    def stepBy(self, steps: int) -> None:
        if self.date() == _EMPTY:  # the first step lands on the default date itself
            self._leave_empty()
            return
        super().stepBy(steps)


class DateEdit(QWidget):
    """``value()`` is a ``datetime.date`` or ``None`` (only when ``optional``)."""

    valueChanged = Signal(object)

    def __init__(self, parent: QWidget | None = None, *, optional: bool = False, empty_text: str = "未填写",
                 default_date: date | None = None):
        super().__init__(parent)
        self.optional = optional
        self.default_date = default_date or date.today()
        self.edit = _Edit(self)
        self.edit.setDisplayFormat(DISPLAY_FORMAT)
        self.edit.setCalendarPopup(True)
        self.edit.setMinimumDate(_EMPTY)
        self.edit.setMaximumDate(QDate(2100, 12, 31))
        self.edit.setSpecialValueText(empty_text)
        self.edit.setMinimumWidth(150)
        self.edit.dateChanged.connect(lambda _d: self.valueChanged.emit(self.value()))
        self.setFocusProxy(self.edit)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.edit)
        self.clear_button = QToolButton(self)
        self.clear_button.setText("清除")
        self.clear_button.setToolTip("清空这个日期")
        self.clear_button.clicked.connect(self.clear)
        self.clear_button.setVisible(optional)
        layout.addWidget(self.clear_button)
        layout.addStretch(1)
        self.clear()

    def value(self) -> date | None:
        d = self.edit.date()
        if d == _EMPTY:
            return None
        return date(d.year(), d.month(), d.day())

    def setValue(self, value: date | None) -> None:
        if value is None:
            self.clear()
        else:
            self.edit.setDate(QDate(value.year, value.month, value.day))

    def clear(self) -> None:
        """Empty the field (a required field shows the placeholder until the user picks a date)."""
        self.edit.setDate(_EMPTY)

    def isEmpty(self) -> bool:
        return self.value() is None
