"""The widgets of one 民主评议 round: date and ballots, the per-member grid, the 优秀 cap warning, each
member's own texts (自我评价, 党性分析 — their words, never drafted here), the notes, findings and history."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QPlainTextEdit, QSpinBox, QSplitter, QTableView, QTabWidget,
                               QVBoxLayout, QWidget)

from desktop.domain.evaluation_rules import EvaluationInput
from ui.evaluations.grid_model import (COL_FINAL, COL_FOLLOW, COL_PROPOSED, EvaluationModel, GradeDelegate,
                                       cap_text, rows_from)
from ui.records.history import HistoryView
from ui.widgets.date_edit import DateEdit
from ui.theme import px

EVALUATION_FIELDS = {"held_on": "评议日期", "meeting": "会议", "ballots_issued": "发出测评票",
                     "ballots_returned": "收回测评票", "excellent_cap": "优秀比例上限", "notes": "说明",
                     "members": "评议结果"}


def _count() -> QSpinBox:
    box = QSpinBox()
    box.setRange(-1, 9999)
    box.setSpecialValueText("—")
    box.setValue(-1)
    return box


class RoundEditor(QWidget):
    changed = Signal()
    cap_edited = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.year = None
        self._loading = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        self.held_on = DateEdit()
        self.issued = _count()
        self.returned = _count()
        self.cap = QLineEdit()
        self.cap.setMaximumWidth(70)
        self.cap.setToolTip("优秀人数占参评党员的比例上限，如 1/3；超过时提示，不阻止定稿。新设置用于此后保存的评议。")
        for label, w in (("评议日期：", self.held_on), ("发出测评票：", self.issued), ("收回：", self.returned),
                         ("优秀比例上限：", self.cap)):
            head.addWidget(QLabel(label))
            head.addWidget(w)
            head.addSpacing(6)
        head.addStretch(1)
        layout.addLayout(head)
        self.cap_label = QLabel()
        self.cap_label.setObjectName("capWarning")
        self.cap_label.setWordWrap(True)
        layout.addWidget(self.cap_label)

        self.tabs = QTabWidget()
        self.model = EvaluationModel(self)
        self.table = QTableView()
        self.table.setObjectName("evaluationGrid")
        self.table.setModel(self.model)
        delegate = GradeDelegate(self.table)
        self.table.setItemDelegateForColumn(COL_PROPOSED, delegate)
        self.table.setItemDelegateForColumn(COL_FINAL, delegate)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.DoubleClicked | QAbstractItemView.SelectedClicked
                                   | QAbstractItemView.EditKeyPressed)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(px(28))
        self.table.horizontalHeader().setStretchLastSection(True)
        for col, width in enumerate((80, 76, 62, 62, 78, 68, 48, 90, 90)):
            self.table.setColumnWidth(col, px(width))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _p: self._member_selected(cur.row()))

        texts = QWidget()
        row = QHBoxLayout(texts)
        row.setContentsMargins(0, 0, 0, 0)
        self.member_label = QLabel("选择一名党员，录入本人提交的自我评价和党性分析")
        self.self_assessment = QPlainTextEdit()
        self.self_assessment.setPlaceholderText("党员本人的自我评价（照录本人提交的文字）")
        self.self_analysis = QPlainTextEdit()
        self.self_analysis.setPlaceholderText("党员本人的党性分析材料（照录本人提交的文字）")
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText("评议情况说明：如优秀比例超过上限的理由、评议会议的情况")
        for title, w in ((None, self.self_assessment), (None, self.self_analysis), ("评议情况说明", self.notes)):
            col = QVBoxLayout()
            col.addWidget(self.member_label if title is None and w is self.self_assessment else
                          QLabel(title or " "))
            col.addWidget(w)
            row.addLayout(col, 1)
        self.findings = QListWidget()
        self.findings.setObjectName("evaluationFindings")
        self.findings.setWordWrap(True)
        self.findings.setMaximumWidth(300)
        row.addWidget(self.findings)
        split = QSplitter(Qt.Vertical)
        split.addWidget(self.table)
        split.addWidget(texts)
        split.setSizes([380, 170])
        split.setChildrenCollapsible(False)
        self.history = HistoryView()
        self.tabs.addTab(split, "评议表")
        self.tabs.addTab(self.history, "历史")
        layout.addWidget(self.tabs, 1)

        self.model.changed.connect(self._edited)
        self.held_on.valueChanged.connect(lambda _v: self._edited())
        for w in (self.issued, self.returned):
            w.valueChanged.connect(lambda _v: self._edited())
        self.notes.textChanged.connect(self._edited)
        self.self_assessment.textChanged.connect(lambda: self._text_edited("self_assessment", self.self_assessment))
        self.self_analysis.textChanged.connect(lambda: self._text_edited("self_analysis", self.self_analysis))
        self.cap.editingFinished.connect(lambda: self.cap_edited.emit(self.cap.text().strip()))
        self._member_selected(-1)

    # ---- editing ----------------------------------------------------------------------------
    def _edited(self) -> None:
        self.update_cap()
        if not self._loading:
            self.changed.emit()

    def _member_selected(self, row: int) -> None:
        rows = self.model.rows()
        r = rows[row] if 0 <= row < len(rows) else None
        self._loading, was = True, self._loading
        self.self_assessment.setPlainText(r.self_assessment if r else "")
        self.self_analysis.setPlainText(r.self_analysis if r else "")
        self._loading = was
        for w in (self.self_assessment, self.self_analysis):
            w.setEnabled(r is not None)
        self.member_label.setText(f"{r.name}：自我评价 / 党性分析（本人的文字）" if r else
                                  "选择一名党员，录入本人提交的自我评价和党性分析")

    def _text_edited(self, field: str, edit: QPlainTextEdit) -> None:
        row = self.table.currentIndex().row()
        if self._loading or row < 0:
            return
        self.model.update(row, **{field: edit.toPlainText()})

    def update_cap(self) -> None:
        text, over = cap_text(self.model.rows(), self.cap.text().strip() or "1/3")
        self.cap_label.setText(text)
        self.cap_label.setStyleSheet("color: #b3261e; font-weight: 600;" if over else "color: #1e6b34;")

    def cap_over(self) -> bool:
        return cap_text(self.model.rows(), self.cap.text().strip() or "1/3")[1]

    # ---- values -----------------------------------------------------------------------------
    def load(self, view, data, history) -> None:
        self._loading = True
        try:
            self.year = data.year
            self.held_on.setValue(data.held_on)
            self.issued.setValue(-1 if data.ballots_issued is None else data.ballots_issued)
            self.returned.setValue(-1 if data.ballots_returned is None else data.ballots_returned)
            self.cap.setText(view.record.excellent_cap)
            self.notes.setPlainText(data.notes)
            self.model.set_rows(rows_from(view.record, data))
            self.history.set_versions(history, _evaluation_text, EVALUATION_FIELDS)
            self.show_findings(view.findings)
        finally:
            self._loading = False
        self.update_cap()
        self._member_selected(self.table.currentIndex().row())

    def merge_members(self, view) -> None:
        """After a save: members added or dropped by the roster of the new date, keeping what was typed."""
        if [m.member_id for m in view.record.members] == [r.member_id for r in self.model.rows()]:
            return
        current = {r.member_id: r for r in self.model.rows()}
        data = EvaluationInput(self.year, self.held_on.value(), members=[r.as_input() for r in current.values()])
        self.model.set_rows(rows_from(view.record, data))
        self.update_cap()

    def value(self, meeting_id=None) -> EvaluationInput:
        issued, returned = self.issued.value(), self.returned.value()
        return EvaluationInput(self.year, self.held_on.value(), meeting_id, None if issued < 0 else issued,
                               None if returned < 0 else returned, self.notes.toPlainText(),
                               [r.as_input() for r in self.model.rows()])

    def show_findings(self, findings) -> None:
        self.findings.clear()
        for f in sorted(findings, key=lambda f: f.level != "error"):
            item = QListWidgetItem(("问题：" if f.level == "error" else "提示：") + f.message)
            item.setForeground(QColor("#b3261e" if f.level == "error" else "#8a5a00"))
            self.findings.addItem(item)
        self.findings.setVisible(bool(findings))

    def finding_texts(self) -> list[str]:
        return [self.findings.item(i).text() for i in range(self.findings.count())]

    def set_editable(self, editable: bool, cap_editable: bool = True) -> None:
        self.model.read_only = not editable
        self.model.layoutChanged.emit()
        self.held_on.setEnabled(editable)
        for w in (self.issued, self.returned):
            w.setEnabled(editable)
        self.cap.setReadOnly(not (editable and cap_editable))
        for w in (self.notes, self.self_assessment, self.self_analysis):
            w.setReadOnly(not editable)
            if w.property("hint_text") is None:
                w.setProperty("hint_text", w.placeholderText())
            w.setPlaceholderText(w.property("hint_text") if editable else "")
        self.table.setColumnHidden(COL_FOLLOW, False)


def _evaluation_text(record, supplements) -> str:
    from ui.meetings.record_text import evaluation_text

    return evaluation_text(record, supplements)
