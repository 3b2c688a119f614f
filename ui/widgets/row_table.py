"""A read-only table of whole rows: the list views of the 报送 and committee pages."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from ui.theme import px


def read_only_table(model: QAbstractItemModel, name: str, widths: tuple[int, ...], *,
                    single: bool = True) -> QTableView:
    """Rows selected whole, nothing editable, alternating colours, the last column stretched."""
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectRows)
    if single:
        table.setSelectionMode(QAbstractItemView.SingleSelection)
    table.setEditTriggers(QAbstractItemView.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(px(28))
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
    for i, w in enumerate(widths):
        table.setColumnWidth(i, px(w))
    return table
