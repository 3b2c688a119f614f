"""党员 page: roster table with search and name order, member dialog, events panel, Excel in and out."""

from __future__ import annotations

from typing import TYPE_CHECKING

from datetime import date
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, QTimer
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QFileDialog, QHBoxLayout, QHeaderView,
                               QLabel, QLineEdit, QMessageBox, QPushButton, QSplitter, QTableView, QVBoxLayout,
                               QWidget)

from desktop.changes import mutates
from desktop.errors import ImportRejected, ValidationError
from ui.members.events_panel import EventDialog, EventsPanel
from ui.members.import_dialog import ImportPreviewDialog
from ui.members.member_dialog import MemberDialog
from ui.members.table_model import COLUMNS, MemberProxyModel, MemberTableModel
from ui.pages import ChangeWatch, PageContext
from ui.settings_store import NAME_ORDERS
from ui.widgets.page_messages import PageMessages
from ui.theme import px
from ui.widgets.shortcuts import add_shortcut

if TYPE_CHECKING:
    from desktop.workspace import Workspace

SEARCH_DELAY_MS = 250


class MemberInvalid(ValidationError):
    """Every problem of the member form at once (nothing was saved, so nothing is announced as changed)."""

    def __init__(self, errors: list[ValidationError]):
        super().__init__(str(errors[0]), errors[0].field)
        self.errors = errors


@mutates("members")
def save_member(ws: Workspace, member_id: int | None, data, transfer_in_on: date | None):
    """Worker: validate, then add or update the member; returns the saved MemberView. Raises MemberInvalid."""
    errors = ws.members.validate(data, member_id=member_id)
    if errors:
        raise MemberInvalid(list(errors))
    if member_id is None:
        return ws.members.add(data, transfer_in_on=transfer_in_on)
    return ws.members.update(member_id, data)


