"""谈心谈话 editor: when and where, who talked (members of the branch that day, plus others), topics, what was
said and the follow-up — the user's own words. Drafts, 定稿, 更正/补充说明/作废 and history are
:class:`ui.records.lifecycle.RecordLifecycle`'s (``self.life``); this module is the form."""

from __future__ import annotations

from typing import TYPE_CHECKING

from datetime import date, datetime, time

from PySide6.QtCore import Qt, QTime
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QDialog, QFormLayout, QHBoxLayout, QLineEdit, QListWidget, QListWidgetItem,
                               QPlainTextEdit, QTabWidget, QTimeEdit, QVBoxLayout, QWidget)

from desktop.domain.meeting_rules import HeartTalkInput
from ui.meetings.attachments import AttachmentsPanel
from ui.meetings.basics_form import split_names
from ui.records.history import HistoryView
from ui.pages import PageContext
from ui.records.host import LifecycleHost
from ui.records.kind import RecordKind
from ui.records.lifecycle import RecordLifecycle
from ui.talks.data import load_talk, save_talk
from ui.talks.roles import TalkRoles
from ui.widgets.date_edit import DateEdit
from ui.widgets.screen_fit import fit_window, scroll_body

if TYPE_CHECKING:  # pragma: no cover
    from desktop.workspace import Workspace

TALK = RecordKind("talk", "talks", "谈心谈话记录", "heart_talk", load_talk, save_talk,
                  export_tip="预览、打印或导出这次谈话的记录")
TALK_FIELDS = {"held_at": "谈话时间", "place": "地点", "participants": "谈话人", "others": "其他参加人员",
               "topics": "谈话主题", "content": "谈话内容", "follow_up": "后续跟进", "attachments": "附件"}


def _text(placeholder: str) -> QPlainTextEdit:
    t = QPlainTextEdit()
    t.setPlaceholderText(placeholder)
    return t


