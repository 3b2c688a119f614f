"""整改 tracker: every item in force (from a finalized meeting, or added on its own) with owner, due date, status
and evidence; open and overdue ones stand out. Follow-up steps are chained when recorded."""

from __future__ import annotations

from typing import TYPE_CHECKING

from datetime import date
from pathlib import Path

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QFileDialog, QHBoxLayout, QLabel, QMessageBox,
                               QPushButton, QSplitter, QTableView, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from desktop.domain.meeting_enums import RectificationStatus
from desktop.errors import ZhibuError
from ui.display import fmt_date
from ui.meetings.attachments import _documents_dir
from ui.pages import ChangeWatch
from ui.rectifications.dialogs import AddRectificationDialog, ProgressDialog
from ui.widgets.row_list_model import RowListModel
from ui.theme import px

if TYPE_CHECKING:  # pragma: no cover
    from desktop.workspace import Workspace

HEADERS = ("整改事项", "整改措施", "责任人", "完成时限", "状态", "来源")
SORT_ROLE = Qt.UserRole + 1
STATUS_COLORS = {RectificationStatus.OPEN: "#a4262c", RectificationStatus.IN_PROGRESS: "#8a5a00",
                 RectificationStatus.CLOSED: "#1e6b34"}


def status_text(v) -> str:
    if v.status == RectificationStatus.CLOSED:
        return f"已完成（{fmt_date(v.closed_on)}）" if v.closed_on else "已完成"
    return v.status.label + ("，已逾期" if v.overdue else "")


