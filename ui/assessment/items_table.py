"""The rubric as a table: a heading row per section with its subtotal, then its items. Automatic items are
read-only with the reason for their score; manual items have a score box (0 to the item's maximum), a note
and their evidence records."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (QAbstractItemView, QDoubleSpinBox, QHeaderView, QLineEdit, QPushButton,
                               QTableWidget, QTableWidgetItem, QWidget)

from ui.assessment.data import points_text
from ui.theme import px

HEADERS = ("项目", "满分", "得分", "佐证", "备注", "计分说明")
TITLE, MAX, SCORE, EVIDENCE, NOTE, EXPLAIN = range(6)
UNSCORED = -1.0  # the score box's "待评分" value
MIN_EXPLAIN_W = 300  # below this the table scrolls sideways instead of wrapping the reasons into slivers


class ScoreBox(QDoubleSpinBox):
    def __init__(self, max_points: Decimal, parent: QWidget | None = None):
        super().__init__(parent)
        self.setDecimals(1)
        self.setSingleStep(0.5)
        self.setRange(UNSCORED, float(max_points))
        self.setSpecialValueText("待评分")
        self.setSuffix(" 分")
        self.setAlignment(Qt.AlignRight)
        self.setKeyboardTracking(False)

    def score(self) -> Decimal | None:
        v = self.value()
        return None if v <= UNSCORED else Decimal(str(round(v, 2)))


class ItemsTable(QTableWidget):
    manual_edited = Signal(str)  # item id: score or note changed
    evidence_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(0, len(HEADERS), parent)
        self.setHorizontalHeaderLabels(list(HEADERS))
        self.verticalHeader().hide()
        self.setSelectionMode(QAbstractItemView.NoSelection)
        self.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.setWordWrap(True)
        self.setFocusPolicy(Qt.NoFocus)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setStretchLastSection(True)
        for col, width in ((TITLE, 250), (MAX, 56), (SCORE, 100), (EVIDENCE, 100), (NOTE, 190)):
            self.setColumnWidth(col, px(width))
        self.items_by_id: dict = {}
        self.rows_by_id: dict[str, int] = {}
        self.section_rows: dict[str, int] = {}
        self.evidence: dict[str, tuple[str, ...]] = {}
        self._label_of = lambda ref: ref
        self._relayout = QTimer(self)
        self._relayout.setSingleShot(True)
        self._relayout.setInterval(0)
        self._relayout.timeout.connect(self._fit)

    def resizeEvent(self, event):  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._relayout.start()

    def _fit(self) -> None:
        """Keep the reasons readable: a minimum width for the last column, rows as tall as their text."""
        header = self.horizontalHeader()
        others = sum(self.columnWidth(c) for c in range(EXPLAIN))
        wide = self.viewport().width() - others >= MIN_EXPLAIN_W
        header.setStretchLastSection(wide)
        if not wide:
            self.setColumnWidth(EXPLAIN, px(MIN_EXPLAIN_W))
        self.resizeRowsToContents()

    # ---- filling ----------------------------------------------------------------------------
    def show_view(self, view, label_of=None) -> None:
        self._label_of = label_of or (lambda ref: ref)
        self.clearSpans()
        self.setRowCount(0)
        self.items_by_id, self.rows_by_id, self.section_rows, self.evidence = {}, {}, {}, {}
        if view is None:
            return
        for section, items in view.sections():
            row = self.rowCount()
            self.insertRow(row)
            self.section_rows[section] = row
            head = QTableWidgetItem(section)
            font = QFont(self.font())
            font.setBold(True)
            head.setFont(font)
            head.setBackground(QColor("#f1f1ee"))
            self.setItem(row, 0, head)
            self.setSpan(row, 0, 1, len(HEADERS))
            for item in items:
                self._add_item(item)
        self.update_subtotals()
        self._fit()

    def _text(self, row: int, col: int, text: str, *, colour: str | None = None, tip: str = "",
              align=Qt.AlignLeft) -> QTableWidgetItem:
        cell = QTableWidgetItem(text)
        cell.setTextAlignment(align | Qt.AlignVCenter)
        if colour:
            cell.setForeground(QColor(colour))
        if tip:
            cell.setToolTip(tip)
        self.setItem(row, col, cell)
        return cell

    def _add_item(self, item) -> None:
        row = self.rowCount()
        self.insertRow(row)
        self.items_by_id[item.id] = item
        self.rows_by_id[item.id] = row
        tip = "\n".join(x for x in (item.guidance, f"依据：{item.basis}" if item.basis else "") if x)
        self._text(row, TITLE, item.title, tip=tip)
        self._text(row, MAX, points_text(item.max_points), align=Qt.AlignCenter)
        self.evidence[item.id] = tuple(item.evidence)
        if item.scoring == "auto":
            lost = item.score is not None and item.score < item.max_points
            self._text(row, SCORE, f"{points_text(item.score)} 分" if item.score is not None else "—",
                       colour="#b3261e" if lost else "#1e6b34", align=Qt.AlignRight,
                       tip="自动计分：由系统根据记录计算，不能手工修改")
            labels = [self._label_of(ref) for ref in item.evidence]
            self._text(row, EVIDENCE, f"{len(labels)} 条记录" if labels else "", tip="\n".join(labels[:30]))
            self._text(row, NOTE, "自动计分", colour="#8a8a8a")
            self._text(row, EXPLAIN, item.explanation, colour="#b3261e" if lost else "#3a3a3a", tip=item.explanation)
            return
        box = ScoreBox(item.max_points)
        box.setValue(float(item.score) if item.score is not None else UNSCORED)
        box.setToolTip(f"人工评分：0至{points_text(item.max_points)}分")
        box.valueChanged.connect(lambda _v, i=item.id: self._edited(i))
        self.setCellWidget(row, SCORE, box)
        button = QPushButton()
        button.clicked.connect(lambda _c=False, i=item.id: self.evidence_clicked.emit(i))
        self.setCellWidget(row, EVIDENCE, button)
        self._evidence_button_text(item.id)
        note = QLineEdit(item.note)
        note.setPlaceholderText("评分说明")
        note.editingFinished.connect(lambda i=item.id: self._note_done(i))
        self.setCellWidget(row, NOTE, note)
        explain = item.guidance or item.explanation
        self._text(row, EXPLAIN, explain, colour="#6b6b6b", tip=tip)

    def _evidence_button_text(self, item_id: str) -> None:
        button = self.cellWidget(self.rows_by_id[item_id], EVIDENCE)
        refs = self.evidence[item_id]
        button.setText(f"佐证（{len(refs)}）…" if refs else "关联记录…")
        button.setToolTip("\n".join(self._label_of(r) for r in refs) or "选择本年度的会议记录等作为佐证")

    # ---- manual input -----------------------------------------------------------------------
    def score_box(self, item_id: str) -> ScoreBox:
        return self.cellWidget(self.rows_by_id[item_id], SCORE)

    def note_edit(self, item_id: str) -> QLineEdit:
        return self.cellWidget(self.rows_by_id[item_id], NOTE)

    def set_evidence(self, item_id: str, refs) -> None:
        self.evidence[item_id] = tuple(refs)
        self._evidence_button_text(item_id)
        self.manual_edited.emit(item_id)

    def manual_value(self, item_id: str) -> tuple[Decimal | None, str, tuple[str, ...]]:
        return self.score_box(item_id).score(), self.note_edit(item_id).text().strip(), self.evidence[item_id]

    def _edited(self, item_id: str) -> None:
        self.update_subtotals()
        self.manual_edited.emit(item_id)

    def _note_done(self, item_id: str) -> None:
        if self.note_edit(item_id).isModified():
            self.note_edit(item_id).setModified(False)
            self.manual_edited.emit(item_id)

    def item_score(self, item_id: str) -> Decimal | None:
        item = self.items_by_id[item_id]
        return item.score if item.scoring == "auto" else self.score_box(item_id).score()

    def update_subtotals(self) -> None:
        sections: dict[str, list] = {}
        for item in self.items_by_id.values():
            sections.setdefault(item.section, []).append(item)
        for section, row in self.section_rows.items():
            items = sections.get(section, [])
            got = sum((self.item_score(i.id) or Decimal(0) for i in items), Decimal(0))
            top = sum((i.max_points for i in items), Decimal(0))
            self.item(row, 0).setText(f"{section}　　小计 {points_text(got)} / {points_text(top)} 分")

    def totals(self) -> tuple[Decimal, Decimal, Decimal, int]:
        """(total, automatic, manual, manual items not scored) as now on screen."""
        auto = sum((i.score or Decimal(0) for i in self.items_by_id.values() if i.scoring == "auto"), Decimal(0))
        manual_items = [i for i in self.items_by_id.values() if i.scoring == "manual"]
        scores = [self.score_box(i.id).score() for i in manual_items]
        manual = sum((s for s in scores if s is not None), Decimal(0))
        return auto + manual, auto, manual, sum(1 for s in scores if s is None)
