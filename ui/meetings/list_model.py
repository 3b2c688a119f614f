"""A table model over ``MeetingSummary`` dataclasses, sortable through a proxy (dates sort as dates)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor, QFont

from desktop.domain.meeting_enums import RecordStatus
from ui.display import fmt_date
from ui.widgets.row_list_model import RowListModel

SORT_ROLE = Qt.UserRole + 1


def flags_text(s) -> str:
    """补录 / 时钟异常 / 有更正或补充 (any amendment), as shown wherever a record appears."""
    parts = []
    if getattr(s, "late_entry", False):
        parts.append("补录")
    if getattr(s, "clock_anomaly", False):
        parts.append("时钟异常")
    if getattr(s, "amended", False):
        parts.append("有更正或补充")
    return "、".join(parts)


@dataclass(frozen=True)
class Column:
    title: str
    text: Callable[[Any], str]
    sort: Callable[[Any], Any]
    width: int


COLUMNS = (
    Column("日期", lambda s: fmt_date(s.start), lambda s: f"{s.start.isoformat()}#{s.id:08d}", 118),
    Column("时间", lambda s: f"{s.start:%H:%M}" + (f"–{s.end:%H:%M}" if s.end else ""), lambda s: f"{s.start:%H:%M}", 88),
    Column("类型", lambda s: s.kind.label, lambda s: s.kind.label, 104),
    Column("标题", lambda s: s.title, lambda s: s.title, 190),
    Column("地点", lambda s: s.place, lambda s: s.place, 100),
    Column("应到/实到", lambda s: f"{s.expected} / {s.present}" if s.expected else "—", lambda s: s.present, 80),
    Column("状态", lambda s: s.status.label, lambda s: s.status.value, 66),
    Column("标记", flags_text, flags_text, 84),
)


class MeetingTableModel(RowListModel):
    titles = tuple(c.title for c in COLUMNS) + ("报送",)  # the last column: what the committee has confirmed
    ack = None  # ui.sync.data.AckView, set with the rows

    def set_ack(self, ack) -> None:
        self.ack = ack

    def row_of(self, meeting_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == meeting_id), -1)

    def data(self, index: QModelIndex, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        if index.column() == len(COLUMNS):
            return self._sync_data(self._rows[index.row()], role)
        s, col = self._rows[index.row()], COLUMNS[index.column()]
        if role == Qt.DisplayRole:
            return col.text(s)
        if role == SORT_ROLE:
            return col.sort(s)
        if role == Qt.ForegroundRole:
            if s.status == RecordStatus.VOID:
                return QColor("#9a9a9a")
            if col.title == "状态" and s.status == RecordStatus.DRAFT:
                return QColor("#8a5a00")
            if col.title == "标记" and (s.late_entry or s.clock_anomaly):
                return QColor("#a4262c")
        if role == Qt.FontRole and s.status == RecordStatus.VOID and col.title == "标题":
            f = QFont()
            f.setStrikeOut(True)
            return f
        if role == Qt.ToolTipRole and col.title == "标记":
            tips = []
            if s.late_entry:
                tips.append("补录：定稿时间距会议超过规定天数")
            if s.clock_anomaly:
                tips.append("时钟异常：录入时电脑时间早于前一条纪实记录")
            if s.amended:
                tips.append("定稿后有更正、补充说明或作废，打开可查看历史")
            return "\n".join(tips) or None
        return None


    def _sync_data(self, s, role):
        from ui.sync.data import ack_text, review_text

        review, tip = review_text(self.ack, "meeting", s.id)
        if review:  # the committee's 审阅 comes first: a 退回 needs the branch's answer
            if role in (Qt.DisplayRole, SORT_ROLE):
                return review
            if role == Qt.ForegroundRole:
                return QColor("#b3261e") if review.startswith("工委退回：") else QColor("#2e7d32")
            return tip if role == Qt.ToolTipRole else None
        text = ack_text(s.status.value, s.ledger_seq, self.ack)
        if role in (Qt.DisplayRole, SORT_ROLE):
            return text
        if role == Qt.ForegroundRole and text:
            return QColor("#2e7d32") if text.startswith("已报送") else QColor("#8a5a00")
        if role == Qt.ToolTipRole and text:
            return (f"{text}：机关工委已收到并保存了这条记录，回执已导入（见“报送”页）" if text.startswith("已报送")
                    else "这条记录还没有得到工委的回执：导出数据包交给工委，再导入工委的回执")
        return None


class MeetingProxyModel(QSortFilterProxyModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)

    def row_at(self, proxy_row: int):
        source = self.mapToSource(self.index(proxy_row, 0))
        return self.sourceModel().row_at(source.row()) if source.isValid() else None

