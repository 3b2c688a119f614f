"""Add or edit a member. Validation messages appear under the field they concern.

The dialog collects a ``MemberInput`` and emits ``submitted``; the page saves it on the worker and calls
:meth:`MemberDialog.show_errors` with the service's ValidationErrors, or accepts the dialog.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QPlainTextEdit, QVBoxLayout, QWidget)

from desktop.domain import idnumber
from desktop.domain.enums import EDUCATION_LEVELS, GENDERS
from desktop.domain.member_rules import MemberInput
from ui.widgets.date_edit import DateEdit
from ui.widgets.form_field import field_box
from ui.widgets.screen_fit import fit_window, scroll_dialog_body

ETHNICITIES = ("汉族", "回族", "满族", "蒙古族", "壮族", "藏族", "维吾尔族", "苗族", "彝族", "土家族", "朝鲜族",
               "侗族", "瑶族", "白族", "哈尼族", "黎族", "畲族", "傣族")
NO_GROUP = "（不分配党小组）"


class MemberDialog(QDialog):
    submitted = Signal(object, object)  # MemberInput, transfer_in_on (date | None; add only)

    def __init__(self, member=None, groups: list[str] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.member = member  # a MemberView when editing
        self.setWindowTitle(f"编辑党员信息 — {member.name}" if member else "新增党员")
        self.setMinimumWidth(560)
        self._errors: dict[str, QLabel] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(20, 16, 20, 12)

        self.form_error = QLabel()
        self.form_error.setObjectName("formError")
        self.form_error.setWordWrap(True)
        self.form_error.hide()
        outer.addWidget(self.form_error)

        body = QWidget()
        form = QFormLayout(body)
        form.setVerticalSpacing(6)
        form.setHorizontalSpacing(14)
        form.setLabelAlignment(Qt.AlignRight | Qt.AlignTop)
        self.form = form

        self.name = QLineEdit()
        self.name.setMaxLength(40)
        self.gender = QComboBox()
        self.gender.addItems(list(GENDERS))
        self.gender.setPlaceholderText("请选择")
        self.gender.setCurrentIndex(-1)
        self.ethnicity = QComboBox()
        self.ethnicity.setEditable(True)
        self.ethnicity.addItems(list(ETHNICITIES))
        self.id_number = QLineEdit()
        self.id_number.setPlaceholderText("18 位，选填；填写后自动核对出生日期和性别")
        self.id_number.setMaxLength(22)
        self.id_number.editingFinished.connect(self._fill_from_id)
        self.birth_date = DateEdit(default_date=date(1985, 1, 1), empty_text="请选择日期")
        self.education = QComboBox()
        self.education.addItems(["", *EDUCATION_LEVELS])
        self.joined_on = DateEdit(empty_text="请选择日期")
        self.full_on = DateEdit(optional=True, empty_text="未转正（预备党员）")
        self.group = QComboBox()
        self.group.setEditable(True)
        self.group.addItems([NO_GROUP, *(groups or [])])
        self.group.lineEdit().setPlaceholderText("选择或输入新的党小组名称")
        self.position = QLineEdit()
        self.position.setPlaceholderText("工作单位内的岗位或职务")
        self.phone = QLineEdit()
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(60)
        self.transfer_in_on = DateEdit(optional=True, empty_text="不是转入（在本支部入党）")

        self._row("name", "姓名", self.name)
        self._row("gender", "性别", self.gender)
        self._row("ethnicity", "民族", self.ethnicity)
        self._row("id_number", "身份证号", self.id_number)
        self._row("birth_date", "出生日期", self.birth_date)
        self._row("education", "学历", self.education)
        self._row("joined_on", "入党时间", self.joined_on)
        self._row("full_on", "转正时间", self.full_on)
        self._row("group", "党小组", self.group)
        self._row("position", "职务", self.position)
        self._row("phone", "联系电话", self.phone)
        self._row("notes", "备注", self.notes)
        if member is None:
            self._row("transfer_in_on", "组织关系转入", self.transfer_in_on,
                      hint="从其他党组织转入本支部的，填写转入日期。")

        outer.addWidget(body, 1)

        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton("保存", QDialogButtonBox.AcceptRole)
        self.save_button.setObjectName("primary")
        self.save_button.setDefault(True)
        self.buttons.addButton("取消", QDialogButtonBox.RejectRole)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        scroll_dialog_body(self)
        if member is not None:
            self._load(member)
        fit_window(self, 600, 660)

    def _row(self, field: str, label: str, widget: QWidget, hint: str = "") -> None:
        box, self._errors[field] = field_box(widget, hint, wrap_hint=False)
        self.form.addRow(f"{label}：", box)

    # ---- values -----------------------------------------------------------------------------
    def _load(self, m) -> None:
        self.name.setText(m.name)
        self.gender.setCurrentText(m.gender)
        self.ethnicity.setCurrentText(m.ethnicity or "汉族")
        self.id_number.setText(m.id_number or "")
        self.birth_date.setValue(m.birth_date)
        self.education.setCurrentText(m.education or "")
        self.joined_on.setValue(m.joined_on)
        self.full_on.setValue(m.full_on)
        self.group.setCurrentText(m.group_name or NO_GROUP)
        self.position.setText(m.position or "")
        self.phone.setText(m.phone or "")
        self.notes.setPlainText(m.notes or "")

    def value(self) -> MemberInput:
        group = self.group.currentText().strip()
        return MemberInput(
            name=self.name.text(), gender=self.gender.currentText(), birth_date=self.birth_date.value(),
            joined_on=self.joined_on.value(), full_on=self.full_on.value(),
            id_number=self.id_number.text() or None, ethnicity=self.ethnicity.currentText(),
            education=self.education.currentText(), group=None if group in ("", NO_GROUP) else group,
            position=self.position.text(), phone=self.phone.text(), notes=self.notes.toPlainText(),
        ).cleaned()

    def draft(self) -> dict:
        """Unsaved input, kept across an auto-lock."""
        return {"member_id": self.member.id if self.member else None, "input": self.value(),
                "transfer_in_on": self.transfer_in_on.value()}

    def load_draft(self, draft: dict) -> None:
        data: MemberInput = draft["input"]
        self.name.setText(data.name)
        self.gender.setCurrentText(data.gender)
        self.ethnicity.setCurrentText(data.ethnicity)
        self.id_number.setText(data.id_number or "")
        self.birth_date.setValue(data.birth_date)
        self.education.setCurrentText(data.education)
        self.joined_on.setValue(data.joined_on)
        self.full_on.setValue(data.full_on)
        self.group.setCurrentText(data.group or NO_GROUP)
        self.position.setText(data.position)
        self.phone.setText(data.phone)
        self.notes.setPlainText(data.notes)
        self.transfer_in_on.setValue(draft.get("transfer_in_on"))
        self.form_error.setText("这是锁定前尚未保存的内容，请核对后保存。")
        self.form_error.setStyleSheet("color: #6b6b6b;")
        self.form_error.show()

    def _fill_from_id(self) -> None:
        """A valid ID number fills in an empty birth date and gender."""
        try:
            info = idnumber.parse(self.id_number.text())
        except Exception:  # noqa: BLE001 - an invalid number is reported on save, not while typing
            return
        if self.birth_date.value() is None:
            self.birth_date.setValue(info.birth_date)
        if self.gender.currentIndex() < 0:
            self.gender.setCurrentText(info.gender)

    # ---- errors -----------------------------------------------------------------------------
    def clear_errors(self) -> None:
        self.form_error.hide()
        self.form_error.setStyleSheet("")
        for label in self._errors.values():
            label.hide()
            label.clear()

    def show_errors(self, errors: list) -> None:
        """Each error under its field (``ValidationError.field``); others at the top."""
        self.clear_errors()
        self.set_busy(False)
        general = []
        for e in errors:
            label = self._errors.get(getattr(e, "field", None) or "")
            if label is None:
                general.append(str(e))
            elif label.isHidden():
                label.setText(str(e))
                label.show()
            else:
                label.setText(label.text() + "\n" + str(e))
        if general:
            self.form_error.setText("\n".join(general))
        else:
            self.form_error.setText(f"有 {len(errors)} 处需要修改，请查看标红的提示。")
        self.form_error.show()

    def error_text(self, field: str) -> str:
        label = self._errors.get(field)
        return label.text() if label is not None and not label.isHidden() else ""

    def set_busy(self, busy: bool) -> None:
        self.save_button.setEnabled(not busy)
        self.save_button.setText("正在保存…" if busy else "保存")

    def _submit(self) -> None:
        self.clear_errors()
        self.set_busy(True)
        self.submitted.emit(self.value(), self.transfer_in_on.value() if self.member is None else None)
