"""The editor's side panel: derived counts (应到/实到/正式/预备…), quorum, study hours, the service's
findings (问题 block 定稿, 提示 do not) and, once finalized, the ledger entry."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget
from PySide6.QtGui import QColor

from ui.display import fmt_datetime
from ui.records.history import lag_text
from ui.theme import px

COUNT_FIELDS = (("expected", "应到"), ("present", "实到"), ("present_full", "实到正式党员"),
                ("present_probationary", "实到预备党员"), ("on_leave", "请假"), ("absent", "缺席"),
                ("unmarked", "未登记"))


def entry_text(entry) -> str:
    """Where a finalized record sits in the chain, when it was entered, and its flags."""
    if entry is None:
        return ""
    flags = []
    if entry.late_entry:
        flags.append(f"补录（超过 {entry.late_after_days} 天）")
    if entry.clock_anomaly:
        flags.append("时钟异常（录入时电脑时间早于前一条记录）")
    lines = [f"纪实第 {entry.seq} 条", f"录入时间：{fmt_datetime(entry.entered_at)}",
             f"距会议：{lag_text(entry.lag)}", f"哈希：{entry.short_hash}…"]
    if flags:
        lines.append("标记：" + "；".join(flags))
    return "\n".join(lines)


class StatusPanel(QFrame):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("card")
        self.setMinimumWidth(px(250))
        self.setMaximumWidth(px(320))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        title = QLabel("出勤与检查")
        title.setStyleSheet("font-weight: 600;")
        layout.addWidget(title)
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)
        self.counts: dict[str, QLabel] = {}
        for i, (key, label) in enumerate(COUNT_FIELDS):
            grid.addWidget(QLabel(f"{label}："), i // 2, (i % 2) * 2)
            value = QLabel("—")
            value.setObjectName(f"count_{key}")
            value.setStyleSheet("font-weight: 600;")
            grid.addWidget(value, i // 2, (i % 2) * 2 + 1)
            self.counts[key] = value
        layout.addLayout(grid)
        self.quorum = QLabel()
        self.quorum.setWordWrap(True)
        layout.addWidget(self.quorum)
        self.study = QLabel()
        self.study.setObjectName("hint")
        self.study.setWordWrap(True)
        layout.addWidget(self.study)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.findings = QListWidget()
        self.findings.setObjectName("findings")
        self.findings.setWordWrap(True)
        self.findings.setFrameShape(QFrame.NoFrame)
        layout.addWidget(self.findings, 1)
        self.ledger = QLabel()
        self.ledger.setObjectName("hint")
        self.ledger.setWordWrap(True)
        self.ledger.setTextInteractionFlags(Qt.TextSelectableByMouse)
        layout.addWidget(self.ledger)

    def show_check(self, check, error: str = "") -> None:
        """A ``MeetingCheck`` from the service (or ``error`` when the input could not be checked)."""
        self.findings.clear()
        if check is None:
            for label in self.counts.values():
                label.setText("—")
            self.quorum.clear()
            self.study.clear()
            self.summary.setText("")
            if error:
                self._add(f"问题：{error}", "#b3261e")
            return
        c = check.counts
        for key, label in self.counts.items():
            label.setText(f"{getattr(c, key)} 人")
        q = check.quorum
        if q.required:
            self.quorum.setText(("✔ " if q.met else "✘ ") + q.description)
            self.quorum.setStyleSheet(f"color: {'#1e6b34' if q.met else '#b3261e'}; font-weight: 600;")
        else:
            self.quorum.setText("本类会议不要求过半数出席。")
            self.quorum.setStyleSheet("color: #6b6b6b;")
        minutes = check.record.credited_minutes
        self.study.setText(f"出席党员每人计入学时：{minutes / 60:.1f} 小时（{minutes} 分钟）" if minutes else "")
        self.list_findings(check.findings)

    def list_findings(self, findings) -> None:
        """The service's findings: 问题 (block 定稿) first, then 提示."""
        self.findings.clear()
        errors = [f for f in findings if f.level == "error"]
        warnings = [f for f in findings if f.level != "error"]
        if errors:
            self.summary.setText(f"有 {len(errors)} 个问题需要处理后才能定稿：")
            self.summary.setStyleSheet("color: #b3261e;")
        else:
            self.summary.setText("检查通过，可以定稿。" if not warnings else "可以定稿，请留意以下提示：")
            self.summary.setStyleSheet("color: #1e6b34;")
        for f in errors:
            self._add(f"问题：{f.message}", "#b3261e")
        for f in warnings:
            self._add(f"提示：{f.message}", "#8a5a00")

    def show_locked_summary(self, text: str) -> None:
        self.summary.setText(text)
        self.summary.setStyleSheet("color: #6b6b6b;")

    def _add(self, text: str, color: str) -> None:
        item = QListWidgetItem(text)
        item.setForeground(QColor(color))
        self.findings.addItem(item)

    def show_entry(self, entry) -> None:
        self.ledger.setText(entry_text(entry))
        self.ledger.setVisible(entry is not None)

    def finding_texts(self) -> list[str]:
        return [self.findings.item(i).text() for i in range(self.findings.count())]

    def count(self, key: str) -> str:
        return self.counts[key].text()
