"""核定党费基数: for one year, each member's monthly base and category, with the rate and the monthly amount
computed live (``ws.dues.calc`` is pure: no database, so it runs on the UI thread)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QPushButton, QSpinBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from desktop.domain.dues_rules import DuesCategory
from desktop.errors import ZhibuError
from ui.dues.rows_model import yuan
from ui.theme import px

COLUMNS = ("姓名", "类别", "月基数（元）", "比例", "每月应交", "状态")
NAME, CATEGORY, BASE, RATE, MONTHLY, STATE = range(6)


class BaseEditor(QDialog):
    """``year_changed(int)`` asks the page for that year's rows; ``save_requested(year, entries)``."""

    year_changed = Signal(int)
    save_requested = Signal(int, list)

    def __init__(self, calc, year: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.calc = calc  # ws.dues.calc
        self.setWindowTitle("核定党费基数")
        self.resize(760, 560)
        self.rows: list = []  # BaseRow
        self._loading = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(18, 14, 18, 12)
        top = QHBoxLayout()
        top.addWidget(QLabel("年度："))
        self.year = QSpinBox()
        self.year.setRange(1990, date.today().year + 1)
        self.year.setValue(year)
        self.year.setSuffix(" 年")
        self.year.valueChanged.connect(self.year_changed.emit)
        top.addWidget(self.year)
        top.addSpacing(12)
        hint = QLabel("每年年初核定一次：在职党员填每月工资收入（税后），离退休党员填每月养老金，学生等按定额。")
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        top.addWidget(hint, 1)
        outer.addLayout(top)
        self.form_error = QLabel()
        self.form_error.setObjectName("formError")
        self.form_error.setWordWrap(True)
        self.form_error.hide()
        outer.addWidget(self.form_error)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(px(32))
        self.table.setSelectionMode(QTableWidget.NoSelection)
        for i, w in enumerate((90, 110, 130, 70, 100)):
            self.table.setColumnWidth(i, px(w))
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        outer.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        self.copy_button = QPushButton("按上年基数填入空白项")
        self.copy_button.clicked.connect(self.copy_last_year)
        bottom.addWidget(self.copy_button)
        self.status = QLabel()
        self.status.setObjectName("hint")
        bottom.addWidget(self.status, 1)
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton("保存", QDialogButtonBox.AcceptRole)
        self.save_button.setObjectName("primary")
        self.buttons.addButton("关闭", QDialogButtonBox.RejectRole)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        bottom.addWidget(self.buttons)
        outer.addLayout(bottom)

    # ---- rows -------------------------------------------------------------------------------
    def set_rows(self, year: int, rows) -> None:
        if year != self.year.value():
            return
        self._loading = True
        self.rows = list(rows)
        self.table.setRowCount(len(self.rows))
        for i, r in enumerate(self.rows):
            name = QTableWidgetItem(r.name)
            name.setFlags(Qt.ItemIsEnabled)
            self.table.setItem(i, NAME, name)
            combo = QComboBox()
            for c in DuesCategory:
                combo.addItem(c.label, c.value)
            combo.setCurrentIndex(max(0, combo.findData(r.base.category.value if r.base else "employed")))
            combo.currentIndexChanged.connect(lambda _i, row=i: self._recalc(row))
            self.table.setCellWidget(i, CATEGORY, combo)
            edit = QLineEdit(r.base.base_yuan if r.base else "")
            edit.setPlaceholderText("未核定")
            edit.setAlignment(Qt.AlignRight)
            edit.textChanged.connect(lambda _t, row=i: self._recalc(row))
            self.table.setCellWidget(i, BASE, edit)
            for col in (RATE, MONTHLY, STATE):
                item = QTableWidgetItem()
                item.setFlags(Qt.ItemIsEnabled)
                item.setTextAlignment((Qt.AlignRight if col == MONTHLY else Qt.AlignLeft) | Qt.AlignVCenter)
                self.table.setItem(i, col, item)
            self._recalc(i)
        self._loading = False
        fixed = sum(1 for r in self.rows if r.base)
        self.status.setText(f"{year}年：{len(self.rows)} 名党员，已核定 {fixed} 人")
        self.form_error.hide()

    def category(self, row: int) -> str:
        return self.table.cellWidget(row, CATEGORY).currentData()

    def base_text(self, row: int) -> str:
        return self.table.cellWidget(row, BASE).text().strip()

    def set_base(self, row: int, text: str, category: str | None = None) -> None:
        if category:
            combo = self.table.cellWidget(row, CATEGORY)
            combo.setCurrentIndex(max(0, combo.findData(category)))
        self.table.cellWidget(row, BASE).setText(text)

    def row_of(self, member_id: int) -> int:
        return next((i for i, r in enumerate(self.rows) if r.member_id == member_id), -1)

    def monthly_text(self, row: int) -> str:
        return self.table.item(row, MONTHLY).text()

    def changed(self, row: int) -> bool:
        r = self.rows[row]
        text, cat = self.base_text(row), self.category(row)
        if r.base is None:
            return bool(text) or cat in ("student", "unemployed", "relief")
        return text != r.base.base_yuan or cat != r.base.category.value

    def _recalc(self, row: int) -> None:
        text, cat = self.base_text(row), self.category(row)
        rate, monthly, state = self.table.item(row, RATE), self.table.item(row, MONTHLY), self.table.item(row, STATE)
        if rate is None:
            return
        error = ""
        if not text and cat not in ("student", "unemployed", "relief"):
            rate.setText("")
            monthly.setText("")
        else:
            try:
                q = self.calc(text or "0", category=cat)
                rate.setText(q.rate_label)
                monthly.setText(yuan(q.monthly_fen))
            except ZhibuError as exc:
                rate.setText("")
                monthly.setText("")
                error = str(exc)
        r = self.rows[row]
        if error:
            state.setText("金额有误")
            state.setToolTip(error)
            state.setForeground(QColor("#b3261e"))
        elif self.changed(row):
            state.setText("待保存")
            state.setToolTip("")
            state.setForeground(QColor("#7a4b00"))
        else:
            state.setText("已核定" if r.base else "未核定")
            state.setToolTip(f"按{r.base.rules_version}版规则核定" if r.base else "")
            state.setForeground(QColor("#1e6b34") if r.base else QColor("#8a8a8a"))

    def copy_last_year(self) -> int:
        n = 0
        for i, r in enumerate(self.rows):
            if r.base is None and not self.base_text(i) and r.last_year is not None:
                self.set_base(i, r.last_year.base_yuan, r.last_year.category.value)
                n += 1
        self.status.setText(f"已按上年基数填入 {n} 人，请核对后保存。" if n else "没有可按上年填入的空白项。")
        return n

    # ---- saving -----------------------------------------------------------------------------
    def entries(self) -> list[tuple[int, str, str]]:
        return [(r.member_id, self.base_text(i) or "0", self.category(i))
                for i, r in enumerate(self.rows) if self.changed(i)]

    def show_result(self, saved: int, errors: dict[int, str]) -> None:
        self.save_button.setEnabled(True)
        if errors:
            lines = [f"{self.rows[self.row_of(mid)].name}：{msg}" for mid, msg in errors.items()
                     if self.row_of(mid) >= 0]
            self.form_error.setText(f"已保存 {saved} 人；以下 {len(errors)} 人未保存：\n" + "\n".join(lines))
            self.form_error.show()
            for mid, msg in errors.items():
                row = self.row_of(mid)
                if row >= 0:
                    item = self.table.item(row, STATE)
                    item.setText("未保存")
                    item.setToolTip(msg)
                    item.setForeground(QColor("#b3261e"))
        else:
            self.form_error.hide()

    def _submit(self) -> None:
        entries = self.entries()
        if not entries:
            self.status.setText("没有需要保存的修改。")
            return
        self.save_button.setEnabled(False)
        self.save_requested.emit(self.year.value(), entries)
