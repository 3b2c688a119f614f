"""支部 page of a committee book: every branch that has sent a bundle, its enrolment state, last bundle, how
much of its chain the committee holds, when the last bundle arrived (the receipt's time) and alerts (fork,
rollback, …); 确认登记… for a branch whose first bundles wait for the clerk's fingerprint check."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget)

from desktop.sync.api import ImportOutcome
from ui.committee.data import BranchesData, enrolment_text, load_branches, summary
from ui.committee.enrol_dialog import EnrolDialog
from ui.committee.key_card import CommitteeKeyCard
from ui.committee.prefs import receipts_folder, remember_receipts_folder
from ui.display import fmt_datetime
from ui.pages import ChangeWatch
from ui.widgets.page_messages import PageMessages
from ui.widgets.row_list_model import RowListModel
from ui.widgets.row_table import read_only_table
from ui.widgets.page_header import page_header


class BranchTableModel(RowListModel):
    titles = ("支部", "登记状态", "最近数据包", "已收记录", "最近接收（回执）", "预警")

    def data(self, index: QModelIndex, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        row, col = self._rows[index.row()], index.column()
        if role == Qt.DisplayRole:
            return (row.name, enrolment_text(row), f"第 {row.last_seq} 号" if row.last_seq else "—",
                    f"{row.held_length} 条", fmt_datetime(row.last_received_at, "—"),
                    "；".join(row.alerts) if row.alerts else "无")[col]
        if role == Qt.ForegroundRole:
            if col == 1 and not row.enrolled:
                return QColor("#8a5a00")
            if col == 5 and row.alerts:
                return QColor("#b3261e")
        if role == Qt.ToolTipRole:
            if col == 0:
                return f"支部编号：{row.branch_id}\n支部指纹：{row.fingerprint}"
            if col == 5 and row.alerts:
                return "\n".join(row.alerts)
        return None


class BranchesPage(PageMessages, QWidget):
    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        # refreshes from ctx.changed: imports and enrolments reach it
        self.watch = ChangeWatch(self, ctx, ("sync",), self.reload)
        self.data: BranchesData | None = None
        self.enrol_dialog: EnrolDialog | None = None
        self.last_outcomes: list[ImportOutcome] = []
        self.wanted: str | None = None  # branch id to select once loaded (导入数据包 → 去确认登记)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 14)
        outer.setSpacing(10)
        outer.addLayout(page_header("支部", "报送过数据包的支部：登记状态、最近的数据包和回执、预警"))
        self.key_card = CommitteeKeyCard(ctx)
        outer.addWidget(self.key_card)

        bar = QHBoxLayout()
        self.count = QLabel()
        self.count.setObjectName("subtitle")
        bar.addWidget(self.count)
        bar.addStretch(1)
        self.enrol_button = QPushButton("确认登记…")
        self.enrol_button.setObjectName("primary")
        self.enrol_button.setToolTip("核对支部指纹后登记，暂存的数据包随即导入")
        self.enrol_button.clicked.connect(self.enrol_selected)
        self.open_button = QPushButton("查看支部…")
        self.open_button.setToolTip("支部的记录、名册和落实情况；可打印任一记录（标注“工委留存”）")
        self.open_button.clicked.connect(self.open_selected)
        refresh = QPushButton("刷新")
        refresh.clicked.connect(self.reload)
        bar.addWidget(self.open_button)
        bar.addWidget(self.enrol_button)
        bar.addWidget(refresh)
        outer.addLayout(bar)

        self.model = BranchTableModel(self)
        self.table = read_only_table(self.model, "branchesTable", (240, 90, 90, 90, 150))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        outer.addWidget(self.table, 1)
        self.empty_hint = QLabel("还没有支部报送过数据包。把工委公钥发给各支部，收到数据包后在“导入数据包”中导入。")
        self.empty_hint.setObjectName("hint")
        self.empty_hint.setWordWrap(True)
        outer.addWidget(self.empty_hint)
        self._update_buttons()

    # ---- loading ----------------------------------------------------------------------------
    def on_activated(self) -> None:
        self.watch.activated()

    def reload(self) -> None:
        self.ctx.tasks.run(load_branches, self.ctx.ws, owner=self, on_done=self._loaded, label="正在读取支部…")

    def _loaded(self, data: BranchesData) -> None:
        self.data = data
        self.key_card.set_info(data.info)
        self.model.set_rows(data.branches)
        if self.wanted:
            self.select_branch(self.wanted)
            self.wanted = None
        waiting = sum(1 for b in data.branches if not b.enrolled)
        alerts = sum(1 for b in data.branches if b.alerts)
        parts = [f"共 {len(data.branches)} 个支部"]
        if waiting:
            parts.append(f"{waiting} 个待确认登记")
        if alerts:
            parts.append(f"{alerts} 个有预警")
        self.count.setText("，".join(parts))
        self.empty_hint.setVisible(not data.branches)
        self._update_buttons()

    def selected(self):
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def select_branch(self, branch_id: str) -> None:
        for i, row in enumerate(self.model.rows()):
            if row.branch_id == branch_id:
                self.table.selectRow(i)

    def _update_buttons(self) -> None:
        row = self.selected()
        self.enrol_button.setEnabled(row is not None and not row.enrolled)
        self.open_button.setEnabled(row is not None and row.enrolled)

    def open_selected(self):
        """Double click or 查看支部…: the branch view of an enrolled branch, 确认登记 of a waiting one."""
        row = self.selected()
        if row is None:
            return None
        if not row.enrolled:
            return self.enrol_selected()
        from ui.committee.open_branch import open_branch

        return open_branch(self, row.branch_id)

    # ---- enrolment --------------------------------------------------------------------------
    def enrol_selected(self) -> EnrolDialog | None:
        row = self.selected()
        if row is None or row.enrolled:
            return None
        dlg = EnrolDialog(row, receipts_folder(self.ctx.store), self)
        dlg.accepted.connect(lambda: self._enrol(row, dlg.typed.text(), dlg.receipts_dir()))
        self.enrol_dialog = dlg
        dlg.open()
        return dlg

    def _enrol(self, row, typed: str, receipts_dir) -> None:
        if receipts_dir is not None:
            remember_receipts_folder(self.ctx.store, receipts_dir)

        def done(outcomes: list[ImportOutcome]) -> None:
            self.last_outcomes = list(outcomes)
            lines = [f"已登记“{row.name}”。", summary(outcomes)]
            lines += [f"· {o.path.name}：{o.message}" for o in outcomes[:8]]
            written = [o.receipt_path for o in outcomes if o.receipt_path]
            if written:
                lines.append(f"回执已写入：{written[0].parent}")
            self._inform("\n".join(lines))  # the list refreshes from ctx.changed (self.watch)

        self.ctx.tasks.run(self.ctx.ws.committee.enrol, row.branch_id, typed, receipts_dir, owner=self,
                           on_done=done, label="正在登记并导入暂存的数据包…")
