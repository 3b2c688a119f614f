"""The attendance grid of a meeting: one row per expected member, click the 出勤 cell to go through
出席 → 请假 → 缺席, type the reason next to it.

Rows come from the service (the roster on the meeting day); the grid never adds or removes people by
itself. Counts are not computed here: the editor shows the service's derived figures.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableView,
                               QVBoxLayout, QWidget)

from desktop.domain.enums import MemberStatus
from desktop.domain.meeting_enums import AttendanceStatus
from desktop.domain.meeting_rules import AttendanceInput
from ui.theme import px
from ui.widgets.row_list_model import RowListModel

S = AttendanceStatus
NEXT = {S.UNMARKED: S.PRESENT, S.PRESENT: S.ON_LEAVE, S.ON_LEAVE: S.ABSENT, S.ABSENT: S.PRESENT}
COLORS = {S.PRESENT: ("#1e6b34", "#e3f1e6"), S.ON_LEAVE: ("#8a5a00", "#fbf0d9"), S.ABSENT: ("#a4262c", "#f8e1e1"),
          S.UNMARKED: ("#7a7a7a", "#f1f1ee")}
HEADERS = ("序号", "姓名", "身份", "党小组", "出勤", "原因")
COL_NAME, COL_STATUS, COL_REASON = 1, 4, 5


@dataclass(frozen=True)
class AttendanceRow:
    member_id: int
    name: str
    member_status: MemberStatus
    group_name: str = ""
    status: AttendanceStatus = S.UNMARKED
    reason: str = ""


class AttendanceModel(RowListModel):
    changed = Signal()
    titles = HEADERS

    def __init__(self, parent=None):
        super().__init__(parent)
        self.read_only = False

    # ---- data -------------------------------------------------------------------------------
    def set_status(self, row: int, status: AttendanceStatus) -> None:
        r = self._rows[row]
        reason = "" if status == S.PRESENT else r.reason
        self.replace_row(row, replace(r, status=AttendanceStatus(status), reason=reason))
        self.changed.emit()

    def cycle(self, row: int) -> None:
        if not self.read_only and 0 <= row < len(self._rows):
            self.set_status(row, NEXT[self._rows[row].status])

    def set_reason(self, row: int, reason: str) -> None:
        self.replace_row(row, replace(self._rows[row], reason=reason), COL_REASON, COL_REASON)
        self.changed.emit()

    # ---- Qt API -----------------------------------------------------------------------------
    def flags(self, index: QModelIndex):
        base = Qt.ItemIsEnabled | Qt.ItemIsSelectable
        if (index.column() == COL_REASON and not self.read_only
                and self._rows[index.row()].status in (S.ON_LEAVE, S.ABSENT)):
            return base | Qt.ItemIsEditable
        return base

    def data(self, index: QModelIndex, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        r, col = self._rows[index.row()], index.column()
        if role == Qt.DisplayRole:
            if col == 0:
                return str(index.row() + 1)
            if col == COL_NAME:
                return r.name
            if col == 2:
                return MemberStatus(r.member_status).label
            if col == 3:
                return r.group_name
            if col == COL_STATUS:
                return r.status.label
            if col == COL_REASON:
                if r.reason or r.status not in (S.ON_LEAVE, S.ABSENT):
                    return r.reason
                return "（双击填写原因）" if not self.read_only else ""
        if role == Qt.EditRole and col == COL_REASON:
            return r.reason
        if role == Qt.ForegroundRole:
            if col == COL_STATUS:
                return QColor(COLORS[r.status][0])
            if col == COL_REASON and not r.reason:
                return QColor("#a0a0a0")
            if col == 2 and r.member_status == MemberStatus.PROBATIONARY:
                return QColor("#8a5a00")
        if role == Qt.BackgroundRole and col == COL_STATUS:
            return QColor(COLORS[r.status][1])
        if role == Qt.TextAlignmentRole and col in (0, COL_STATUS):
            return int(Qt.AlignCenter)
        if role == Qt.ToolTipRole and col == COL_STATUS and not self.read_only:
            return "单击切换：出席 → 请假 → 缺席（也可按空格键）"
        return None

    def setData(self, index: QModelIndex, value, role=Qt.EditRole) -> bool:  # noqa: N802
        if role != Qt.EditRole or index.column() != COL_REASON or self.read_only:
            return False
        self.set_reason(index.row(), str(value or "").strip())
        return True


class _Table(QTableView):
    """Space toggles the current row's status, like a click on its 出勤 cell."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        index = self.currentIndex()
        if event.key() == Qt.Key_Space and index.isValid() and self.state() != QAbstractItemView.EditingState:
            self.model().cycle(index.row())
            return
        super().keyPressEvent(event)