class RectificationModel(RowListModel):
    titles = HEADERS

    def data(self, index: QModelIndex, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        v, col = self._rows[index.row()], index.column()
        texts = (v.item, v.measure, v.owner.name if v.owner else "", fmt_date(v.due_on, "未定"), status_text(v),
                 v.meeting_title or v.source)
        if role == Qt.DisplayRole:
            return texts[col].replace("\n", " ")
        if role == Qt.ToolTipRole and col in (0, 1, 5):
            return texts[col]
        if role == SORT_ROLE:
            return v.due_on.isoformat() if col == 3 and v.due_on else texts[col]
        if role == Qt.ForegroundRole and col == 4:
            return QColor("#b3261e" if v.overdue else STATUS_COLORS[v.status])
        if role == Qt.ForegroundRole and col == 3 and v.overdue:
            return QColor("#b3261e")
        return None


class RectificationsTab(QWidget):
    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        # the items and their 责任人; an org-life meeting's 定稿 adds its 整改事项 (refreshes from ctx.changed)
        self.watch = ChangeWatch(self, ctx, ("rectifications", "members"), self.reload)
        self.loaded = False
        self._select: int | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 8)
        bar = QHBoxLayout()
        self.open_only = QCheckBox("只显示未完成的")
        self.open_only.toggled.connect(lambda _b: self.reload())
        bar.addWidget(self.open_only)
        self.count_label = QLabel()
        self.count_label.setObjectName("subtitle")
        bar.addWidget(self.count_label)
        bar.addStretch(1)
        self.progress_button = QPushButton("记录进展…")
        self.progress_button.clicked.connect(lambda: self.record_progress())
        self.add_button = QPushButton("新增整改事项…")
        self.add_button.setObjectName("primary")
        self.add_button.clicked.connect(lambda: self.add_item())
        bar.addWidget(self.progress_button)
        bar.addWidget(self.add_button)
        layout.addLayout(bar)
        hint = QLabel("组织生活会等会议定稿后，其整改事项列在这里，逐项记录进展直到完成；未完成的事项会在首页提醒。")
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.model = RectificationModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView()
        self.table.setObjectName("rectificationsTable")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        for col, width in enumerate((260, 220, 70, 110, 130)):
            self.table.setColumnWidth(col, px(width))
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_steps())
        self.table.doubleClicked.connect(lambda _i: self.record_progress())
        self.steps = QTreeWidget()
        self.steps.setObjectName("progressSteps")
        self.steps.setHeaderLabels(["日期", "状态", "情况说明", "佐证材料", "纪实序号"])
        for col, width in enumerate((140, 80, 360, 200)):
            self.steps.setColumnWidth(col, px(width))
        self.save_evidence_button = QPushButton("另存佐证材料副本…")
        self.save_evidence_button.clicked.connect(lambda: self.save_evidence())
        lower = QWidget()
        col = QVBoxLayout(lower)
        col.setContentsMargins(0, 0, 0, 0)
        self.steps_title = QLabel("整改进展")
        self.steps_title.setStyleSheet("font-weight: 600;")
        col.addWidget(self.steps_title)
        col.addWidget(self.steps, 1)
        col.addWidget(self.save_evidence_button, 0, Qt.AlignLeft)
        split = QSplitter(Qt.Vertical)
        split.addWidget(self.table)
        split.addWidget(lower)
        split.setSizes([380, 200])
        split.setChildrenCollapsible(False)
        layout.addWidget(split, 1)
        self._update_buttons()

    @property
    def ws(self) -> "Workspace":
        return self.ctx.ws

    # ---- loading ----------------------------------------------------------------------------
    def on_activated(self) -> None:
        self.watch.activated()

    def reload(self, select: int | None = None) -> None:
        if select is not None:
            self._select = select
        self.ctx.tasks.run(lambda ws=self.ws, open_only=self.open_only.isChecked(): ws.rectifications.list(
            open_only=open_only), owner=self, on_done=self._loaded, label="正在读取整改清单…")

    def _loaded(self, rows) -> None:
        self.loaded = True
        keep = self._select if self._select is not None else getattr(self.selected(), "id", None)
        self._select = None
        self.model.set_rows(rows)
        pending = sum(1 for r in rows if r.status != RectificationStatus.CLOSED)
        overdue = sum(1 for r in rows if r.overdue)
        self.count_label.setText(f"共 {len(rows)} 项，未完成 {pending} 项" + (f"，已逾期 {overdue} 项" if overdue else ""))
        for i in range(self.proxy.rowCount()):
            if keep is not None and self.row(i).id == keep:
                self.table.setCurrentIndex(self.proxy.index(i, 0))
                break
        self._show_steps()

    def row(self, proxy_row: int):
        return self.model.row_at(self.proxy.mapToSource(self.proxy.index(proxy_row, 0)).row())

    def visible_rows(self) -> list:
        return [self.row(i) for i in range(self.proxy.rowCount())]

    def selected(self):
        index = self.table.currentIndex()
        return self.row(index.row()) if index.isValid() else None

    def select(self, rect_id: int) -> None:
        for i in range(self.proxy.rowCount()):
            if self.row(i).id == rect_id:
                self.table.setCurrentIndex(self.proxy.index(i, 0))

    def _show_steps(self) -> None:
        v = self.selected()
        self.steps.clear()
        self.steps_title.setText(f"整改进展：{v.item[:40]}" if v else "整改进展（在上方选择一项）")
        for p in (v.progress if v else ()):
            item = QTreeWidgetItem([fmt_date(p.on), p.status.label, p.note.replace("\n", " "),
                                    f"{len(p.attachments)} 个文件" if p.attachments else "",
                                    str(p.entry.seq) if p.entry else ""])
            item.setToolTip(2, p.note)
            for a in p.attachments:
                child = QTreeWidgetItem(["", "", "", a.name, ""])
                child.setData(3, Qt.UserRole, a.id)
                item.addChild(child)
            self.steps.addTopLevelItem(item)
        self.steps.expandAll()
        self._update_buttons()

    def _update_buttons(self) -> None:
        v = self.selected()
        self.progress_button.setEnabled(v is not None and v.status != RectificationStatus.CLOSED)

    # ---- actions ----------------------------------------------------------------------------
    def add_item(self) -> None:
        def open_dialog(roster) -> None:
            dlg = AddRectificationDialog(roster, self)

            def submitted(data, source) -> None:
                def failed(exc: BaseException) -> bool:
                    dlg.show_failure(str(exc) if isinstance(exc, ZhibuError) else "保存失败。")
                    return isinstance(exc, ZhibuError)

                def done(v) -> None:
                    dlg.accept()
                    self._select = v.id  # selected when the tab refreshes from ctx.changed (self.watch)

                self.ctx.tasks.run(self.ws.rectifications.add, data, source=source, owner=self, on_error=failed,
                                   label="正在保存整改事项…", on_done=done)

            dlg.submitted.connect(submitted)
            self.add_dialog = dlg
            dlg.open()

        self.ctx.tasks.run(self.ws.members.roster_on, date.today(), owner=self, on_done=open_dialog,
                           label="正在读取党员名册…")

    def record_progress(self) -> ProgressDialog | None:
        v = self.selected()
        if v is None or v.status == RectificationStatus.CLOSED:
            return None
        dlg = ProgressDialog(v.item, self)

        def submitted(on, status, note, paths) -> None:
            def failed(exc: BaseException) -> bool:
                dlg.show_failure(str(exc) if isinstance(exc, ZhibuError) else "保存失败。")
                return isinstance(exc, ZhibuError)

            def done(_r) -> None:
                dlg.accept()
                self._select = v.id  # refreshed from ctx.changed (self.watch)

            self.ctx.tasks.run(self.ws.rectifications.record_progress, v.id, on, status, note, paths, owner=self,
                               on_error=failed, label="正在记录整改进展…", on_done=done)

        dlg.submitted.connect(submitted)
        self.progress_dialog = dlg
        dlg.open()
        return dlg

    def save_evidence(self, dest: str | None = None) -> None:
        """A plain copy of the chosen evidence file, only at the user's request."""
        item = self.steps.currentItem()
        if item is not None and item.data(3, Qt.UserRole) is None and item.childCount():
            item = item.child(0)
        att_id = item.data(3, Qt.UserRole) if item else None
        if att_id is None:
            return
        if dest is None:
            dest, _ = QFileDialog.getSaveFileName(self, "另存佐证材料副本（不加密）",
                                                  str(Path(_documents_dir()) / item.text(3)))
        if not dest:
            return

        def done(path) -> None:
            box = QMessageBox(QMessageBox.Information, "佐证材料",
                              f"已另存到：{path}\n这份副本没有加密，请妥善保管，用完后删除。", QMessageBox.Ok, self)
            box.setAttribute(Qt.WA_DeleteOnClose)
            box.open()
            self.message_box = box

        self.ctx.tasks.run(self.ws.meetings.attachments.save_copy, att_id, Path(dest), owner=self, on_done=done,
                           label="正在另存…")

    # ---- page hooks -------------------------------------------------------------------------
    def on_locked(self) -> None:
        self.model.set_rows([])
        self.steps.clear()

    def collect_drafts(self) -> list[dict]:
        return []  # items and steps are chained when saved: there is no draft to keep

    def restore_draft(self, item: dict) -> None:
        pass
