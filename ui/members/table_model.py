"""A table model over ``MemberView`` dataclasses (not strings), sortable through a proxy."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor

from ui.display import fmt_date

SORT_ROLE = Qt.UserRole + 1
MEMBER_ROLE = Qt.UserRole + 2


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    text: Callable[[Any], str]
    sort: Callable[[Any, int], Any]  # (member, position in the service's order) -> sort key
    width: int = 90


def _date_sort(attr: str):
    return lambda m, _pos: (getattr(m, attr).toordinal() if getattr(m, attr) else 0)


def _text_sort(attr: str):
    return lambda m, _pos: str(getattr(m, attr) or "")


COLUMNS: tuple[Column, ...] = (
    # 姓名 sorts by the chosen name order (姓氏笔画 / 拼音 / 花名册), which the service already applied.
    Column("name", "姓名", lambda m: m.name, lambda _m, pos: pos, 76),
    Column("gender", "性别", lambda m: m.gender, _text_sort("gender"), 46),
    Column("birth_date", "出生日期", lambda m: fmt_date(m.birth_date), _date_sort("birth_date"), 110),
    Column("id_masked", "身份证号", lambda m: m.id_masked or "", _text_sort("id_masked"), 152),
    Column("education", "学历", lambda m: m.education, _text_sort("education"), 76),
    Column("joined_on", "入党时间", lambda m: fmt_date(m.joined_on), _date_sort("joined_on"), 110),
    Column("full_on", "转正时间", lambda m: fmt_date(m.full_on), _date_sort("full_on"), 110),
    Column("status", "状态", lambda m: m.status_label if m.active else f"{m.status_label}（已离开）",
           _text_sort("status_label"), 74),
    Column("group_name", "党小组", lambda m: m.group_name or "", _text_sort("group_name"), 96),
    Column("phone", "联系电话", lambda m: m.phone, _text_sort("phone"), 118),
    Column("position", "职务", lambda m: m.position, _text_sort("position"), 140),
)


class MemberTableModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._members: list = []

    def set_members(self, members: list) -> None:
        self.beginResetModel()
        self._members = list(members)
        self.endResetModel()

    def members(self) -> list:
        return list(self._members)

    def member_at(self, row: int):
        return self._members[row] if 0 <= row < len(self._members) else None

    def row_of(self, member_id: int) -> int:
        return next((i for i, m in enumerate(self._members) if m.id == member_id), -1)

    # ---- Qt API -----------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._members)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation, role=Qt.DisplayRole):  # noqa: N802
        if orientation == Qt.Horizontal and role == Qt.DisplayRole and 0 <= section < len(COLUMNS):
            return COLUMNS[section].title
        if orientation == Qt.Vertical and role == Qt.DisplayRole:
            return str(section + 1)
        return None

    def data(self, index: QModelIndex, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        member = self._members[index.row()]
        column = COLUMNS[index.column()]
        if role == Qt.DisplayRole:
            return column.text(member)
        if role == SORT_ROLE:
            return column.sort(member, index.row())
        if role == MEMBER_ROLE:
            return member
        if role == Qt.ForegroundRole and not member.active:
            return QColor("#8a8a8a")
        if role == Qt.ForegroundRole and column.key == "status" and member.status_label == "预备党员":
            return QColor("#8a5a00")
        if role == Qt.ToolTipRole and column.key == "id_masked" and member.id_masked:
            return "身份证号中间部分已隐藏"
        return None


class MemberProxyModel(QSortFilterProxyModel):
    """Sorting by typed keys; an extra local text filter for instant narrowing (the service does search)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)

    def member_at(self, proxy_row: int):
        source = self.mapToSource(self.index(proxy_row, 0))
        return self.sourceModel().member_at(source.row()) if source.isValid() else None
