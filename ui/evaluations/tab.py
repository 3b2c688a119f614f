"""民主评议 workspace: choose or start a yearly round and fill its grid. The round's life — autosaved draft,
定稿 with confirmation, 更正 / 补充说明 / 作废 with history — is :class:`ui.records.lifecycle.RecordLifecycle`'s,
the same as a meeting record's; this tab is its form (one round at a time)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from datetime import date

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QPushButton,
                               QSpinBox, QTabWidget, QVBoxLayout, QWidget)

from desktop.errors import ValidationError
from ui.evaluations.data import create_round, load_round, save_round
from ui.evaluations.round_editor import RoundEditor
from ui.pages import ChangeWatch, PageContext
from ui.records.host import LifecycleHost
from ui.records.kind import RecordKind
from ui.records.lifecycle import RecordLifecycle
from ui.widgets.date_edit import DateEdit

if TYPE_CHECKING:  # pragma: no cover
    from desktop.workspace import Workspace

EVALUATION = RecordKind("evaluation", "evaluations", "民主评议记录", "evaluation", load_round, save_round,
                        export_tip="预览、打印或导出测评表、结果汇总表、党性分析材料",
                        fixed_note="评议年度不能更正。")


class NewRoundDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("新建年度民主评议")
        form = QFormLayout(self)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(date.today().year)
        self.held_on = DateEdit()
        self.held_on.setValue(date.today())
        form.addRow("评议年度：", self.year)
        form.addRow("评议日期：", self.held_on)
        form.addRow(QLabel("参评党员为评议日期当天的党员名册。"))
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText("新建")
        buttons.button(QDialogButtonBox.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class EvaluationsTab(LifecycleHost, QWidget):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.loaded = False
        self._opening: int | None = None  # a round being loaded
        self.life = RecordLifecycle(ctx, self, EVALUATION)
        self.adopt_chrome()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 8)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("评议轮次："))
        self.rounds = QComboBox()
        self.rounds.setMinimumWidth(220)
        self.rounds.activated.connect(lambda i: self.open_round(self.rounds.itemData(i)))
        bar.addWidget(self.rounds)
        self.new_button = QPushButton("新建年度评议…")
        self.new_button.clicked.connect(lambda: self.new_round())
        self.life.chrome.place_header(bar)
        bar.addWidget(self.new_button)
        layout.addLayout(bar)
        layout.addWidget(self.banner)
        self.empty = QLabel("还没有民主评议记录。点击“新建年度评议”，参评名单按评议当天的党员名册生成。")
        self.empty.setObjectName("hint")
        layout.addWidget(self.empty)
        self.editor = RoundEditor()
        self.editor.changed.connect(self.life.changed)
        self.editor.cap_edited.connect(self._cap_edited)
        layout.addWidget(self.editor, 1)
        layout.addLayout(self.life.chrome.row)
        self.export_button = self.buttons["export"]
        self.export_button.clicked.disconnect()
        self.export_button.clicked.connect(self.print_export)
        self.watch = ChangeWatch(self, ctx, ("evaluations", "members"), lambda: self.reload(open_=False))
        self._set_visible(False)

    @property
    def ws(self) -> "Workspace":
        return self.ctx.ws

    @property
    def round_id(self) -> int | None:
        return self.life.record_id

    def _set_visible(self, has_round: bool) -> None:
        self.editor.setVisible(has_round)
        self.empty.setVisible(not has_round)
        if not has_round:
            self.life.chrome.hide_buttons()

    # ---- loading ----------------------------------------------------------------------------
    def on_activated(self) -> None:
        self.watch.activated()

    def reload(self, select: int | None = None, then=None, open_: bool = True) -> None:
        """The list of rounds; opens ``select`` (else the round shown, else the newest) unless ``open_`` is False
        and the round shown is still there (a change elsewhere only refreshes the labels)."""
        def done(rounds) -> None:
            self.loaded = True
            self.rounds.clear()
            for r in reversed(rounds):
                flags = "，补录" if r.late_entry else ""
                self.rounds.addItem(f"{r.year}年度（{r.status.label}{flags}）", r.id)
            self._set_visible(bool(rounds))
            target = next((t for t in (select, self._opening, self.round_id) if t is not None), None)
            i = self.rounds.findData(target) if target is not None else 0
            self.rounds.setCurrentIndex(max(i, 0))
            if rounds and (open_ or i < 0 or (self.round_id is None and self._opening is None)):
                self.open_round(self.rounds.currentData(), then)

        self.ctx.tasks.run(self.ws.evaluations.list, owner=self, on_done=done, label="正在读取民主评议…")

    def open_round(self, round_id: int, then=None) -> None:
        if self.dirty and self.mode == "draft" and round_id != self.round_id:
            self.save_now()

        def done(data) -> None:
            self._opening = None
            self.life.show(data)
            if then:
                then()

        self._opening = round_id
        self.ctx.tasks.run(load_round, self.ws, round_id, owner=self, on_done=done, label="正在读取民主评议…")

    # ---- the form of the lifecycle (ui.records.kind.RecordForm) --------------------------------------
    def value(self):
        return self.editor.value(self.data.input.meeting_id if self.data else None)

    def show_record(self, data) -> None:
        self.editor.load(data.view, data.input, data.history)

    def load_input(self, data) -> None:
        self.editor.load(self.view, data, self.data.history if self.data else [])

    def apply_mode(self, mode: str) -> None:
        self.editor.set_editable(mode in ("draft", "correct"), cap_editable=mode == "draft")
        self.editor.tabs.setTabVisible(1, mode != "draft")

    def show_saved(self, view, first: bool, current: bool) -> None:
        self.editor.merge_members(view)
        self.editor.show_findings(view.findings)

    def show_refusal(self, findings) -> None:
        self.editor.show_findings(findings)

    def record_title(self) -> str:
        return f"{self.editor.year}年度民主评议"

    def record_deleted(self) -> None:
        """The list refreshes from ctx.changed (self.watch) and opens the next round, the deleted one being gone."""

    def show_history(self) -> None:
        self.editor.tabs.setCurrentIndex(1)

    def form_tabs(self) -> QTabWidget:
        return self.editor.tabs

    # ---- the round's own settings -----------------------------------------------------------
    def _cap_edited(self, cap: str) -> None:
        if self.mode != "draft" or not cap or (self.view and cap == self.view.record.excellent_cap):
            return

        def failed(exc: BaseException) -> bool:
            self.show_banner(str(exc), error=True)
            return isinstance(exc, ValidationError)

        self.ctx.tasks.run(self.ws.evaluations.set_excellent_cap, cap, owner=self, on_error=failed,
                           label="正在保存优秀比例上限…", on_done=lambda _r: (self.show_banner(""), self.save_now()))

    def new_round(self, year: int | None = None, held_on: date | None = None) -> NewRoundDialog | None:
        if year is None:
            dlg = NewRoundDialog(self)
            dlg.accepted.connect(lambda: self.new_round(dlg.year.value(), dlg.held_on.value()))
            self.new_dialog = dlg
            dlg.open()
            return dlg
        self.ctx.tasks.run(create_round, self.ws, year, held_on, owner=self, label="正在新建民主评议…",
                           on_done=self.open_round)  # the list of rounds refreshes from ctx.changed (self.watch)
        return None

    # ---- page hooks -------------------------------------------------------------------------
    def on_locked(self) -> None:
        self.life.autosave_timer.stop()
        self.editor.model.set_rows([])

    def collect_drafts(self) -> list[dict]:
        """The round being worked on (shown, or edited since it was opened) comes back after the unlock; its
        unsaved edits go into the encrypted book first. Whether the autosave ran before the lock changes nothing."""
        if self.round_id is None or self.mode not in ("draft", "correct"):
            return []
        if not (self.life.touched or self.isVisible()):
            return []
        return [self.life.draft_for_lock()]

    def restore_draft(self, item: dict) -> None:
        self.reload(select=item["id"], then=lambda: self.life.restore(item))

    # ---- 打印/导出 (hook; the dialog belongs to ui.documents) ---------------------------------------
    def print_export(self) -> None:
        """The round's 打印/导出 dialog (a draft is saved first); without a round, blank ballots on the 文档 page."""
        from ui.documents.export_dialog import show_documents_page

        if self.round_id is None:
            show_documents_page(self, "ballot")
        else:
            self.life.print_export()
