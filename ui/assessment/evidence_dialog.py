"""佐证记录: pick the year's records (会议记录, 谈心谈话, 民主评议) that support a manual score."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QVBoxLayout, QWidget)

TYPES = (("", "全部记录"), ("meeting", "会议记录"), ("heart_talk", "谈心谈话"), ("evaluation", "民主评议"))


class EvidenceDialog(QDialog):
    def __init__(self, title: str, records, chosen, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"选择佐证记录 — {title}")
        self.resize(520, 480)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 14, 16, 12)
        hint = QLabel("勾选能够说明本项得分的记录（本年度的会议记录、谈心谈话和民主评议）。")
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        outer.addWidget(hint)
        bar = QHBoxLayout()
        self.kind = QComboBox()
        for key, label in TYPES:
            self.kind.addItem(label, key)
        self.kind.currentIndexChanged.connect(lambda _i: self._filter())
        self.search = QLineEdit()
        self.search.setPlaceholderText("按日期或类型筛选，如“3月”“党课”")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self._filter())
        bar.addWidget(self.kind)
        bar.addWidget(self.search, 1)
        outer.addLayout(bar)
        self.list = QListWidget()
        chosen = set(chosen)
        known = {r.ref for r in records}
        for r in records:
            self._add(r.ref, r.label, r.record_type, r.ref in chosen)
        for ref in sorted(chosen - known):  # evidence from another year stays checked
            self._add(ref, f"其他年度的记录（{ref}）", ref.split(":")[0], True)
        self.list.itemChanged.connect(lambda _i: self._count())
        outer.addWidget(self.list, 1)
        self.count = QLabel()
        outer.addWidget(self.count)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText("确定")
        buttons.button(QDialogButtonBox.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        self._count()

    def _add(self, ref: str, label: str, record_type: str, checked: bool) -> None:
        item = QListWidgetItem(label)
        item.setData(Qt.UserRole, ref)
        item.setData(Qt.UserRole + 1, record_type)
        item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
        item.setCheckState(Qt.Checked if checked else Qt.Unchecked)
        self.list.addItem(item)

    def _filter(self) -> None:
        kind, text = self.kind.currentData(), self.search.text().strip()
        for i in range(self.list.count()):
            item = self.list.item(i)
            hidden = bool(kind and item.data(Qt.UserRole + 1) != kind) or bool(text and text not in item.text())
            item.setHidden(hidden)

    def _count(self) -> None:
        self.count.setText(f"已选 {len(self.chosen())} 条")

    def set_checked(self, ref: str, checked: bool = True) -> None:
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.UserRole) == ref:
                self.list.item(i).setCheckState(Qt.Checked if checked else Qt.Unchecked)

    def chosen(self) -> tuple[str, ...]:
        return tuple(self.list.item(i).data(Qt.UserRole) for i in range(self.list.count())
                     if self.list.item(i).checkState() == Qt.Checked)