class MembersPage(PageMessages, QWidget):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        # the roster, and the groups it names; refreshes from ctx.changed (a member saved here, or 发展党员's 转正)
        self.watch = ChangeWatch(self, ctx, ("members", "organization"), self.reload)
        self.groups: list[str] = []
        self.loaded = False
        self._loading = 0
        self._selected_id: int | None = None
        self._dialogs: list = []
        self._resort = False

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 14)
        layout.setSpacing(10)
        head = QHBoxLayout()
        title = QLabel("党员")
        title.setObjectName("pageTitle")
        head.addWidget(title)
        self.count_label = QLabel()
        self.count_label.setObjectName("subtitle")
        self.count_label.setWordWrap(True)  # wraps instead of widening the page at a large 字号
        head.addSpacing(12)
        head.addWidget(self.count_label, 0, Qt.AlignBottom)
        head.addStretch(1)
        self.add_button = QPushButton("新增党员…")
        self.add_button.setObjectName("primary")
        self.add_button.clicked.connect(self.add_member)
        add_shortcut(self.add_button, "Ctrl+N")
        self.edit_button = QPushButton("编辑…")
        self.edit_button.clicked.connect(self.edit_selected)
        self.import_button = QPushButton("从 Excel 导入…")
        self.import_button.clicked.connect(self.import_excel)
        self.export_button = QPushButton("导出花名册…")
        self.export_button.clicked.connect(self.export_excel)
        for b in (self.import_button, self.export_button, self.edit_button, self.add_button):
            head.addWidget(b)
        layout.addLayout(head)

        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("搜索：姓名、拼音或首字母（如 zs）、电话、党小组、职务")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(220)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        bar.addWidget(self.search, 2)
        bar.addSpacing(12)
        bar.addWidget(QLabel("排序："))
        self.order = QComboBox()
        for key, label in NAME_ORDERS.items():
            self.order.addItem(label, key)
        self.order.setCurrentIndex(max(0, self.order.findData(ctx.store.prefs.name_order)))
        self.order.currentIndexChanged.connect(lambda _i: self._order_changed())
        bar.addWidget(self.order)
        bar.addSpacing(12)
        self.include_left = QCheckBox("显示已转出、去世等已离开的党员")
        self.include_left.toggled.connect(lambda _b: self.reload())
        bar.addWidget(self.include_left)
        bar.addStretch(1)
        layout.addLayout(bar)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.reload)

        self.model = MemberTableModel(self)
        self.proxy = MemberProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("membersTable")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.AscendingOrder)
        self.table.verticalHeader().setDefaultSectionSize(px(30))
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)
        self.table.verticalHeader().setMinimumWidth(34)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setHighlightSections(False)
        for i, col in enumerate(COLUMNS):
            self.table.setColumnWidth(i, px(col.width))
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._selection_changed())

        self.events = EventsPanel()
        self.events.record_clicked.connect(self.record_event)
        split = QSplitter(Qt.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.events)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([480, 170])
        split.setChildrenCollapsible(False)
        layout.addWidget(split, 1)
        self.empty_hint = QLabel()
        self.empty_hint.setObjectName("hint")
        layout.addWidget(self.empty_hint)
        self._update_buttons()

    # ---- loading ----------------------------------------------------------------------------
    @property
    def ws(self) -> "Workspace":
        return self.ctx.ws

    def reload(self, select_id: int | None = None) -> None:
        if select_id is not None:
            self._selected_id = select_id
        ws, order = self.ws, self.order.currentData()
        search = self.search.text().strip() or None
        include_left = self.include_left.isChecked()

        def work():
            members = ws.members.list(order=order, search=search, include_left=include_left)
            groups = [g.name for g in ws.organization.groups()]
            return members, groups, ws.members.count()

        self._loading += 1
        self.ctx.tasks.run(work, on_done=self._loaded, on_error=self._load_failed, owner=self,
                           label="正在读取党员名单…")

    def _load_failed(self, _exc: BaseException) -> bool:
        self._loading -= 1
        return False

    def _loaded(self, result) -> None:
        self._loading -= 1
        members, self.groups, total = result
        keep = self._selected_id
        self.model.set_members(members)
        if self._resort:
            self.table.sortByColumn(0, Qt.AscendingOrder)  # back to the service's name order
            self._resort = False
        self.loaded = True
        full = sum(1 for m in members if m.active and m.status_label == "正式党员")
        probation = sum(1 for m in members if m.active and m.status_label == "预备党员")
        shown = f"显示 {len(members)} 人" if self.search.text().strip() else f"共 {len(members)} 人"
        self.count_label.setText(f"{shown}（正式党员 {full}，预备党员 {probation}）")
        if not members:
            self.empty_hint.setText("没有找到符合条件的党员。" if self.search.text().strip() else
                                    "还没有党员信息。点击“新增党员”逐个录入，或“从 Excel 导入”批量导入花名册。")
        self.empty_hint.setVisible(not members)
        if keep is not None and self.select_member(keep):
            return
        self._selected_id = None
        self.events.show_member(None)
        self._update_buttons()

    def _order_changed(self) -> None:
        self._resort = True  # a header sort the user clicked gives way to the chosen name order
        self.reload()

    def go_to_member(self, member_id: int) -> None:
        """Select a member (used by the 首页's alerts): now, after the load under way, or after reading the roster
        again (the member may be filtered out or have left)."""
        if self.select_member(member_id):
            return
        if self._loading:
            self._selected_id = member_id
        else:
            self.reload(select_id=member_id)

    def select_member(self, member_id: int) -> bool:
        row = self.model.row_of(member_id)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        return True

    def selected_member(self):
        index = self.table.currentIndex()
        return self.proxy.member_at(index.row()) if index.isValid() else None

    def _selection_changed(self) -> None:
        member = self.selected_member()
        self._selected_id = member.id if member else None
        self._update_buttons()
        if member is None:
            self.events.show_member(None)
            return
        ws = self.ws
        self.events.show_member(member, [])
        self.ctx.tasks.run(ws.members.events, member.id, owner=self, label="正在读取组织关系变动…",
                           on_done=lambda events: self._events_loaded(member, events))

    def _events_loaded(self, member, events) -> None:
        if self._selected_id == member.id:
            self.events.show_member(member, events)

    def _update_buttons(self) -> None:
        self.edit_button.setEnabled(self.selected_member() is not None)

    # ---- add / edit -------------------------------------------------------------------------
    def add_member(self) -> MemberDialog:
        return self._open_member_dialog(None)

    def edit_selected(self) -> MemberDialog | None:
        member = self.selected_member()
        return self._open_member_dialog(member) if member else None

    def _open_member_dialog(self, member, draft: dict | None = None) -> MemberDialog:
        dlg = MemberDialog(member, self.groups, self)
        if draft:
            dlg.load_draft(draft)
        dlg.submitted.connect(lambda data, transfer_in_on: self._save(dlg, data, transfer_in_on))
        dlg.finished.connect(lambda _r: self._dialogs.remove(dlg) if dlg in self._dialogs else None)
        self._dialogs.append(dlg)
        self.member_dialog = dlg
        dlg.open()
        return dlg

    def _save(self, dlg: MemberDialog, data, transfer_in_on) -> None:
        member_id = dlg.member.id if dlg.member else None

        def done(result) -> None:
            dlg.accept()
            warnings = getattr(result, "warnings", ())
            if warnings:  # saved all the same; a name this PC cannot print is told now, not at print time
                self._inform(f"已保存：{result.name}。\n\n" + "\n".join(warnings))
            else:
                self._notify(f"已保存：{result.name}")
            self._selected_id = result.id  # selected when the page refreshes from ctx.changed (self.watch)

        def failed(exc: BaseException) -> bool:
            if isinstance(exc, ValidationError):
                dlg.show_errors(getattr(exc, "errors", [exc]))
                return True
            dlg.set_busy(False)
            return False

        self.ctx.tasks.run(save_member, self.ws, member_id, data, transfer_in_on, on_done=done, on_error=failed,
                           owner=self, label="正在保存党员信息…")

    # ---- events -----------------------------------------------------------------------------
    def record_event(self) -> EventDialog | None:
        member = self.selected_member()
        if member is None:
            return None
        dlg = EventDialog(member.name, self)
        ws = self.ws

        def submitted(kind, on, note) -> None:
            def done(_event) -> None:
                dlg.accept()
                self._notify(f"已记录：{member.name} {kind.label}")
                self._selected_id = member.id  # refreshed from ctx.changed (self.watch)

            def failed(exc: BaseException) -> bool:
                dlg.show_failure(str(exc) if isinstance(exc, ValidationError) else "保存失败。")
                return isinstance(exc, ValidationError)

            self.ctx.tasks.run(ws.members.record_event, member.id, kind, on, note, on_done=done, on_error=failed,
                               owner=self, label="正在记录组织关系变动…")

        dlg.submitted.connect(submitted)
        self.event_dialog = dlg
        dlg.open()
        return dlg

    # ---- Excel ------------------------------------------------------------------------------
    def import_excel(self, path: str | None = None) -> None:
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, "选择花名册 Excel 文件", _documents_dir(),
                                                  "Excel 工作簿 (*.xlsx)")
        if not path:
            return
        ws = self.ws
        self.ctx.tasks.run(ws.members.preview_xlsx, Path(path), owner=self, label="正在读取花名册…",
                           on_done=lambda preview: self._show_preview(preview, Path(path)))

    def _show_preview(self, preview, path: Path) -> ImportPreviewDialog:
        dlg = ImportPreviewDialog(preview, path, self)
        ws = self.ws

        def do_import() -> None:
            def done(result) -> None:
                dlg.accept()
                created = getattr(result, "groups_created", ())
                extra = f"，新建党小组：{'、'.join(created)}" if created else ""
                warnings = "".join(f"\n\n{w}" for w in getattr(result, "warnings", ()))
                self._inform(f"已导入 {result.imported} 名党员{extra}。{warnings}")  # refreshed by self.watch

            def failed(exc: BaseException) -> bool:
                if isinstance(exc, ImportRejected):
                    dlg.show_problems(list(exc.problems), message=str(exc))
                    return True
                dlg.set_busy(False)
                return False

            self.ctx.tasks.run(ws.members.import_xlsx, path, on_done=done, on_error=failed, owner=self,
                               label="正在导入花名册…")

        dlg.import_requested.connect(do_import)
        self.import_dialog = dlg
        dlg.open()
        return dlg

    def export_excel(self, path: str | None = None, full_id: bool | None = None) -> None:
        if full_id is None:
            answer = QMessageBox.question(
                self, "导出花名册",
                "导出的花名册中是否包含完整的身份证号？\n\n"
                "选“否”（推荐）时，身份证号中间部分以 * 号隐藏。只有确需报送完整号码时才选“是”，并妥善保管导出的文件。",
                QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
            full_id = answer == QMessageBox.Yes
        if path is None:
            default = Path(_documents_dir()) / f"党员花名册-{date.today():%Y%m%d}.xlsx"
            path, _ = QFileDialog.getSaveFileName(self, "导出花名册", str(default), "Excel 工作簿 (*.xlsx)")
        if not path:
            return
        ws = self.ws
        order = self.order.currentData()
        self.ctx.tasks.run(lambda: ws.members.export_xlsx(Path(path), full_id=full_id, order=order), owner=self,
                           label="正在导出花名册…",
                           on_done=lambda result: self._inform(f"花名册已导出到：\n{result or path}"))

    # ---- page hooks (see ui.pages) ----------------------------------------------------------
    def on_activated(self) -> None:
        self.watch.activated()

    def on_locked(self) -> None:
        self._search_timer.stop()
        self.model.set_members([])
        self.events.show_member(None)

    def collect_drafts(self) -> list[dict]:
        drafts = []
        for dlg in list(self._dialogs):
            if dlg.isVisible():
                d = dlg.draft()
                d["member"] = dlg.member
                drafts.append(d)
        return drafts

    def restore_drafts(self, drafts: list[dict]) -> None:
        for d in drafts:
            self._open_member_dialog(d.get("member"), d)


def _documents_dir() -> str:
    return QStandardPaths.writableLocation(QStandardPaths.DocumentsLocation) or str(Path.home())
