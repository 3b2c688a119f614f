"""A table model over a list of plain row objects (service results, or frozen dataclasses being edited).

Subclasses give ``titles`` (the column headers) and ``data()`` (and ``flags()``/``setData()`` when editable);
the row bookkeeping is the same everywhere.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt


class RowListModel(QAbstractTableModel):
    titles: tuple[str, ...] = ()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list = []

    def set_rows(self, rows) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list:
        return list(self._rows)

    def row_at(self, row: int):
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, member_id: int) -> int:
        """The row of the member (rows with a ``member_id``), or -1."""
        return next((i for i, r in enumerate(self._rows) if r.member_id == member_id), -1)

    def replace_row(self, row: int, new, first_col: int = 0, last_col: int | None = None) -> None:
        """Put ``new`` in place of row ``row`` and repaint its columns ``first_col``..``last_col`` (default all)."""
        self._rows[row] = new
        last = len(self.titles) - 1 if last_col is None else last_col
        self.dataChanged.emit(self.index(row, first_col), self.index(row, last))

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.titles)

    def headerData(self, section, orientation, role=Qt.DisplayRole):  # noqa: N802
        if orientation == Qt.Horizontal and role == Qt.DisplayRole and 0 <= section < len(self.titles):
            return self.titles[section]
        return None