class TalkEditor(LifecycleHost, QDialog):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.life = RecordLifecycle(ctx, self, TALK)
        self.saved = self.life.saved
        self.adopt_chrome()
        self._loading = False
        self.setWindowTitle("谈心谈话记录")
        fit_window(self, 860, 680)
        outer = QVBoxLayout(self)
        head = QHBoxLayout()
        self.life.chrome.place_header(head)
        outer.addLayout(head)
        outer.addWidget(self.banner)
        self.tabs = QTabWidget()
        form_box = QWidget()
        form = QFormLayout(form_box)
        self.day = DateEdit(default_date=date.today())
        self.day.setValue(date.today())
        self.at = QTimeEdit(QTime(15, 0))
        self.at.setDisplayFormat("HH:mm")
        when = QHBoxLayout()
        when.addWidget(self.day)
        when.addWidget(self.at)
        when.addStretch(1)
        self.place = QLineEdit()
        self.place.setPlaceholderText("谈话地点")
        self.people = QListWidget()
        self.people.setMaximumHeight(120)
        self.people.setFlow(QListWidget.LeftToRight)
        self.people.setWrapping(True)
        self.others = QLineEdit()
        self.others.setPlaceholderText("本支部以外的谈话人（如上级党组织负责同志），多人用顿号分隔")
        self.topics = _text("谈话主题")
        self.topics.setMaximumHeight(60)
        self.content = _text("照实记录谈话的主要内容。本软件不会生成或代写谈话内容。")
        self.follow_up = _text("谈话后的跟进：需要帮助解决的问题、再次谈话的安排等")
        self.follow_up.setMaximumHeight(80)
        form.addRow("时间：", when)
        form.addRow("地点：", self.place)
        form.addRow("参加谈话的党员：", self.people)
        form.addRow("其他参加人员：", self.others)
        self.roles = TalkRoles(self)
        for label, widget in self.roles.rows():
            form.addRow(label, widget)
        self.roles.changed.connect(self._changed)
        form.addRow("谈话主题：", self.topics)
        form.addRow("谈话内容：", self.content)
        form.addRow("后续跟进：", self.follow_up)
        self.findings = QListWidget()
        self.findings.setMaximumHeight(80)
        self.findings.hide()
        form.addRow(self.findings)
        self.attachments = AttachmentsPanel(ctx, service="talks", owner_type="heart_talk")
        self.history = HistoryView()
        self.tabs.addTab(scroll_body(form_box), "谈话记录")  # scrolls at 150% on a small screen; buttons stay
        self.tabs.addTab(self.attachments, "附件")
        self.tabs.addTab(self.history, "历史")
        outer.addWidget(self.tabs, 1)
        outer.addLayout(self.life.chrome.row)
        self.export_button = self.buttons["export"]
        self.no_default_buttons()
        for w in (self.place, self.others):
            w.textChanged.connect(self._changed)
        for w in (self.topics, self.content, self.follow_up):
            w.textChanged.connect(self._changed)
        self.at.timeChanged.connect(self._changed)
        self.people.itemChanged.connect(self._changed)
        self.day.valueChanged.connect(lambda _d: (self.load_roster(), self._changed()))
        self.attachments.need_record.connect(lambda path: self.save_now(lambda: self.attachments.add_file(path)))
        self.attachments.changed.connect(self.life.attachments_changed)
        self.life.set_mode("draft")

    @property
    def ws(self) -> "Workspace":
        return self.ctx.ws

    # ---- values -----------------------------------------------------------------------------
    def load_roster(self, chosen: set[int] | None = None, names: dict | None = None) -> None:
        day = self.day.value()
        if day is None:
            return
        chosen = self.participant_ids() if chosen is None else chosen

        def done(roster) -> None:
            self._loading = True
            self.people.clear()
            self.roles.set_roster(roster)
            known = {m.id: m.name for m in roster}
            for mid, name in (names or {}).items():
                known.setdefault(mid, name)  # someone recorded who is no longer on this day's roster
            editable = self.mode in ("draft", "correct")
            for mid, name in known.items():
                if not editable and mid not in chosen:
                    continue  # a locked record lists only who talked
                item = QListWidgetItem(name)
                item.setData(Qt.UserRole, mid)
                item.setCheckState(Qt.Checked if mid in chosen else Qt.Unchecked)
                if not editable:
                    item.setFlags(item.flags() & ~Qt.ItemIsUserCheckable)
                self.people.addItem(item)
            self._loading = False

        self.ctx.tasks.run(self.ws.members.roster_on, day, owner=self, on_done=done, label="正在读取党员名册…")

    def participant_ids(self) -> list[int]:
        return [self.people.item(i).data(Qt.UserRole) for i in range(self.people.count())
                if self.people.item(i).checkState() == Qt.Checked]

    def set_participant(self, member_id: int, on: bool = True) -> None:
        for i in range(self.people.count()):
            if self.people.item(i).data(Qt.UserRole) == member_id:
                self.people.item(i).setCheckState(Qt.Checked if on else Qt.Unchecked)

    def value(self) -> HeartTalkInput:
        day = self.day.value() or date.today()
        at = datetime.combine(day, time(self.at.time().hour(), self.at.time().minute()))
        return self.roles.apply(HeartTalkInput(
            at, self.place.text(), self.participant_ids(), split_names(self.others.text()),
            self.topics.toPlainText(), self.content.toPlainText(), self.follow_up.toPlainText()))

    def load_input(self, data: HeartTalkInput, names: dict | None = None) -> None:
        self._loading = True
        self.day.blockSignals(True)
        self.day.setValue(data.held_at.date())
        self.day.blockSignals(False)
        self.at.setTime(QTime(data.held_at.hour, data.held_at.minute))
        self.place.setText(data.place)
        self.others.setText("、".join(data.others))
        self.topics.setPlainText(data.topics)
        self.content.setPlainText(data.content)
        self.follow_up.setPlainText(data.follow_up)
        self.roles.load(data, names)
        self._loading = False
        self.load_roster(set(data.participant_ids), names)

    def open_record(self, data) -> None:
        self.life.show(data)

    @property
    def talk_id(self) -> int | None:
        return self.life.record_id

    # ---- the form of the lifecycle (ui.records.kind.RecordForm) --------------------------------------
    def show_record(self, data) -> None:
        self.roles.remember(data.view.record)
        self.load_input(data.input, {p.id: p.name for p in data.view.record.participants})
        self.attachments.set_record(data.view.id, data.view.status, data.view.attachments, data.thumbnails)
        from ui.meetings.record_text import talk_text

        self.history.set_versions(data.history, talk_text, TALK_FIELDS, claimed=data.view.original.held_at)
        self.setWindowTitle(f"谈心谈话记录 — {'、'.join(p.name for p in data.view.record.participants)}")

    def record_shown(self, data) -> None:
        self.show_findings(data.view.findings)

    def record_title(self) -> str:
        return "谈心谈话记录"

    def show_saved(self, view, first: bool, current: bool) -> None:
        if first or self.attachments.record_id is None:
            self.attachments.set_record(view.id, view.status, view.attachments, {})
        self.show_findings(view.findings)

    def show_refusal(self, findings) -> None:
        self.show_findings(findings)

    def correction_started(self) -> None:
        self.load_roster()  # everyone who belonged that day, to correct who talked

    def show_history(self) -> None:
        self.tabs.setCurrentIndex(2)

    def form_tabs(self) -> QTabWidget:
        return self.tabs

    def show_findings(self, findings) -> None:
        self.findings.clear()
        for f in sorted(findings, key=lambda f: f.level != "error"):
            item = QListWidgetItem(("问题：" if f.level == "error" else "提示：") + f.message)
            item.setForeground(QColor("#b3261e" if f.level == "error" else "#8a5a00"))
            self.findings.addItem(item)
        self.findings.setVisible(bool(findings) and self.mode == "draft")

    # ---- modes ------------------------------------------------------------------------------
    def apply_mode(self, mode: str) -> None:
        editable = mode in ("draft", "correct")
        self.day.setEnabled(editable)
        self.at.setReadOnly(not editable)
        self.roles.set_editable(editable)
        for w in (self.place, self.others, self.topics, self.content, self.follow_up):
            w.setReadOnly(not editable)
            if w.property("hint_text") is None:
                w.setProperty("hint_text", w.placeholderText())
            w.setPlaceholderText(w.property("hint_text") if editable else "")
        self.tabs.setTabVisible(2, mode != "draft")
        self.attachments.set_enabled_for(mode != "correct")
        self.findings.setVisible(self.findings.count() > 0 and mode == "draft")

    def _changed(self, *_a) -> None:
        if not self._loading:
            self.life.changed()
