"""议题 and 决议: the agenda (one item per line) and the resolutions with their votes.

举手表决 records 赞成/反对/弃权; 无记名投票 (e.g. 发展党员) also 发出/收回 ballots, with 同意 as the votes for,
and its 监票人 / 计票人 (``vote_people``).
Whether a resolution passed comes from the service (more than half of the voting members due to attend).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QPlainTextEdit,
                               QPushButton, QSpinBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from desktop.domain.meeting_enums import VoteMethod
from desktop.domain.meeting_records import Resolution

from ui.meetings.vote_people import VotePeopleBar, row_people, set_row_people
from ui.theme import px

HEADERS = ("决议内容", "表决方式", "赞成/同意", "反对", "弃权", "发出票", "收回票", "结果")
VOTE_COLS = (2, 3, 4, 5, 6)
RESULT_COL = 7


def _count_box() -> QSpinBox:
    box = QSpinBox()
    box.setRange(-1, 9999)
    box.setSpecialValueText("—")
    box.setValue(-1)
    box.setToolTip("不填写时保持“—”")
    return box


class ResolutionsEditor(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.editable = True
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("议题（每行一项）："))
        self.agenda = QPlainTextEdit()
        self.agenda.setPlaceholderText("会议的议题，每行一项。")
        self.agenda.setMaximumHeight(110)
        self.agenda.textChanged.connect(self.changed.emit)
        layout.addWidget(self.agenda)
        head = QHBoxLayout()
        head.addWidget(QLabel("决议及表决情况："))
        head.addStretch(1)
        self.add_button = QPushButton("添加决议")
        self.add_button.clicked.connect(lambda: self.add_row())
        self.remove_button = QPushButton("删除所选")
        self.remove_button.clicked.connect(self.remove_selected)
        head.addWidget(self.add_button)
        head.addWidget(self.remove_button)
        layout.addLayout(head)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("resolutionsTable")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        for col, width in zip(range(1, len(HEADERS)), (104, 78, 64, 64, 64, 64, 70)):
            self.table.setColumnWidth(col, px(width))
        self.table.verticalHeader().setDefaultSectionSize(px(30))
        self.table.itemChanged.connect(lambda item: item.column() == 0 and self.changed.emit())
        layout.addWidget(self.table, 1)
        self.people = VotePeopleBar(self.table)
        self.people.changed.connect(self.changed.emit)
        layout.addWidget(self.people)
        hint = QLabel("决议须经应到会有表决权党员（支委会为应到委员）半数以上同意才能通过；预备党员没有表决权。")
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        layout.addWidget(hint)

    # ---- rows -------------------------------------------------------------------------------
    def add_row(self, r: Resolution | None = None) -> int:
        r = r or Resolution("")
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.blockSignals(True)
        self.table.setItem(row, 0, QTableWidgetItem(r.text))
        self.table.item(row, 0).setToolTip("双击填写决议内容")
        set_row_people(self.table, row, r.scrutineers, r.tellers)
        result = QTableWidgetItem("")
        result.setFlags(Qt.ItemIsEnabled)
        self.table.setItem(row, RESULT_COL, result)
        self.table.blockSignals(False)
        method = QComboBox()
        for m in VoteMethod:
            method.addItem(m.label, m.value)
        method.setCurrentIndex(method.findData(VoteMethod(r.method).value))
        method.currentIndexChanged.connect(lambda _i: self._method_changed())
        self.table.setCellWidget(row, 1, method)
        values = (r.votes_for, r.votes_against, r.votes_abstain, r.ballots_issued, r.ballots_returned)
        for col, value in zip(VOTE_COLS, values):
            box = _count_box()
            box.setValue(-1 if value is None else value)
            box.valueChanged.connect(lambda _v: self.changed.emit())
            self.table.setCellWidget(row, col, box)
        self._method_changed(emit=False)
        if self.editable and not r.text:
            self.table.setCurrentCell(row, 0)
        self.changed.emit()
        return row

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()} | {self.table.currentRow()}, reverse=True)
        for row in rows:
            if row >= 0:
                self.table.removeRow(row)
        self.changed.emit()

    def _method_changed(self, emit: bool = True) -> None:
        for row in range(self.table.rowCount()):
            ballot = self.table.cellWidget(row, 1).currentData() == VoteMethod.BALLOT.value
            for col in (5, 6):
                box = self.table.cellWidget(row, col)
                box.setEnabled(ballot and self.editable)
                if not ballot:
                    box.setValue(-1)
        if emit:
            self.changed.emit()

    # ---- values -----------------------------------------------------------------------------
    def load(self, agenda: list[str], resolutions) -> None:
        self.agenda.setPlainText("\n".join(agenda))
        self.table.setRowCount(0)
        for r in resolutions:
            self.add_row(r)

    def agenda_items(self) -> list[str]:
        return [line.strip() for line in self.agenda.toPlainText().splitlines() if line.strip()]

    def resolutions(self) -> list[Resolution]:
        out = []
        for row in range(self.table.rowCount()):
            text = self.table.item(row, 0).text() if self.table.item(row, 0) else ""
            counts = [self.table.cellWidget(row, c).value() for c in VOTE_COLS]
            counts = [None if v < 0 else v for v in counts]
            out.append(Resolution(text, VoteMethod(self.table.cellWidget(row, 1).currentData()), *counts,
                                  *row_people(self.table, row)))
        return out

    def set_text(self, row: int, text: str) -> None:
        self.table.item(row, 0).setText(text)

    def set_votes(self, row: int, votes_for=None, against=None, abstain=None) -> None:
        for col, v in zip((2, 3, 4), (votes_for, against, abstain)):
            self.table.cellWidget(row, col).setValue(-1 if v is None else v)

    def show_passed(self, passed) -> None:
        for row in range(self.table.rowCount()):
            ok = passed[row] if row < len(passed) else None
            item = self.table.item(row, RESULT_COL)
            item.setText({True: "通过", False: "未通过", None: "—"}[ok])
            item.setForeground(QColor({True: "#1e6b34", False: "#a4262c", None: "#8a8a8a"}[ok]))

    def set_roster(self, members) -> None:
        """Members of the meeting day, offered as 监票人 / 计票人."""
        self.people.set_roster(members)

    def set_editable(self, editable: bool) -> None:
        self.editable = editable
        self.people.set_editable(editable)
        self.agenda.setReadOnly(not editable)
        self.add_button.setVisible(editable)
        self.remove_button.setVisible(editable)
        self.table.setEditTriggers(QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed
                                   if editable else QAbstractItemView.NoEditTriggers)
        for row in range(self.table.rowCount()):
            for col in (1, *VOTE_COLS):
                self.table.cellWidget(row, col).setEnabled(editable)
        if editable:
            self._method_changed(emit=False)
