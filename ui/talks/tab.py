"""谈心谈话 list: filters by year, status and participant; opens the talk editor (kept over an auto-lock)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QLabel, QPushButton, QTableView,
                               QVBoxLayout, QWidget)

from desktop.domain.meeting_enums import RecordStatus
from ui.display import fmt_datetime
from ui.meetings.list_model import flags_text
from ui.pages import ChangeWatch, PageContext
from ui.talks.data import load_talk, load_talks
from ui.talks.editor import TalkEditor
from ui.widgets.row_list_model import RowListModel
from ui.theme import px

HEADERS = ("谈话时间", "谈话人", "谈话主题", "状态", "标记")
SORT_ROLE = Qt.UserRole + 1


class TalkModel(RowListModel):
    titles = HEADERS

    def data(self, index: QModelIndex, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        t, col = self._rows[index.row()], index.column()
        text = (fmt_datetime(t.held_at), "、".join(t.participants), t.topics.replace("\n", " "), t.status.label,
                flags_text(t))[col]
        if role == Qt.DisplayRole:
            return text
        if role == SORT_ROLE:
            return t.held_at.isoformat() if col == 0 else text
        if role == Qt.ForegroundRole and t.status == RecordStatus.VOID:
            return QColor("#9a9a9a")
        if role == Qt.ForegroundRole and col == 3 and t.status == RecordStatus.DRAFT:
            return QColor("#8a5a00")
        return None


class TalksTab(QWidget):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.loaded = False
        self.watch = ChangeWatch(self, ctx, ("talks", "members"), self.reload)  # refreshes from ctx.changed
        self.editors: list[TalkEditor] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 8)
        bar = QHBoxLayout()
        self.year = QComboBox()
        self.year.addItem("全部年度", None)
        for y in range(date.today().year, date.today().year - 6, -1):
            self.year.addItem(f"{y}年", y)
        self.status = QComboBox()
        for key, label in (("", "全部状态"), ("draft", "草稿"), ("final", "已定稿"), ("void", "已作废")):
            self.status.addItem(label, key)
        self.member = QComboBox()
        self.member.addItem("全部谈话人", None)
        for w in (self.year, self.status, self.member):
            bar.addWidget(w)
            w.currentIndexChanged.connect(lambda _i: self.reload())
        self.count_label = QLabel()
        self.count_label.setObjectName("subtitle")
        bar.addWidget(self.count_label)
        bar.addStretch(1)
        self.open_button = QPushButton("打开")
        self.open_button.clicked.connect(self.open_selected)
        self.new_button = QPushButton("新建谈话记录")
        self.new_button.setObjectName("primary")
        self.new_button.clicked.connect(lambda: self.new_talk())
        bar.addWidget(self.open_button)
        bar.addWidget(self.new_button)
        layout.addLayout(bar)
        self.model = TalkModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView()
        self.table.setObjectName("talksTable")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.DescendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        for col, width in enumerate((150, 200, 380, 70)):
            self.table.setColumnWidth(col, px(width))
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        layout.addWidget(self.table, 1)
        self.empty_hint = QLabel("没有符合条件的谈心谈话记录。")
        self.empty_hint.setObjectName("hint")
        self.empty_hint.hide()
        layout.addWidget(self.empty_hint)

    def on_activated(self) -> None:
        self.watch.activated()

    def reload(self) -> None:
        self.ctx.tasks.run(load_talks, self.ctx.ws, self.year.currentData(), self.status.currentData(),
                           self.member.currentData(), owner=self, on_done=self._loaded, label="正在读取谈心谈话…")

    def _loaded(self, result) -> None:
        rows, members = result
        self.loaded = True
        self.model.set_rows(rows)
        if self.member.count() != len(members) + 1:
            current = self.member.currentData()
            self.member.blockSignals(True)
            self.member.clear()
            self.member.addItem("全部谈话人", None)
            for mid, name in members:
                self.member.addItem(name, mid)
            self.member.setCurrentIndex(max(0, self.member.findData(current)))
            self.member.blockSignals(False)
        self.count_label.setText(f"共 {len(rows)} 条")
        self.empty_hint.setVisible(not rows)

    def visible_rows(self) -> list:
        return [self.model.row_at(self.proxy.mapToSource(self.proxy.index(i, 0)).row())
                for i in range(self.proxy.rowCount())]

    def open_selected(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.open_talk(self.model.row_at(self.proxy.mapToSource(index).row()).id)

    def new_talk(self) -> TalkEditor:
        editor = self._track(TalkEditor(self.ctx, self))
        editor.load_roster()
        return editor

    def open_talk(self, talk_id: int, then=None) -> None:
        def done(data) -> None:
            editor = self._track(TalkEditor(self.ctx, self))
            editor.open_record(data)
            if then:
                then(editor)

        self.ctx.tasks.run(load_talk, self.ctx.ws, talk_id, owner=self, on_done=done, label="正在读取谈话记录…")

    def _track(self, editor: TalkEditor) -> TalkEditor:
        self.editors.append(editor)
        self.editor = editor
        editor.finished.connect(lambda _r: (editor in self.editors and self.editors.remove(editor),
                                            editor.deleteLater()))
        editor.open()
        return editor

    # ---- page hooks -------------------------------------------------------------------------
    def on_locked(self) -> None:
        self.model.set_rows([])

    def collect_drafts(self) -> list[dict]:
        return [e.draft_for_lock() for e in list(self.editors) if e.isVisible()]

    def restore_draft(self, item: dict) -> None:
        def restored(editor: TalkEditor) -> None:
            editor.life.restore(item)

        if item.get("id") is not None:
            self.open_talk(item["id"], then=restored)
        elif item.get("input") is not None:
            restored(self._track(TalkEditor(self.ctx, self)))
