"""本月 / 本季度 / 本年度: each rule of the period on one line with its state, count and due day.

A row is one click away from the work: a missing record (待完成 / 已逾期) opens the editor for a new one, a
done rule opens the record(s) that satisfied it. Drafts waiting for 定稿 have their own link.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from ui.dashboard.data import PREVIOUS_WORDS, RuleLine, Section
from ui.theme import px, scaled

STATE_STYLE = {  # state -> (label, text colour, background)
    "overdue": ("已逾期", "#ffffff", "#b3261e"),
    "due": ("待完成", "#7a4b00", "#fbe9c6"),
    "done": ("已完成", "#1e6b34", "#dcefe0"),
    "not_applicable": ("不适用", "#6b6b6b", "#ececea"),
}


def state_pill(state: str) -> QLabel:
    """The state's label, coloured by the card's style sheet (``ROW_STYLE``) after the row's state."""
    pill = QLabel(STATE_STYLE[state][0])
    pill.setObjectName("statePill")
    pill.setAlignment(Qt.AlignCenter)
    pill.setFixedWidth(px(50))
    return pill


def count_text(r) -> str:
    return f"{r.count}/{r.required}"


def detail_text(line: RuleLine) -> str:
    r = line.result
    if r.state == "overdue":
        text = f"截止{r.due_on.month}月{r.due_on.day}日，已逾期{-r.days_left}天"
    elif r.state == "due":
        text = f"{r.due_on.month}月{r.due_on.day}日前完成，还有{r.days_left}天"
    elif r.state == "done":
        text = "已按要求完成"
    else:
        text = r.message.split("，")[0].rstrip("。")
    if r.groups and r.state in ("due", "overdue"):
        missing = [g.name for g in r.groups if not g.done]
        if missing:
            text += "；未开：" + "、".join(missing)
    if r.gaps and r.state in ("due", "overdue"):
        text += f"；尚未谈{len(r.gaps)}项"
    if r.members and r.state in ("due", "overdue"):
        text += f"；{sum(1 for m in r.members if not m.done)}人未达标"
    if r.drafts:
        text += f"；{len(r.drafts)}份草稿待定稿"
    return text


class ElidedLabel(QLabel):
    """One line; text that does not fit ends in "…" (the whole text is in the tooltip).

    The label holds the whole text (for its size hint and screen readers) and elides only when painting, in
    Qt: setting the elided text on each resize changed the label's size hint, so every resize asked the
    layout for another pass (≈18 passes per row while the 首页 was first laid out)."""

    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(text, parent)
        self.full_text = text
        self.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        self.setMinimumWidth(60)
        self.setToolTip(text)

    def shown_text(self) -> str:
        """The text as painted at the label's current width."""
        return self.fontMetrics().elidedText(self.full_text, Qt.ElideRight, max(10, self.contentsRect().width()))

    def paintEvent(self, event):  # noqa: N802 - Qt API
        painter = QPainter(self)
        self.style().drawItemText(painter, self.contentsRect(), int(self.alignment()), self.palette(),
                                  self.isEnabled(), self.shown_text(), self.foregroundRole())


class RuleRow(QFrame):
    """One rule result on one line. ``activated`` on a click anywhere on the row (or its button);
    ``drafts_clicked`` for its drafts."""

    activated = Signal(object)  # RuleLine
    drafts_clicked = Signal(object)

    def __init__(self, line: RuleLine, parent: QWidget | None = None):
        super().__init__(parent)
        self.line = line
        r = line.result
        self.setObjectName("ruleRow")
        self.setProperty("state", r.state)
        actionable = bool(self._button_text())
        self.setCursor(Qt.PointingHandCursor if actionable else Qt.ArrowCursor)
        self.setToolTip(f"{r.period.label_cn}：{r.message}\n依据：{r.source}" + ("（地方规定）" if r.local else ""))
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 2, 6, 2)
        row.setSpacing(10)
        row.addWidget(state_pill(r.state))
        title = r.title + (f"（{PREVIOUS_WORDS.get(r.period.kind, '上期')}）" if line.previous else "")
        self.title = QLabel(title)
        self.title.setObjectName("ruleTitle")
        self.title.setFixedWidth(px(190))
        row.addWidget(self.title)
        self.count = QLabel(count_text(r) if r.state != "not_applicable" else "—")
        self.count.setFixedWidth(px(48))
        self.count.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
        self.count.setObjectName("ruleCount")
        self.count.setToolTip("已完成 / 要求")
        row.addWidget(self.count)
        row.addSpacing(6)
        detail = detail_text(line)
        if line.previous:
            detail = f"{r.period.label_cn}：{detail}"
        self.detail = ElidedLabel(detail)
        self.detail.setToolTip(r.message)
        self.detail.setObjectName("ruleDetail")
        row.addWidget(self.detail, 1)
        self.drafts_button: QPushButton | None = None  # only where drafts wait (a hidden one per row cost time)
        if r.drafts and r.state != "done":
            self.drafts_button = QPushButton("打开草稿")
            self.drafts_button.setObjectName("rowAction")
            self.drafts_button.clicked.connect(lambda: self.drafts_clicked.emit(self.line))
            row.addWidget(self.drafts_button)
        self.button = QPushButton(self._button_text() or " ")
        self.button.setObjectName("rowAction")
        self.button.setFixedWidth(px(64))
        self.button.setCursor(Qt.PointingHandCursor)
        self.button.setToolTip(self._button_tip())
        self.button.clicked.connect(lambda: self.activated.emit(self.line))
        row.addWidget(self.button)
        if not actionable:  # keep the columns aligned
            self.button.setEnabled(False)
            self.button.setFlat(True)
            self.button.setText("")

    @property
    def actionable(self) -> bool:
        return bool(self._button_text())

    def _button_text(self) -> str:
        r = self.line.result
        if r.state == "done":
            return "查看" if r.records else ""
        if r.state == "not_applicable" or (r.record_type == "meeting" and self.line.create_kind is None):
            return ""
        return "补录" if self.line.previous or r.state == "overdue" else "新建"

    def _button_tip(self) -> str:
        r = self.line.result
        if r.state == "done":
            return "打开计入本项的记录"
        what = {"heart_talk": "谈心谈话记录", "evaluation": "民主评议"}.get(r.record_type, "会议记录")
        return f"在“组织生活”中新建{what}"

    def mouseReleaseEvent(self, event):  # noqa: N802 - Qt API
        if event.button() == Qt.LeftButton and self.actionable and self.rect().contains(event.position().toPoint()):
            self.activated.emit(self.line)
        super().mouseReleaseEvent(event)


