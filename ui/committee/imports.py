"""导入数据包 page of a committee book: choose many bundle files at once, import them with progress and 取消,
see each file's fate (已接收 / 已导入过 / 待确认登记 / 已拒绝 with the reason), and get the receipts written into
a folder the clerk chose (to hand back to the branches)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QFileDialog, QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget)

from desktop.progress import Cancelled
from desktop.sync.api import ImportOutcome
from ui.committee.data import STATUS_COLOR, STATUS_TEXT, summary
from ui.committee.prefs import receipts_folder, remember_receipts_folder
from ui.documents.actions import last_folder, remember_folder
from ui.widgets.page_messages import PageMessages
from ui.widgets.row_list_model import RowListModel
from ui.widgets.row_table import read_only_table
from ui.widgets.page_header import page_header

BUNDLE_FILTER = "支部数据包 (*.zhibu-bundle);;所有文件 (*)"


class OutcomeTableModel(RowListModel):
    titles = ("文件", "支部", "序号", "结果", "回执文件", "说明")

    def data(self, index: QModelIndex, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        o, col = self._rows[index.row()], index.column()
        if role == Qt.DisplayRole:
            return (o.path.name, o.branch_name or "—", f"第 {o.seq} 号" if o.seq is not None else "—",
                    STATUS_TEXT.get(o.status, o.status), o.receipt_path.name if o.receipt_path else "—",
                    o.message)[col]
        if role == Qt.ForegroundRole and col == 3:
            return QColor(STATUS_COLOR.get(o.status, "#1f1f1f"))
        if role == Qt.ToolTipRole:
            if col == 0:
                return str(o.path)
            if col == 5:
                return o.message
            if col == 4 and o.receipt_path:
                return str(o.receipt_path)
        return None


class ImportsPage(PageMessages, QWidget):
    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.outcomes: list[ImportOutcome] = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 14)
        outer.setSpacing(10)
        outer.addLayout(page_header("导入数据包", "一次可选择多个支部的数据包；每个数据包都先核验签名和纪实链，全部无误才导入"))

        card = QFrame()
        card.setObjectName("card")
        box = QVBoxLayout(card)
        box.setContentsMargins(16, 12, 16, 12)
        row = QHBoxLayout()
        row.addWidget(QLabel("回执保存到："))
        folder = receipts_folder(ctx.store)
        self.folder = QLineEdit(str(folder) if folder else "")
        self.folder.setPlaceholderText("选择一个文件夹（例如U盘），回执文件写在这里，交还给支部")
        row.addWidget(self.folder, 1)
        browse = QPushButton("浏览…")
        browse.clicked.connect(self.choose_folder)
        row.addWidget(browse)
        box.addLayout(row)
        hint = QLabel("接收成功或已导入过的数据包，都会在这个文件夹里写一个回执文件；不选文件夹则不写回执。")
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        box.addWidget(hint)
        actions = QHBoxLayout()
        self.import_button = QPushButton("选择数据包并导入…")
        self.import_button.setObjectName("primary")
        self.import_button.clicked.connect(self.choose_bundles)
        actions.addWidget(self.import_button)
        actions.addStretch(1)
        box.addLayout(actions)
        outer.addWidget(card)

        self.summary = QLabel("还没有导入数据包。")
        self.summary.setObjectName("importSummary")
        self.summary.setStyleSheet("font-weight: 600;")
        self.summary.setWordWrap(True)
        outer.addWidget(self.summary)
        self.model = OutcomeTableModel(self)
        self.table = read_only_table(self.model, "outcomesTable", (190, 170, 64, 86, 170), single=False)
        self.table.setWordWrap(True)  # the reason of a refusal is read in full
        outer.addWidget(self.table, 1)
        pending = QHBoxLayout()
        self.pending_hint = QLabel("有支部第一次报送，数据包已暂存：请到“支部”页核对支部指纹后确认登记。")
        self.pending_hint.setStyleSheet("color: #8a5a00;")
        self.pending_button = QPushButton("去确认登记")
        self.pending_button.clicked.connect(self.go_enrol)
        pending.addWidget(self.pending_hint)
        pending.addWidget(self.pending_button)
        pending.addStretch(1)
        outer.addLayout(pending)
        self._show_pending(False)

    def _show_pending(self, shown: bool) -> None:
        self.pending_hint.setVisible(shown)
        self.pending_button.setVisible(shown)

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "选择保存回执的文件夹", self.folder.text())
        if folder:
            self.folder.setText(folder)

    def receipts_dir(self) -> Path | None:
        text = self.folder.text().strip()
        return Path(text) if text else None

    def choose_bundles(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "选择支部数据包（可多选）", str(last_folder(self.ctx.store)),
                                                BUNDLE_FILTER)
        if files:
            remember_folder(self.ctx.store, Path(files[0]).parent)
            self.import_files([Path(f) for f in files])

    def import_files(self, files: list[Path]) -> None:
        receipts = self.receipts_dir()
        if receipts is not None:
            if not receipts.is_dir():
                self._inform(f"回执文件夹不存在：{receipts}。请重新选择。")
                return
            remember_receipts_folder(self.ctx.store, receipts)
        self.import_button.setEnabled(False)

        def failed(exc: BaseException) -> bool:
            self.import_button.setEnabled(True)
            if isinstance(exc, Cancelled):
                self.summary.setText("已取消导入：取消前已导入的数据包保持导入（见“支部”页），其余没有改动。"
                                     "可重新选择全部文件导入，已导入的会显示“已导入过”。")
                return True
            return False

        self.ctx.tasks.run(self.ctx.ws.committee.import_bundles, list(files), receipts, progress=True, owner=self,
                           on_done=self._done, on_error=failed, label=f"正在导入 {len(files)} 个数据包…")

    def _done(self, outcomes: list[ImportOutcome]) -> None:
        self.import_button.setEnabled(True)
        self.outcomes = list(outcomes)
        self.model.set_rows(self.outcomes)
        self.table.resizeRowsToContents()
        text = summary(self.outcomes)
        if any(o.receipt_path for o in self.outcomes):
            text += f" 回执已写入 {self.receipts_dir()}。"
        self.summary.setText(text)
        self.summary.setStyleSheet("font-weight: 600; color: #b3261e;" if any(
            o.status == "rejected" for o in self.outcomes) else "font-weight: 600;")
        self._show_pending(any(o.status == "pending" for o in self.outcomes))

    def go_enrol(self) -> None:
        window = self.ctx.session.main_window
        if window is None:
            return
        page = window.ensure_page("branches")
        pending = next((o for o in self.outcomes if o.status == "pending" and o.branch_id), None)
        if page is not None and pending is not None:
            page.wanted = pending.branch_id
        window.show_page("branches")
