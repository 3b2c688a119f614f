"""会议记录 tab: filters (year, type, status 草稿/已定稿/补录/已作废), the 月度一览 of what was held, the list,
and the editors opened from it (kept over an auto-lock as encrypted drafts)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QMenu, QPushButton,
                               QSplitter, QTableView, QToolButton, QVBoxLayout, QWidget)

from desktop.domain.meeting_enums import MeetingKind
from ui.meetings.data import STATUS_FILTERS, load_list, load_meeting

if TYPE_CHECKING:  # pragma: no cover - the editor is imported when first opened
    from ui.meetings.editor import MeetingEditor
from ui.meetings.list_model import COLUMNS, MeetingProxyModel, MeetingTableModel
from ui.meetings.month_view import MonthOverview
from ui.pages import ChangeWatch, PageContext
from ui.theme import px
from ui.widgets.shortcuts import add_shortcut


class MeetingListTab(QWidget):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.loaded = False
        self.watch = ChangeWatch(self, ctx, ("meetings", "sync"), self._refresh)  # sync: the 已报送 marks, 审阅
        self.years: list[int] | None = None
        self.month: int | None = None
        self.editors: list[MeetingEditor] = []
        self._rows: list = []
        self._select: int | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 8)

        bar = QHBoxLayout()
        self.year = QComboBox()
        self.year.addItem("全部年度", None)
        this_year = date.today().year
        self.year.addItem(f"{this_year}年", this_year)
        self.year.setCurrentIndex(1)
        self.kind = QComboBox()
        self.kind.addItem("全部类型", None)
        for k in MeetingKind:
            self.kind.addItem(k.label, k.value)
        self.status = QComboBox()
        for key, label in STATUS_FILTERS:
            self.status.addItem(label, key)
        for w in (self.year, self.kind, self.status):
            bar.addWidget(w)
            w.currentIndexChanged.connect(lambda _i: self._filters_changed())
        self.month_chip = QToolButton()
        self.month_chip.setToolButtonStyle(Qt.ToolButtonTextOnly)
        self.month_chip.setToolTip("点击取消按月筛选")
        self.month_chip.clicked.connect(lambda: self.set_month(None))
        self.month_chip.hide()
        bar.addWidget(self.month_chip)
        bar.addSpacing(8)
        self.count_label = QLabel()
        self.count_label.setObjectName("subtitle")
        bar.addWidget(self.count_label)
        bar.addStretch(1)
        self.open_button = QPushButton("打开")
        self.open_button.clicked.connect(self.open_selected)
        self.new_button = QPushButton("新建会议记录")
        self.new_button.setObjectName("primary")
        menu = QMenu(self.new_button)
        for k in MeetingKind:
            menu.addAction(k.label, lambda k=k: self.new_meeting(k))
        self.new_button.setMenu(menu)
        add_shortcut(self.new_button, "Ctrl+N")
        bar.addWidget(self.open_button)
        bar.addWidget(self.new_button)
        layout.addLayout(bar)

        self.overview_title = QLabel()
        self.overview_title.setStyleSheet("font-weight: 600;")
        self.overview = MonthOverview()
        self.overview.cell_chosen.connect(self._cell_chosen)
        top = QWidget()
        col = QVBoxLayout(top)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.overview_title)
        col.addWidget(self.overview)

        self.model = MeetingTableModel(self)
        self.proxy = MeetingProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("meetingsTable")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.DescendingOrder)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(px(28))
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        for i, c in enumerate(COLUMNS):
            self.table.setColumnWidth(i, px(c.width))
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        split = QSplitter(Qt.Vertical)
        split.addWidget(top)
        split.addWidget(self.table)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        layout.addWidget(split, 1)
        self.empty_hint = QLabel()
        self.empty_hint.setObjectName("hint")
        self.empty_hint.hide()
        layout.addWidget(self.empty_hint)

    # ---- loading ----------------------------------------------------------------------------
    def on_activated(self) -> None:
        self.watch.activated()

    def reload(self, select_id: int | None = None, years_changed: bool = False) -> None:
        if select_id is not None:
            self._select = select_id
        if years_changed:
            self.years = None
        year, kind, status = self.year.currentData(), self.kind.currentData(), self.status.currentData()
        overview_year = year or date.today().year
        self.ctx.tasks.run(load_list, self.ctx.ws, year, MeetingKind(kind) if kind else None, status, overview_year,
                           self.years, owner=self, on_done=self._loaded, label="正在读取会议记录…")

    def _loaded(self, data) -> None:
        self.loaded = True
        if data.years != self.years:
            self.years = list(data.years)
            self._fill_years()
        self._rows = data.rows
        rows = [r for r in data.rows if self.month is None or r.start.month == self.month]
        self.model.set_ack(data.ack)
        self.model.set_rows(rows)
        self.overview.show_year(data.overview_year, data.overview)
        self.overview_title.setText(f"{data.overview_year}年月度一览（数字为已定稿的次数，单击查看当月记录）")
        self.count_label.setText(f"共 {len(rows)} 条")
        self.empty_hint.setVisible(not rows)
        self.empty_hint.setText("没有符合条件的会议记录。" if data.overview or self.years else
                                "还没有会议记录。点击“新建会议记录”，选择会议类型后开始录入。")
        if self._select is not None:
            row = self.model.row_of(self._select)
            if row >= 0:
                index = self.proxy.mapFromSource(self.model.index(row, 0))
                self.table.setCurrentIndex(index)
                self.table.scrollTo(index)
            self._select = None

    def _fill_years(self) -> None:
        current = self.year.currentData()
        years = sorted(set(self.years) | {date.today().year}, reverse=True)
        self.year.blockSignals(True)
        self.year.clear()
        self.year.addItem("全部年度", None)
        for y in years:
            self.year.addItem(f"{y}年", y)
        self.year.setCurrentIndex(max(0, self.year.findData(current)) if current is not None else 0)
        self.year.blockSignals(False)

    def _filters_changed(self) -> None:
        self.month = None
        self.month_chip.hide()
        self.reload()

    def set_filters(self, *, year=..., kind=..., status=...) -> None:
        """Set filters (``None`` = all; ``...`` = unchanged) and reload once."""
        for combo, value in ((self.year, year), (self.kind, kind), (self.status, status)):
            if value is ...:
                continue
            if isinstance(value, MeetingKind):
                value = value.value
            if combo is self.year and value is not None and combo.findData(value) < 0:
                combo.addItem(f"{value}年", value)
            combo.blockSignals(True)
            combo.setCurrentIndex(max(0, combo.findData(value)) if value not in (None, "") else 0)
            combo.blockSignals(False)
        self._filters_changed()

    def _cell_chosen(self, kind: MeetingKind, month: int) -> None:
        year = self.overview.year
        self.set_filters(year=year, kind=kind)
        self.set_month(month)

    def set_month(self, month: int | None) -> None:
        self.month = month
        self.month_chip.setText(f"仅{month}月  ✕" if month else "")
        self.month_chip.setVisible(month is not None)
        rows = [r for r in self._rows if month is None or r.start.month == month]
        self.model.set_rows(rows)
        self.count_label.setText(f"共 {len(rows)} 条")

    def visible_rows(self) -> list:
        return [self.proxy.row_at(i) for i in range(self.proxy.rowCount())]

    # ---- editors ----------------------------------------------------------------------------
    def selected(self):
        index = self.table.currentIndex()
        return self.proxy.row_at(index.row()) if index.isValid() else None

    def open_selected(self) -> None:
        s = self.selected()
        if s is not None:
            self.open_meeting(s.id)

    def new_meeting(self, kind: MeetingKind, group_id: int | None = None) -> MeetingEditor:
        """A new record of ``kind`` dated today (for a 党小组会, of ``group_id`` when given)."""
        from ui.meetings.editor import MeetingEditor

        editor = self._track(MeetingEditor(self.ctx, self, kind=MeetingKind(kind)))
        if group_id is not None:
            editor.preselect_group(group_id)
        return editor

    def open_meeting(self, meeting_id: int, then=None) -> None:
        from ui.meetings.editor import MeetingEditor

        def done(data) -> None:
            editor = self._track(MeetingEditor(self.ctx, self, kind=None))
            editor.open_record(data)
            if then:
                then(editor)

        self.ctx.tasks.run(load_meeting, self.ctx.ws, meeting_id, owner=self, on_done=done,
                           label="正在读取会议记录…")

    def _track(self, editor: MeetingEditor) -> MeetingEditor:
        self.editors.append(editor)
        self.editor = editor
        editor.finished.connect(lambda _r: self._forget(editor))
        editor.open()
        return editor

    def _refresh(self) -> None:
        """Meetings changed (ctx.changed): reload, keeping the record of the newest open editor selected."""
        open_ids = [e.meeting_id for e in self.editors if e.meeting_id is not None]
        self.reload(select_id=open_ids[-1] if open_ids else None, years_changed=True)

    def _forget(self, editor: MeetingEditor) -> None:
        if editor in self.editors:
            self.editors.remove(editor)
        editor.deleteLater()

    # ---- page hooks -------------------------------------------------------------------------
    def on_locked(self) -> None:
        self.model.set_rows([])
        self._rows = []
        self.overview.show_year(self.overview.year, [])

    def collect_drafts(self) -> list[dict]:
        return [e.draft_for_lock() for e in list(self.editors) if e.isVisible()]

    def restore_draft(self, item: dict) -> None:
        """Reopen an editor that was open at lock time: from the book (its draft was saved there before the
        lock), or from the unsaved input kept in memory when it could not be saved."""
        def restored(editor: MeetingEditor) -> None:
            editor.life.restore(item)

        if item.get("id") is not None:
            self.open_meeting(item["id"], then=restored)
        elif item.get("input") is not None:
            from ui.meetings.editor import MeetingEditor

            restored(self._track(MeetingEditor(self.ctx, self, kind=None)))