class AttendanceGrid(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = AttendanceModel(self)
        self.model.changed.connect(self.changed.emit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.hint = QLabel("单击“出勤”一栏切换出席、请假、缺席；请假和缺席请填写原因。应到名单按会议当天的党员名册生成。")
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        bar.addWidget(self.hint, 1)
        self.rest_present = QPushButton("其余未登记的标为出席")
        self.rest_present.setToolTip("只改动尚未登记的人；已标为请假或缺席的不变")
        self.rest_present.clicked.connect(self.mark_rest_present)
        bar.addWidget(self.rest_present)
        layout.addLayout(bar)
        self.table = _Table()
        self.table.setObjectName("attendanceGrid")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed
                                   | QAbstractItemView.AnyKeyPressed)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(px(28))
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setHighlightSections(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        for col, width in enumerate((46, 90, 80, 100, 70)):
            self.table.setColumnWidth(col, px(width))
        self.table.clicked.connect(self._clicked)
        layout.addWidget(self.table, 1)
        self.empty = QLabel()
        self.empty.setObjectName("hint")
        self.empty.setWordWrap(True)
        self.empty.hide()
        layout.addWidget(self.empty)

    def _clicked(self, index: QModelIndex) -> None:
        if index.column() == COL_STATUS:
            self.model.cycle(index.row())

    # ---- public API -------------------------------------------------------------------------
    def set_rows(self, rows: list[AttendanceRow]) -> None:
        self.model.set_rows(rows)
        self.empty.setVisible(not rows)
        self.empty.setText("该日期没有应参加本次会议的党员。请检查会议日期、类型或党小组；支委会需要先录入支委会选举结果。")

    def set_expected(self, expected, keep: dict[int, AttendanceRow] | None = None) -> None:
        """Rows for the service's expected list, keeping what was already marked for people still expected."""
        keep = keep if keep is not None else {r.member_id: r for r in self.model.rows()}
        rows = []
        for e in expected:
            old = keep.get(e.member_id)
            rows.append(AttendanceRow(e.member_id, e.name, e.member_status, e.group_name,
                                      old.status if old else S.UNMARKED, old.reason if old else ""))
        self.set_rows(rows)

    def rows(self) -> list[AttendanceRow]:
        return self.model.rows()

    def inputs(self) -> list[AttendanceInput]:
        return [AttendanceInput(r.member_id, r.status, r.reason) for r in self.model.rows()]

    def set_read_only(self, read_only: bool) -> None:
        self.model.read_only = read_only
        self.rest_present.setVisible(not read_only)
        self.hint.setVisible(not read_only)
        self.model.layoutChanged.emit()

    def mark_rest_present(self) -> None:
        for i, r in enumerate(self.model.rows()):
            if r.status == S.UNMARKED:
                self.model.set_status(i, S.PRESENT)

    def cycle(self, row: int) -> None:
        self.model.cycle(row)

    def status_of(self, member_id: int) -> AttendanceStatus | None:
        i = self.model.row_of(member_id)
        return self.model.rows()[i].status if i >= 0 else None
