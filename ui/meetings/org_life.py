"""组织生活会: preparation (study, talks, opinions), problems raised per person with the criticism and
self-criticism as recorded, and the 整改清单. Every text is the user's own; placeholders only say what goes where.

Other meeting types show only the 整改事项 table (a record may carry rectification items).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QGroupBox, QHBoxLayout, QHeaderView, QLabel,
                               QListWidget, QListWidgetItem, QPlainTextEdit, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from desktop.domain.meeting_rules import PersonNoteInput, RectificationInput
from ui.meetings.basics_form import NOT_FILLED, fill_people
from ui.widgets.date_edit import DateEdit
from ui.theme import px


def _text(placeholder: str, height: int | None = None) -> QPlainTextEdit:
    t = QPlainTextEdit()
    t.setPlaceholderText(placeholder)
    if height:
        t.setMinimumHeight(height)
    return t


class OrgLifePanel(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.editable = True
        self._roster = []
        self._notes: dict[int, PersonNoteInput] = {}
        self._names: dict[int, str] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        self.prep_box = QGroupBox("会前准备")
        prep = QHBoxLayout(self.prep_box)
        self.prep_study = _text("开展了哪些学习研讨（时间、内容、形式）")
        self.prep_talks = _text("谈心谈话开展情况（谁与谁谈、谈了几次）")
        self.prep_opinions = _text("征求意见情况（向谁征求、收集到多少条意见）")
        for label, w in (("学习研讨", self.prep_study), ("谈心谈话", self.prep_talks), ("征求意见", self.prep_opinions)):
            col = QVBoxLayout()
            col.addWidget(QLabel(label))
            col.addWidget(w)
            prep.addLayout(col)
            w.textChanged.connect(self.changed.emit)

        self.notes_box = QGroupBox("查摆问题与批评和自我批评（按人记录）")
        notes = QHBoxLayout(self.notes_box)
        left = QVBoxLayout()
        self.people = QListWidget()
        self.people.setMaximumWidth(170)
        self.people.currentItemChanged.connect(lambda cur, prev: self._person_changed(cur, prev))
        left.addWidget(self.people, 1)
        self.add_person = QComboBox()
        self.add_person.setPlaceholderText("添加发言人…")
        self.add_person.activated.connect(self._add_person_from_combo)
        left.addWidget(self.add_person)
        self.remove_person = QPushButton("移除所选")
        self.remove_person.clicked.connect(self._remove_person)
        left.addWidget(self.remove_person)
        notes.addLayout(left)
        right = QVBoxLayout()
        self.person_label = QLabel("在左侧选择或添加发言人")
        right.addWidget(self.person_label)
        self.problems = _text("本人查摆的问题，以及他人提出的问题（照实记录）", 70)
        self.criticism = _text("批评和自我批评的内容（照实记录）", 70)
        right.addWidget(QLabel("查摆的问题："))
        right.addWidget(self.problems, 1)
        right.addWidget(QLabel("批评和自我批评："))
        right.addWidget(self.criticism, 1)
        notes.addLayout(right, 1)
        self.problems.textChanged.connect(self._note_edited)
        self.criticism.textChanged.connect(self._note_edited)

        self.rect_box = QGroupBox("整改清单")
        rect = QVBoxLayout(self.rect_box)
        bar = QHBoxLayout()
        self.rect_hint = QLabel("定稿后整改事项在“整改”页跟进，直到完成。")
        self.rect_hint.setObjectName("hint")
        bar.addWidget(self.rect_hint, 1)
        self.add_rect = QPushButton("添加整改事项")
        self.add_rect.clicked.connect(lambda: self.add_rectification())
        self.remove_rect = QPushButton("删除所选")
        self.remove_rect.clicked.connect(self._remove_rectification)
        bar.addWidget(self.add_rect)
        bar.addWidget(self.remove_rect)
        rect.addLayout(bar)
        self.rect_table = QTableWidget(0, 4)
        self.rect_table.setHorizontalHeaderLabels(["存在的问题（整改事项）", "整改措施", "责任人", "完成时限"])
        self.rect_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.rect_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
        self.rect_table.setColumnWidth(2, px(100))
        self.rect_table.setColumnWidth(3, px(220))
        self.rect_table.verticalHeader().setDefaultSectionSize(px(32))
        self.rect_table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.rect_table.setMinimumHeight(130)
        self.rect_table.itemChanged.connect(lambda _i: self.changed.emit())
        rect.addWidget(self.rect_table)

        for box, height in ((self.prep_box, 150), (self.notes_box, 300), (self.rect_box, 220)):
            box.setMinimumHeight(height)
            layout.addWidget(box, height)
        self._set_person_enabled(False)

    # ---- roster -----------------------------------------------------------------------------
    def set_roster(self, roster) -> None:
        self._roster = list(roster)
        self._names.update({m.id: m.name for m in roster})
        self.add_person.clear()
        for m in roster:
            self.add_person.addItem(m.name, m.id)
        self.add_person.setCurrentIndex(-1)
        for row in range(self.rect_table.rowCount()):
            combo = self.rect_table.cellWidget(row, 2)
            fill_people(combo, self._roster, NOT_FILLED, combo.currentData())

    def set_org_life(self, org_life: bool) -> None:
        self.prep_box.setVisible(org_life)
        self.notes_box.setVisible(org_life)

    # ---- people -----------------------------------------------------------------------------
    def _add_person_from_combo(self, index: int) -> None:
        self.add_person_note(self.add_person.itemData(index))
        self.add_person.setCurrentIndex(-1)

    def add_person_note(self, member_id: int, note: PersonNoteInput | None = None) -> None:
        if member_id is None:
            return
        if member_id not in self._notes:
            self._notes[member_id] = note or PersonNoteInput(member_id)
            item = QListWidgetItem(self._names.get(member_id, f"编号{member_id}"))
            item.setData(Qt.UserRole, member_id)
            self.people.addItem(item)
            self.changed.emit()
        for row in range(self.people.count()):
            if self.people.item(row).data(Qt.UserRole) == member_id:
                self.people.setCurrentRow(row)

    def _remove_person(self) -> None:
        item = self.people.currentItem()
        if item is None:
            return
        self._notes.pop(item.data(Qt.UserRole), None)
        self.people.takeItem(self.people.row(item))
        self.changed.emit()

    def _set_person_enabled(self, on: bool) -> None:
        for w in (self.problems, self.criticism):
            w.setEnabled(on)

    def _person_changed(self, current, _previous) -> None:
        mid = current.data(Qt.UserRole) if current else None
        note = self._notes.get(mid)
        for w in (self.problems, self.criticism):
            w.blockSignals(True)
        self.problems.setPlainText(note.problems if note else "")
        self.criticism.setPlainText(note.criticism if note else "")
        for w in (self.problems, self.criticism):
            w.blockSignals(False)
        self._set_person_enabled(note is not None)
        self.person_label.setText(f"{current.text()}：" if current else "在左侧选择或添加发言人")

    def _note_edited(self) -> None:
        item = self.people.currentItem()
        if item is None:
            return
        mid = item.data(Qt.UserRole)
        self._notes[mid] = PersonNoteInput(mid, self.problems.toPlainText(), self.criticism.toPlainText())
        self.changed.emit()

    # ---- rectifications -----------------------------------------------------------------------
    def add_rectification(self, r: RectificationInput | None = None) -> int:
        r = r or RectificationInput("")
        row = self.rect_table.rowCount()
        self.rect_table.blockSignals(True)
        self.rect_table.insertRow(row)
        self.rect_table.setItem(row, 0, QTableWidgetItem(r.item))
        self.rect_table.setItem(row, 1, QTableWidgetItem(r.measure))
        self.rect_table.blockSignals(False)
        owner = QComboBox()
        fill_people(owner, self._roster, NOT_FILLED, r.owner_id)
        if r.owner_id is not None and owner.findData(r.owner_id) < 0:
            owner.addItem(self._names.get(r.owner_id, f"编号{r.owner_id}"), r.owner_id)
            owner.setCurrentIndex(owner.count() - 1)
        owner.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.rect_table.setCellWidget(row, 2, owner)
        due = DateEdit(optional=True, empty_text="未定")
        due.setValue(r.due_on)
        due.valueChanged.connect(lambda _v: self.changed.emit())
        self.rect_table.setCellWidget(row, 3, due)
        self.changed.emit()
        return row

    def _remove_rectification(self) -> None:
        row = self.rect_table.currentRow()
        if row >= 0:
            self.rect_table.removeRow(row)
            self.changed.emit()

    # ---- values -----------------------------------------------------------------------------
    def load(self, data, names: dict[int, str] | None = None) -> None:
        self._names.update(names or {})
        self.prep_study.setPlainText(data.prep_study)
        self.prep_talks.setPlainText(data.prep_talks)
        self.prep_opinions.setPlainText(data.prep_opinions)
        self._notes.clear()
        self.people.clear()
        for n in data.notes:
            self.add_person_note(n.member_id, PersonNoteInput(n.member_id, n.problems, n.criticism))
        self.rect_table.setRowCount(0)
        for r in data.rectifications:
            self.add_rectification(r)

    def apply(self, data, org_life: bool) -> None:
        if org_life:
            data.prep_study = self.prep_study.toPlainText()
            data.prep_talks = self.prep_talks.toPlainText()
            data.prep_opinions = self.prep_opinions.toPlainText()
            order = [self.people.item(i).data(Qt.UserRole) for i in range(self.people.count())]
            data.notes = [self._notes[mid] for mid in order if mid in self._notes]
        data.rectifications = self.rectifications()

    def rectifications(self) -> list[RectificationInput]:
        out = []
        for row in range(self.rect_table.rowCount()):
            item = self.rect_table.item(row, 0)
            measure = self.rect_table.item(row, 1)
            out.append(RectificationInput(item.text() if item else "", measure.text() if measure else "",
                                          self.rect_table.cellWidget(row, 2).currentData(),
                                          self.rect_table.cellWidget(row, 3).value()))
        return out

    def has_rectifications(self) -> bool:
        return self.rect_table.rowCount() > 0

    def set_editable(self, editable: bool, rectifications_editable: bool | None = None) -> None:
        self.editable = editable
        for w in (self.prep_study, self.prep_talks, self.prep_opinions, self.problems, self.criticism):
            w.setReadOnly(not editable)
        self.add_person.setVisible(editable)
        self.remove_person.setVisible(editable)
        rect = editable if rectifications_editable is None else rectifications_editable
        self.add_rect.setVisible(rect)
        self.remove_rect.setVisible(rect)
        self.rect_table.setEditTriggers(QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed
                                        if rect else QAbstractItemView.NoEditTriggers)
        for row in range(self.rect_table.rowCount()):
            for col in (2, 3):
                self.rect_table.cellWidget(row, col).setEnabled(rect)
        self.rect_hint.setText("定稿后整改事项在“整改”页跟进，直到完成。" if rect else
                               "已定稿会议的整改事项不能在此修改；新的事项请在“整改”页添加，进展在“整改”页记录。")
