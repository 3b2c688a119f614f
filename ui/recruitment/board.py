"""The pipeline board: a column per stage, a card per person with the next step and its date (overdue in red)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from desktop.domain.recruitment_rules import RecruitStage
from ui.recruitment.data import COLUMNS, STOPPED_COLUMN, card_dates, column_of, due_text
from ui.theme import scaled

STYLE = """
QFrame#boardColumn { background: #efefec; border-radius: 4px; }
QFrame#recruitCard { background: #ffffff; border: 1px solid #dcdcd8; border-radius: 4px; }
QFrame#recruitCard:hover { border-color: #a9a9a4; }
QFrame#recruitCard[selected="true"] { border: 2px solid #a4262c; }
QFrame#recruitCard[overdue="true"] { border-left: 4px solid #b3261e; }
"""


class RecruitCard(QFrame):
    clicked = Signal(int)
    double_clicked = Signal(int)

    def __init__(self, view, parent: QWidget | None = None):
        super().__init__(parent)
        self.view = view
        self.setObjectName("recruitCard")
        self.setProperty("overdue", view.overdue)
        self.setCursor(Qt.PointingHandCursor)
        box = QVBoxLayout(self)
        box.setContentsMargins(10, 7, 10, 8)
        box.setSpacing(2)
        head = QHBoxLayout()
        self.name = QLabel(view.name)
        self.name.setWordWrap(True)
        self.name.setStyleSheet(scaled("font-weight: 600; font-size: 11pt;"))
        head.addWidget(self.name)
        head.addStretch(1)
        if view.stage == RecruitStage.ADMITTED:
            tag = QLabel("待上级审批")
            tag.setStyleSheet(scaled("color: #34506b; background: #e3ecf4; border-radius: 3px; padding: 0 4px;"
                                     " font-size: 9pt;"))
            head.addWidget(tag)
        box.addLayout(head)
        if view.unit or view.position:
            where = self._wrapping(" ".join(x for x in (view.unit, view.position) if x))
            where.setStyleSheet(scaled("color: #6b6b6b; font-size: 9pt;"))
            box.addWidget(where)
        self.next_step = self._wrapping(view.next_step_label or "")
        self.next_step.setVisible(bool(view.next_step_label))
        box.addWidget(self.next_step)
        when, left, overdue = card_dates(view)
        self.due = self._wrapping(left)
        self.due.setStyleSheet(scaled(f"color: {'#b3261e; font-weight: 600' if overdue else '#3a3a3a'}; font-size: 9pt;"))
        self.due.setVisible(bool(left))
        self.due.setToolTip(due_text(view)[0])
        box.addWidget(self.due)
        self.when = self._hint(when)
        self.when.setVisible(bool(when))
        box.addWidget(self.when)
        if view.stage == RecruitStage.PROBATIONARY and view.probation_end:
            end = view.probation_end
            box.addWidget(self._hint(f"预备期满 {end.year}年{end.month}月{end.day}日"))
        if view.problems:
            warn = QLabel(f"⚠ {len(view.problems)}项问题")
            warn.setStyleSheet(scaled("color: #8a5a00; font-size: 9pt;"))
            warn.setToolTip("\n".join(view.problems))
            box.addWidget(warn)
        self.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Maximum)

    @staticmethod
    def _wrapping(text: str) -> QLabel:
        """Card text wraps instead of being cut: a narrow column makes the card taller, never shorter text."""
        label = QLabel(text)
        label.setWordWrap(True)
        label.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        label.setMinimumWidth(1)
        return label

    @classmethod
    def _hint(cls, text: str) -> QLabel:
        label = cls._wrapping(text)
        label.setStyleSheet(scaled("color: #6b6b6b; font-size: 9pt;"))
        return label

    def set_selected(self, selected: bool) -> None:
        self.setProperty("selected", selected)
        self.style().unpolish(self)
        self.style().polish(self)

    def mouseReleaseEvent(self, event):  # noqa: N802 - Qt API
        if event.button() == Qt.LeftButton and self.rect().contains(event.position().toPoint()):
            self.clicked.emit(self.view.id)
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event):  # noqa: N802 - Qt API
        self.double_clicked.emit(self.view.id)
        super().mouseDoubleClickEvent(event)


class BoardColumn(QFrame):
    def __init__(self, key: str, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.key = key
        self.setObjectName("boardColumn")
        self.setMinimumWidth(136)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 8, 6, 6)
        outer.setSpacing(6)
        self.title = title
        self.heading = QLabel(title)
        self.heading.setStyleSheet("font-weight: 600; padding-left: 4px;")
        self.heading.setWordWrap(True)  # "入党积极分子 1 逾期1" wraps in a narrow column instead of being cut
        self.heading.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        self.heading.setMinimumWidth(1)
        outer.addWidget(self.heading)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        scroll.setStyleSheet("QScrollArea, QScrollArea > QWidget > QWidget { background: transparent; }")
        inner = QWidget()
        self.cards_box = QVBoxLayout(inner)
        self.cards_box.setContentsMargins(0, 0, 0, 0)
        self.cards_box.setSpacing(6)
        self.cards_box.addStretch(1)
        scroll.setWidget(inner)
        outer.addWidget(scroll, 1)
        self.cards: list[RecruitCard] = []

    def set_cards(self, cards: list[RecruitCard]) -> None:
        for card in self.cards:
            self.cards_box.removeWidget(card)
            card.deleteLater()
        self.cards = cards
        for i, card in enumerate(cards):
            self.cards_box.insertWidget(i, card)
        late = sum(1 for c in cards if c.view.overdue)
        extra = f" <span style='color:#b3261e'>逾期{late}</span>" if late else ""
        self.heading.setText(f"{self.title} <span style='color:#6b6b6b'>{len(cards)}</span>{extra}")


class PipelineBoard(QWidget):
    selected = Signal(int)  # recruit id
    activated = Signal(int)  # double click: record a step

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setStyleSheet(STYLE)
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.setSpacing(8)
        self.columns: dict[str, BoardColumn] = {}
        for key, title, _stages in COLUMNS + (STOPPED_COLUMN,):
            col = BoardColumn(key, title)
            self.columns[key] = col
            self.row.addWidget(col, 1)
        self.columns["stopped"].hide()
        self.current: int | None = None

    def show_recruits(self, recruits, with_stopped: bool = False) -> None:
        by_column: dict[str, list[RecruitCard]] = {key: [] for key in self.columns}
        for v in recruits:
            key = column_of(v.stage, with_stopped)
            if key is None:
                continue
            card = RecruitCard(v)
            card.clicked.connect(self.select)
            card.double_clicked.connect(self.activated.emit)
            by_column[key].append(card)
        for key, col in self.columns.items():
            col.set_cards(by_column[key])
        self.columns["stopped"].setVisible(with_stopped)
        if self.current is not None and self.card(self.current) is None:
            self.current = None
        self._mark()

    def cards(self) -> list[RecruitCard]:
        return [c for col in self.columns.values() for c in col.cards]

    def card(self, recruit_id: int) -> RecruitCard | None:
        return next((c for c in self.cards() if c.view.id == recruit_id), None)

    def column_key_of(self, recruit_id: int) -> str | None:
        return next((k for k, col in self.columns.items() for c in col.cards if c.view.id == recruit_id), None)

    def select(self, recruit_id: int | None) -> None:
        self.current = recruit_id
        self._mark()
        if recruit_id is not None:
            self.selected.emit(recruit_id)

    def _mark(self) -> None:
        for c in self.cards():
            c.set_selected(c.view.id == self.current)
