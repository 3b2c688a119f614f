"""The meeting editor: a type-specific form, the attendance grid, agenda and resolutions, the recorded
content, 组织生活会 sections, attachments and (once finalized) the history — with live counts and checks.

Modes: ``draft`` (editable, autosaved), ``final`` (read-only; 更正 / 补充说明 / 作废 available), ``void``
(read-only) and ``correct`` (editing a finalized record's text to submit a 更正). Saving, checking and the
ledger actions live in :mod:`ui.meetings.editor_actions`.
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (QDialog, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QScrollArea, QSplitter,
                               QTabWidget, QVBoxLayout, QWidget)

from desktop.domain.meeting_enums import MeetingKind, RecordStatus
from desktop.domain.meeting_rules import MeetingInput
from ui.meetings.attachments import AttachmentsPanel
from ui.meetings.basics_form import BasicsForm
from ui.meetings.editor_actions import EditorActions
from ui.meetings.history import HistoryView
from ui.meetings.org_life import OrgLifePanel
from ui.meetings.resolutions import ResolutionsEditor
from ui.meetings.status_panel import StatusPanel
from ui.widgets.attendance_grid import AttendanceGrid, AttendanceRow
from ui.widgets.screen_fit import fit_window
from ui.theme import scaled
from ui.widgets.shortcuts import add_shortcut

AUTOSAVE_MS = 2000
PREVIEW_MS = 250
CONTENT_PLACEHOLDER = ("照实记录会议的内容：会议议程的进行情况、发言要点、讨论情况等，由记录人如实填写。"
                       "本软件不会生成或代写任何会议内容。")
MODE_LABELS = {"draft": "草稿", "final": "已定稿", "void": "已作废", "correct": "更正中"}
BANNERS = {
    "final": "本记录已定稿，不能直接修改。如有错误，请使用“更正”或“补充说明”：原记录和每次更正都保留在“历史”中。",
    "void": "本记录已作废，仍保留在纪实链中（原因见“历史”）。",
    "correct": "正在更正已定稿的记录：修改需要更正的内容，然后点击“提交更正”并填写原因。"
               "会议类型和整改事项不能通过更正修改。",
}


class MeetingEditor(EditorActions, QDialog):
    saved = Signal(int)  # a draft was saved, or the record was finalized / amended / voided / deleted

    def __init__(self, ctx, parent: QWidget | None = None, kind: MeetingKind | None = MeetingKind.GENERAL_ASSEMBLY):
        """``kind`` starts a new record of that type today; ``None`` waits for :meth:`open_record`."""
        super().__init__(parent)
        self.ctx = ctx
        self.meeting_id: int | None = None
        self._id_box: dict = {"id": None}  # set on the worker by each save, so queued saves never create twice
        self.view = None
        self.data = None  # EditorData of the record as last loaded
        self.check = None
        self.mode = "draft"
        self.dirty = False
        self._loading = False
        self._saving = False
        self._after_save: list = []
        self._preview_gen = self._day_gen = 0
        self._pending_attendance: dict | None = None
        self._day_dirty = False
        self._for_lock = False
        self.setWindowTitle("新建会议记录")
        self._build()
        fit_window(self, 1120, 740)  # sized from the screen; ScreenFitter keeps it (and its buttons) on it
        self._wire()
        self._loading = True
        self.basics.kind.setCurrentIndex(self.basics.kind.findData(MeetingKind(kind or "general_assembly").value))
        self.basics.day.setValue(date.today())
        self._loading = False
        self.set_mode("draft")
        if kind is not None:
            self.reload_day(dirty=False)

    # ---- layout -----------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 10)
        head = QHBoxLayout()
        self.heading = QLabel("新建会议记录")
        self.heading.setStyleSheet(scaled("font-size: 13pt; font-weight: 600;"))
        self.chip = QLabel()
        self.chip.setObjectName("statusChip")
        self.save_state = QLabel()
        self.save_state.setObjectName("hint")
        head.addWidget(self.heading)
        head.addSpacing(8)
        head.addWidget(self.chip)
        head.addStretch(1)
        head.addWidget(self.save_state)
        outer.addLayout(head)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setObjectName("banner")
        self.banner.hide()
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

        row = QHBoxLayout()
        self.delete_button = QPushButton("删除草稿…")
        self.cancel_correct_button = QPushButton("放弃更正")
        row.addWidget(self.delete_button)
        row.addWidget(self.cancel_correct_button)
        self.export_button = QPushButton("打印/导出…")  # hook: the dialog is ui.documents'
        self.export_button.setToolTip("预览、打印或导出这次会议的通知、签到表、会议记录等")
        row.addWidget(self.export_button)
        row.addStretch(1)
        self.close_button = QPushButton("关闭")
        self.save_button = QPushButton("保存草稿")
        self.finalize_button = QPushButton("定稿…")
        self.finalize_button.setObjectName("primary")
        self.correct_button = QPushButton("更正…")
        self.supplement_button = QPushButton("补充说明…")
        self.void_button = QPushButton("作废…")
        self.submit_correct_button = QPushButton("提交更正…")
        self.submit_correct_button.setObjectName("primary")
        for b in (self.void_button, self.supplement_button, self.correct_button, self.close_button, self.save_button,
                  self.finalize_button, self.submit_correct_button):
            row.addWidget(b)
        outer.addLayout(row)
        for button, keys in ((self.save_button, "Ctrl+S"), (self.finalize_button, "Ctrl+Return"),
                             (self.submit_correct_button, "Ctrl+Return"), (self.export_button, "Ctrl+P")):
            add_shortcut(button, keys)
        self.close_button.setToolTip("关闭（Esc）；未保存的内容会先保存为草稿")
        for b in self.findChildren(QPushButton):  # Enter in a field never presses a lifecycle button
            b.setAutoDefault(False)

        self.preview_timer = QTimer(self, singleShot=True, interval=PREVIEW_MS)
        self.autosave_timer = QTimer(self, singleShot=True, interval=AUTOSAVE_MS)
        self.day_timer = QTimer(self, singleShot=True, interval=150)

    def _wire(self) -> None:
        self.preview_timer.timeout.connect(self.run_preview)
        self.autosave_timer.timeout.connect(self.autosave)
        self.day_timer.timeout.connect(lambda: self.reload_day(dirty=True))
        self.basics.changed.connect(self._changed)
        self.basics.day_changed.connect(self._day_edited)
        self.basics.kind.currentIndexChanged.connect(lambda _i: self._kind_tabs())
        for sig in (self.grid.changed, self.resolutions.changed, self.content.textChanged, self.org.changed):
            sig.connect(self._changed)
        self.attachments.need_record.connect(lambda path: self.save_draft_now(lambda: self.attachments.add_file(path)))
        self.attachments.changed.connect(self._attachments_changed)
        self.attachments.counted.connect(
            lambda n: self.tabs.setTabText(self.TAB["attachments"], f"附件（{n}）" if n else "附件"))
        self.delete_button.clicked.connect(lambda: self.delete_draft())
        self.export_button.clicked.connect(self.print_export)
        self.close_button.clicked.connect(self.reject)
        self.save_button.clicked.connect(lambda: self.save_draft_now())
        self.finalize_button.clicked.connect(self.finalize)
        self.correct_button.clicked.connect(self.start_correction)
        self.cancel_correct_button.clicked.connect(self.cancel_correction)
        self.submit_correct_button.clicked.connect(lambda: self.submit_correction())
        self.supplement_button.clicked.connect(lambda: self.supplement())
        self.void_button.clicked.connect(lambda: self.void())

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
        self.data, view = data, data.view
        self.view, self.meeting_id = view, view.id
        self._id_box["id"] = view.id
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
        self.setWindowTitle(f"会议记录 — {rec.title}")
        self.heading.setText(rec.title)
        mode = {RecordStatus.DRAFT: "draft", RecordStatus.FINAL: "final", RecordStatus.VOID: "void"}[view.status]
        self.set_mode(mode)
        self.dirty = False
        if mode == "draft":
            self.run_preview()
            if [r.member_id for r in self.grid.rows()] != [a.member_id for a in rec.attendance]:
                self._changed()  # the roster of that day changed since: save the refreshed list
        else:
            self.show_check(view.check)
            n = len(view.amendments)
            self.status.show_locked_summary(("已定稿。" if mode == "final" else "已作废。") + (
                f"定稿后有 {n} 次更正、补充说明或作废，见“历史”。" if n else ""))

    @staticmethod
    def _rows_of(record, groups: dict) -> dict:
        return {a.member_id: AttendanceRow(a.member_id, a.name, a.member_status, groups.get(a.member_id, ""),
                                           a.status, a.reason) for a in record.attendance}

    # ---- modes ------------------------------------------------------------------------------
    def set_mode(self, mode: str) -> None:
        self.mode = mode
        editable = mode in ("draft", "correct")
        self.basics.set_editable(editable, kind_fixed=mode == "correct")
        self.grid.set_read_only(not editable)
        self.resolutions.set_editable(editable)
        self.content.setReadOnly(not editable)
        self.org.set_editable(editable, rectifications_editable=mode == "draft")
        self.attachments.set_enabled_for(mode != "correct")
        visible = {
            "draft": (self.delete_button, self.close_button, self.save_button, self.finalize_button),
            "final": (self.correct_button, self.supplement_button, self.void_button, self.close_button),
            "void": (self.close_button,),
            "correct": (self.cancel_correct_button, self.submit_correct_button),
        }[mode]
        for b in (self.delete_button, self.cancel_correct_button, self.close_button, self.save_button,
                  self.finalize_button, self.correct_button, self.supplement_button, self.void_button,
                  self.submit_correct_button):
            b.setVisible(b in visible)
        self.delete_button.setEnabled(self.meeting_id is not None)
        self.tabs.setTabVisible(self.TAB["history"], mode != "draft")
        self.tabs.setTabVisible(self.TAB["org"], self.basics.current_kind() == MeetingKind.ORG_LIFE_MEETING
                                or self.org.has_rectifications() or mode == "draft")
        self._kind_tabs()
        flags = []
        if self.view is not None and self.view.late_entry:
            flags.append("补录")
        if self.view is not None and self.view.clock_anomaly:
            flags.append("时钟异常")
        if self.view is not None and any(a.kind.value == "correction" for a in self.view.amendments):
            flags.append("有更正")
        chip = MODE_LABELS[mode] + ("　" + "　".join(flags) if flags else "")
        color = {"draft": "#8a5a00", "final": "#1e6b34", "void": "#7a7a7a", "correct": "#a4262c"}[mode]
        self.chip.setText(chip)
        self.chip.setStyleSheet(f"color: {color}; border: 1px solid {color}; border-radius: 3px; padding: 1px 6px;")
        self.show_banner(BANNERS.get(mode, ""), error=False)
        if mode != "draft":
            self.save_state.clear()

    def show_banner(self, text: str, error: bool = False) -> None:
        self.banner.setText(text)
        self.banner.setStyleSheet(
            "color: #b3261e; background: #fbeaea; padding: 6px 10px; border-radius: 3px;" if error else
            "color: #3d3d3d; background: #eef3f8; padding: 6px 10px; border-radius: 3px;")
        self.banner.setVisible(bool(text))

    def preselect_group(self, group_id: int) -> None:
        """Choose a 党小组 once the day's groups are known (a new 党小组会 started from elsewhere)."""
        self._group_wanted = group_id

    def is_read_only(self) -> bool:
        return self.mode in ("final", "void")

    # ---- 打印/导出 (hook; the dialog belongs to ui.documents) ---------------------------------------
    def print_export(self) -> None:
        """The record's 打印/导出 dialog; a draft is saved first, so the documents show what is on screen."""
        from ui.documents.export_dialog import open_export_dialog

        def go() -> None:
            if self.meeting_id is not None:
                self.export_dialog = open_export_dialog(self.ctx, self, "meeting", self.meeting_id,
                                                        self.basics.current_kind())

        if self.mode == "draft" and (self.dirty or self._saving or self.meeting_id is None):
            self.save_draft_now(then=go)
        else:
            go()


def _meeting_text(record, supplements) -> str:
    from ui.meetings.record_text import meeting_text

    return meeting_text(record, supplements)
