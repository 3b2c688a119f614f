"""登记步骤: the step (the stage's natural next steps first), its date, and the details that step keeps —
培养联系人 / 入党介绍人 picked from the full members, 学时 / 天数, 延长月数, 表决票数, 原因 — plus a note."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QSpinBox, QVBoxLayout, QWidget)

from desktop.domain.recruitment_rules import FIELD_LABELS
from ui.widgets.date_edit import DateEdit
from ui.widgets.screen_fit import scroll_dialog_body

PEOPLE = ("contacts", "introducers")
RANGES = {"hours": (0, 500), "days": (0, 100), "months": (6, 12), "votes_for": (-1, 9999),
          "votes_against": (-1, 9999), "votes_abstain": (-1, 9999)}
HINTS = {"contacts": "1至2名正式党员", "introducers": "2名正式党员", "hours": "不少于24学时或3天",
         "months": "6至12个月"}


class StepDialog(QDialog):
    """Emits ``submitted(step, on, note, details)``."""

    submitted = Signal(str, object, str, dict)

    def __init__(self, view, rules, full_members, parent: QWidget | None = None):
        super().__init__(parent)
        self.view, self.rules, self.full_members = view, rules, list(full_members)
        self.setWindowTitle(f"登记步骤 — {view.name}")
        self.setMinimumWidth(520)
        self.inputs: dict[str, QWidget] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(20, 16, 20, 12)
        self.form_error = QLabel()
        self.form_error.setObjectName("formError")
        self.form_error.setWordWrap(True)
        self.form_error.hide()
        outer.addWidget(self.form_error)
        top = QFormLayout()
        top.setHorizontalSpacing(14)
        stage = QLabel(f"{view.stage_label}" + (f"；下一步：{view.next_step_label}" if view.next_step_label else ""))
        stage.setObjectName("subtitle")
        top.addRow("当前阶段：", stage)
        self.step = QComboBox()
        suggested = [s for s in rules.stage_next.get(view.stage, ()) if s in rules.steps]
        if view.next_step and view.next_step in rules.steps and view.next_step not in suggested:
            suggested.insert(0, view.next_step)
        for key in suggested:
            self.step.addItem(f"{rules.steps[key].label}（建议）", key)
        if suggested:
            self.step.insertSeparator(self.step.count())
        for key, definition in rules.steps.items():
            if key != "applied" and key not in suggested:
                self.step.addItem(definition.label, key)
        if view.next_step:
            self.step.setCurrentIndex(max(0, self.step.findData(view.next_step)))
        self.step.currentIndexChanged.connect(lambda _i: self._build_fields())
        top.addRow("步骤：", self.step)
        self.on = DateEdit()
        self.on.setValue(date.today())
        top.addRow("日期：", self.on)
        outer.addLayout(top)
        self.fields_box = QWidget()
        self.fields_form = QFormLayout(self.fields_box)
        self.fields_form.setContentsMargins(0, 0, 0, 0)
        self.fields_form.setHorizontalSpacing(14)
        outer.addWidget(self.fields_box)
        note_form = QFormLayout()
        note_form.setHorizontalSpacing(14)
        self.note = QLineEdit()
        note_form.addRow("备注：", self.note)
        outer.addLayout(note_form)
        self.source = QLabel()
        self.source.setObjectName("hint")
        self.source.setWordWrap(True)
        outer.addWidget(self.source)
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton("登记", QDialogButtonBox.AcceptRole)
        self.save_button.setObjectName("primary")
        self.save_button.setDefault(True)
        self.buttons.addButton("取消", QDialogButtonBox.RejectRole)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        scroll_dialog_body(self)
        self._build_fields()

    def current_step(self) -> str:
        return self.step.currentData()

    def set_step(self, key: str) -> None:
        self.step.setCurrentIndex(self.step.findData(key))

    def _build_fields(self) -> None:
        while self.fields_form.rowCount():
            self.fields_form.removeRow(0)
        self.inputs = {}
        definition = self.rules.steps.get(self.current_step())
        if definition is None:
            return
        for name in definition.fields:
            label = FIELD_LABELS.get(name, name)
            if name in PEOPLE:
                widget = QListWidget()
                widget.setMaximumHeight(110)
                for mid, member_name in self.full_members:
                    item = QListWidgetItem(member_name)
                    item.setData(Qt.UserRole, mid)
                    item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
                    item.setCheckState(Qt.Unchecked)
                    widget.addItem(item)
            elif name in RANGES:
                widget = QSpinBox()
                low, high = RANGES[name]
                widget.setRange(low, high)
                if low < 0 or name in ("hours", "days"):
                    widget.setSpecialValueText("未填")
                widget.setValue(low if name != "months" else 6)
            else:
                widget = QLineEdit()
            self.inputs[name] = widget
            required = "（必填）" if name in definition.required_fields else ""
            hint = f"（{HINTS[name]}）" if name in HINTS else ""
            self.fields_form.addRow(f"{label}{required}{hint}：", widget)
        self.fields_box.setVisible(bool(definition.fields))
        self.source.setText(f"依据：{definition.source}" if definition.source else "")

    def check_people(self, field: str, ids) -> None:
        widget = self.inputs[field]
        for i in range(widget.count()):
            item = widget.item(i)
            item.setCheckState(Qt.Checked if item.data(Qt.UserRole) in ids else Qt.Unchecked)

    def details(self) -> dict:
        out = {}
        for name, widget in self.inputs.items():
            if isinstance(widget, QListWidget):
                ids = [widget.item(i).data(Qt.UserRole) for i in range(widget.count())
                       if widget.item(i).checkState() == Qt.Checked]
                if ids:
                    out[name] = ids
            elif isinstance(widget, QSpinBox):
                if widget.value() > widget.minimum() or (name == "months"):
                    out[name] = widget.value()
            elif widget.text().strip():
                out[name] = widget.text().strip()
        return out

    def show_error(self, message: str) -> None:
        self.set_busy(False)
        self.form_error.setText(message)
        self.form_error.show()

    def set_busy(self, busy: bool) -> None:
        self.save_button.setEnabled(not busy)
        self.save_button.setText("正在登记…" if busy else "登记")

    def _submit(self) -> None:
        self.form_error.hide()
        if self.on.value() is None:
            self.show_error("请填写日期。")
            return
        self.set_busy(True)
        self.submitted.emit(self.current_step(), self.on.value(), self.note.text().strip(), self.details())
