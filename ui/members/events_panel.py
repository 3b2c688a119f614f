"""The selected member's membership history (入党, 转入, 转正, 转出 …) and the 记录变动 dialog."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QComboBox, QDialog, QFormLayout, QFrame, QHBoxLayout, QLabel,
                               QLineEdit, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from desktop.domain.enums import MembershipEventKind
from ui.display import fmt_date
from ui.widgets.date_edit import DateEdit
from ui.widgets.form_field import SubmitBar
from ui.widgets.screen_fit import scroll_dialog_body
from ui.theme import px


class EventDialog(QDialog):
    submitted = Signal(object, object, str)  # kind, date, note

    def __init__(self, member_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"记录组织关系变动 — {member_name}")
        self.setMinimumWidth(500)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        form = QFormLayout()
        form.setVerticalSpacing(10)
        self.kind = QComboBox()
        for kind in MembershipEventKind:
            self.kind.addItem(kind.label, kind.value)  # Qt would turn the str-enum into a plain str
        self.kind.setCurrentIndex(-1)
        self.kind.setPlaceholderText("请选择变动类型")
        self.on = DateEdit(default_date=date.today())
        self.on.setValue(date.today())
        self.note = QLineEdit()
        self.note.setPlaceholderText("例如：转往市财政局机关党支部；支部大会决议号")
        form.addRow("变动类型：", self.kind)
        form.addRow("日期：", self.on)
        form.addRow("说明：", self.note)
        layout.addLayout(form)
        self.bar = SubmitBar(self, "保存", self._submit)
        self.error, self.buttons, self.save_button = self.bar.error, self.bar.buttons, self.bar.ok_button
        self.bar.add_to(layout)
        scroll_dialog_body(self)

    def select_kind(self, kind: MembershipEventKind) -> None:
        self.kind.setCurrentIndex(self.kind.findData(kind.value))

    def show_failure(self, message: str) -> None:
        self.bar.fail(message)

    def _submit(self) -> None:
        value = self.kind.currentData()
        kind = MembershipEventKind(value) if value is not None else None
        if kind is None:
            self.show_failure("请选择变动类型。")
            return
        if self.on.value() is None:
            self.show_failure("请选择日期。")
            return
        self.bar.start()
        self.submitted.emit(kind, self.on.value(), self.note.text().strip())


class EventsPanel(QFrame):
    record_clicked = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("card")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(16)
        left = QVBoxLayout()
        left.setSpacing(6)
        self.title = QLabel("组织关系变动")
        self.title.setStyleSheet("font-weight: 600;")
        self.title.setWordWrap(True)
        left.addWidget(self.title)
        self.summary = QLabel()
        self.summary.setObjectName("subtitle")
        self.summary.setWordWrap(True)
        left.addWidget(self.summary)
        left.addStretch(1)
        self.record_button = QPushButton("记录变动…")
        self.record_button.setToolTip("记录转入、转正、转出、调整党小组等变动")
        self.record_button.clicked.connect(self.record_clicked.emit)
        left.addWidget(self.record_button, 0, Qt.AlignLeft)
        box = QWidget()
        box.setLayout(left)
        box.setFixedWidth(px(240))
        layout.addWidget(box)
        self.list = QTreeWidget()
        self.list.setHeaderLabels(["日期", "变动", "说明"])
        self.list.setRootIsDecorated(False)
        self.list.setColumnWidth(0, px(130))
        self.list.setColumnWidth(1, px(130))
        self.list.setUniformRowHeights(True)
        self.list.setAlternatingRowColors(True)
        layout.addWidget(self.list, 1)
        self.show_member(None)

    def show_member(self, member, events: list | None = None) -> None:
        self.list.clear()
        self.record_button.setEnabled(member is not None)
        if member is None:
            self.title.setText("组织关系变动")
            self.summary.setText("在上方名单中选择一名党员，查看和记录其组织关系变动。")
            return
        self.title.setText(f"{member.name} 的组织关系变动")
        parts = [member.status_label, f"{fmt_date(member.joined_on)}入党"]
        if member.full_on:
            parts.append(f"{fmt_date(member.full_on)}转正")
        if member.group_name:
            parts.append(member.group_name)
        if not member.active and member.left_on:
            parts.append(f"{fmt_date(member.left_on)}离开本支部")
        self.summary.setText("，".join(parts))
        for e in events or []:
            item = QTreeWidgetItem([fmt_date(e.on), e.kind_label, e.note or ""])
            item.setToolTip(2, e.note or "")
            item.setData(0, Qt.UserRole, e.id)
            self.list.addTopLevelItem(item)

    def event_count(self) -> int:
        return self.list.topLevelItemCount()
