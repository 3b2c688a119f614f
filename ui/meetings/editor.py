"""The meeting editor: a type-specific form, the attendance grid, agenda and resolutions, the recorded
content, 组织生活会 sections, attachments and (once finalized) the history — with live counts and checks.

Modes: ``draft`` (editable, autosaved), ``final`` (read-only; 更正 / 补充说明 / 作废 available), ``void``
(read-only) and ``correct`` (editing a finalized record's text to submit a 更正). The lifecycle is
:class:`ui.records.lifecycle.RecordLifecycle`'s (``self.life``); this module is the form, the live checks are
:mod:`ui.meetings.editor_checks`.
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (QDialog, QHBoxLayout, QLabel, QPlainTextEdit, QScrollArea, QSplitter, QTabWidget,
                               QVBoxLayout, QWidget)

from desktop.domain.meeting_enums import MeetingKind, RecordStatus
from desktop.domain.meeting_rules import MeetingInput
from ui.meetings.attachments import AttachmentsPanel
from ui.meetings.basics_form import BasicsForm
from ui.meetings.data import load_meeting, save_meeting
from ui.meetings.editor_checks import MeetingChecks
from ui.records.history import HistoryView
from ui.meetings.org_life import OrgLifePanel
from ui.meetings.resolutions import ResolutionsEditor
from ui.meetings.status_panel import StatusPanel
from ui.pages import PageContext
from ui.records.host import LifecycleHost
from ui.records.kind import RecordKind
from ui.records.lifecycle import RecordLifecycle
from ui.widgets.attendance_grid import AttendanceGrid, AttendanceRow
from ui.widgets.screen_fit import fit_window
from ui.theme import scaled

MEETING = RecordKind("meeting", "meetings", "会议记录", "meeting", load_meeting, save_meeting,
                     export_tip="预览、打印或导出这次会议的通知、签到表、会议记录等",
                     fixed_note="会议类型和整改事项不能通过更正修改。")
PREVIEW_MS = 250
CONTENT_PLACEHOLDER = ("照实记录会议的内容：会议议程的进行情况、发言要点、讨论情况等，由记录人如实填写。"
                       "本软件不会生成或代写任何会议内容。")


class MeetingEditor(LifecycleHost, MeetingChecks, QDialog):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None, kind: MeetingKind | None = MeetingKind.GENERAL_ASSEMBLY):
        """``kind`` starts a new record of that type today; ``None`` waits for :meth:`open_record`."""
        super().__init__(parent)
        self.ctx = ctx
        self.life = RecordLifecycle(ctx, self, MEETING)
        self.saved = self.life.saved  # a draft was saved, or the record was finalized / amended / voided / deleted
        self.adopt_chrome()
        self.check = None
        self._loading = False
        self._preview_gen = self._day_gen = 0
        self._pending_attendance: dict | None = None
        self._day_dirty = False
        self.setWindowTitle("新建会议记录")
        self._build()
        fit_window(self, 1120, 740)  # sized from the screen; the app-wide filter keeps it (and its buttons) on it
        self._wire()
        self._loading = True
        self.basics.kind.setCurrentIndex(self.basics.kind.findData(MeetingKind(kind or "general_assembly").value))
        self.basics.day.setValue(date.today())
        self._loading = False
        self.life.set_mode("draft")
        if kind is not None:
            self.reload_day(dirty=False)

    # ---- layout -----------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 10)
        head = QHBoxLayout()
        self.heading = QLabel("新建会议记录")
        self.heading.setStyleSheet(scaled("font-size: 13pt; font-weight: 600;"))
        self.life.chrome.place_header(head, self.heading)
        outer.addLayout(head)
        outer.addWidget(self.banner)

        self.tabs = QTabWidget()
        self.basics = BasicsForm()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.basics)
        self.grid = AttendanceGrid()
        self.resolutions = ResolutionsEditor()
        self.content = QPlainTextEdit()
        self.content.setObjectName("meetingContent")
        self.content.setPlaceholderText(CONTENT_PLACEHOLDER)
        self.org = OrgLifePanel()
        self.attachments = AttachmentsPanel(self.ctx)
        self.history = HistoryView()
        org_scroll = QScrollArea()
        org_scroll.setWidgetResizable(True)
        org_scroll.setWidget(self.org)
        for w, title in ((scroll, "基本信息"), (self.grid, "出勤"), (self.resolutions, "议题与决议"),
                         (self.content, "会议内容"), (org_scroll, "整改事项"), (self.attachments, "附件"),
                         (self.history, "历史")):
            self.tabs.addTab(w, title)
        self.TAB = {"basics": 0, "attendance": 1, "resolutions": 2, "content": 3, "org": 4, "attachments": 5,
                    "history": 6}
        self.status = StatusPanel()
        split = QSplitter(Qt.Horizontal)
        split.addWidget(self.tabs)
        split.addWidget(self.status)
        split.setStretchFactor(0, 1)
        split.setChildrenCollapsible(False)
        outer.addWidget(split, 1)

        outer.addLayout(self.life.chrome.row)
        for key in ("delete", "cancel_correct", "export", "close", "save", "finalize", "correct", "supplement", "void",
                    "submit_correct"):
            setattr(self, f"{key}_button", self.buttons[key])
        self.no_default_buttons()

        self.preview_timer = QTimer(self, singleShot=True, interval=PREVIEW_MS)
        self.day_timer = QTimer(self, singleShot=True, interval=150)

    def _wire(self) -> None:
        self.preview_timer.timeout.connect(self.run_preview)
        self.day_timer.timeout.connect(lambda: self.reload_day(dirty=True))
        self.basics.changed.connect(self._changed)
        self.basics.day_changed.connect(self._day_edited)
        self.basics.kind.currentIndexChanged.connect(lambda _i: self._kind_tabs())
        for sig in (self.grid.changed, self.resolutions.changed, self.content.textChanged, self.org.changed):
            sig.connect(self._changed)
        self.attachments.need_record.connect(lambda path: self.life.save_now(lambda: self.attachments.add_file(path)))
        self.attachments.changed.connect(self.life.attachments_changed)
        self.attachments.counted.connect(
            lambda n: self.tabs.setTabText(self.TAB["attachments"], f"附件（{n}）" if n else "附件"))

    def _kind_tabs(self) -> None:
        org_life = self.basics.current_kind() == MeetingKind.ORG_LIFE_MEETING
        self.org.set_org_life(org_life)
        self.tabs.setTabText(self.TAB["org"], "组织生活会" if org_life else "整改事项")

    # ---- values -----------------------------------------------------------------------------
    def value(self) -> MeetingInput:
        data = MeetingInput(kind=self.basics.current_kind(), start=datetime.now())
        self.basics.apply(data)
        data.attendance = self.grid.inputs()
        data.agenda = self.resolutions.agenda_items()
        data.resolutions = self.resolutions.resolutions()
        data.content = self.content.toPlainText()
        self.org.apply(data, org_life=data.kind == MeetingKind.ORG_LIFE_MEETING)
        return data

    def load_input(self, data: MeetingInput, names: dict | None = None) -> None:
        """Fill the widgets from an input (a record's text, or an unsaved draft kept over a lock)."""
        self._loading = True
        try:
            self.basics.load(data, names)
            self.resolutions.load(data.agenda, data.resolutions)
            self.content.setPlainText(data.content)
            self.org.load(data, names)
            self._pending_attendance = {a.member_id: a for a in data.attendance}
            self._kind_tabs()
        finally:
            self._loading = False

    def open_record(self, data) -> None:
        """Show a record loaded by ``ui.meetings.data.load_meeting``."""
        self.life.show(data)

    # ---- the form of the lifecycle (ui.records.kind.RecordForm) --------------------------------------
    def show_record(self, data) -> None:
        view = data.view
        rec = view.record
        names = {a.member_id: a.name for a in rec.attendance}
        names.update({r.id: r.name for r in (rec.chair, rec.recorder, rec.lecturer) if r and r.id is not None})
        names.update({n.member_id: n.name for n in rec.notes})
        names.update({x.owner.id: x.owner.name for x in rec.rectifications if x.owner and x.owner.id is not None})
        self._loading = True
        try:
            self.basics.set_context(data.day)
            self.org.set_roster(data.day.roster)
            self.resolutions.set_roster(data.day.roster)
            self.load_input(data.input, names)
            self._loading = True
            groups = {m.id: m.group_name for m in data.day.roster}
            if view.status == RecordStatus.DRAFT:
                self.grid.set_expected(data.day.expected, keep=self._rows_of(rec, groups))
            else:
                self.grid.set_rows(list(self._rows_of(rec, groups).values()))
            self._pending_attendance = None
            self.attachments.set_record(view.id, view.status, view.attachments, data.thumbnails)
            self.history.set_versions(data.history, _meeting_text)
        finally:
            self._loading = False
        self._titled(rec.title)

    def record_shown(self, data) -> None:
        view, rec = data.view, data.view.record
        if self.mode == "draft":
            self.run_preview()
            if [r.member_id for r in self.grid.rows()] != [a.member_id for a in rec.attendance]:
                self._changed()  # the roster of that day changed since: save the refreshed list
        else:
            self.show_check(view.check)
            n = len(view.amendments)
            self.status.show_locked_summary(("已定稿。" if self.mode == "final" else "已作废。") + (
                f"定稿后有 {n} 次更正、补充说明或作废，见“历史”。" if n else ""))

    def _titled(self, title: str) -> None:
        self.setWindowTitle(f"会议记录 — {title}")
        self.heading.setText(title)

    def record_title(self) -> str:
        return self.view.record.title if self.view else ""

    def show_saved(self, view, first: bool, current: bool) -> None:
        if first:
            self.attachments.set_record(view.id, view.status, view.attachments, {})
        self._titled(view.record.title)
        if current:
            self.preview_timer.stop()
            self._preview_gen += 1  # a check still running describes older input
            self.show_check(view.check)

    def can_finalize(self, view) -> bool:
        return view.check.can_finalize  # as of the save just made

    def show_refusal(self, findings) -> None:
        self.status.list_findings(findings)
        self.basics.show_findings(findings)

    def correction_started(self) -> None:
        self.run_preview()

    def input_restored(self) -> None:
        self.reload_day(dirty=True)

    def show_history(self) -> None:
        self.tabs.setCurrentIndex(self.TAB["history"])

    def form_tabs(self) -> QTabWidget:
        return self.tabs

    def export_args(self) -> tuple:
        return (self.basics.current_kind(),)

    @staticmethod
    def _rows_of(record, groups: dict) -> dict:
        return {a.member_id: AttendanceRow(a.member_id, a.name, a.member_status, groups.get(a.member_id, ""),
                                           a.status, a.reason) for a in record.attendance}

    # ---- modes ------------------------------------------------------------------------------
    def apply_mode(self, mode: str) -> None:
        editable = mode in ("draft", "correct")
        self.basics.set_editable(editable, kind_fixed=mode == "correct")
        self.grid.set_read_only(not editable)
        self.resolutions.set_editable(editable)
        self.content.setReadOnly(not editable)
        self.org.set_editable(editable, rectifications_editable=mode == "draft")
        self.attachments.set_enabled_for(mode != "correct")
        self.tabs.setTabVisible(self.TAB["history"], mode != "draft")
        self.tabs.setTabVisible(self.TAB["org"], self.basics.current_kind() == MeetingKind.ORG_LIFE_MEETING
                                or self.org.has_rectifications() or mode == "draft")
        self._kind_tabs()

    @property
    def meeting_id(self) -> int | None:
        return self.life.record_id

    def preselect_group(self, group_id: int) -> None:
        """Choose a 党小组 once the day's groups are known (a new 党小组会 started from elsewhere)."""
        self._group_wanted = group_id

    def is_read_only(self) -> bool:
        return self.mode in ("final", "void")

    def save_draft_now(self, then=None) -> None:
        self.life.save_now(then)


def _meeting_text(record, supplements) -> str:
    from ui.meetings.record_text import meeting_text

    return meeting_text(record, supplements)
