"""审阅 page: mark a record (by its hash, or from the branch view) or a branch's period 通过 / 退回 with an opinion,
and the list of reviews given: delivered with a receipt yet, and whether the branch has answered a 退回."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QButtonGroup, QComboBox, QFormLayout, QFrame, QHBoxLayout, QLabel, QLineEdit,
                               QPlainTextEdit, QPushButton, QRadioButton, QVBoxLayout, QWidget)

from desktop.committee.review import MAX_OPINION
from ui.display import fmt_date
from ui.pages import ChangeWatch
from ui.widgets.page_messages import PageMessages
from ui.widgets.row_list_model import RowListModel
from ui.widgets.row_table import read_only_table
from ui.widgets.page_header import page_header


def answer_text(r) -> str:
    if r.answered:
        return "已" + r.answer
    return "待支部更正或补充说明" if r.open else "—"


class ReviewsModel(RowListModel):
    titles = ("审阅日期", "支部", "记录或期间", "结论", "审阅意见", "送达", "支部处理")
    names: dict = {}

    def data(self, index: QModelIndex, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        r, col = self._rows[index.row()], index.column()
        if role == Qt.DisplayRole:
            return (fmt_date(r.reviewed_at), self.names.get(r.branch_id, r.branch_id[:8]), r.title, r.verdict_label,
                    r.opinion or "—", "已随回执送达" if r.delivered else "待下次回执送达", answer_text(r))[col]
        if role == Qt.ForegroundRole:
            if col == 3:
                return QColor("#b3261e" if r.verdict == "return" else "#1e6b34")
            if col == 6 and r.open:
                return QColor("#8a5a00")
        if role == Qt.ToolTipRole and col in (4, 6):
            return (r.opinion, answer_text(r))[col == 6]
        return None


def load_reviews(ws) -> tuple[list, dict]:
    return ws.oversight.reviews(), {b.branch_id: b.name for b in ws.committee.branches()}


class ReviewsPage(PageMessages, QWidget):
    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        # refreshes from ctx.changed: records imported, 审阅 given
        self.watch = ChangeWatch(self, ctx, ("sync", "reviews"), self.reload)
        self.last = None  # the Review just given
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 14)
        outer.setSpacing(8)
        outer.addLayout(page_header("审阅", "审阅结果是工委签名的数据，随该支部下次数据包的回执送达，不改动支部的记录"))

        form_card = QFrame()
        form_card.setObjectName("card")
        form = QFormLayout(form_card)
        form.setContentsMargins(16, 10, 16, 10)
        self.by_record = QRadioButton("一条记录")
        self.by_period = QRadioButton("支部某一期间")
        self.by_record.setChecked(True)
        what = QHBoxLayout()
        what.addWidget(self.by_record)
        what.addWidget(self.by_period)
        what.addStretch(1)
        form.addRow("审阅对象：", what)
        self.record_hash = QLineEdit()
        self.record_hash.setObjectName("reviewHash")
        self.record_hash.setPlaceholderText("记录哈希（打印件页脚，或在支部详情中选中记录后点“审阅这条记录”）")
        form.addRow("记录哈希：", self.record_hash)
        period_row = QHBoxLayout()
        self.branch = QComboBox()
        self.period = QLineEdit()
        self.period.setPlaceholderText("如 2026-Q1、2026-03、2026")
        period_row.addWidget(self.branch, 1)
        period_row.addWidget(self.period, 1)
        form.addRow("支部和期间：", period_row)
        self.verdict_pass = QRadioButton("通过")
        self.verdict_return = QRadioButton("退回（支部需更正或补充说明）")
        self.verdict_pass.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.verdict_pass)
        group.addButton(self.verdict_return)
        verdict = QHBoxLayout()
        verdict.addWidget(self.verdict_pass)
        verdict.addWidget(self.verdict_return)
        verdict.addStretch(1)
        form.addRow("结论：", verdict)
        self.opinion = QPlainTextEdit()
        self.opinion.setPlaceholderText(f"审阅意见（退回时必填，不超过{MAX_OPINION}字）")
        self.opinion.setFixedHeight(64)
        form.addRow("审阅意见：", self.opinion)
        submit_row = QHBoxLayout()
        self.submit_button = QPushButton("提交审阅")
        self.submit_button.setObjectName("primary")
        self.submit_button.clicked.connect(self.submit)
        self.result = QLabel()
        self.result.setWordWrap(True)
        submit_row.addWidget(self.submit_button)
        submit_row.addWidget(self.result, 1)
        form.addRow("", submit_row)
        outer.addWidget(form_card)
        for b in (self.by_record, self.by_period):
            b.toggled.connect(lambda _on: self._update_mode())
        self._update_mode()

        self.count = QLabel()
        self.count.setObjectName("subtitle")
        outer.addWidget(self.count)
        self.model = ReviewsModel(self)
        self.table = read_only_table(self.model, "reviewsTable", (100, 100, 200, 50, 220, 110))
        outer.addWidget(self.table, 1)

    def _update_mode(self) -> None:
        record = self.by_record.isChecked()
        self.record_hash.setEnabled(record)
        self.branch.setEnabled(not record)
        self.period.setEnabled(not record)

    def on_activated(self) -> None:
        self.watch.activated()

    def reload(self) -> None:
        self.ctx.tasks.run(load_reviews, self.ctx.ws, owner=self, on_done=self._loaded, label="正在读取审阅…")

    def _loaded(self, data) -> None:
        reviews, names = data
        self.model.names = names
        self.model.set_rows(reviews)
        current = self.branch.currentData()
        self.branch.clear()
        for bid, name in sorted(names.items(), key=lambda x: x[1]):
            self.branch.addItem(name, bid)
        self.branch.setCurrentIndex(max(self.branch.findData(current), 0))
        waiting = sum(1 for r in reviews if r.open)
        self.count.setText(f"已审阅 {len(reviews)} 条；退回待支部处理 {waiting} 条；"
                           f"待送达 {sum(1 for r in reviews if not r.delivered)} 条")

    def prefill(self, record_hash: str) -> None:
        """From the branch view: review this record."""
        self.by_record.setChecked(True)
        self.record_hash.setText(record_hash)
        self.opinion.setFocus()

    def submit(self) -> None:
        if self.by_record.isChecked():
            ref = self.record_hash.text().strip()
            if not ref:
                self.result.setText("请填写要审阅的记录哈希。")
                return
        else:
            if self.branch.currentData() is None or not self.period.text().strip():
                self.result.setText("请选择支部并填写期间（如 2026-Q1）。")
                return
            ref = f"{self.branch.currentData()}:{self.period.text().strip()}"
        verdict = "return" if self.verdict_return.isChecked() else "pass"
        self.submit_button.setEnabled(False)

        def failed(exc: BaseException) -> bool:
            self.submit_button.setEnabled(True)
            from desktop.errors import ZhibuError

            if isinstance(exc, ZhibuError):
                self.result.setText(str(exc))
                self.result.setStyleSheet("color: #b3261e;")
                return True
            return False

        self.ctx.tasks.run(self.ctx.ws.oversight.review, ref, verdict, self.opinion.toPlainText(), owner=self,
                           on_done=self._given, on_error=failed, label="正在保存审阅…")

    def _given(self, review) -> None:
        self.submit_button.setEnabled(True)
        self.last = review
        self.result.setStyleSheet("color: #1e6b34;")
        self.result.setText(f"已{review.verdict_label}“{review.title}”。审阅结果将随该支部下次数据包的回执送达。")
        self.opinion.clear()
        self.record_hash.clear()  # the list refreshes from ctx.changed (self.watch)
