"""A read-only table model over a list of frozen dataclasses, described by columns; sortable by typed keys.

Shared by the 党费 and 发展党员 tables. Money columns get their text from the service's fen values through
:func:`yuan` (``¥97.50``), never through floats.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor

from desktop.domain.dues_rules import format_yuan
from ui.widgets.row_list_model import RowListModel
from ui.theme import px

SORT_ROLE = Qt.UserRole + 1
ROW_ROLE = Qt.UserRole + 2


def yuan(fen: int | None, empty: str = "") -> str:
    """Fen → ``¥97.50`` (``empty`` for None)."""
    return empty if fen is None else f"¥{format_yuan(fen)}"


@dataclass(frozen=True)
class Column:
    title: str
    text: Callable[[Any], str]
    sort: Callable[[Any], Any] | None = None  # default: the text
    width: int = 90
    align: str = "left"  # left | right | center
    colour: Callable[[Any], str | None] | None = None  # text colour per row
    tip: Callable[[Any], str] | None = None


class RowsModel(RowListModel):
    def __init__(self, columns: tuple[Column, ...], parent=None):
        super().__init__(parent)
        self.columns = columns  # the sheet's columns change with the year shown

    @property
    def titles(self) -> tuple[str, ...]:
        return tuple(c.title for c in self.columns)

    def data(self, index: QModelIndex, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        row, col = self._rows[index.row()], self.columns[index.column()]
        if role == Qt.DisplayRole:
            return col.text(row)
        if role == SORT_ROLE:
            return col.sort(row) if col.sort else col.text(row)
        if role == ROW_ROLE:
            return row
        if role == Qt.TextAlignmentRole:
            horizontal = {"right": Qt.AlignRight, "center": Qt.AlignHCenter}.get(col.align, Qt.AlignLeft)
            return int(horizontal | Qt.AlignVCenter)
        if role == Qt.ForegroundRole and col.colour:
            colour = col.colour(row)
            return QColor(colour) if colour else None
        if role == Qt.ToolTipRole and col.tip:
            return col.tip(row) or None
        return None


class RowsProxy(QSortFilterProxyModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)

    def row_at(self, proxy_row: int):
        source = self.mapToSource(self.index(proxy_row, 0))
        return self.sourceModel().row_at(source.row()) if source.isValid() else None

    def lessThan(self, left, right) -> bool:  # noqa: N802 - Qt API
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if a is None or b is None:
            return (a is None) and (b is not None)
        try:
            return a < b
        except TypeError:
            return str(a) < str(b)


def setup_table(table, model: RowsModel, proxy: RowsProxy) -> None:
    """The look shared by the read-only tables of these pages."""
    from PySide6.QtWidgets import QAbstractItemView

    proxy.setSourceModel(model)
    table.setModel(proxy)
    table.setSelectionBehavior(QAbstractItemView.SelectRows)
    table.setSelectionMode(QAbstractItemView.SingleSelection)
    table.setEditTriggers(QAbstractItemView.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setSortingEnabled(True)
    table.sortByColumn(-1, Qt.AscendingOrder)  # the service's order until a header is clicked
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(px(28))
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setHighlightSections(False)
    for i, col in enumerate(model.columns):
        table.setColumnWidth(i, px(col.width))
