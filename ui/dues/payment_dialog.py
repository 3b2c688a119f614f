"""记录缴费: member, date, the months paid for (twelve buttons per year), the amount prefilled from what those
months are due, 代缴人 and note. The service checks everything; its messages appear in the dialog."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QGridLayout,
                               QHBoxLayout, QLabel, QLineEdit, QSpinBox, QToolButton, QVBoxLayout, QWidget)

from desktop.domain.dues_rules import format_yuan, parse_yuan
from ui.dues.rows_model import yuan
from ui.widgets.date_edit import DateEdit
from ui.widgets.screen_fit import scroll_dialog_body

MONTH_STYLE = """
QToolButton { border: 1px solid #d4d4cf; border-radius: 3px; background: #ffffff; padding: 3px; }
QToolButton:checked { background: #a4262c; color: white; border-color: #8c1f24; }
QToolButton:disabled { background: #f1f1ee; color: #9a9a9a; }
QToolButton[arrears="true"] { border: 2px solid #b3261e; color: #b3261e; }
QToolButton[arrears="true"]:checked { color: white; }
"""


class PaymentDialog(QDialog):
    """Emits ``submitted(dict)`` with member_id, paid_on, amount, months, proxy, note, allow_difference."""

    submitted = Signal(dict)
    member_changed = Signal(int)

    def __init__(self, members, parent: QWidget | None = None, member_id: int | None = None):
        super().__init__(parent)
        self.setWindowTitle("记录缴费")
        self.setMinimumWidth(640)
        self.info = None  # MemberDues of the chosen member
        self._amount_touched = False
        self._setting_amount = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(20, 16, 20, 12)
        self.form_error = QLabel()
        self.form_error.setObjectName("formError")
        self.form_error.setWordWrap(True)
        self.form_error.hide()
        outer.addWidget(self.form_error)
        form = QFormLayout()
        form.setHorizontalSpacing(14)
        self.member = QComboBox()
        for mid, name in members:
            self.member.addItem(name, mid)
        self.member.setCurrentIndex(self.member.findData(member_id) if member_id is not None else -1)
        self.member.currentIndexChanged.connect(lambda _i: self._member_changed())
        form.addRow("党员：", self.member)
        self.paid_on = DateEdit()
        self.paid_on.setValue(date.today())
        form.addRow("交纳日期：", self.paid_on)

        months_box = QWidget()
        col = QVBoxLayout(months_box)
        col.setContentsMargins(0, 0, 0, 0)
        year_row = QHBoxLayout()
        self.year = QSpinBox()
        self.year.setRange(1990, date.today().year + 1)
        self.year.setValue(date.today().year)
        self.year.setSuffix(" 年")
        self.year.valueChanged.connect(lambda _v: self._fill_months())
        year_row.addWidget(self.year)
        self.year_hint = QLabel()
        self.year_hint.setObjectName("hint")
        year_row.addWidget(self.year_hint, 1)
        col.addLayout(year_row)
        grid = QGridLayout()
        grid.setSpacing(4)
        self.month_buttons: dict[int, QToolButton] = {}
        for m in range(1, 13):
            b = QToolButton()
            b.setCheckable(True)
            b.setMinimumSize(78, 42)
            b.setStyleSheet(MONTH_STYLE)
            b.toggled.connect(lambda _c: self._months_changed())
            grid.addWidget(b, (m - 1) // 6, (m - 1) % 6)
            self.month_buttons[m] = b
        col.addLayout(grid)
        self.months_error = QLabel()
        self.months_error.setObjectName("fieldError")
        self.months_error.setWordWrap(True)
        self.months_error.hide()
        col.addWidget(self.months_error)
        form.addRow("交纳月份：", months_box)

        amount_row = QHBoxLayout()
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("元")
        self.amount.setMaximumWidth(140)
        self.amount.textEdited.connect(self._amount_edited)
        amount_row.addWidget(self.amount)
        self.due_label = QLabel()
        self.due_label.setObjectName("hint")
        amount_row.addWidget(self.due_label, 1)
        form.addRow("金额（元）：", amount_row)
        self.allow_difference = QCheckBox("金额与应交数不同（如自愿多交党费），原因写在备注中")
        form.addRow("", self.allow_difference)
        self.proxy = QLineEdit()
        self.proxy.setPlaceholderText("本人交纳的不填")
        self.proxy.setMaxLength(40)
        form.addRow("代缴人：", self.proxy)
        self.note = QLineEdit()
        self.note.setPlaceholderText("补交超过6个月或金额与应交数不同时，请写明原因")
        note_box = QWidget()
        note_col = QVBoxLayout(note_box)
        note_col.setContentsMargins(0, 0, 0, 0)
        note_col.setSpacing(2)
        note_col.addWidget(self.note)
        self.note_error = QLabel()
        self.note_error.setObjectName("fieldError")
        self.note_error.setWordWrap(True)
        self.note_error.hide()
        note_col.addWidget(self.note_error)
        form.addRow("备注：", note_box)
        outer.addLayout(form)

        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton("登记", QDialogButtonBox.AcceptRole)
        self.save_button.setObjectName("primary")
        self.save_button.setDefault(True)
        self.buttons.addButton("取消", QDialogButtonBox.RejectRole)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        scroll_dialog_body(self)
        self._fill_months()

    # ---- member and months ------------------------------------------------------------------
    def member_id(self) -> int | None:
        return self.member.currentData()

    def _member_changed(self) -> None:
        self.info = None
        self._fill_months()
        if self.member_id() is not None:
            self.member_changed.emit(self.member_id())

    def set_member_dues(self, info, preselect=None) -> None:
        """The chosen member's dues (from the worker); ``preselect``: months to check (default: arrears)."""
        if info.member_id != self.member_id():
            return
        self.info = info
        wanted = list(preselect if preselect is not None else info.arrears)
        if wanted:
            self.year.blockSignals(True)
            self.year.setValue(wanted[0][0])
            self.year.blockSignals(False)
        self._amount_touched = False
        self._fill_months(checked={m for y, m in wanted if y == self.year.value()})

    def _fill_months(self, checked: set[int] | None = None) -> None:
        year, info = self.year.value(), self.info
        monthly = info.monthly.get(year) if info else None
        arrears = {m for y, m in info.arrears if y == year} if info else set()
        for m, b in self.month_buttons.items():
            b.blockSignals(True)
            paid = info is not None and (year, m) in info.paid
            b.setChecked(bool(checked and m in checked) and not paid)
            b.setEnabled(info is not None and monthly is not None and not paid)
            b.setProperty("arrears", m in arrears)
            b.style().unpolish(b)
            b.style().polish(b)
            if paid:
                b.setText(f"{m}月\n已交")
            elif monthly is None:
                b.setText(f"{m}月\n—")
            else:
                b.setText(f"{m}月\n{yuan(monthly)}")
            b.setToolTip("该月已交" if paid else "该月欠缴" if m in arrears else "")
            b.blockSignals(False)
        if info is None:
            self.year_hint.setText("请先选择党员。" if self.member_id() is None else "正在读取…")
        elif monthly is None:
            self.year_hint.setText(f"{info.name}{year}年的党费基数尚未核定，请先在“核定基数”中核定。")
        else:
            self.year_hint.setText(f"每月应交 {yuan(monthly)}；红框为欠缴月份，点选要交的月份。")
        self._months_changed()

    def selected_months(self) -> list[tuple[int, int]]:
        year = self.year.value()
        return [(year, m) for m, b in self.month_buttons.items() if b.isChecked()]

    def due_fen(self) -> int:
        monthly = self.info.monthly.get(self.year.value(), 0) if self.info else 0
        return monthly * len(self.selected_months())

    def _months_changed(self) -> None:
        months = self.selected_months()
        due = self.due_fen()
        self.due_label.setText(f"{len(months)}个月应交 {yuan(due)}" if months else "请选择交纳的月份")
        if not self._amount_touched:
            self._setting_amount = True
            self.amount.setText(format_yuan(due) if months else "")
            self._setting_amount = False

    def _amount_edited(self, _text: str) -> None:
        self._amount_touched = True
        try:
            differs = parse_yuan(self.amount.text()) != self.due_fen()
        except Exception:  # noqa: BLE001 - checked again on submit
            return
        if differs and self.selected_months():
            self.due_label.setText(f"与应交 {yuan(self.due_fen())} 不同；如确需多交，请勾选下方选项并写明原因")

    # ---- submit -----------------------------------------------------------------------------
    def value(self) -> dict:
        return {"member_id": self.member_id(), "paid_on": self.paid_on.value(), "amount": self.amount.text().strip(),
                "months": self.selected_months(), "proxy": self.proxy.text().strip(), "note": self.note.text().strip(),
                "allow_difference": self.allow_difference.isChecked()}

    def show_error(self, message: str, field: str = "") -> None:
        self.set_busy(False)
        if field == "months":
            self.months_error.setText(message)
            self.months_error.show()
            self.form_error.setText("请检查交纳月份。")
        elif field == "note":
            self.note_error.setText(message)
            self.note_error.show()
            self.form_error.setText("请在备注中写明原因后再登记（尚未登记）。")
            self.note.setFocus()
        else:
            self.form_error.setText(message)
        self.form_error.show()

    def clear_errors(self) -> None:
        self.form_error.hide()
        self.months_error.hide()
        self.note_error.hide()

    def set_busy(self, busy: bool) -> None:
        self.save_button.setEnabled(not busy)
        self.save_button.setText("正在登记…" if busy else "登记")

    def _submit(self) -> None:
        self.clear_errors()
        if self.member_id() is None:
            self.show_error("请选择党员。")
            return
        if not self.selected_months():
            self.show_error("请选择这笔党费所交的月份。", "months")
            return
        self.set_busy(True)
        self.submitted.emit(self.value())
