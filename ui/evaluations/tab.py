"""民主评议 workspace: choose or start a yearly round, fill the grid (autosaved draft), 定稿 with confirmation,
then 更正 / 补充说明 / 作废 with history — the same life as a meeting record."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QMessageBox,
                               QPushButton, QSpinBox, QVBoxLayout, QWidget)

from desktop.domain.meeting_enums import RecordStatus
from desktop.errors import ValidationError, ZhibuError
from ui.evaluations.data import create_round, load_round, save_round
from ui.evaluations.round_editor import RoundEditor
from ui.meetings.lifecycle_dialogs import AmendmentDialog, confirm_finalize
from ui.widgets.date_edit import DateEdit
from ui.widgets.shortcuts import add_shortcut

AUTOSAVE_MS = 2000
CHIPS = {"draft": ("草稿", "#8a5a00"), "final": ("已定稿", "#1e6b34"), "void": ("已作废", "#7a7a7a"),
         "correct": ("更正中", "#a4262c")}


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


class EvaluationsTab(QWidget):
    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.loaded = False
        self.round_id: int | None = None
        self.view = None
        self.data = None
        self.mode = "draft"
        self.dirty = self._saving = self._loading = False
        self._after_save: list = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 8)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("评议轮次："))
        self.rounds = QComboBox()
        self.rounds.setMinimumWidth(220)
        self.rounds.activated.connect(lambda i: self.open_round(self.rounds.itemData(i)))
        bar.addWidget(self.rounds)
        self.chip = QLabel()
        bar.addWidget(self.chip)
        bar.addStretch(1)
        self.save_state = QLabel()
        self.save_state.setObjectName("hint")
        bar.addWidget(self.save_state)
        self.new_button = QPushButton("新建年度评议…")
        self.new_button.clicked.connect(lambda: self.new_round())
        bar.addWidget(self.new_button)
        layout.addLayout(bar)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.hide()
        layout.addWidget(self.banner)
        self.empty = QLabel("还没有民主评议记录。点击“新建年度评议”，参评名单按评议当天的党员名册生成。")
        self.empty.setObjectName("hint")
        layout.addWidget(self.empty)
        self.editor = RoundEditor()
        self.editor.changed.connect(self._changed)
        self.editor.cap_edited.connect(self._cap_edited)
        layout.addWidget(self.editor, 1)
        row = QHBoxLayout()
        self.buttons = {}
        for key, text in (("delete", "删除草稿…"), ("cancel_correct", "放弃更正"), ("stretch", ""),
                          ("void", "作废…"), ("supplement", "补充说明…"), ("correct", "更正…"), ("save", "保存草稿"),
                          ("finalize", "定稿…"), ("submit_correct", "提交更正…")):
            if key == "stretch":
                row.addStretch(1)
                continue
            b = QPushButton(text)
            if key in ("finalize", "submit_correct"):
                b.setObjectName("primary")
            self.buttons[key] = b
            row.addWidget(b)
        layout.addLayout(row)
        actions = {"delete": lambda: self.delete_draft(), "cancel_correct": lambda: self._show(self.data),
                   "void": lambda: self.void(), "supplement": lambda: self.supplement(),
                   "correct": lambda: self.start_correction(), "save": lambda: self.save_now(),
                   "finalize": lambda: self.finalize(), "submit_correct": lambda: self.submit_correction()}
        for key, fn in actions.items():
            self.buttons[key].clicked.connect(fn)
        self.export_button = QPushButton("打印/导出…")  # hook: the dialog is ui.documents'
        self.export_button.setToolTip("预览、打印或导出测评表、结果汇总表、党性分析材料")
        self.export_button.clicked.connect(self.print_export)
        row.insertWidget(2, self.export_button)
        for key, keys in (("save", "Ctrl+S"), ("finalize", "Ctrl+Return"), ("submit_correct", "Ctrl+Return")):
            add_shortcut(self.buttons[key], keys)
        add_shortcut(self.export_button, "Ctrl+P")
        self.autosave_timer = QTimer(self, singleShot=True, interval=AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(lambda: self.dirty and self.save_now())
        self._set_visible(False)

    @property
    def ws(self):
        return self.ctx.ws

    def _set_visible(self, has_round: bool) -> None:
        self.editor.setVisible(has_round)
        self.empty.setVisible(not has_round)
        if not has_round:
            for b in self.buttons.values():
                b.hide()

    # ---- loading ----------------------------------------------------------------------------
    def on_activated(self) -> None:
        if not self.loaded:
            self.reload()

    def reload(self, select: int | None = None, then=None) -> None:
        def done(rounds) -> None:
            self.loaded = True
            self.rounds.clear()
            for r in reversed(rounds):
                flags = "，补录" if r.late_entry else ""
                self.rounds.addItem(f"{r.year}年度（{r.status.label}{flags}）", r.id)
            self._set_visible(bool(rounds))
            target = select if select is not None else self.round_id
            i = self.rounds.findData(target) if target is not None else 0
            if rounds:
                self.rounds.setCurrentIndex(max(i, 0))
                self.open_round(self.rounds.currentData(), then)

        self.ctx.tasks.run(self.ws.evaluations.list, owner=self, on_done=done, label="正在读取民主评议…")

    def open_round(self, round_id: int, then=None) -> None:
        if self.dirty and self.mode == "draft" and round_id != self.round_id:
            self.save_now()

        def done(data) -> None:
            self._show(data)
            if then:
                then()

        self.ctx.tasks.run(load_round, self.ws, round_id, owner=self, on_done=done, label="正在读取民主评议…")

    def _show(self, data) -> None:
        self.data, self.view, self.round_id = data, data.view, data.view.id
        self.editor.load(data.view, data.input, data.history)
        self.set_mode({RecordStatus.DRAFT: "draft", RecordStatus.FINAL: "final",
                       RecordStatus.VOID: "void"}[data.view.status])
        self.dirty = False

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        self.editor.set_editable(mode in ("draft", "correct"), cap_editable=mode == "draft")
        shown = {"draft": ("delete", "save", "finalize"), "final": ("void", "supplement", "correct"), "void": (),
                 "correct": ("cancel_correct", "submit_correct")}[mode]
        for key, b in self.buttons.items():
            b.setVisible(key in shown)
        self.editor.tabs.setTabVisible(1, mode != "draft")
        text, color = CHIPS[mode]
        if self.view is not None and self.view.late_entry:
            text += "　补录"
        self.chip.setText(text)
        self.chip.setStyleSheet(f"color: {color}; border: 1px solid {color}; border-radius: 3px; padding: 1px 6px;")
        self.show_banner({"final": "已定稿，不能直接修改；如有错误请“更正”或“补充说明”，历史中可查每个版本。",
                          "void": "本次评议已作废，仍保留在纪实链中。",
                          "correct": "正在更正：修改后点击“提交更正”并填写原因；评议年度不能更正。"}.get(mode, ""))
        self.save_state.clear()

    def show_banner(self, text: str, error: bool = False) -> None:
        self.banner.setText(text)
        self.banner.setStyleSheet(("color: #b3261e; background: #fbeaea;" if error else
                                   "color: #3d3d3d; background: #eef3f8;") + " padding: 6px 10px; border-radius: 3px;")
        self.banner.setVisible(bool(text))

    # ---- drafts -----------------------------------------------------------------------------
    def _changed(self) -> None:
        if self.mode not in ("draft", "correct"):
            return
        self.dirty = True
        if self.mode == "draft":
            self.autosave_timer.start()
            self.save_state.setText("有未保存的修改，稍后自动保存")

    def save_now(self, then=None) -> None:
        if self.mode != "draft" or self.round_id is None:
            return
        if then:
            self._after_save.append(then)
        if self._saving:
            return
        self.autosave_timer.stop()
        self._saving, self.dirty = True, False
        self.save_state.setText("正在保存草稿…")
        self.ctx.tasks.run(save_round, self.ws, self.round_id, self.editor.value(self._meeting_id()), owner=self,
                           on_done=self._saved, on_error=self._save_failed, label="正在保存民主评议…")

    def _meeting_id(self):
        return self.data.input.meeting_id if self.data else None

    def _saved(self, view) -> None:
        self._saving = False
        self.view = view
        self.editor.merge_members(view)
        self.editor.show_findings(view.findings)
        self.save_state.setText("草稿已保存，内容加密保存在支部纪实本中")
        then, self._after_save = self._after_save, []
        if self.dirty:
            self.save_now()
            self._after_save = then + self._after_save
            return
        for fn in then:
            fn()

    def _save_failed(self, exc: BaseException) -> bool:
        self._saving, self.dirty, self._after_save = False, True, []
        self.save_state.setText("草稿未能保存")
        if isinstance(exc, ZhibuError):
            self.show_banner(f"草稿未能保存：{exc}", error=True)
            return True
        return False

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
                           on_done=lambda rid: self.reload(select=rid))
        return None

    def delete_draft(self, confirmed: bool = False) -> None:
        if self.mode != "draft" or (not confirmed and QMessageBox.question(
                self, "删除草稿", "删除这次民主评议的草稿吗？删除后不能恢复。",
                QMessageBox.Yes | QMessageBox.No, QMessageBox.No) != QMessageBox.Yes):
            return
        self.autosave_timer.stop()
        self.dirty = False
        rid, self.round_id = self.round_id, None
        self.ctx.tasks.run(self.ws.evaluations.delete_draft, rid, owner=self, on_done=lambda _r: self.reload(),
                           label="正在删除草稿…")

    # ---- 定稿, 更正, 补充说明, 作废 ----------------------------------------------------------------
    def finalize(self) -> None:
        if self.mode != "draft":
            return
        if self.dirty or self._saving:
            self.save_now(then=self.finalize)
            return
        title = f"{self.editor.year}年度民主评议"
        self.confirm_box = confirm_finalize(self, title, self._do_finalize, "民主评议记录")

    def _do_finalize(self) -> None:
        def failed(exc: BaseException) -> bool:
            if getattr(exc, "findings", None):
                self.editor.show_findings(exc.findings)
            self.show_banner(str(exc), error=True)
            return isinstance(exc, ZhibuError)

        self.ctx.tasks.run(self.ws.evaluations.finalize, self.round_id, owner=self, on_error=failed,
                           label="正在定稿…", on_done=lambda _v: self.reload(select=self.round_id))

    def start_correction(self) -> None:
        if self.mode == "final":
            self.set_mode("correct")

    def _amendment(self, kind: str, run) -> AmendmentDialog:
        dlg = AmendmentDialog(kind, f"{self.editor.year}年度民主评议", self)
        rid = self.round_id

        def submitted(reason: str, note: str) -> None:
            def failed(exc: BaseException) -> bool:
                dlg.show_failure(str(exc) if isinstance(exc, ZhibuError) else "操作没有完成。")
                return isinstance(exc, ZhibuError)

            def done(_v) -> None:
                dlg.accept()
                self.reload(select=rid, then=lambda: self.editor.tabs.setCurrentIndex(1))

            self.ctx.tasks.run(run, reason, note, owner=self, on_done=done, on_error=failed, label="正在写入纪实…")

        dlg.submitted.connect(submitted)
        self.amendment_dialog = dlg
        dlg.open()
        return dlg

    def submit_correction(self) -> AmendmentDialog | None:
        if self.mode != "correct":
            return None
        data, rid, service = self.editor.value(self._meeting_id()), self.round_id, self.ws.evaluations
        return self._amendment("correction", lambda reason, note: service.amend(rid, data, reason=reason, note=note))

    def supplement(self) -> AmendmentDialog | None:
        rid, service = self.round_id, self.ws.evaluations
        return self._amendment("supplement", lambda reason, note: service.amend(rid, None, reason=reason, note=note))

    def void(self) -> AmendmentDialog | None:
        rid, service = self.round_id, self.ws.evaluations
        return self._amendment("void", lambda reason, _note: service.void(rid, reason))

    # ---- page hooks -------------------------------------------------------------------------
    def on_locked(self) -> None:
        self.autosave_timer.stop()
        self.editor.model.set_rows([])

    def collect_drafts(self) -> list[dict]:
        """An unsaved draft goes into the encrypted book before the lock closes it."""
        if self.round_id is None or self.mode != "draft" or not (self.dirty or self._saving):
            return []
        self.autosave_timer.stop()
        self.ctx.tasks.run(save_round, self.ws, self.round_id, self.editor.value(self._meeting_id()),
                           on_error=lambda _e: True, label="正在保存民主评议…")
        return [{"kind": "evaluation", "id": self.round_id, "input": None}]

    def restore_draft(self, item: dict) -> None:
        self.reload(select=item["id"],
                    then=lambda: self.show_banner("已恢复锁定前正在编辑的评议（草稿已加密保存在支部纪实本中）。"))

    # ---- 打印/导出 (hook; the dialog belongs to ui.documents) ---------------------------------------
    def print_export(self) -> None:
        """The round's 打印/导出 dialog (a draft is saved first); without a round, blank ballots on the 文档 page."""
        from ui.documents.export_dialog import open_export_dialog, show_documents_page

        def go() -> None:
            if self.round_id is not None:
                self.export_dialog = open_export_dialog(self.ctx, self, "evaluation", self.round_id)

        if self.round_id is None:
            show_documents_page(self, "ballot")
        elif self.mode == "draft" and (self.dirty or self._saving):
            self.save_now(then=go)
        else:
            go()
