"""One controller for the life of a chained record on screen, as ``desktop/services/chained_records.py`` is one
lifecycle in the core: autosaved drafts, 定稿 with its confirmation, 更正 / 补充说明 / 作废, deleting a draft,
打印/导出, the history, and keeping the work over a lock (``draft_for_lock`` / ``restore``).

A record kind supplies a :class:`RecordKind` (its service and texts) and a form — the host widget — with the
methods of :class:`RecordForm`. Every call to the workspace goes through ``ctx.tasks``, which announces the
:class:`desktop.changes.Changes` the service declares, so the pages showing that kind of data refresh themselves.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from desktop.changes import NOTHING, Changes, changes_of
from desktop.domain.meeting_enums import RecordStatus
from desktop.errors import RecordLocked, ValidationError, ZhibuError
from ui.records.lifecycle_dialogs import AmendmentDialog, confirm_finalize
from ui.records.chrome import Chrome
from ui.records.kind import RecordForm, RecordKind  # noqa: F401 - RecordKind for annotations

if TYPE_CHECKING:  # pragma: no cover
    from desktop.workspace import Workspace
    from ui.pages import PageContext

log = logging.getLogger(__name__)

AUTOSAVE_MS = 2000
MODES = {RecordStatus.DRAFT: "draft", RecordStatus.FINAL: "final", RecordStatus.VOID: "void"}
BANNERS = {
    "final": "本记录已定稿，不能直接修改。如有错误，请使用“更正”或“补充说明”：原记录和每次更正都保留在“历史”中。",
    "void": "本记录已作废，仍保留在纪实链中（原因见“历史”）。",
    "correct": "正在更正已定稿的记录：修改需要更正的内容，然后点击“提交更正”并填写原因。",
}
RESTORED = "已恢复锁定前正在编辑的内容"


class RecordLifecycle(QObject):
    """Optional form hooks, called when present: ``record_shown(data)`` after a record is shown,
    ``can_finalize(view) -> bool`` before the confirmation, ``correction_started()``, ``input_restored()``,
    ``record_deleted()`` (default: close the dialog), ``show_history()``, ``export_args() -> tuple``,
    ``form_tabs() -> QTabWidget``."""

    saved = Signal(int)  # a draft was saved, or the record was finalized / amended / voided / deleted

    def __init__(self, ctx: "PageContext", host: QWidget, kind: RecordKind):
        super().__init__(host)
        self.ctx, self.host, self.kind = ctx, host, kind
        self.form: RecordForm = host  # type: ignore[assignment]
        self.chrome = Chrome(isinstance(host, QDialog), kind.export_tip)
        self.record_id: int | None = None
        self._box: dict = {"id": None}  # set on the worker by each save, so queued saves never create twice
        self.view = self.data = None
        self.mode = "draft"
        self.dirty = self.saving = self.touched = False
        self.for_lock = False
        self._save_pending = False
        self._save_error = ""
        self._after_save: list[Callable[[], None]] = []
        self.confirm_box = self.amendment_dialog = self.export_dialog = None
        self.autosave_timer = QTimer(self, singleShot=True, interval=AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self.autosave)
        b = self.chrome.buttons
        for key, fn in (("delete", self.delete_draft), ("cancel_correct", self.cancel_correction),
                        ("export", self.print_export), ("void", self.void), ("supplement", self.supplement),
                        ("correct", self.start_correction), ("save", self.save_now), ("finalize", self.finalize),
                        ("submit_correct", self.submit_correction), ("close", self.close)):
            if key in b:
                b[key].clicked.connect(lambda _c=False, fn=fn: fn())

    @property
    def ws(self) -> "Workspace":
        return self.ctx.ws

    @property
    def service(self):
        return getattr(self.ws, self.kind.service)

    def _hook(self, name: str, *args, default=None):
        fn = getattr(self.form, name, None)
        return fn(*args) if fn is not None else default

    def _run(self, fn, *args, changes: Changes | None = None, **kwargs):
        """``changes``: what ``fn`` changes when it is not a service method declaring it itself."""
        return self.ctx.tasks.run(fn, *args, owner=self.host, changes=changes, **kwargs)

    # ---- showing a record ---------------------------------------------------------------------
    def show(self, data) -> None:
        """Show a record loaded by ``kind.load``."""
        view = data.view
        if view.id != self.record_id:
            self._box = {"id": view.id}
        self.data, self.view, self.record_id = data, view, view.id
        self.mode = MODES[view.status]
        self.form.show_record(data)
        self.set_mode(self.mode)
        self.dirty = self.touched = False
        self._hook("record_shown", data)

    def reload(self, then: Callable[[], None] | None = None) -> None:
        def done(data) -> None:
            self.show(data)
            if then:
                then()

        self._run(self.kind.load, self.ws, self.record_id, on_done=done, label=f"正在读取{self.kind.what}…",
                  changes=NOTHING)

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        self.form.apply_mode(mode)
        flags, view = [], self.view
        if view is not None and getattr(view, "late_entry", False):
            flags.append("补录")
        if view is not None and getattr(view, "clock_anomaly", False):
            flags.append("时钟异常")
        if view is not None and any(a.kind.value == "correction" for a in getattr(view, "amendments", ())):
            flags.append("有更正")
        self.chrome.show_mode(mode, flags, self.record_id is not None)
        banner = BANNERS.get(mode, "")
        self.chrome.show_banner(banner + self.kind.fixed_note if mode == "correct" else banner)
        if mode != "draft":
            self.chrome.save_state.clear()

    def show_banner(self, text: str, error: bool = False) -> None:
        self.chrome.show_banner(text, error)

    # ---- edits and drafts ---------------------------------------------------------------------
    def changed(self) -> bool:
        """The form was edited; False when that is not an edit (a locked record)."""
        if self.mode not in ("draft", "correct"):
            return False
        self.dirty = self.touched = True
        if self.mode == "draft":
            self.autosave_timer.start()
            self.chrome.save_state.setText("有未保存的修改，稍后自动保存")
        return True

    def autosave(self) -> None:
        if self.mode == "draft" and self.dirty:
            self.save_now()

    def _save_task(self, data, on_done=None, on_error=None):
        ws, box, save = self.ws, self._box, self.kind.save

        def work():
            view = save(ws, box["id"], data)
            box["id"] = view.id
            return view

        return self._run(work, changes=changes_of(self.service.save_draft), on_done=on_done, on_error=on_error,
                         label="正在保存草稿…")

    def save_now(self, then: Callable[[], None] | None = None) -> None:
        if self.mode != "draft":
            return
        if then is not None:
            self._after_save.append(then)
        if self.saving:
            self._save_pending = True
            return
        self.autosave_timer.stop()
        self.saving, self._save_pending, self.dirty, self._save_error = True, False, False, ""
        self.chrome.save_state.setText("正在保存草稿…")
        self._save_task(self.form.value(), on_done=self._saved, on_error=self._save_failed)

    def _saved(self, view) -> None:
        self.saving = False
        if self.record_id is not None and view.id != self.record_id:
            return  # a save of the record shown before (the 民主评议 tab shows one round at a time)
        first = self.record_id is None
        self.view, self.record_id = view, view.id
        self.chrome.save_state.setText(f"草稿已保存（{datetime.now():%H:%M:%S}），内容加密保存在支部纪实本中")
        self.chrome.save_state.setStyleSheet("")
        self.chrome.buttons["delete"].setEnabled(True)
        self.form.show_saved(view, first, not self.dirty)
        self.saved.emit(view.id)
        then, self._after_save = self._after_save, []
        if self._save_pending or self.dirty:
            self.save_now()
            self._after_save = then + self._after_save
            return
        for fn in then:
            fn()

    def _save_failed(self, exc: BaseException) -> bool:
        self.saving, self.dirty, self._save_error = False, True, str(exc)
        self._after_save = []
        if not isinstance(exc, ZhibuError):
            self.chrome.save_state.setText("草稿未能保存")
            return False
        self.chrome.save_state.setText("草稿未能保存，请查看上方提示")
        self.chrome.save_state.setStyleSheet("color: #b3261e;")
        self.show_banner(f"草稿未能保存：{exc}", error=True)
        return True

    def delete_draft(self, confirmed: bool = False) -> None:
        if self.mode != "draft" or self.record_id is None:
            return
        if not confirmed and QMessageBox.question(
                self.host, "删除草稿", f"删除这份{self.kind.what}草稿吗？删除后不能恢复。",
                QMessageBox.Yes | QMessageBox.No, QMessageBox.No) != QMessageBox.Yes:
            return
        rid = self.record_id
        self.autosave_timer.stop()
        self.dirty = False

        def done(_r) -> None:
            self.record_id, self.view, self.data = None, None, None
            self.saved.emit(rid)
            if hasattr(self.form, "record_deleted"):
                self.form.record_deleted()
            elif isinstance(self.host, QDialog):
                QDialog.reject(self.host)

        self._run(self.service.delete_draft, rid, on_done=done, label="正在删除草稿…")

    # ---- 定稿 -------------------------------------------------------------------------------
    def finalize(self) -> None:
        if self.mode != "draft":
            return
        if self.dirty or self.saving or self.record_id is None:
            self.save_now(then=self.finalize)
            return
        if self.view is not None and not self._hook("can_finalize", self.view, default=True):
            self.show_banner("还有问题需要处理，处理后才能定稿（见列出的问题，标红的页签中有问题）。", error=True)
            return
        self.confirm_box = confirm_finalize(self.host, self.form.record_title(), self._do_finalize, self.kind.what)

    def _do_finalize(self) -> None:
        rid = self.record_id

        def failed(exc: BaseException) -> bool:
            if not isinstance(exc, ZhibuError):
                return False
            findings = getattr(exc, "findings", None)
            if findings:
                self.form.show_refusal(findings)
            self.show_banner(str(exc), error=True)
            return True

        self._run(self.service.finalize, rid, on_error=failed, label="正在定稿…",
                  on_done=lambda _v: self.reload(then=lambda: self.saved.emit(rid)))

    # ---- 更正 / 补充说明 / 作废 -----------------------------------------------------------------
    def start_correction(self) -> None:
        if self.mode != "final":
            return
        self.set_mode("correct")
        self.dirty = False
        self._hook("correction_started")

    def cancel_correction(self) -> None:
        if self.mode == "correct" and self.data is not None:
            self.show(self.data)

    def _amendment(self, kind: str, run) -> AmendmentDialog:
        dlg = AmendmentDialog(kind, self.form.record_title(), self.host)
        rid = self.record_id

        def submitted(reason: str, note: str) -> None:
            def failed(exc: BaseException) -> bool:
                if isinstance(exc, (ValidationError, RecordLocked)):
                    findings = getattr(exc, "findings", None)
                    if findings:
                        self.form.show_refusal(findings)
                    dlg.show_failure(str(exc))
                    return True
                dlg.show_failure("操作没有完成。")
                return False

            def done(_v) -> None:
                dlg.accept()
                self.reload(then=lambda: (self._hook("show_history"), self.saved.emit(rid)))

            self._run(run, reason, note, changes=changes_of(self.service.amend), on_done=done, on_error=failed,
                      label="正在写入纪实…")

        dlg.submitted.connect(submitted)
        self.amendment_dialog = dlg
        dlg.open()
        return dlg

    def submit_correction(self) -> AmendmentDialog | None:
        if self.mode != "correct":
            return None
        data, rid, service = self.form.value(), self.record_id, self.service
        return self._amendment("correction", lambda reason, note: service.amend(rid, data, reason=reason, note=note))

    def supplement(self) -> AmendmentDialog | None:
        if self.mode != "final":
            return None
        rid, service = self.record_id, self.service
        return self._amendment("supplement", lambda reason, note: service.amend(rid, None, reason=reason, note=note))

    def void(self) -> AmendmentDialog | None:
        if self.mode != "final":
            return None
        rid, service = self.record_id, self.service
        return self._amendment("void", lambda reason, _note: service.void(rid, reason))

    def attachments_changed(self) -> None:
        """A file added to a finalized record is a 补充说明: show it in the history."""
        if self.mode in ("final", "void") and self.record_id is not None:
            rid = self.record_id
            self.reload(then=lambda: self.saved.emit(rid))

    # ---- 打印/导出 (the dialog belongs to ui.documents) ---------------------------------------------
    def print_export(self) -> None:
        """The record's 打印/导出 dialog; a draft is saved first, so the documents show what is on screen."""
        from ui.documents.export_dialog import open_export_dialog

        def go() -> None:
            if self.record_id is not None:
                self.export_dialog = open_export_dialog(self.ctx, self.host, self.kind.document, self.record_id,
                                                        *self._hook("export_args", default=()))

        if self.mode == "draft" and (self.dirty or self.saving or self.record_id is None):
            self.save_now(then=go)
        else:
            go()

    # ---- closing and locking ------------------------------------------------------------------
    def close(self) -> None:
        """关闭 / Esc of a dialog host: a draft is saved first; an unsaved 更正 or a failed save asks."""
        host = self.host
        if self.for_lock:
            QDialog.reject(host)
            return
        failed = self._save_error
        if self.mode == "draft" and (self.dirty or self.saving) and not failed:
            self.save_now(then=lambda: QDialog.reject(host))
            return
        if (self.mode == "correct" or failed) and self.dirty:
            text = (f"草稿未能保存：{failed}\n放弃未保存的修改并关闭吗？" if failed else
                    "更正还没有提交。放弃已做的修改并关闭吗？")
            box = QMessageBox(QMessageBox.Question, "关闭", text, QMessageBox.NoButton, host)
            yes = box.addButton("放弃并关闭", QMessageBox.AcceptRole)
            box.addButton("继续编辑", QMessageBox.RejectRole)
            yes.clicked.connect(lambda: QDialog.reject(host))
            box.setAttribute(Qt.WA_DeleteOnClose)
            self.discard_box = box
            box.open()
            return
        QDialog.reject(host)

    def draft_for_lock(self) -> dict:
        """Before a lock: an unsaved draft is saved into the encrypted book (on the worker, ahead of closing it);
        what cannot be saved there — an uncommitted 更正, a new record with nothing typed, or a save that
        failed — stays in the item, which the session keeps in the book, and comes back on :meth:`restore`."""
        self.for_lock = True
        self.autosave_timer.stop()
        tabs = self._hook("form_tabs")
        item = {"kind": self.kind.key, "id": self.record_id, "mode": self.mode,
                "tab": tabs.currentIndex() if tabs is not None else 0, "input": None}
        if self.mode == "draft" and (self.dirty or self.saving):
            item["input"] = data = self.form.value()
            ws, box, save = self.ws, self._box, self.kind.save

            def work() -> None:  # the session packs the items on the worker after this: it sees the outcome
                try:
                    view = save(ws, box["id"], data)
                except Exception as exc:  # noqa: BLE001 - kept, and told on restore (the book is closing)
                    log.warning("draft of %s not saved before the lock", self.kind.key, exc_info=True)
                    item["error"] = str(exc) if isinstance(exc, ZhibuError) else "意外错误"
                else:
                    box["id"] = view.id
                    item.update(id=view.id, input=None)

            self.ctx.tasks.run(work, label="正在保存草稿…")
        elif self.mode == "draft" and self.record_id is None:
            item["input"] = self.form.value()  # nothing typed yet: not saved, only what was preset is kept
        elif self.mode == "correct" and self.dirty:
            item["input"] = self.form.value()
        return item

    def restore(self, item: dict) -> None:
        """After the unlock, on a host showing the record of ``item`` (or a new one): its unsaved input back."""
        if item.get("input") is not None:
            if item.get("mode") == "correct":
                self.start_correction()
            self.form.load_input(item["input"])
            self._hook("input_restored")
            self.changed()
        tabs = self._hook("form_tabs")
        if tabs is not None:
            tabs.setCurrentIndex(item.get("tab", 0))
        if item.get("error"):
            self.show_banner(f"锁定前草稿未能保存（{item['error']}）。{RESTORED}，请检查后保存。", error=True)
        else:
            self.show_banner(RESTORED + ("（草稿已加密保存在支部纪实本中）。"
                                         if item.get("mode") == "draft" and item.get("id") else "。"))
