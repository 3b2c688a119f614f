"""换届选举 dialog: the term's start and length, and a post for each elected full member."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QSpinBox, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from desktop.domain.enums import CommitteeRole, MemberStatus
from desktop.errors import ZhibuError
from ui.widgets.date_edit import DateEdit
from ui.widgets.form_field import field_box
from ui.widgets.screen_fit import fit_window, scroll_dialog_body

NO_POST = "（不任职）"


class ElectionDialog(QDialog):
    """Emits ``submitted(term_start, term_years, {member_id: CommitteeRole})`` once the form is valid;
    the page runs the save and calls ``accept()`` or ``show_failure()``."""

    submitted = Signal(object, int, object)

    def __init__(self, members, current=None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("换届选举")
        self.setModal(True)
        fit_window(self, 460, 520)
        layout = QVBoxLayout(self)
        note = QLabel("登记支部党员大会选举产生的新一届支委会。只有正式党员有被选举权；必须有且只有一名书记。")
        note.setWordWrap(True)
        note.setObjectName("subtitle")
        layout.addWidget(note)

        form = QFormLayout()
        self.term_start = DateEdit(default_date=date.today())
        self.term_start.setValue(date.today())
        box, self.start_error = field_box(self.term_start, "新一届支委会任期开始的日期（选举日）")
        form.addRow("换届日期：", box)
        self.term_years = QSpinBox()
        self.term_years.setRange(1, 5)
        self.term_years.setValue(3)
        self.term_years.setSuffix(" 年")
        self.term_years.setMaximumWidth(100)
        form.addRow("任期：", self.term_years)
        layout.addLayout(form)

        eligible = [m for m in members if m.status == MemberStatus.FULL]
        previous = {p.member_id: p.role for p in current.posts} if current else {}
        self.table = QTableWidget(len(eligible), 3)
        self.table.setHorizontalHeaderLabels(["姓名", "党小组", "职务"])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.role_boxes: dict[int, QComboBox] = {}
        for row, m in enumerate(eligible):
            self.table.setItem(row, 0, QTableWidgetItem(m.name))
            self.table.setItem(row, 1, QTableWidgetItem(m.group_name))
            combo = QComboBox()
            combo.addItem(NO_POST, None)
            for role in CommitteeRole:
                combo.addItem(role.label, role)
            if m.id in previous:  # start from the outgoing committee: most 换届 re-elect most of it
                combo.setCurrentIndex(combo.findData(previous[m.id]))
            self.table.setCellWidget(row, 2, combo)
            self.role_boxes[m.id] = combo
        layout.addWidget(self.table, 1)

        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setStyleSheet("color: #c0392b;")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.button(QDialogButtonBox.Ok).setText("登记换届")
        self.buttons.button(QDialogButtonBox.Cancel).setText("取消")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        scroll_dialog_body(self)

    def set_role(self, member_id: int, role: CommitteeRole | None) -> None:
        combo = self.role_boxes[member_id]
        combo.setCurrentIndex(combo.findData(role) if role else 0)

    def posts(self) -> dict[int, CommitteeRole]:
        return {mid: combo.currentData() for mid, combo in self.role_boxes.items() if combo.currentData()}

    def validate(self) -> str:
        start = self.term_start.value()
        if start is None:
            return "请填写换届日期。"
        if start > date.today():
            return "换届日期不能晚于今天，请核对。"
        posts = self.posts()
        secretaries = sum(1 for r in posts.values() if r == CommitteeRole.SECRETARY)
        if secretaries == 0:
            return "请指定一名书记。"
        if secretaries > 1:
            return "支委会必须有且只有一名书记，请核对职务。"
        return ""

    def submit(self) -> None:
        problem = self.validate()
        if problem:
            self.show_failure(problem)
            return
        self.error.hide()
        self.buttons.setEnabled(False)
        self.submitted.emit(self.term_start.value(), self.term_years.value(), self.posts())

    def show_failure(self, problem) -> None:
        self.buttons.setEnabled(True)
        self.error.setText(str(problem) if isinstance(problem, (str, ZhibuError)) else "换届没有登记，请重试。")
        self.error.show()
