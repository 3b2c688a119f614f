"""落实情况 page: the compliance table of a year (branches grouped by 上级党组织 × rules and periods), colour-coded,
with totals per row and column, filters (rule, state, unit) and drill-down: a double click on a cell opens the
branch with the records that satisfied it, on a branch name the branch itself."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QTableView, QVBoxLayout, QWidget)

from ui.committee.compliance_model import CELL_COLORS, CELL_TEXT, STATE_TEXT, ComplianceModel
from ui.committee.open_branch import open_branch
from ui.pages import ChangeWatch
from ui.theme import px
from ui.widgets.page_header import page_header

YEARS_BACK = 4


def legend() -> QWidget:
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(6)
    for state, (fg, bg) in CELL_COLORS.items():
        chip = QLabel(f" {CELL_TEXT[state]} {STATE_TEXT[state]} ")
        chip.setStyleSheet(f"background: {bg}; color: {fg}; border-radius: 3px; padding: 1px 4px;")
        row.addWidget(chip)
    return box


class CompliancePage(QWidget):
    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        # refreshes from ctx.changed: bundles imported, the rules judged again
        self.watch = ChangeWatch(self, ctx, ("sync", "settings"), self.reload)
        self.table_data = None
        self.rules: list[tuple[str, str]] = []  # (rule_id, title) of the unfiltered table
        self.units: list[str] = []
        self._generation = 0  # only the latest reload is shown (filters may change while one runs)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 14)
        outer.setSpacing(8)
        outer.addLayout(page_header("落实情况", "各支部组织生活按规则逐期的落实情况（由导入的纪实计算）；双击格子查看记录，双击支部名打开支部"))

        bar = QHBoxLayout()
        self.year = QComboBox()
        this_year = date.today().year
        for y in range(this_year, this_year - YEARS_BACK, -1):
            self.year.addItem(f"{y}年", y)
        self.rule = QComboBox()
        self.rule.addItem("全部规则", None)
        self.state = QComboBox()
        self.state.addItem("全部状态", None)
        for key, text in STATE_TEXT.items():
            self.state.addItem(text, key)
        self.unit = QComboBox()
        self.unit.addItem("全部上级党组织", None)
        for label, combo in (("年度：", self.year), ("规则：", self.rule), ("状态：", self.state),
                             ("上级党组织：", self.unit)):
            bar.addWidget(QLabel(label))
            bar.addWidget(combo)
            combo.currentIndexChanged.connect(lambda _i: self.reload())
        bar.addStretch(1)
        refresh = QPushButton("刷新")
        refresh.clicked.connect(self.reload)
        bar.addWidget(refresh)
        outer.addLayout(bar)

        info = QHBoxLayout()
        self.summary = QLabel("正在读取…")
        self.summary.setObjectName("complianceSummary")
        info.addWidget(self.summary)
        info.addStretch(1)
        info.addWidget(legend())
        outer.addLayout(info)

        self.model = ComplianceModel(self)
        self.view = QTableView()
        self.view.setObjectName("complianceTable")
        self.view.setModel(self.model)
        self.view.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.view.setSelectionMode(QAbstractItemView.SingleSelection)
        self.view.setWordWrap(False)
        self.view.horizontalHeader().setDefaultSectionSize(px(64))  # 党员大会 / 一季度 in full
        self.view.horizontalHeader().setMinimumSectionSize(px(40))
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.Fixed)
        self.view.verticalHeader().setDefaultSectionSize(px(26))
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)
        self.view.verticalHeader().setMinimumWidth(px(120))
        self.view.doubleClicked.connect(self.drill)
        self.view.verticalHeader().sectionDoubleClicked.connect(self.open_row)
        outer.addWidget(self.view, 1)
        self.empty = QLabel("还没有支部的落实情况：导入支部的数据包后，这里逐期显示各项规则的完成情况。")
        self.empty.setObjectName("hint")
        self.empty.hide()
        outer.addWidget(self.empty)

    # ---- loading ----------------------------------------------------------------------------
    def on_activated(self) -> None:
        self.watch.activated()

    def filters(self) -> dict:
        return {"rule": self.rule.currentData(), "state": self.state.currentData(), "unit": self.unit.currentData()}

    def reload(self) -> None:
        self.summary.setText("正在读取…")
        self._generation += 1
        gen = self._generation
        self.ctx.tasks.run(self.ctx.ws.oversight.compliance, self.year.currentData(), owner=self,
                           on_done=lambda table: self._loaded(table) if gen == self._generation else None,
                           label="正在读取落实情况…", **self.filters())

    def _loaded(self, table) -> None:
        f = self.filters()
        if f["rule"] is None and f["state"] is None:
            self._set_choices(self.rule, [(r.rule_id, r.title) for r in table.rules], "全部规则")
        if f["unit"] is None and f["state"] is None:
            self._set_choices(self.unit, [(u, u or "（未填）") for u in
                                          dict.fromkeys(b.unit for b in table.branches)], "全部上级党组织")
        self.table_data = table
        self.model.set_table(table)
        self.view.horizontalHeader().resizeSection(len(self.model.columns), px(86))
        t = table.totals
        self.summary.setText(f"{table.year}年 · {len(table.branches)} 个支部：已完成 {t.get('done', 0)}，"
                             f"待完成 {t.get('due', 0)}，已逾期 {t.get('overdue', 0)}，不适用 "
                             f"{t.get('not_applicable', 0)}（截至{table.at.year}年{table.at.month}月{table.at.day}日）")
        self.empty.setVisible(not table.branches)

    @staticmethod
    def _set_choices(combo: QComboBox, items: list[tuple], all_text: str) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(all_text, None)
        for key, text in items:
            combo.addItem(text, key)
        i = combo.findData(current)
        combo.setCurrentIndex(max(i, 0))
        combo.blockSignals(False)

    def set_filter(self, *, rule: str | None = None, state: str | None = None, unit: str | None = None) -> None:
        """Choose filters in code (tests, 总览): the combos change, the table reloads once."""
        for combo, value in ((self.rule, rule), (self.state, state), (self.unit, unit)):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(combo.findData(value), 0))
            combo.blockSignals(False)
        self.reload()

    # ---- drill-down -------------------------------------------------------------------------
    def drill(self, index):
        row = self.model.row_at(index.row())
        if row is None or row.kind != "branch":
            return None
        cell = self.model.cell_at(index)
        if cell is not None and cell.records:
            from desktop.committee.review import period_label

            return open_branch(self, row.branch.branch_id, cell.record_type, cell.records,
                               f"{period_label(cell.period)}{self.model.columns[index.column()][0].title}")
        return open_branch(self, row.branch.branch_id)

    def open_row(self, section: int):
        row = self.model.row_at(section)
        if row is not None and row.kind == "branch":
            return open_branch(self, row.branch.branch_id)
        return None
