"""History of a finalized record: the original 定稿 and each 更正 / 补充说明 / 作废, with entry time, lag
from the meeting, flags (补录, 时钟异常) and the chain position; selecting a version shows its full text."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QSplitter, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from ui.display import fmt_datetime
from ui.theme import px

MEETING_FIELDS = {
    "title": "标题", "start": "开始时间", "end": "结束时间", "place": "地点", "group": "党小组", "chair": "主持人",
    "recorder": "记录人", "lecturer": "讲课人", "topic": "党课题目", "theme": "主题", "study_minutes": "计入学时",
    "observers": "列席人员", "upper_attendees": "上级参加人员", "agenda": "议题", "content": "会议内容",
    "preparation": "会前准备", "attendance": "出勤", "resolutions": "决议", "notes": "查摆问题与批评",
    "rectifications": "整改事项", "attachments": "附件",
}


def lag_text(lag) -> str:
    """How long after the meeting (or talk, or round) a version was entered: "3 天", "5 小时", "不到 1 小时"."""
    if lag is None:
        return "—"
    if lag.days >= 1:
        return f"{lag.days} 天"
    hours = int(lag.total_seconds() // 3600)
    return f"{hours} 小时" if hours >= 1 else "不到 1 小时"


def flags_of(entry) -> str:
    if entry is None:
        return ""
    flags = []
    if entry.late_entry:
        flags.append("补录")
    if entry.clock_anomaly:
        flags.append("时钟异常")
    return "、".join(flags)


class HistoryView(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._versions: list = []
        self._render: Callable = lambda record, supplements: ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.hint = QLabel("每一次定稿、更正、补充说明和作废都记入纪实链，不能修改。选中一个版本查看当时的完整内容。")
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.tree = QTreeWidget()
        self.tree.setObjectName("historyTree")
        self.tree.setHeaderLabels(["版本", "纪实序号", "录入时间", "距会议", "标记", "原因及改动"])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        for col, width in enumerate((110, 70, 150, 70, 90)):
            self.tree.setColumnWidth(col, px(width))
        self.tree.currentItemChanged.connect(lambda cur, _prev: self._show(cur))
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        split = QSplitter(Qt.Vertical)
        split.addWidget(self.tree)
        split.addWidget(self.text)
        split.setSizes([160, 320])
        layout.addWidget(split, 1)

    def set_versions(self, versions, render: Callable, fields: dict[str, str] | None = None, claimed=None) -> None:
        """``claimed`` is when the recorded event happened (lag of amendments is measured from it)."""
        fields = fields or MEETING_FIELDS
        self._versions, self._render = list(versions), render
        self.tree.clear()
        original = versions[0].entry if versions else None
        claimed = claimed or (original.claimed_at if original else None)
        for i, v in enumerate(versions):
            e, am = v.entry, v.amendment
            if am is None:
                label, why = "定稿（原始记录）", ""
            else:
                label = am.kind.label
                parts = [am.reason] if am.reason else []
                if am.changes:
                    parts.append("改动：" + "、".join(fields.get(k, k) for k in sorted(am.changes)))
                if am.note:
                    parts.append(f"说明：{am.note}")
                if am.attachments:
                    parts.append("附件：" + "、".join(a.name for a in am.attachments))
                why = "；".join(parts)
            lag = (e.entered_at - claimed) if (e is not None and claimed is not None) else None
            item = QTreeWidgetItem([label, str(e.seq) if e else "—", fmt_datetime(e.entered_at) if e else "—",
                                    lag_text(lag), flags_of(e), why])
            item.setToolTip(5, why)
            item.setToolTip(1, f"哈希 {e.hash}" if e else "")
            item.setData(0, Qt.UserRole, i)
            if flags_of(e):
                item.setForeground(4, QColor("#a4262c"))
            self.tree.addTopLevelItem(item)
        if versions:
            self.tree.setCurrentItem(self.tree.topLevelItem(len(versions) - 1))

    def _show(self, item) -> None:
        if item is None:
            self.text.clear()
            return
        v = self._versions[item.data(0, Qt.UserRole)]
        self.text.setPlainText(self._render(v.record, v.supplements))

    def version_labels(self) -> list[str]:
        return [self.tree.topLevelItem(i).text(0) for i in range(self.tree.topLevelItemCount())]

    def row_texts(self, i: int) -> list[str]:
        item = self.tree.topLevelItem(i)
        return [item.text(c) for c in range(self.tree.columnCount())]
