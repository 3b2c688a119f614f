"""After 导出数据包: where the bundle was written, its fingerprint, and the 数据包交接单 (handover slip) to preview,
print or save through the documents machinery (:mod:`ui.documents.actions`)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QPushButton,
                               QVBoxLayout, QWidget)

from desktop.sync.api import ExportResult
from ui.display import fmt_date
from ui.documents.actions import preview_pane
from ui.documents.data import Request
from ui.start.damaged import open_folder
from ui.widgets.fingerprint import FingerprintLabel

HANDOVER_KIND = "handover"


def handover_request(seq: int) -> Request:
    """The handover slip of bundle ``seq`` (``zhibu-cli doc BOOK handover SEQ``)."""
    return Request(HANDOVER_KIND, record_id=int(seq))


def period_text(result: ExportResult) -> str:
    if result.period_from is None or result.period_to is None:
        return "—"
    if result.period_from.date() == result.period_to.date():
        return fmt_date(result.period_from)
    return f"{fmt_date(result.period_from)} 至 {fmt_date(result.period_to)}"


class ExportResultDialog(QDialog):
    def __init__(self, ctx, result: ExportResult, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.result = ctx, result
        self.setWindowTitle("数据包已导出")
        self.setAttribute(Qt.WA_DeleteOnClose)
        self.setMinimumWidth(600)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(10)
        head = QLabel(f"第 {result.seq} 号数据包已导出")
        head.setObjectName("pageTitle")
        layout.addWidget(head)
        form = QFormLayout()
        form.setVerticalSpacing(8)
        self.path = QLabel(str(result.path))
        self.path.setWordWrap(True)
        self.path.setTextInteractionFlags(Qt.TextSelectableByMouse)
        form.addRow("文件：", self.path)
        form.addRow("本次报送：", QLabel(f"{result.entries} 条纪实记录（纪实链共 {result.ledger_length} 条）"))
        form.addRow("记录期间：", QLabel(period_text(result)))
        self.fingerprint = FingerprintLabel(result.fingerprint)
        form.addRow("数据包指纹：", self.fingerprint)
        layout.addLayout(form)
        note = QLabel("请把数据包文件连同签字的《数据包交接单》一起交给机关工委。工委导入后会给出回执文件，"
                      "拿到回执后在本页点击“导入回执…”。数据包已加密，只有工委能打开。")
        note.setWordWrap(True)
        note.setObjectName("subtitle")
        layout.addWidget(note)
        row = QHBoxLayout()
        self.slip_button = QPushButton("预览/打印交接单…")
        self.slip_button.setObjectName("primary")
        self.slip_button.clicked.connect(self.show_slip)
        folder = QPushButton("打开所在文件夹")
        folder.clicked.connect(lambda: open_folder(result.path.parent))
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        row.addWidget(self.slip_button)
        row.addWidget(folder)
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        self.slip_dialog: HandoverDialog | None = None

    def show_slip(self) -> "HandoverDialog":
        self.slip_dialog = open_handover(self.ctx, self, self.result.seq)  # modal over this (modal) dialog
        return self.slip_dialog


class _FixedOptions:
    """What :func:`preview_pane` needs of an options form, for one fixed request."""

    def __init__(self, request: Request):
        self._request = request

    def request(self) -> Request:
        return self._request

    def fmt(self) -> str:
        return "pdf"


class HandoverDialog(QDialog):
    """预览 / 打印… / 另存为 of one bundle's 数据包交接单."""

    def __init__(self, ctx, seq: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.seq = ctx, int(seq)
        self.setWindowTitle(f"数据包交接单 — 第 {seq} 号数据包")
        self.setAttribute(Qt.WA_DeleteOnClose)
        self.resize(980, 700)
        self.options = _FixedOptions(handover_request(seq))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(14, 12, 14, 12)
        outer.addWidget(preview_pane(self, ctx, self._left(), [260, 700]), 1)
        self.actions.labels = {HANDOVER_KIND: "数据包交接单"}
        self.actions.show_preview(self.options.request())

    def _left(self) -> QWidget:
        panel = QWidget()
        col = QVBoxLayout(panel)
        col.setContentsMargins(0, 0, 8, 0)
        col.setSpacing(10)
        heading = QLabel("数据包交接单")
        heading.setObjectName("pageTitle")
        col.addWidget(heading)
        note = QLabel(f"第 {self.seq} 号数据包。打印两份，交接双方签字后各留一份；工委登记支部时核对其中的指纹。")
        note.setWordWrap(True)
        note.setObjectName("subtitle")
        col.addWidget(note)
        self.print_button = QPushButton("打印…")
        self.print_button.setObjectName("primary")
        self.print_button.clicked.connect(lambda: self.actions.print_document(self.options.request()))
        self.save_pdf = QPushButton("另存为 PDF…")
        self.save_pdf.clicked.connect(lambda: self.actions.save_as(self.options.request(), "pdf"))
        self.save_docx = QPushButton("另存为 Word…")
        self.save_docx.clicked.connect(lambda: self.actions.save_as(self.options.request(), "docx"))
        for b in (self.print_button, self.save_pdf, self.save_docx):
            col.addWidget(b)
        self.status = QLabel()
        self.status.setObjectName("hint")
        self.status.setWordWrap(True)
        col.addWidget(self.status)
        col.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.button(QDialogButtonBox.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        col.addWidget(buttons)
        return panel


def open_handover(ctx, parent: QWidget, seq: int) -> HandoverDialog:
    dlg = HandoverDialog(ctx, seq, parent)
    dlg.open()
    return dlg
