"""The meeting editor's live work with the workspace (always through ``ctx.tasks``): the roster and expected
list of the chosen day, and the service's checks of the input on screen. Its lifecycle (drafts, 定稿, 更正…)
is :class:`ui.records.lifecycle.RecordLifecycle`'s.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from desktop.domain.meeting_enums import MeetingKind
from desktop.domain.meeting_rules import ERROR, Finding
from desktop.errors import ZhibuError
from ui.meetings.data import day_context

if TYPE_CHECKING:  # pragma: no cover
    from desktop.workspace import Workspace

FIELD_TABS = {"attendance": "attendance", "resolutions": "resolutions", "content": "content",
              "rectifications": "org", "members": "org"}


class MeetingChecks:
    """Mixin for :class:`ui.meetings.editor.MeetingEditor`: uses its form widgets (``basics``, ``grid``,
    ``resolutions``, ``org``, ``status``, ``tabs``), its timers and ``life``."""

    @property
    def ws(self) -> "Workspace":
        return self.ctx.ws

    # ---- edits ------------------------------------------------------------------------------
    def _changed(self, *_args) -> None:
        if not self._loading and self.life.changed():
            self.preview_timer.start()

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
            self.resolutions.set_roster(ctx.roster)
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
