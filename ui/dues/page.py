"""党费 page: the month's 收缴登记 sheet, arrears, the year summary and the payments, with 记录缴费 and 核定基数.

Money is integer fen from the service, shown as ``¥97.50``; every read and write goes through the task runner.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QInputDialog, QLabel, QMessageBox, QPushButton, QTableView,
                               QTabWidget, QVBoxLayout, QWidget)

from desktop.errors import ZhibuError
from ui.dues.base_editor import BaseEditor
from ui.dues.data import DuesData, load_bases, load_dues, load_member_dues, save_bases
from ui.dues.payment_dialog import PaymentDialog
from ui.dues.rows_model import RowsModel, RowsProxy, setup_table, yuan
from ui.dues.tables import ARREARS_COLUMNS, PAYMENT_COLUMNS, SUMMARY_COLUMNS, sheet_columns
from ui.pages import ChangeWatch, PageContext
from ui.widgets.page_messages import PageMessages
from ui.widgets.shortcuts import add_shortcut

if TYPE_CHECKING:  # pragma: no cover
    from desktop.workspace import Workspace


class DuesPage(PageMessages, QWidget):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.watch = ChangeWatch(self, ctx, ("dues", "members", "settings"), self.reload)  # refreshes from ctx.changed
        self.data: DuesData | None = None
        self.loaded = False
        self.payment_dialog: PaymentDialog | None = None
        self.base_editor: BaseEditor | None = None
        self.info_box: QMessageBox | None = None
        self._select_member: int | None = None
        today = date.today()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 14)
        layout.setSpacing(10)
        head = QHBoxLayout()
        title = QLabel("党费")
        title.setObjectName("pageTitle")
        head.addWidget(title)
        head.addSpacing(12)
        sub = QLabel("按月交纳；基数每年核定一次")
        sub.setObjectName("subtitle")
        head.addWidget(sub, 0, Qt.AlignBottom)
        head.addStretch(1)
        self.base_button = QPushButton("核定基数…")
        self.base_button.clicked.connect(lambda: self.edit_bases())
        self.pay_button = QPushButton("记录缴费…")
        add_shortcut(self.pay_button, "Ctrl+N")
        self.pay_button.setObjectName("primary")
        self.pay_button.clicked.connect(lambda: self.record_payment())
        head.addWidget(self.base_button)
        head.addWidget(self.pay_button)
        layout.addLayout(head)

        bar = QHBoxLayout()
        self.year = QComboBox()
        self.year.addItem(f"{today.year}年", today.year)
        self.month = QComboBox()
        for m in range(1, 13):
            self.month.addItem(f"{m}月", m)
        self.month.setCurrentIndex(today.month - 1)
        for w in (self.year, self.month):
            w.currentIndexChanged.connect(lambda _i: self.reload())
            bar.addWidget(w)
        bar.addSpacing(14)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.RichText)
        bar.addWidget(self.summary, 1)
        layout.addLayout(bar)

        self.tabs = QTabWidget()
        self.sheet_model = RowsModel(sheet_columns({}), self)
        self.arrears_model = RowsModel(ARREARS_COLUMNS, self)
        self.summary_model = RowsModel(SUMMARY_COLUMNS, self)
        self.payments_model = RowsModel(PAYMENT_COLUMNS, self)
        self.sheet_table = self._table(self.sheet_model)
        self.arrears_table = self._table(self.arrears_model)
        self.summary_table = self._table(self.summary_model)
        self.payments_table = self._table(self.payments_model)
        self.sheet_table.doubleClicked.connect(lambda i: self._pay_for_row(self.sheet_table))
        self.arrears_table.doubleClicked.connect(lambda i: self._pay_for_row(self.arrears_table))
        self.tabs.addTab(self.sheet_table, "月度收缴")
        self.tabs.addTab(self._arrears_tab(), "欠缴")
        self.tabs.addTab(self.summary_table, "年度汇总")
        self.tabs.addTab(self._payments_tab(), "缴费记录")
        layout.addWidget(self.tabs, 1)
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        layout.addWidget(self.hint)

    def _table(self, model: RowsModel) -> QTableView:
        table = QTableView()
        proxy = RowsProxy(self)
        setup_table(table, model, proxy)
        return table

    def _arrears_tab(self) -> QWidget:
        box = QWidget()
        col = QVBoxLayout(box)
        col.setContentsMargins(4, 6, 4, 0)
        row = QHBoxLayout()
        note = QLabel("截至今天已结束而未交的月份。双击一行可为其登记补交。")
        note.setObjectName("hint")
        row.addWidget(note, 1)
        self.pay_arrears_button = QPushButton("为所选党员登记补交…")
        self.pay_arrears_button.clicked.connect(lambda: self._pay_for_row(self.arrears_table))
        row.addWidget(self.pay_arrears_button)
        col.addLayout(row)
        col.addWidget(self.arrears_table, 1)
        return box

    def _payments_tab(self) -> QWidget:
        box = QWidget()
        col = QVBoxLayout(box)
        col.setContentsMargins(4, 6, 4, 0)
        row = QHBoxLayout()
        note = QLabel("本年度各月的交纳记录。误登的记录可以撤销（原因记入操作日志）。")
        note.setObjectName("hint")
        row.addWidget(note, 1)
        self.cancel_button = QPushButton("撤销所选记录…")
        self.cancel_button.clicked.connect(lambda: self.cancel_selected())
        row.addWidget(self.cancel_button)
        col.addLayout(row)
        col.addWidget(self.payments_table, 1)
        return box

    # ---- loading ----------------------------------------------------------------------------
    @property
    def ws(self) -> "Workspace":
        return self.ctx.ws

    def reload(self) -> None:
        year, month = self.year.currentData(), self.month.currentData()
        self.ctx.tasks.run(load_dues, self.ws, year, month, owner=self, on_done=self._loaded, label="正在读取党费…")

    def _loaded(self, data: DuesData) -> None:
        if (data.year, data.month) != (self.year.currentData(), self.month.currentData()):
            return
        self.data = data
        self.loaded = True
        self._fill_years(data.years, data.year)
        by_member = {a.member_id: a for a in data.arrears}
        ended = (data.year, data.month) < (data.at.year, data.at.month)
        self.sheet_model.columns = sheet_columns(by_member, ended)
        self.sheet_model.set_rows(data.sheet.rows)
        self.arrears_model.set_rows(data.arrears)
        self.summary_model.set_rows(data.summary.rows)
        self.payments_model.set_rows(data.payments)
        s, y = data.sheet, data.summary
        owed_total = sum(a.amount_fen for a in data.arrears)
        self.summary.setText(
            f"<b>{data.year}年{data.month}月</b>：应交 {yuan(s.due_fen)}，已交 {yuan(s.paid_fen)}；"
            f"已交 {s.paid_count} 人，<span style='color:{'#b3261e' if ended else '#8a5a00'}'>"
            f"未交 {s.unpaid_count} 人</span>"
            f"　｜　全年已交 {yuan(y.paid_fen)} / 应交 {yuan(y.due_fen)}"
            f"　｜　<span style='color:#b3261e'>累计欠缴 {len(data.arrears)} 人，{yuan(owed_total)}</span>")
        self.tabs.setTabText(1, f"欠缴（{len(data.arrears)}）" if data.arrears else "欠缴")
        if not data.sheet.rows and not data.summary.rows:
            self.hint.setText(f"{data.year}年还没有核定党费基数。请先点击“核定基数”，再登记缴费。")
        else:
            self.hint.setText("金额均按党费基数和比例计算，单位为元。")
        if self._select_member is not None:
            self._select_row(self.arrears_table, self._select_member)
            self._select_member = None

    def _fill_years(self, years, current: int) -> None:
        if [self.year.itemData(i) for i in range(self.year.count())] == list(years):
            return
        self.year.blockSignals(True)
        self.year.clear()
        for y in years:
            self.year.addItem(f"{y}年", y)
        self.year.setCurrentIndex(max(0, self.year.findData(current)))
        self.year.blockSignals(False)

    def _select_row(self, table: QTableView, member_id: int) -> bool:
        proxy = table.model()
        for r in range(proxy.rowCount()):
            if proxy.row_at(r).member_id == member_id:
                table.selectRow(r)
                table.scrollTo(proxy.index(r, 0))
                return True
        return False

    def show_arrears(self, member_id: int | None = None) -> None:
        """The 欠缴 tab, with the member selected (used by the 首页's alerts)."""
        self.tabs.setCurrentIndex(1)
        if member_id is not None and not self._select_row(self.arrears_table, member_id):
            self._select_member = member_id

    def set_period(self, year: int, month: int) -> None:
        if self.year.findData(year) < 0:
            self.year.addItem(f"{year}年", year)
        self.year.blockSignals(True)
        self.year.setCurrentIndex(self.year.findData(year))
        self.year.blockSignals(False)
        self.month.setCurrentIndex(month - 1)
        self.reload()

    # ---- payments ---------------------------------------------------------------------------
    def _pay_for_row(self, table: QTableView) -> PaymentDialog | None:
        index = table.currentIndex()
        row = table.model().row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        preselect = None
        if table is self.sheet_table and getattr(row, "status", "") == "unpaid":
            preselect = [(self.data.year, self.data.month)]
        return self.record_payment(row.member_id, preselect)

    def record_payment(self, member_id: int | None = None, preselect=None) -> PaymentDialog:
        members = self.data.members if self.data else ()
        dlg = PaymentDialog(members, self, member_id)
        ws = self.ws

        def load(mid: int, months=None) -> None:
            self.ctx.tasks.run(load_member_dues, ws, mid, owner=dlg, label="正在读取党费…",
                               on_done=lambda info: dlg.set_member_dues(info, months))

        dlg.member_changed.connect(load)
        dlg.submitted.connect(lambda value: self._save_payment(dlg, value))
        if member_id is not None:
            load(member_id, preselect)
        self.payment_dialog = dlg
        dlg.open()
        return dlg

    def _save_payment(self, dlg: PaymentDialog, v: dict) -> None:
        def done(view) -> None:
            dlg.accept()
            self._notify(f"已登记：{view.member_name} {view.months_text} {yuan(view.amount_fen)}")
            if view.warnings:
                self._inform("缴费已登记。请注意：\n\n" + "\n".join(view.warnings))
            # the page itself refreshes from ctx.changed (self.watch)

        def failed(exc: BaseException) -> bool:
            if isinstance(exc, ZhibuError):
                dlg.show_error(str(exc), getattr(exc, "field", "") or "")
                return True
            dlg.set_busy(False)
            return False

        self.ctx.tasks.run(self.ws.dues.record_payment, v["member_id"], v["paid_on"], v["amount"], v["months"],
                           v["proxy"], v["note"], allow_difference=v["allow_difference"], owner=self,
                           on_done=done, on_error=failed, label="正在登记缴费…")

    def cancel_selected(self, reason: str | None = None) -> None:
        index = self.payments_table.currentIndex()
        payment = self.payments_table.model().row_at(index.row()) if index.isValid() else None
        if payment is None:
            self._inform("请先在列表中选择要撤销的缴费记录。")
            return
        if reason is None:
            reason, ok = QInputDialog.getText(
                self, "撤销缴费记录",
                f"撤销 {payment.member_name} {payment.months_text} {yuan(payment.amount_fen)} 的记录。\n撤销原因：")
            if not ok:
                return
        self.ctx.tasks.run(self.ws.dues.cancel_payment, payment.id, reason, owner=self, label="正在撤销…",
                           on_done=lambda _r: self._notify("已撤销缴费记录"))  # refreshed by self.watch

    # ---- bases ------------------------------------------------------------------------------
    def edit_bases(self, year: int | None = None) -> BaseEditor:
        year = year or (self.year.currentData() or date.today().year)
        dlg = BaseEditor(self.ws.dues.calc, year, self)
        ws = self.ws

        def load(y: int) -> None:
            self.ctx.tasks.run(load_bases, ws, y, owner=dlg, label="正在读取党费基数…",
                               on_done=lambda rows: dlg.set_rows(y, rows))

        def save(y: int, entries: list) -> None:
            def done(result) -> None:
                saved, errors = result
                dlg.show_result(saved, errors)
                self._notify(f"已保存 {saved} 人的{y}年党费基数")
                load(y)  # the page itself refreshes from ctx.changed (self.watch)

            def failed(exc: BaseException) -> bool:
                dlg.show_result(0, {})
                return False

            self.ctx.tasks.run(save_bases, ws, y, entries, owner=dlg, on_done=done, on_error=failed,
                               label="正在保存党费基数…")

        dlg.year_changed.connect(load)
        dlg.save_requested.connect(save)
        load(year)
        self.base_editor = dlg
        dlg.open()
        return dlg

    # ---- page hooks (see ui.pages) ----------------------------------------------------------
    def on_activated(self) -> None:
        self.watch.activated()

    def on_locked(self) -> None:
        self.data = None
        for model in (self.sheet_model, self.arrears_model, self.summary_model, self.payments_model):
            model.set_rows([])
        self.summary.clear()
