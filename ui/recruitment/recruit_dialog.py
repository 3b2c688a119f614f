"""登记入党申请人: who handed in an application, and when. Messages appear under the field they concern."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout,
                               QWidget)

from desktop.domain.enums import EDUCATION_LEVELS, GENDERS
from ui.widgets.date_edit import DateEdit
from ui.widgets.form_field import field_box
from ui.widgets.screen_fit import scroll_dialog_body


class RecruitDialog(QDialog):
    submitted = Signal(dict)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("登记入党申请人")
        self.setMinimumWidth(520)
        self._errors: dict[str, QLabel] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(20, 16, 20, 12)
        self.form_error = QLabel()
        self.form_error.setObjectName("formError")
        self.form_error.setWordWrap(True)
        self.form_error.hide()
        outer.addWidget(self.form_error)
        self.form = QFormLayout()
        self.form.setVerticalSpacing(6)
        self.form.setHorizontalSpacing(14)
        self.form.setLabelAlignment(Qt.AlignRight | Qt.AlignTop)
        self.name = QLineEdit()
        self.name.setMaxLength(40)
        self.gender = QComboBox()
        self.gender.addItems(list(GENDERS))
        self.gender.setCurrentIndex(-1)
        self.gender.setPlaceholderText("请选择")
        self.birth_date = DateEdit(default_date=date(2000, 1, 1), empty_text="请选择日期")
        self.applied_on = DateEdit()
        self.applied_on.setValue(date.today())
        self.id_number = QLineEdit()
        self.id_number.setPlaceholderText("18 位，选填")
        self.id_number.setMaxLength(22)
        self.education = QComboBox()
        self.education.addItems(["", *EDUCATION_LEVELS])
        self.ethnicity = QLineEdit("汉族")
        self.unit = QLineEdit()
        self.position = QLineEdit()
        self.phone = QLineEdit()
        self.notes = QLineEdit()
        for field, label, widget in (("name", "姓名", self.name), ("gender", "性别", self.gender),
                                     ("birth_date", "出生日期", self.birth_date),
                                     ("applied_on", "递交申请书日期", self.applied_on),
                                     ("id_number", "身份证号", self.id_number), ("education", "学历", self.education),
                                     ("ethnicity", "民族", self.ethnicity), ("unit", "工作单位", self.unit),
                                     ("position", "岗位职务", self.position), ("phone", "联系电话", self.phone),
                                     ("notes", "备注", self.notes)):
            self._row(field, label, widget)
        outer.addLayout(self.form)
        hint = QLabel("登记后，系统按《中国共产党发展党员工作细则》提示各步骤的时限（如一个月内派人谈话）。")
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        outer.addWidget(hint)
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton("登记", QDialogButtonBox.AcceptRole)
        self.save_button.setObjectName("primary")
        self.save_button.setDefault(True)
        self.buttons.addButton("取消", QDialogButtonBox.RejectRole)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        scroll_dialog_body(self)

    def _row(self, field: str, label: str, widget: QWidget) -> None:
        box, self._errors[field] = field_box(widget)
        self.form.addRow(f"{label}：", box)

    def value(self) -> dict:
        return {"name": self.name.text(), "gender": self.gender.currentText(), "birth_date": self.birth_date.value(),
                "applied_on": self.applied_on.value(), "id_number": self.id_number.text().strip() or None,
                "education": self.education.currentText(), "ethnicity": self.ethnicity.text(),
                "unit": self.unit.text(), "position": self.position.text(), "phone": self.phone.text(),
                "notes": self.notes.text()}

    def error_text(self, field: str) -> str:
        label = self._errors.get(field)
        return label.text() if label is not None and not label.isHidden() else ""

    def show_error(self, message: str, field: str | None = None) -> None:
        self.set_busy(False)
        label = self._errors.get(field or "")
        if label is not None:
            label.setText(message)
            label.show()
            self.form_error.setText("请查看标红的提示。")
        else:
            self.form_error.setText(message)
        self.form_error.show()

    def clear_errors(self) -> None:
        self.form_error.hide()
        for label in self._errors.values():
            label.hide()

    def set_busy(self, busy: bool) -> None:
        self.save_button.setEnabled(not busy)
        self.save_button.setText("正在登记…" if busy else "登记")

    def _submit(self) -> None:
        self.clear_errors()
        self.set_busy(True)
        self.submitted.emit(self.value())
