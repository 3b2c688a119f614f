"""报送 page of a branch book: the trusted committee (or 导入工委公钥…), this branch's id and fingerprint for the
committee's enrolment, how many records the committee has not confirmed yet, 导出数据包… with the handover slip,
the list of exported bundles with their receipt state, and 导入回执….

All core calls go through the task runner to ``ws.sync`` (:mod:`desktop.sync.api`)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QFileDialog, QFormLayout, QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout,
                               QWidget)

from desktop.progress import Cancelled
from desktop.sync.api import ExportResult, ReceiptResult
from ui.display import fmt_date, fmt_datetime
from ui.documents.actions import last_folder, remember_folder
from ui.pages import ChangeWatch
from ui.sync.data import SyncOverview, load_overview, receipt_text
from ui.sync.export_result import ExportResultDialog, open_handover
from ui.sync.trust_dialog import TrustDialog
from ui.widgets.fingerprint import FingerprintLabel, grouped
from ui.widgets.page_messages import PageMessages
from ui.widgets.row_list_model import RowListModel
from ui.widgets.row_table import read_only_table

KEY_FILTER = "工委公钥文件 (*.zhibu-key);;所有文件 (*)"
RECEIPT_FILTER = "回执文件 (*.zhibu-receipt);;所有文件 (*)"


def _card(title: str) -> tuple[QFrame, QVBoxLayout, QLabel]:
    card = QFrame()
    card.setObjectName("card")
    box = QVBoxLayout(card)
    box.setContentsMargins(16, 12, 16, 12)
    box.setSpacing(6)
    heading = QLabel(title)
    heading.setStyleSheet("font-weight: 600;")
    box.addWidget(heading)
    return card, box, heading


class BundleTableModel(RowListModel):
    titles = ("序号", "导出时间", "记录", "回执", "数据包指纹", "文件名")

    def data(self, index: QModelIndex, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        row, col = self._rows[index.row()], index.column()
        if role == Qt.DisplayRole:
            return (f"第 {row.seq} 号", fmt_datetime(row.created_at), f"{row.entries} 条", receipt_text(row),
                    grouped(row.fingerprint), row.file_name)[col]
        if role == Qt.ForegroundRole and col == 3:
            return QColor("#2e7d32") if row.acknowledged else QColor("#8a5a00")
        if role == Qt.ToolTipRole and col == 3 and not row.acknowledged:
            return "工委还没有为这个数据包签发回执，或回执尚未导入。下一次导出会从工委已确认的位置起重新包含这些记录。"
        return None


class SyncPage(PageMessages, QWidget):
    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        # trust, bundles and receipts; the records not yet reported (the chain); the branch's name
        self.watch = ChangeWatch(self, ctx, ("sync", "ledger", "organization"), self.reload)
        self.overview: SyncOverview | None = None
        self.trust_dialog: TrustDialog | None = None
        self.result_dialog: ExportResultDialog | None = None
        self.last_export: ExportResult | None = None
        self.last_receipt: ReceiptResult | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 14)
        outer.setSpacing(10)
        head = QHBoxLayout()
        title = QLabel("报送")
        title.setObjectName("pageTitle")
        head.addWidget(title)
        sub = QLabel("把本支部的纪实记录签名加密后交给机关工委；工委签发的回执证明它已收到、保存了这些记录")
        sub.setObjectName("subtitle")
        head.addWidget(sub, 0, Qt.AlignBottom)
        head.addStretch(1)
        outer.addLayout(head)

        cards = QHBoxLayout()
        cards.setSpacing(12)
        card, box, self.committee_heading = _card("信任的工委")
        self.committee_state = QLabel()
        self.committee_state.setWordWrap(True)
        box.addWidget(self.committee_state)
        self.committee_fingerprint = FingerprintLabel()
        box.addWidget(self.committee_fingerprint)
        self.trust_button = QPushButton("导入工委公钥…")
        self.trust_button.clicked.connect(self.choose_key_file)
        box.addStretch(1)
        box.addWidget(self.trust_button, 0, Qt.AlignLeft)
        cards.addWidget(card, 1)

        card, box, _h = _card("本支部")
        form = QFormLayout()
        form.setVerticalSpacing(6)
        self.branch_name = QLabel()
        self.branch_id = QLabel()
        self.branch_id.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.branch_fingerprint = FingerprintLabel()
        form.addRow("名称：", self.branch_name)
        form.addRow("支部编号：", self.branch_id)
        form.addRow("支部指纹：", self.branch_fingerprint)
        box.addLayout(form)
        hint = QLabel("工委第一次收到本支部的数据包时，会与您核对支部指纹（交接单上也印有）。")
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        box.addWidget(hint)
        cards.addWidget(card, 1)
        outer.addLayout(cards)

        card, box, _h = _card("报送情况")
        row = QHBoxLayout()
        col = QVBoxLayout()
        self.pending = QLabel()
        self.pending.setObjectName("syncPending")
        self.pending.setStyleSheet("font-size: 13pt; font-weight: 600;")
        self.acked = QLabel()
        self.acked.setObjectName("subtitle")
        self.acked.setWordWrap(True)
        col.addWidget(self.pending)
        col.addWidget(self.acked)
        row.addLayout(col, 1)
        self.export_button = QPushButton("导出数据包…")
        self.export_button.setObjectName("primary")
        self.export_button.clicked.connect(self.choose_export_folder)
        self.receipt_button = QPushButton("导入回执…")
        self.receipt_button.clicked.connect(self.choose_receipt)
        row.addWidget(self.export_button, 0, Qt.AlignVCenter)
        row.addWidget(self.receipt_button, 0, Qt.AlignVCenter)
        box.addLayout(row)
        outer.addWidget(card)

        bar = QHBoxLayout()
        label = QLabel("已导出的数据包")
        label.setStyleSheet("font-weight: 600;")
        bar.addWidget(label)
        bar.addStretch(1)
        self.slip_button = QPushButton("交接单…")
        self.slip_button.setToolTip("预览、打印所选数据包的数据包交接单")
        self.slip_button.clicked.connect(self.show_selected_slip)
        bar.addWidget(self.slip_button)
        outer.addLayout(bar)
        self.model = BundleTableModel(self)
        self.table = read_only_table(self.model, "bundlesTable", (70, 140, 70, 160, 300))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.table.doubleClicked.connect(lambda _i: self.show_selected_slip())
        outer.addWidget(self.table, 1)
        self.empty_hint = QLabel("还没有导出过数据包。")
        self.empty_hint.setObjectName("hint")
        outer.addWidget(self.empty_hint)
        self._update_buttons()

    # ---- loading ----------------------------------------------------------------------------
    def on_activated(self) -> None:
        self.watch.activated()

    def reload(self) -> None:
        self.ctx.tasks.run(load_overview, self.ctx.ws, owner=self, on_done=self._loaded, label="正在读取报送情况…")

    def _loaded(self, data: SyncOverview) -> None:
        self.overview = data
        ident, committee, ack = data.identity, data.committee, data.ack
        if committee is None:
            self.committee_heading.setText("信任的工委：尚未信任工委")
            self.committee_state.setText("尚未信任工委。请向机关工委索取工委公钥文件，导入并与工委核对指纹后，"
                                         "才能导出数据包。")
            self.committee_state.setStyleSheet("color: #8a5a00;")
            self.committee_fingerprint.set_fingerprint("")
            self.committee_fingerprint.hide()
            self.trust_button.setText("导入工委公钥…")
        else:
            self.committee_heading.setText("信任的工委")
            state = f"{committee.name}（{fmt_date(committee.trusted_at)} 起信任）"
            if committee.full_id:  # the committee's signed policy: say it where the secretary exports
                state += "\n工委政策要求报送完整身份证号码：本支部的数据包包含完整身份证号码。"
            self.committee_state.setText(state)
            self.committee_state.setStyleSheet("color: #8a5a00;" if committee.full_id else "")
            self.committee_fingerprint.set_fingerprint(committee.fingerprint)
            self.committee_fingerprint.show()
            self.trust_button.setText("更换工委公钥…")
        self.branch_name.setText(ident.name)
        self.branch_id.setText(ident.branch_id)
        self.branch_fingerprint.set_fingerprint(ident.fingerprint)
        if ack.pending_entries:
            self.pending.setText(f"{ack.pending_entries} 条记录尚未报送")
            self.pending.setStyleSheet("font-size: 13pt; font-weight: 600; color: #8a5a00;")
        elif ack.acknowledged_length:
            self.pending.setText("所有记录都已报送，工委已确认")
            self.pending.setStyleSheet("font-size: 13pt; font-weight: 600; color: #2e7d32;")
        else:
            self.pending.setText("还没有需要报送的纪实记录")
            self.pending.setStyleSheet("font-size: 13pt; font-weight: 600;")
        if ack.acknowledged_length:
            when = f"，回执时间 {fmt_datetime(ack.received_at)}" if ack.received_at else ""
            self.acked.setText(f"工委已确认收到前 {ack.acknowledged_length} 条纪实记录{when}。"
                               "下一次导出从工委已确认的位置开始，丢失或未导入的数据包会自动补上。")
        else:
            self.acked.setText("工委还没有确认过本支部的记录。导出数据包交给工委，导入工委的回执后，"
                               "这里和组织生活的记录上会显示“已报送”。")
        self.model.set_rows(sorted(data.bundles, key=lambda b: b.seq, reverse=True))
        self.empty_hint.setVisible(not data.bundles)
        self._update_buttons()

    def _update_buttons(self) -> None:
        trusted = self.overview is not None and self.overview.committee is not None
        self.export_button.setEnabled(trusted)
        self.export_button.setToolTip("" if trusted else "请先导入工委公钥")
        self.slip_button.setEnabled(self.selected() is not None)

    def selected(self):
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    # ---- trust ------------------------------------------------------------------------------
    def choose_key_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "选择工委公钥文件", str(last_folder(self.ctx.store)), KEY_FILTER)
        if path:
            remember_folder(self.ctx.store, Path(path).parent)
            self.read_key_file(Path(path))

    def read_key_file(self, path: Path) -> None:
        """Read the key file on the worker, then show its fingerprint for comparison before trusting."""
        ws = self.ctx.ws
        self.ctx.tasks.run(ws.sync.read_key_file, path, owner=self, label="正在读取工委公钥…",
                           on_done=lambda key: self._ask_trust(path, key))

    def _ask_trust(self, path: Path, key) -> TrustDialog:
        current = self.overview.committee if self.overview else None
        dlg = TrustDialog(key, current, self)
        dlg.accepted.connect(lambda: self._trust(path, dlg.replacing))
        self.trust_dialog = dlg
        dlg.open()
        return dlg

    def _trust(self, path: Path, replace: bool) -> None:
        def done(committee) -> None:
            self._inform(f"已信任“{committee.name}”。以后导出的数据包只有这个工委能打开。")  # refreshed by self.watch

        self.ctx.tasks.run(self.ctx.ws.sync.trust, path, replace=replace, owner=self, on_done=done,
                           label="正在保存信任的工委…")

    # ---- export -----------------------------------------------------------------------------
    def choose_export_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "选择保存数据包的文件夹（例如U盘）",
                                                  str(last_folder(self.ctx.store)))
        if folder:
            remember_folder(self.ctx.store, Path(folder))
            self.export_to(Path(folder))

    def export_to(self, folder: Path) -> None:
        def failed(exc: BaseException) -> bool:
            if isinstance(exc, Cancelled):
                self._notify("已取消导出，没有写入数据包。")
                return True
            return False

        self.ctx.tasks.run(self.ctx.ws.sync.export, folder, progress=True, owner=self, on_done=self._exported,
                           on_error=failed, label="正在导出数据包…")

    def _exported(self, result: ExportResult) -> ExportResultDialog:
        self.last_export = result  # the page refreshes from ctx.changed (self.watch)
        dlg = ExportResultDialog(self.ctx, result, self)
        self.result_dialog = dlg
        dlg.open()
        return dlg

    def show_selected_slip(self):
        row = self.selected()
        return open_handover(self.ctx, self, row.seq) if row is not None else None

    # ---- receipt ----------------------------------------------------------------------------
    def choose_receipt(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "选择工委的回执文件", str(last_folder(self.ctx.store)),
                                              RECEIPT_FILTER)
        if path:
            remember_folder(self.ctx.store, Path(path).parent)
            self.import_receipt(Path(path))

    def import_receipt(self, path: Path) -> None:
        def done(r: ReceiptResult) -> None:
            self.last_receipt = r
            self._inform(f"回执已导入：{r.committee}确认收到第 {r.seq} 号数据包，前 {r.ledger_length} 条纪实记录"
                         f"（工委时间 {fmt_datetime(r.received_at)}）。")  # refreshed by self.watch

        self.ctx.tasks.run(self.ctx.ws.sync.import_receipt, path, owner=self, on_done=done,
                           label="正在核验回执…")

    def on_locked(self) -> None:
        self.overview = None
