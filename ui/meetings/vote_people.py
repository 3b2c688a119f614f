"""监票人 and 计票人 of the resolution chosen in the 决议 table (kept with each row, so a save never drops them)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTableWidget, QWidget

from ui.widgets.name_refs import RefsEdit

ROLE = Qt.UserRole + 7  # on a row's first item: (scrutineers, tellers) as tuples of Ref


def row_people(table: QTableWidget, row: int) -> tuple[tuple, tuple]:
    item = table.item(row, 0)
    people = item.data(ROLE) if item is not None else None
    return tuple(people) if people else ((), ())


def set_row_people(table: QTableWidget, row: int, scrutineers, tellers) -> None:
    item = table.item(row, 0)
    if item is None:
        return
    table.blockSignals(True)
    item.setData(ROLE, (tuple(scrutineers), tuple(tellers)))
    names = "；".join(f"{label}：{'、'.join(r.name for r in refs)}"
                     for label, refs in (("监票人", scrutineers), ("计票人", tellers)) if refs)
    item.setToolTip(names or "双击填写决议内容")
    table.blockSignals(False)


class VotePeopleBar(QWidget):
    """Under the table: the chosen row's 监票人 and 计票人 (members of the day by name, or other names)."""

    changed = Signal()

    def __init__(self, table: QTableWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.table = table
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel("所选决议的监票人：")
        self.scrutineers = RefsEdit("多人用顿号分隔")
        self.scrutineers.setObjectName("scrutineersEdit")
        self.tellers = RefsEdit("多人用顿号分隔")
        self.tellers.setObjectName("tellersEdit")
        row.addWidget(self.label)
        row.addWidget(self.scrutineers, 1)
        row.addWidget(QLabel("计票人："))
        row.addWidget(self.tellers, 1)
        for edit in (self.scrutineers, self.tellers):
            edit.changed.connect(self._store)
        table.currentCellChanged.connect(lambda row, *_a: self.show_row(row))
        self.show_row(-1)

    def set_roster(self, members) -> None:
        self.scrutineers.set_roster(members)
        self.tellers.set_roster(members)

    def show_row(self, row: int) -> None:
        scrutineers, tellers = row_people(self.table, row) if row >= 0 else ((), ())
        self.scrutineers.set_refs(scrutineers)
        self.tellers.set_refs(tellers)
        self.setEnabled(row >= 0 and self.property("editable") is not False)

    def _store(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        set_row_people(self.table, row, self.scrutineers.refs(), self.tellers.refs())
        self.changed.emit()

    def set_editable(self, editable: bool) -> None:
        self.setProperty("editable", editable)
        for edit in (self.scrutineers, self.tellers):
            edit.setReadOnly(not editable)
        self.setEnabled(self.table.currentRow() >= 0)