class SectionHeader(QWidget):
    def __init__(self, section: Section, parent: QWidget | None = None):
        super().__init__(parent)
        head = QHBoxLayout(self)
        head.setContentsMargins(2, 8, 2, 2)
        title = QLabel(section.title)
        title.setObjectName("sectionTitle")
        period = QLabel(section.period_label)
        period.setObjectName("subtitle")
        head.addWidget(title)
        head.addWidget(period, 0, Qt.AlignBottom)
        head.addStretch(1)
        late = sum(1 for line in section.lines if line.result.state == "overdue")
        if late:
            warn = QLabel(f"逾期 {late} 项")
            warn.setObjectName("sectionLate")
            head.addWidget(warn)


# One style sheet for the card, by object name and the row's state: a style sheet of its own on each label
# was parsed and resolved per label (≈60 on the 首页).
ROW_STYLE = """
QFrame#ruleRow { border-radius: 3px; border: 1px solid transparent; }
QFrame#ruleRow:hover { background: #f5f5f2; border-color: #e2e2de; }
QFrame#ruleRow[state="overdue"] { background: #fcf1f0; }
QFrame#ruleRow[state="overdue"]:hover { background: #f8e4e2; }
QPushButton#rowAction { padding: 1px 8px; min-height: 14px; }
QLabel#statePill { border-radius: 3px; padding: 1px 0; font-size: 9pt; }
QLabel#ruleTitle { font-weight: 600; }
QFrame#ruleRow[state="not_applicable"] QLabel#ruleTitle { color: #8a8a8a; }
QLabel#ruleCount { font-weight: 600; color: #3a3a3a; }
QLabel#ruleDetail { color: #6b6b6b; }
QFrame#ruleRow[state="overdue"] QLabel#ruleDetail { color: #b3261e; }
QLabel#sectionTitle { font-size: 11pt; font-weight: 600; }
QLabel#sectionLate { color: #b3261e; font-weight: 600; }
""" + "".join(f'QFrame#ruleRow[state="{state}"] QLabel#statePill {{ background: {bg}; color: {fg}; }}\n'
              for state, (_label, fg, bg) in STATE_STYLE.items())


class RulesPanel(QFrame):
    """One card: for each period kind a heading, then its rules. Re-filled by :meth:`show_sections`."""

    activated = Signal(object)  # RuleLine
    drafts_clicked = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("card")
        self.setStyleSheet(scaled(ROW_STYLE))
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(12, 4, 12, 10)
        self.box.setSpacing(2)
        self._widgets: list[QWidget] = []
        self._rows: list[RuleRow] = []

    def show_sections(self, sections) -> None:
        # Built hidden, shown once: each row shown inside a visible panel laid the whole window out again.
        self.hide()
        for w in self._widgets:
            self.box.removeWidget(w)
            w.deleteLater()
        self._widgets, self._rows = [], []
        for section in sections:
            header = SectionHeader(section, self)  # made a child at once: no second style pass when added
            self.box.addWidget(header)
            self._widgets.append(header)
            for line in section.lines:
                row = RuleRow(line, self)
                row.activated.connect(self.activated.emit)
                row.drafts_clicked.connect(self.drafts_clicked.emit)
                self.box.addWidget(row)
                self._widgets.append(row)
                self._rows.append(row)
        self.setVisible(bool(sections))

    def rows(self) -> list[RuleRow]:
        return list(self._rows)

    def row_for(self, rule_id: str, previous: bool = False) -> RuleRow | None:
        return next((r for r in self._rows if r.line.result.rule_id == rule_id and r.line.previous == previous),
                    None)
