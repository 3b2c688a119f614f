"""月度一览: one row per meeting type, one column per month of a year — what was held, at a glance.

A cell shows how many finalized (not voided) records there are; drafts show as 草稿; an empty past month
stays blank so gaps are visible. Clicking a cell asks the list to show that type and month.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from desktop.domain.meeting_enums import MeetingKind, RecordStatus
from ui.display import fmt_date
from ui.theme import px

HELD = QColor("#e3f1e6")
DRAFT = QColor("#fbf0d9")
FUTURE = QColor("#f6f6f4")


class MonthOverview(QTableWidget):
    cell_chosen = Signal(object, int)  # MeetingKind, month (1-12)

    def __init__(self, parent=None):
        super().__init__(len(MeetingKind), 13, parent)
        self.setObjectName("monthOverview")
        self.year = date.today().year
        self.setHorizontalHeaderLabels([f"{m}月" for m in range(1, 13)] + ["全年"])
        self.setVerticalHeaderLabels([k.label for k in MeetingKind])
        self.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SingleSelection)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        self.horizontalHeader().setMinimumSectionSize(36)
        self.verticalHeader().setDefaultSectionSize(px(24))
        self.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)
        self.setFixedHeight(px(24) * len(MeetingKind) + self.horizontalHeader().sizeHint().height() + 4)
        self.cellClicked.connect(self._clicked)

    def show_year(self, year: int, summaries, today: date | None = None) -> None:
        """Fill the grid from the year's meeting summaries (all types and statuses)."""
        today = today or date.today()
        self.year = year
        held: dict[tuple[MeetingKind, int], list] = {}
        for s in summaries:
            if s.start.year == year and s.status != RecordStatus.VOID:
                held.setdefault((s.kind, s.start.month), []).append(s)
        for row, kind in enumerate(MeetingKind):
            total = 0
            for month in range(1, 13):
                items = sorted(held.get((kind, month), []), key=lambda s: s.start)
                final = [s for s in items if s.status == RecordStatus.FINAL]
                total += len(final)
                text = str(len(final)) if final else ("草稿" if items else "")
                cell = QTableWidgetItem(text)
                cell.setTextAlignment(Qt.AlignCenter)
                if final:
                    cell.setBackground(HELD)
                elif items:
                    cell.setBackground(DRAFT)
                elif date(year, month, 1) > today:
                    cell.setBackground(FUTURE)
                if items:
                    lines = [f"{fmt_date(s.start)} {s.title}（{s.status.label}"
                             f"{'，补录' if s.late_entry else ''}）" for s in items]
                    cell.setToolTip("\n".join(lines))
                else:
                    cell.setToolTip(f"{year}年{month}月没有{kind.label}记录")
                self.setItem(row, month - 1, cell)
            cell = QTableWidgetItem(str(total) if total else "")
            cell.setTextAlignment(Qt.AlignCenter)
            f = cell.font()
            f.setBold(True)
            cell.setFont(f)
            self.setItem(row, 12, cell)

    def count(self, kind: MeetingKind, month: int) -> str:
        item = self.item(list(MeetingKind).index(kind), month - 1)
        return item.text() if item else ""

    def _clicked(self, row: int, col: int) -> None:
        if col < 12:
            self.cell_chosen.emit(list(MeetingKind)[row], col + 1)
