"""年度活动一览: 12 months × activity types, the number of finalized records in each cell, painted.

Green deepens with the count; a month that a rule required and that ended without the record is red (缺);
drafts show as an amber dot; months not yet begun are grey. Hover lists the records, a click emits the cell.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from ui.dashboard.data import HeatCell, HeatMapData

LABEL_W = 112
TOTAL_W = 44
ROW_H = 26
HEAD_H = 24
LEGEND_H = 28
MIN_CELL_W = 34
MAX_CELL_W = 64
GREENS = ("#ffffff", "#d3ebd8", "#a6d4b0", "#72b983", "#3f8f52")
MISSED_BG = "#f6d6d3"
MISSED_FG = "#b3261e"
FUTURE_BG = "#f3f3f1"
GRID = "#e3e3df"
DRAFT_DOT = "#e0a100"
KIND_WORDS = {"meeting": "会议", "heart_talk": "谈心谈话", "evaluation": "民主评议"}


def shade(count: int) -> str:
    return GREENS[0 if count <= 0 else 1 if count == 1 else 2 if count == 2 else 3 if count <= 4 else 4]


class HeatMap(QWidget):
    cell_clicked = Signal(str, int)  # kind, month

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.data: HeatMapData | None = None
        self.labels: dict = {}
        self.today = date.today()
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)

    def show_data(self, data: HeatMapData | None, labels: dict | None = None, today: date | None = None) -> None:
        self.data = data
        self.labels = labels or {}
        self.today = today or date.today()
        self.updateGeometry()
        self.update()

    # ---- geometry ---------------------------------------------------------------------------
    def _rows(self):
        return self.data.rows if self.data else ()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(LABEL_W + 12 * 48 + TOTAL_W, HEAD_H + ROW_H * max(len(self._rows()), 9) + LEGEND_H + 6)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(LABEL_W + 12 * MIN_CELL_W + TOTAL_W, self.sizeHint().height())

    def cell_width(self) -> int:
        return max(MIN_CELL_W, min(MAX_CELL_W, (self.width() - LABEL_W - TOTAL_W) // 12))

    def cell_rect(self, row: int, month: int) -> QRect:
        w = self.cell_width()
        return QRect(LABEL_W + (month - 1) * w, HEAD_H + row * ROW_H, w, ROW_H)

    def cell_at(self, pos: QPoint) -> tuple[str, int] | None:
        if self.data is None:
            return None
        w = self.cell_width()
        col = (pos.x() - LABEL_W) // w if pos.x() >= LABEL_W else -1
        row = (pos.y() - HEAD_H) // ROW_H if pos.y() >= HEAD_H else -1
        if 0 <= col < 12 and 0 <= row < len(self._rows()):
            return self._rows()[row][0], col + 1
        return None

    def cell(self, kind: str, month: int) -> HeatCell:
        return self.data.cells.get((kind, month), HeatCell()) if self.data else HeatCell()

    # ---- painting ---------------------------------------------------------------------------
    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt API
        if self.data is None:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing, False)
        base = QFont(self.font())
        small = QFont(base)
        small.setPointSizeF(max(7.5, base.pointSizeF() - 1))
        w = self.cell_width()
        current = self.today.month if self.today.year == self.data.year else None
        p.setFont(small)
        for month in range(1, 13):
            rect = QRect(LABEL_W + (month - 1) * w, 0, w, HEAD_H)
            p.setPen(QColor("#a4262c") if month == current else QColor("#6b6b6b"))
            p.drawText(rect, Qt.AlignCenter, f"{month}月")
        p.setPen(QColor("#6b6b6b"))
        p.drawText(QRect(LABEL_W + 12 * w, 0, TOTAL_W, HEAD_H), Qt.AlignCenter, "全年")
        for row, (kind, label) in enumerate(self._rows()):
            y = HEAD_H + row * ROW_H
            p.setFont(base)
            p.setPen(QColor("#2b2b2b"))
            p.drawText(QRect(0, y, LABEL_W - 8, ROW_H), Qt.AlignVCenter | Qt.AlignRight, label)
            total = 0
            for month in range(1, 13):
                c = self.cell(kind, month)
                total += c.final
                self._paint_cell(p, self.cell_rect(row, month), c, small)
            p.setFont(base)
            p.setPen(QColor("#2b2b2b") if total else QColor("#b0b0ac"))
            p.drawText(QRect(LABEL_W + 12 * w, y, TOTAL_W, ROW_H), Qt.AlignCenter, str(total))
        if current:
            p.setPen(QPen(QColor("#a4262c"), 1.5))
            p.setBrush(Qt.NoBrush)
            p.drawRect(QRect(LABEL_W + (current - 1) * w, HEAD_H, w, ROW_H * len(self._rows())).adjusted(0, 0, -1, -1))
        self._paint_legend(p, HEAD_H + ROW_H * len(self._rows()) + 8, small)
        p.end()

    def _paint_cell(self, p: QPainter, rect: QRect, c: HeatCell, font: QFont) -> None:
        inner = rect.adjusted(1, 1, -1, -1)
        if c.future and not c.final and not c.drafts:
            bg = FUTURE_BG
        elif c.missed and not c.final:
            bg = MISSED_BG
        else:
            bg = shade(c.final)
        p.fillRect(inner, QColor(bg))
        p.setPen(QColor(MISSED_FG) if c.missed else QColor(GRID))
        p.drawRect(inner.adjusted(0, 0, -1, -1))
        p.setFont(font)
        if c.final:
            p.setPen(QColor("#ffffff") if c.final >= 5 else QColor("#1f1f1f"))
            p.drawText(inner, Qt.AlignCenter, str(c.final))
        elif c.missed:
            p.setPen(QColor(MISSED_FG))
            p.drawText(inner, Qt.AlignCenter, "缺")
        if c.drafts:
            p.setPen(Qt.NoPen)
            p.setBrush(QColor(DRAFT_DOT))
            p.setRenderHint(QPainter.Antialiasing, True)
            p.drawEllipse(QPoint(inner.right() - 5, inner.top() + 5), 3, 3)
            p.setRenderHint(QPainter.Antialiasing, False)
            p.setBrush(Qt.NoBrush)

    def _paint_legend(self, p: QPainter, y: int, font: QFont) -> None:
        p.setFont(font)
        x = LABEL_W
        items = [(GREENS[1], "1次", None), (GREENS[2], "2次", None), (GREENS[3], "3—4次", None),
                 (GREENS[4], "5次以上", None), (MISSED_BG, "应开展未开展", MISSED_FG), (FUTURE_BG, "未到", None)]
        for colour, text, border in items:
            box = QRect(x, y + 5, 14, 14)
            p.fillRect(box, QColor(colour))
            p.setPen(QColor(border or GRID))
            p.drawRect(box)
            p.setPen(QColor("#6b6b6b"))
            width = p.fontMetrics().horizontalAdvance(text)
            p.drawText(QRect(x + 19, y, width + 4, 24), Qt.AlignVCenter, text)
            x += 19 + width + 16
        p.setPen(Qt.NoPen)
        p.setBrush(QColor(DRAFT_DOT))
        p.setRenderHint(QPainter.Antialiasing, True)
        p.drawEllipse(QPoint(x + 6, y + 12), 3, 3)
        p.setRenderHint(QPainter.Antialiasing, False)
        p.setPen(QColor("#6b6b6b"))
        p.drawText(QRect(x + 14, y, 200, 24), Qt.AlignVCenter, "有草稿未定稿")

    # ---- interaction ------------------------------------------------------------------------
    def tooltip_for(self, kind: str, month: int) -> str:
        c = self.cell(kind, month)
        label = dict(self._rows()).get(kind, "")
        head = f"{self.data.year}年{month}月 {label}"
        if not c.records:
            if c.missed:
                return f"{head}：未开展（按规定应开展）"
            return f"{head}：无记录" if not c.future else f"{head}：尚未到"
        lines = [f"{head}：已定稿{c.final}次" + (f"，草稿{c.drafts}份" if c.drafts else "")]
        for day, record_type, record_id, status in c.records[:12]:
            text = self.labels.get((record_type, record_id), f"{day.month}月{day.day}日")
            lines.append(f"· {text}" + ("（草稿）" if status == "draft" and "草稿" not in text else ""))
        if len(c.records) > 12:
            lines.append(f"……共{len(c.records)}条")
        lines.append("单击在“组织生活”中查看")
        return "\n".join(lines)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 - Qt API
        hit = self.cell_at(event.position().toPoint())
        self.setCursor(Qt.PointingHandCursor if hit else Qt.ArrowCursor)
        if hit:
            QToolTip.showText(event.globalPosition().toPoint(), self.tooltip_for(*hit), self)
        else:
            QToolTip.hideText()
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt API
        hit = self.cell_at(event.position().toPoint())
        if hit and event.button() == Qt.LeftButton:
            self.cell_clicked.emit(*hit)
        super().mouseReleaseEvent(event)
