"""需要关注: the engine's alerts (members, branch, rectifications, dues, recruitment), most serious first,
each coloured by severity and, where it concerns someone or something, a click away from it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from ui.theme import px, scaled

SEVERITY_STYLE = {  # severity -> (label, colour, background)
    "critical": ("严重", "#ffffff", "#b3261e"),
    "warning": ("提醒", "#7a4b00", "#fbe9c6"),
    "info": ("提示", "#34506b", "#e3ecf4"),
}
SHOWN_AT_FIRST = 12


def target_of(alert) -> tuple[str, str] | None:
    """Where a click on the alert goes: (target key, link text), or None."""
    if alert.kind == "committee_return":  # subject is the record type, subject_id the record
        return "record", "打开记录"
    if alert.subject == "dues":
        return "dues", "去党费"
    if alert.subject == "recruit":
        return "recruitment", "去发展党员"
    if alert.subject == "rectification":
        return "rectifications", "查看整改"
    if alert.member_id is not None or alert.member_ids:
        return "member", "查看党员"
    return None


class AlertRow(QFrame):
    activated = Signal(object)  # Alert

    def __init__(self, alert, parent: QWidget | None = None):
        super().__init__(parent)
        self.alert = alert
        self.setObjectName("alertRow")
        self.setProperty("severity", alert.severity)
        self.target = target_of(alert)
        self.setCursor(Qt.PointingHandCursor if self.target else Qt.ArrowCursor)
        if alert.source:
            self.setToolTip(f"依据：{alert.source}")
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 5, 8, 5)
        row.setSpacing(10)
        pill = QLabel(SEVERITY_STYLE.get(alert.severity, SEVERITY_STYLE["info"])[0])
        pill.setObjectName("alertPill")  # coloured by the card's style sheet after the row's severity
        pill.setAlignment(Qt.AlignCenter)
        pill.setFixedWidth(px(38))
        row.addWidget(pill, 0, Qt.AlignTop)
        self.text = QLabel(alert.message)
        self.text.setObjectName("alertText")
        self.text.setWordWrap(True)
        self.text.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Preferred)
        row.addWidget(self.text, 1)
        self.link = QLabel(f"{self.target[1]} ›" if self.target else "")
        self.link.setObjectName("alertLink")
        row.addWidget(self.link, 0, Qt.AlignTop)

    def mouseReleaseEvent(self, event):  # noqa: N802 - Qt API
        if event.button() == Qt.LeftButton and self.target and self.rect().contains(event.position().toPoint()):
            self.activated.emit(self.alert)
        super().mouseReleaseEvent(event)


# One style sheet for the card, by object name and the row's severity (not one per label: each was parsed and
# resolved on its own). A severity without a style of its own looks like 提示.
STYLE = """
QFrame#alertRow { border-bottom: 1px solid #ededea; }
QFrame#alertRow:hover { background: #f5f5f2; }
QFrame#alertRow[severity="critical"] { background: #fcf1f0; }
QFrame#alertRow[severity="critical"] QLabel#alertText { color: #8c1d18; }
QLabel#alertLink { color: #2f5f8f; }
QLabel#alertPill { border-radius: 3px; font-size: 9pt; padding: 1px 0; }
QLabel#alertPill { background: %s; color: %s; }
""" % (SEVERITY_STYLE["info"][2], SEVERITY_STYLE["info"][1]) + "".join(
    f'QFrame#alertRow[severity="{severity}"] QLabel#alertPill {{ background: {bg}; color: {fg}; }}\n'
    for severity, (_label, fg, bg) in SEVERITY_STYLE.items())


class AlertsPanel(QFrame):
    activated = Signal(object)  # Alert

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("card")
        self.setStyleSheet(scaled(STYLE))
        self.alerts: tuple = ()
        self.expanded = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(4)
        head = QHBoxLayout()
        self.title = QLabel("需要关注")
        self.title.setStyleSheet(scaled("font-size: 12pt; font-weight: 600;"))
        head.addWidget(self.title)
        self.summary = QLabel()
        self.summary.setObjectName("subtitle")
        head.addWidget(self.summary, 0, Qt.AlignBottom)
        head.addStretch(1)
        layout.addLayout(head)
        self.list_widget = QWidget()  # the rows, hidden while they are (re)built
        self.list_box = QVBoxLayout(self.list_widget)
        self.list_box.setContentsMargins(0, 0, 0, 0)
        self.list_box.setSpacing(0)
        self.list_widget.hide()
        layout.addWidget(self.list_widget)
        self.empty = QLabel("没有需要提醒的事项。")
        self.empty.setObjectName("hint")
        layout.addWidget(self.empty)
        self.more = QPushButton()
        self.more.setFlat(True)
        self.more.setStyleSheet("color: #2f5f8f; text-align: left; padding: 4px 2px;")
        self.more.clicked.connect(self._toggle)
        layout.addWidget(self.more, 0, Qt.AlignLeft)
        self.rows: list[AlertRow] = []

    def show_alerts(self, alerts) -> None:
        self.alerts = tuple(alerts)
        counts = {k: sum(1 for a in self.alerts if a.severity == k) for k in SEVERITY_STYLE}
        parts = [f"{SEVERITY_STYLE[k][0]} {n}" for k, n in counts.items() if n]
        self.summary.setText("，".join(parts))
        self._fill()

    def _fill(self) -> None:
        # Built hidden, shown once: each row shown inside a visible list laid the whole window out again.
        self.list_widget.hide()
        for row in self.rows:
            self.list_box.removeWidget(row)
            row.deleteLater()
        shown = self.alerts if self.expanded else self.alerts[:SHOWN_AT_FIRST]
        self.rows = [AlertRow(a, self.list_widget) for a in shown]  # a child at once: one style pass
        for row in self.rows:
            row.activated.connect(self.activated.emit)
            self.list_box.addWidget(row)
        self.list_widget.setVisible(bool(self.rows))
        self.empty.setVisible(not self.alerts)
        hidden = len(self.alerts) - len(shown)
        self.more.setVisible(len(self.alerts) > SHOWN_AT_FIRST)
        self.more.setText(f"显示其余 {hidden} 条 ▾" if hidden else "收起 ▴")

    def _toggle(self) -> None:
        self.expanded = not self.expanded
        self._fill()

    def messages(self) -> list[str]:
        return [a.message for a in self.alerts]
