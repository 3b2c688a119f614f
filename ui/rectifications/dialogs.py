"""整改: adding an item on its own (e.g. from an inspection) and recording a dated follow-up step with evidence.
Both are chained when saved, so each dialog says that plainly."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QComboBox, QDialog, QFileDialog, QFormLayout, QHBoxLayout, QLabel,
                               QLineEdit, QListWidget, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget)

from desktop.domain.meeting_enums import RectificationStatus
from desktop.domain.meeting_rules import RectificationInput
from ui.meetings.attachments import FILE_FILTER, _documents_dir
from ui.meetings.basics_form import NOT_FILLED, fill_people
from ui.widgets.date_edit import DateEdit
from ui.widgets.form_field import SubmitBar
from ui.widgets.screen_fit import scroll_dialog_body

CHAINED = "保存后即写入纪实链，不能修改或删除；如有错误，请再记录一条说明。"


class _Form(QDialog):
    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(540)
        self.outer = QVBoxLayout(self)
        self.form = QFormLayout()
        self.outer.addLayout(self.form)
        note = QLabel(CHAINED)
        note.setObjectName("hint")
        note.setWordWrap(True)
        self.bar = SubmitBar(self, "保存", self._submit)
        self.error, self.buttons, self.ok_button = self.bar.error, self.bar.buttons, self.bar.ok_button
        self.tail = [note, self.error, self.buttons]

    def finish_layout(self) -> None:
        for w in self.tail:
            self.outer.addWidget(w)
        scroll_dialog_body(self)

    def show_failure(self, message: str) -> None:
        self.bar.fail(message)

    def _submit(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


class AddRectificationDialog(_Form):
    submitted = Signal(object, str)  # RectificationInput, source

    def __init__(self, roster, parent: QWidget | None = None):
        super().__init__("新增整改事项", parent)
        self.item = QPlainTextEdit()
        self.item.setPlaceholderText("存在的问题（整改事项）")
        self.item.setMaximumHeight(70)
        self.measure = QPlainTextEdit()
        self.measure.setPlaceholderText("整改措施")
        self.measure.setMaximumHeight(70)
        self.owner = QComboBox()
        fill_people(self.owner, roster, NOT_FILLED)
        self.due = DateEdit(optional=True, empty_text="未定")
        self.source = QLineEdit()
        self.source.setPlaceholderText("问题从哪里提出，如：上级巡察反馈、专题组织生活会")
        for label, w in (("整改事项", self.item), ("整改措施", self.measure), ("责任人", self.owner),
                         ("完成时限", self.due), ("问题来源", self.source)):
            self.form.addRow(f"{label}：", w)
        self.finish_layout()

    def _submit(self) -> None:
        if not self.item.toPlainText().strip():
            self.show_failure("请填写整改事项（存在的问题）。")
            return
        self.bar.start()
        self.submitted.emit(RectificationInput(self.item.toPlainText(), self.measure.toPlainText(),
                                               self.owner.currentData(), self.due.value()), self.source.text())


class ProgressDialog(_Form):
    submitted = Signal(object, object, str, list)  # date, RectificationStatus, note, evidence paths

    def __init__(self, item_text: str, parent: QWidget | None = None):
        super().__init__("记录整改进展", parent)
        head = QLabel(item_text)
        head.setWordWrap(True)
        head.setStyleSheet("font-weight: 600;")
        self.form.addRow(head)
        self.on = DateEdit()
        self.on.setValue(date.today())
        self.status = QComboBox()
        for s in (RectificationStatus.IN_PROGRESS, RectificationStatus.CLOSED, RectificationStatus.OPEN):
            self.status.addItem(s.label, s.value)
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText("这一步做了什么、完成情况如何（照实填写）")
        self.files = QListWidget()
        self.files.setMaximumHeight(80)
        add = QPushButton("添加佐证材料…")
        add.clicked.connect(lambda: self.add_file())
        remove = QPushButton("移除所选")
        remove.clicked.connect(lambda: self.files.takeItem(self.files.currentRow()))
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        box = QWidget()
        col = QVBoxLayout(box)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.files)
        col.addLayout(row)
        for label, w in (("日期", self.on), ("整改状态", self.status), ("情况说明", self.note), ("佐证材料", box)):
            self.form.addRow(f"{label}：", w)
        self.finish_layout()

    def add_file(self, path: str | None = None) -> None:
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, "选择佐证材料", _documents_dir(), FILE_FILTER)
        if path:
            self.files.addItem(str(Path(path)))

    def paths(self) -> list[str]:
        return [self.files.item(i).text() for i in range(self.files.count())]

    def _submit(self) -> None:
        if self.on.value() is None:
            self.show_failure("请选择日期。")
            return
        self.bar.start()
        self.submitted.emit(self.on.value(), RectificationStatus(self.status.currentData()),
                            self.note.toPlainText(), self.paths())
