"""报表 page: 各支部组织生活落实情况统计表 (a year or one quarter), 诚信预警清单 and 审阅意见汇总, each saved as PDF,
Word or .xlsx where the clerk chooses."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QFileDialog, QFormLayout, QFrame, QHBoxLayout, QLabel, QPushButton,
                               QVBoxLayout, QWidget)

from desktop.committee.reports import KINDS
from desktop.progress import Cancelled
from ui.documents.actions import last_folder, remember_folder
from ui.widgets.page_messages import PageMessages
from ui.widgets.page_header import page_header

FORMATS = (("PDF", ".pdf", "PDF 文件 (*.pdf)"), ("Word", ".docx", "Word 文档 (*.docx)"),
           ("Excel 表格", ".xlsx", "Excel 表格 (*.xlsx)"))


def write_report(ws, kind: str, out: Path, year: int, quarter: int | None, *, progress=None, cancel=None) -> Path:
    from desktop.committee.reports import write

    return write(ws, kind, out, year, quarter, progress=progress, cancel=cancel)


class ReportsPage(PageMessages, QWidget):
    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.written: list[Path] = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 14)
        outer.setSpacing(10)
        outer.addLayout(page_header("报表", "由工委数据本中各支部的纪实生成，可另存为 PDF、Word 或 Excel 表格"))

        card = QFrame()
        card.setObjectName("card")
        form = QFormLayout(card)
        form.setContentsMargins(16, 12, 16, 12)
        form.setFieldGrowthPolicy(QFormLayout.FieldsStayAtSizeHint)
        self.kind = QComboBox()
        for key, text in KINDS.items():
            self.kind.addItem(text, key)
        self.kind.currentIndexChanged.connect(lambda _i: self._update())
        form.addRow("报表：", self.kind)
        span = QHBoxLayout()
        self.year = QComboBox()
        for y in range(date.today().year, date.today().year - 4, -1):
            self.year.addItem(f"{y}年", y)
        self.quarter = QComboBox()
        self.quarter.addItem("全年", None)
        for q in range(1, 5):
            self.quarter.addItem(f"第{'一二三四'[q - 1]}季度", q)
        span.addWidget(self.year)
        span.addWidget(self.quarter)
        span.addStretch(1)
        self.span_label = QLabel("期间：")
        form.addRow(self.span_label, span)
        self.format = QComboBox()
        for text, suffix, _filter in FORMATS:
            self.format.addItem(text, suffix)
        form.addRow("格式：", self.format)
        row = QHBoxLayout()
        self.save_button = QPushButton("另存为…")
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self.choose_file)
        self.result = QLabel()
        self.result.setWordWrap(True)
        row.addWidget(self.save_button)
        row.addWidget(self.result, 1)
        form.addRow("", row)
        outer.addWidget(card)
        hint = QLabel("落实情况统计表按所选年度（或季度）统计每个支部、每项规则的已完成、待完成、已逾期和不适用；"
                      "诚信预警清单和审阅意见汇总列出当前的全部预警和审阅。")
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        outer.addWidget(hint)
        outer.addStretch(1)
        self._update()

    def _update(self) -> None:
        dated = self.kind.currentData() == "compliance"
        for w in (self.year, self.quarter, self.span_label):
            w.setVisible(dated)

    def default_name(self) -> str:
        name = self.kind.currentText()
        if self.kind.currentData() == "compliance":
            name = f"{self.year.currentData()}年" + (self.quarter.currentText() if self.quarter.currentData() else "") \
                + name
        return name + self.format.currentData()

    def choose_file(self) -> None:
        filt = FORMATS[self.format.currentIndex()][2]
        path, _ = QFileDialog.getSaveFileName(self, "另存报表", str(last_folder(self.ctx.store) / self.default_name()),
                                              filt)
        if path:
            remember_folder(self.ctx.store, Path(path).parent)
            self.save_to(Path(path))

    def save_to(self, out: Path) -> None:
        suffix = self.format.currentData()
        if out.suffix.lower() != suffix:
            out = out.with_name(out.name + suffix)
        self.save_button.setEnabled(False)

        def failed(exc: BaseException) -> bool:
            self.save_button.setEnabled(True)
            if isinstance(exc, Cancelled):
                self.result.setStyleSheet("")
                self.result.setText("已取消，没有保存文件。")
                return True
            return False

        self.ctx.tasks.run(write_report, self.ctx.ws, self.kind.currentData(), out, self.year.currentData(),
                           self.quarter.currentData(), owner=self, on_done=self._written, on_error=failed,
                           progress=True, label="正在生成报表…")

    def _written(self, path: Path) -> None:
        self.save_button.setEnabled(True)
        self.written.append(Path(path))
        self.result.setStyleSheet("color: #1e6b34;")
        self.result.setText(f"已保存：{path}")

