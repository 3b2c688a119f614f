"""What the meeting editor does with the workspace (always through ``ctx.tasks``): fetch the expected list
of a day, live checks, autosave, 定稿, 更正 / 补充说明 / 作废, deleting a draft, and keeping a draft over a lock.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from desktop.domain.meeting_enums import MeetingKind
from desktop.domain.meeting_rules import ERROR, Finding
from desktop.errors import RecordLocked, ValidationError, ZhibuError
from ui.meetings.data import day_context, load_meeting, save_meeting
from ui.meetings.lifecycle_dialogs import AmendmentDialog, confirm_finalize

FIELD_TABS = {"attendance": "attendance", "resolutions": "resolutions", "content": "content",
              "rectifications": "org", "members": "org"}


class EditorActions:
    """Mixin for :class:`ui.meetings.editor.MeetingEditor` (a QDialog)."""

    @property
    def ws(self):
        return self.ctx.ws

    # ---- edits ------------------------------------------------------------------------------
    def _changed(self, *_args) -> None:
        if self._loading or self.mode not in ("draft", "correct"):
            return
        self.dirty = True
        self.preview_timer.start()
        if self.mode == "draft":
            self.autosave_timer.start()
            self.save_state.setText("有未保存的修改，稍后自动保存")

    def _day_edited(self) -> None:
        if not self._loading:
            self.day_timer.start()

    def reload_day(self, dirty: bool = True) -> None:
        """Fetch roster and expected list for the chosen type, day and 党小组."""
        day = self.basics.current_day()
        if day is None or self.mode not in ("draft", "correct"):
            return
        self._day_gen += 1
        gen, self._day_dirty = self._day_gen, self._day_dirty or dirty
        self.ctx.tasks.run(day_context, self.ws, self.basics.current_kind(), day, self.basics.group_id(),
                           owner=self, label="正在读取当天的党员名册…", on_done=lambda ctx: self._day_loaded(gen, ctx))

    def _day_loaded(self, gen: int, ctx) -> None:
        if gen != self._day_gen:
            return
        keep = {r.member_id: r for r in self.grid.rows()}
        wanted = getattr(self, "_group_wanted", None)
        if wanted is not None and self.basics.current_kind() == MeetingKind.GROUP_MEETING \
                and self.basics.group_id() is None:
            self._group_wanted = None
            self._loading = True
            self.basics.set_context(ctx)
            self.basics.group.setCurrentIndex(self.basics.group.findData(wanted))
            self._loading = False
            self.reload_day(dirty=False)  # the expected list is that group's
            return
        self._loading = True
        try:
            self.basics.set_context(ctx)
            self.org.set_roster(ctx.roster)
            if self._pending_attendance is not None:
                from ui.widgets.attendance_grid import AttendanceRow

                keep = {mid: AttendanceRow(mid, "", None, "", a.status, a.reason)
                        for mid, a in self._pending_attendance.items()}
                self._pending_attendance = None
            self.grid.set_expected(ctx.expected, keep=keep)
        finally:
            self._loading = False
        if self._day_dirty:
            self._day_dirty = False
            self._changed()
        else:
            self.run_preview()

    # ---- live checks ------------------------------------------------------------------------
    def run_preview(self) -> None:
        if self.mode not in ("draft", "correct"):
            return
        self._preview_gen += 1
        gen = self._preview_gen

        def failed(exc: BaseException) -> bool:
            if gen != self._preview_gen or not isinstance(exc, ZhibuError):
                return gen != self._preview_gen
            self.show_check(None, exc)
            return True

        self.ctx.tasks.run(self.ws.meetings.preview, self.value(), self.meeting_id, owner=self, on_error=failed,
                           label="正在检查…", on_done=lambda check: gen == self._preview_gen and self.show_check(check))

    def show_check(self, check, exc: BaseException | None = None) -> None:
        self.check = check
        if check is None:
            self.status.show_check(None, str(exc))
            findings = [Finding(ERROR, "input", str(exc), getattr(exc, "field", None))]
        else:
            self.status.show_check(check)
            self.resolutions.show_passed(check.passed)
            findings = list(check.findings)
        self.basics.show_findings(findings)
        bad = {FIELD_TABS.get(f.field or "", "basics") for f in findings if f.level == ERROR}
        for key, index in self.TAB.items():
            self.tabs.tabBar().setTabTextColor(index, Qt.red if key in bad else self.palette().windowText().color())
        if self.view is not None and self.mode != "draft":
            self.status.show_entry(self.view.entry)
        else:
            self.status.show_entry(None)

    # ---- drafts -----------------------------------------------------------------------------
    def autosave(self) -> None:
        if self.mode == "draft" and self.dirty:
            self.save_draft_now()

    def _save_task(self, data, on_done=None, on_error=None, owner=True):
        ws, box = self.ws, self._id_box

        def work():
            view = save_meeting(ws, box["id"], data)
            box["id"] = view.id
            return view

        return self.ctx.tasks.run(work, on_done=on_done, on_error=on_error, owner=self if owner else None,
                                  label="正在保存草稿…")

    def save_draft_now(self, then=None) -> None:
        if self.mode != "draft":
            return
        if then is not None:
            self._after_save.append(then)
        if self._saving:
            self._save_pending = True
            return
        self.autosave_timer.stop()
        self._saving, self._save_pending, self.dirty, self._save_error = True, False, False, ""
        self.save_state.setText("正在保存草稿…")
        self._save_task(self.value(), on_done=self._saved, on_error=self._save_failed)

    def _saved(self, view) -> None:
        self._saving = False
        first = self.meeting_id is None
        self.view, self.meeting_id = view, view.id
        self.save_state.setText(f"草稿已保存（{datetime.now():%H:%M:%S}），内容加密保存在支部纪实本中")
        self.save_state.setStyleSheet("")
        if first:
            self.attachments.set_record(view.id, view.status, view.attachments, {})
            self.delete_button.setEnabled(True)
        self.heading.setText(view.record.title)
        self.setWindowTitle(f"会议记录 — {view.record.title}")
        if not self.dirty:
            self.preview_timer.stop()
            self._preview_gen += 1  # a check still running describes older input
            self.show_check(view.check)
        self.saved.emit(view.id)
        then, self._after_save = self._after_save, []
        if self._save_pending or self.dirty:
            self.save_draft_now()
            self._after_save = then + self._after_save
            return
        for fn in then:
            fn()

    def _save_failed(self, exc: BaseException) -> bool:
        self._saving, self.dirty, self._save_error = False, True, str(exc)
        self._after_save = []
        if not isinstance(exc, ZhibuError):
            self.save_state.setText("草稿未能保存")
            return False
        self.save_state.setText("草稿未能保存，请查看上方提示")
        self.save_state.setStyleSheet("color: #b3261e;")
        self.show_banner(f"草稿未能保存：{exc}", error=True)
        return True

    def delete_draft(self, confirmed: bool = False) -> None:
        if self.mode != "draft" or self.meeting_id is None:
            return
        if not confirmed and QMessageBox.question(
                self, "删除草稿", "删除这份草稿吗？删除后不能恢复。", QMessageBox.Yes | QMessageBox.No,
                QMessageBox.No) != QMessageBox.Yes:
            return
        mid = self.meeting_id
        self.autosave_timer.stop()
        self.dirty = False

        def done(_r) -> None:
            self.saved.emit(mid)
            QDialog.reject(self)

        self.ctx.tasks.run(self.ws.meetings.delete_draft, mid, owner=self, on_done=done, label="正在删除草稿…")

    # ---- 定稿 -------------------------------------------------------------------------------
    def finalize(self) -> None:
        if self.mode != "draft":
            return
        if self.dirty or self._saving or self.meeting_id is None:
            self.save_draft_now(then=self.finalize)
            return
        if self.view is not None and not self.view.check.can_finalize:  # as of the save just made
            self.show_banner("还有问题需要处理，处理后才能定稿（见右侧列表，标红的页签中有问题）。", error=True)
            return
        self.confirm_box = confirm_finalize(self, self.view.record.title if self.view else "", self._do_finalize,
                                            "会议记录")

    def _do_finalize(self) -> None:
        mid = self.meeting_id

        def failed(exc: BaseException) -> bool:
            if not isinstance(exc, ZhibuError):
                return False
            findings = getattr(exc, "findings", None)
            if findings:
                self.status.list_findings(findings)
                self.basics.show_findings(findings)
            self.show_banner(str(exc), error=True)
            return True

        self.ctx.tasks.run(self.ws.meetings.finalize, mid, owner=self, on_error=failed, label="正在定稿…",
                           on_done=lambda _v: self.reload_record(then=lambda: self.saved.emit(mid)))

    def reload_record(self, then=None) -> None:
        def done(data) -> None:
            self.open_record(data)
            if then:
                then()

        self.ctx.tasks.run(load_meeting, self.ws, self.meeting_id, owner=self, on_done=done,
                           label="正在读取会议记录…")

    # ---- 更正 / 补充说明 / 作废 -----------------------------------------------------------------
    def start_correction(self) -> None:
        if self.mode != "final":
            return
        self.set_mode("correct")
        self.dirty = False
        self.run_preview()

    def cancel_correction(self) -> None:
        if self.mode == "correct":
            self.open_record(self.data)

    def _amendment(self, kind: str, run) -> AmendmentDialog:
        title = self.view.record.title if self.view else ""
        dlg = AmendmentDialog(kind, title, self)
        mid = self.meeting_id

        def submitted(reason: str, note: str) -> None:
            def failed(exc: BaseException) -> bool:
                if isinstance(exc, (ValidationError, RecordLocked)):
                    dlg.show_failure(str(exc))
                    return True
                dlg.show_failure("操作没有完成。")
                return False

            def done(_v) -> None:
                dlg.accept()
                self.reload_record(then=lambda: (self.tabs.setCurrentIndex(self.TAB["history"]),
                                                 self.saved.emit(mid)))

            self.ctx.tasks.run(run, reason, note, owner=self, on_done=done, on_error=failed, label="正在写入纪实…")

        dlg.submitted.connect(submitted)
        self.amendment_dialog = dlg
        dlg.open()
        return dlg

    def submit_correction(self) -> AmendmentDialog | None:
        if self.mode != "correct":
            return None
        data, mid, meetings = self.value(), self.meeting_id, self.ws.meetings
        return self._amendment("correction", lambda reason, note: meetings.amend(mid, data, reason=reason, note=note))

    def supplement(self) -> AmendmentDialog | None:
        if self.mode != "final":
            return None
        mid, meetings = self.meeting_id, self.ws.meetings
        return self._amendment("supplement", lambda reason, note: meetings.amend(mid, None, reason=reason, note=note))

    def void(self) -> AmendmentDialog | None:
        if self.mode != "final":
            return None
        mid, meetings = self.meeting_id, self.ws.meetings
        return self._amendment("void", lambda reason, _note: meetings.void(mid, reason))

    def _attachments_changed(self) -> None:
        if self.mode in ("final", "void") and self.meeting_id is not None:
            self.reload_record(then=lambda: self.saved.emit(self.meeting_id))

    # ---- closing and locking ------------------------------------------------------------------
    def reject(self) -> None:
        if self._for_lock:
            QDialog.reject(self)
            return
        failed = getattr(self, "_save_error", "")
        if self.mode == "draft" and (self.dirty or self._saving) and not failed:
            self.save_draft_now(then=lambda: QDialog.reject(self))
            return
        if (self.mode == "correct" or failed) and self.dirty:
            text = (f"草稿未能保存：{failed}\n放弃未保存的修改并关闭吗？" if failed else
                    "更正还没有提交。放弃已做的修改并关闭吗？")
            box = QMessageBox(QMessageBox.Question, "关闭", text, QMessageBox.NoButton, self)
            yes = box.addButton("放弃并关闭", QMessageBox.AcceptRole)
            box.addButton("继续编辑", QMessageBox.RejectRole)
            yes.clicked.connect(lambda: QDialog.reject(self))
            box.setAttribute(Qt.WA_DeleteOnClose)
            self.discard_box = box
            box.open()
            return
        QDialog.reject(self)

    def draft_for_lock(self) -> dict:
        """Before an auto-lock: the draft goes into the encrypted book (a save is queued ahead of closing
        it); only what cannot be saved there — an uncommitted 更正, or a failed save — stays in memory."""
        self._for_lock = True
        for t in (self.preview_timer, self.autosave_timer, self.day_timer):
            t.stop()
        item = {"kind": "meeting", "id": self.meeting_id, "mode": self.mode, "tab": self.tabs.currentIndex(),
                "input": None}
        if self.mode == "draft" and self.meeting_id is None and not (self.dirty or self._saving):
            item["input"] = self.value()  # nothing typed yet: only the type and date are kept
        elif self.mode == "draft" and (self.dirty or self._saving):
            item["input"] = self.value()

            def done(view) -> None:
                item.update(id=view.id, input=None)

            self._save_task(item["input"], on_done=done, on_error=lambda _e: True, owner=False)
        elif self.mode == "correct" and self.dirty:
            item["input"] = self.value()
        return item
