"""预警 page: every integrity alert (most serious first) with a kind filter; the selected alert's evidence below,
and a click away from its branch or its record."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QPushButton, QSplitter, QTextBrowser, QVBoxLayout,
                               QWidget)

from desktop.committee.alerts import KIND_LABELS
from ui.committee.open_branch import open_branch
from ui.display import fmt_date, fmt_datetime
from ui.pages import ChangeWatch
from ui.widgets.row_list_model import RowListModel
from ui.widgets.row_table import read_only_table
from ui.widgets.page_header import page_header

SEVERITY_TEXT = {"critical": "严重", "warning": "提醒", "info": "提示"}
SEVERITY_COLOR = {"critical": "#b3261e", "warning": "#8a5a00", "info": "#34506b"}
EVIDENCE_LABELS = {
    "clock_reading": "录入时电脑时钟", "entered_at": "前一条纪实的时间", "entry_clock": "该条录入时间",
    "previous_export_seq": "上一次导出的数据包", "previous_export_at": "上一次导出时间", "lag_days": "滞后天数",
    "claimed_at": "记录所记的时间", "first_seen_at": "工委首次收到", "threshold_days": "阈值（天）",
    "missing_bundles": "未收到的数据包", "received_bundle": "收到的数据包", "previous_bundle": "之前的数据包",
    "bundle": "数据包", "names_previous": "记载的上一个数据包", "held_previous": "工委收到的上一个数据包",
    "last_received_at": "最近一次收到数据包", "days": "未报送天数", "silent_days": "阈值（天）",
    "id_hash": "身份标识（工委密钥散列）", "branches": "涉及支部", "meetings": "涉及会议", "record_hash": "记录哈希",
    "kept_bundle": "保留的数据包", "evidence_bundle": "证据数据包", "day": "记录日期", "last_bundle": "最近的数据包",
    "records": "涉及的记录", "held_at": "记录所记的时间", "entry_seq": "纪实", "record_type": "类型",
    "record_id": "记录编号", "kept_bundle_id": "保留的数据包编号", "bundle_seq": "数据包序号",
    "bundle_sha256": "数据包哈希", "received_at": "收到时间", "member": "党员", "name": "支部", "branch_id": "支部编号",
    "start": "开始", "end": "结束", "hash": "记录哈希",
}


def _value(v) -> str:
    if isinstance(v, str):
        try:
            t = datetime.fromisoformat(v)
        except ValueError:
            return v
        return fmt_datetime(t) if ("T" in v or " " in v) else fmt_date(t)
    if isinstance(v, (list, tuple)):
        return "；".join(_value(x) for x in v) if v else "无"
    if isinstance(v, dict):
        return "，".join(f"{EVIDENCE_LABELS.get(k, k)} {_value(x)}" for k, x in v.items())
    if isinstance(v, date):
        return fmt_date(v)
    return "—" if v is None else str(v)


def evidence_text(a) -> str:
    lines = [f"【{SEVERITY_TEXT.get(a.severity, a.severity)}】{a.kind_label} · 支部：{a.branch_name}", "", a.message, ""]
    if a.raised_at:
        lines.append(f"发现时间：{fmt_datetime(a.raised_at)}")
    if a.bundle_seq:
        lines.append(f"数据包：第{a.bundle_seq}号")
    if a.entry_seq:
        lines.append(f"纪实：第{a.entry_seq}条")
    if a.evidence:
        lines += ["", "证据："]
        lines += [f"· {EVIDENCE_LABELS.get(k, k)}：{_value(v)}" for k, v in a.evidence.items()]
    return "\n".join(lines)


class AlertsModel(RowListModel):
    titles = ("级别", "支部", "类别", "纪实", "情况")

    def data(self, index: QModelIndex, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        a, col = self._rows[index.row()], index.column()
        if role == Qt.DisplayRole:
            return (SEVERITY_TEXT.get(a.severity, a.severity), a.branch_name, a.kind_label,
                    f"第{a.entry_seq}条" if a.entry_seq else "—", a.message)[col]
        if role == Qt.ForegroundRole and col == 0:
            return QColor(SEVERITY_COLOR.get(a.severity, "#1f1f1f"))
        if role == Qt.ToolTipRole and col == 4:
            return a.message
        return None


class AlertsPage(QWidget):
    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        # refreshes from ctx.changed: imports, thresholds; a new day too
        self.watch = ChangeWatch(self, ctx, ("sync", "settings"), self.reload)
        self.alerts: list = []
        self.wanted = None  # (branch_id, kind, entry_seq) to select once loaded (总览 → 预警)
        self._generation = 0  # only the latest reload is shown (a visit and a 总览 click both reload)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 14)
        outer.setSpacing(8)
        outer.addLayout(page_header("诚信预警", "报送滞后、时钟回拨、补报、分叉、长期未报送等情况，每条附证据"))
        bar = QHBoxLayout()
        bar.addWidget(QLabel("类别："))
        self.kind = QComboBox()
        self.kind.addItem("全部类别", None)
        for key, label in KIND_LABELS.items():
            self.kind.addItem(label, key)
        self.kind.currentIndexChanged.connect(lambda _i: self.reload())
        bar.addWidget(self.kind)
        self.count = QLabel()
        self.count.setObjectName("subtitle")
        bar.addWidget(self.count)
        bar.addStretch(1)
        refresh = QPushButton("刷新")
        refresh.clicked.connect(self.reload)
        bar.addWidget(refresh)
        outer.addLayout(bar)

        split = QSplitter(Qt.Vertical)
        self.model = AlertsModel(self)
        self.table = read_only_table(self.model, "alertsTable", (50, 110, 150, 70))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_selected())
        self.table.doubleClicked.connect(lambda _i: self.open_record())
        split.addWidget(self.table)
        lower = QWidget()
        box = QVBoxLayout(lower)
        box.setContentsMargins(0, 0, 0, 0)
        self.evidence = QTextBrowser()
        self.evidence.setObjectName("alertEvidence")
        box.addWidget(self.evidence, 1)
        actions = QHBoxLayout()
        self.branch_button = QPushButton("打开支部")
        self.branch_button.clicked.connect(self.open_branch)
        self.record_button = QPushButton("查看涉及的记录")
        self.record_button.clicked.connect(self.open_record)
        actions.addWidget(self.branch_button)
        actions.addWidget(self.record_button)
        actions.addStretch(1)
        box.addLayout(actions)
        split.addWidget(lower)
        split.setSizes([330, 250])
        outer.addWidget(split, 1)
        self._show_selected()

    def on_activated(self) -> None:
        self.watch.activated()

    def reload(self) -> None:
        self._generation += 1
        gen = self._generation
        self.ctx.tasks.run(self.ctx.ws.oversight.alerts, owner=self, label="正在读取预警…",
                           on_done=lambda alerts: self._loaded(alerts) if gen == self._generation else None,
                           kind=self.kind.currentData())

    def _loaded(self, alerts) -> None:
        self.alerts = list(alerts)
        self.model.set_rows(self.alerts)
        kind = self.kind.currentData()
        self.count.setText(f"共 {len(self.alerts)} 条" + ("" if kind is None else f"（{KIND_LABELS[kind]}）"))
        if self.wanted:
            self.select(*self.wanted)
            self.wanted = None
        elif self.alerts:
            self.table.selectRow(0)
        self._show_selected()

    def show_alert(self, alert) -> None:
        """Select ``alert`` (from 总览): all kinds shown, the list reloaded, the alert selected."""
        self.wanted = (alert.branch_id, alert.kind, alert.entry_seq)
        if self.kind.currentData() is not None:
            self.kind.setCurrentIndex(0)  # reloads
        else:
            self.reload()

    def select(self, branch_id: str, kind: str, entry_seq) -> bool:
        for i, a in enumerate(self.alerts):
            if a.branch_id == branch_id and a.kind == kind and (entry_seq is None or a.entry_seq == entry_seq):
                self.table.selectRow(i)
                return True
        return False

    def selected(self):
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _show_selected(self) -> None:
        a = self.selected()
        self.evidence.setPlainText(evidence_text(a) if a else ("没有预警。" if not self.alerts else "选择一条预警查看证据。"))
        self.branch_button.setEnabled(a is not None and bool(a.branch_id))
        self.record_button.setEnabled(a is not None and a.record_id is not None and bool(a.record_type))

    def open_branch(self):
        a = self.selected()
        return open_branch(self, a.branch_id) if a and a.branch_id else None

    def open_record(self):
        a = self.selected()
        if a is None or not a.branch_id:
            return None
        if a.record_id is None or not a.record_type:
            return open_branch(self, a.branch_id)
        return open_branch(self, a.branch_id, a.record_type, (a.record_id,), f"{a.kind_label}涉及的记录")
