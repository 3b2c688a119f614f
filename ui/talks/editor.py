"""谈心谈话 editor: when and where, who talked (members of the branch that day, plus others), topics, what was
said and the follow-up — the user's own words — with autosaved drafts, 定稿, 更正/补充说明/作废 and history."""

from __future__ import annotations

from datetime import date, datetime, time

from PySide6.QtCore import Qt, QTime, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QMessageBox, QPlainTextEdit, QPushButton, QTabWidget, QTimeEdit, QVBoxLayout, QWidget)

from desktop.domain.meeting_enums import RecordStatus
from desktop.domain.meeting_rules import HeartTalkInput
from desktop.errors import ZhibuError
from ui.meetings.attachments import AttachmentsPanel
from ui.meetings.basics_form import split_names
from ui.meetings.history import HistoryView
from ui.meetings.lifecycle_dialogs import AmendmentDialog, confirm_finalize
from ui.talks.data import load_talk, save_talk
from ui.talks.roles import TalkRoles
from ui.widgets.date_edit import DateEdit
from ui.widgets.screen_fit import fit_window
from ui.widgets.shortcuts import add_shortcut

AUTOSAVE_MS = 2000
TALK_FIELDS = {"held_at": "谈话时间", "place": "地点", "participants": "谈话人", "others": "其他参加人员",
               "topics": "谈话主题", "content": "谈话内容", "follow_up": "后续跟进", "attachments": "附件"}
BANNERS = {"final": "已定稿，不能直接修改；如有错误请“更正”或“补充说明”。", "void": "本记录已作废，仍保留在纪实链中。",
           "correct": "正在更正：修改后点击“提交更正”并填写原因。"}


def _text(placeholder: str) -> QPlainTextEdit:
    t = QPlainTextEdit()
    t.setPlaceholderText(placeholder)
    return t


class TalkEditor(QDialog):
    saved = Signal(int)

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.talk_id: int | None = None
        self._box = {"id": None}
        self.view = self.data = None
        self.mode = "draft"
        self.dirty = self._saving = self._loading = self._for_lock = False
        self._after_save: list = []
        self.setWindowTitle("谈心谈话记录")
        fit_window(self, 860, 680)
        outer = QVBoxLayout(self)
        head = QHBoxLayout()
        self.chip = QLabel()
        self.save_state = QLabel()
        self.save_state.setObjectName("hint")
        head.addWidget(self.chip)
        head.addStretch(1)
        head.addWidget(self.save_state)
        outer.addLayout(head)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("color: #3d3d3d; background: #eef3f8; padding: 6px 10px; border-radius: 3px;")
        self.banner.hide()
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
        self.tabs.addTab(form_box, "谈话记录")
        self.tabs.addTab(self.attachments, "附件")
        self.tabs.addTab(self.history, "历史")
        outer.addWidget(self.tabs, 1)
        row = QHBoxLayout()
        self.buttons = {}
        for key, text in (("delete", "删除草稿…"), ("cancel_correct", "放弃更正"), ("", ""), ("void", "作废…"),
                          ("supplement", "补充说明…"), ("correct", "更正…"), ("close", "关闭"), ("save", "保存草稿"),
                          ("finalize", "定稿…"), ("submit_correct", "提交更正…")):
            if not key:
                row.addStretch(1)
                continue
            self.buttons[key] = b = QPushButton(text)
            b.setObjectName("primary" if key in ("finalize", "submit_correct") else "")
            row.addWidget(b)
        outer.addLayout(row)
        for key, fn in (("delete", self.delete_draft), ("cancel_correct", lambda: self.open_record(self.data)),
                        ("void", self.void), ("supplement", self.supplement), ("correct", self.start_correction),
                        ("close", self.reject), ("save", self.save_now), ("finalize", self.finalize),
                        ("submit_correct", self.submit_correction)):
            self.buttons[key].clicked.connect(lambda _c=False, fn=fn: fn())
        self.export_button = QPushButton("打印/导出…")  # hook: the dialog is ui.documents'
        self.export_button.setToolTip("预览、打印或导出这次谈话的记录")
        self.export_button.clicked.connect(self.print_export)
        row.insertWidget(2, self.export_button)
        for key, keys in (("save", "Ctrl+S"), ("finalize", "Ctrl+Return"), ("submit_correct", "Ctrl+Return")):
            add_shortcut(self.buttons[key], keys)
        add_shortcut(self.export_button, "Ctrl+P")
        self.buttons["close"].setToolTip("关闭（Esc）")
        for b in self.findChildren(QPushButton):  # Enter in a field never presses a lifecycle button
            b.setAutoDefault(False)
        self.autosave_timer = QTimer(self, singleShot=True, interval=AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(lambda: self.dirty and self.save_now())
        for w in (self.place, self.others):
            w.textChanged.connect(self._changed)
        for w in (self.topics, self.content, self.follow_up):
            w.textChanged.connect(self._changed)
        self.at.timeChanged.connect(self._changed)
        self.people.itemChanged.connect(self._changed)
        self.day.valueChanged.connect(lambda _d: (self.load_roster(), self._changed()))
        self.attachments.need_record.connect(lambda path: self.save_now(lambda: self.attachments.add_file(path)))
        self.attachments.changed.connect(lambda: self.mode != "draft" and self.reload())
        self.set_mode("draft")

    @property
    def ws(self):
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
        self.data, self.view = data, data.view
        self.talk_id = self._box["id"] = data.view.id
        self.mode = {RecordStatus.DRAFT: "draft", RecordStatus.FINAL: "final", RecordStatus.VOID: "void"}[
            data.view.status]
        self.roles.remember(data.view.record)
        self.load_input(data.input, {p.id: p.name for p in data.view.record.participants})
        self.attachments.set_record(data.view.id, data.view.status, data.view.attachments, data.thumbnails)
        from ui.meetings.record_text import talk_text

        self.history.set_versions(data.history, talk_text, TALK_FIELDS, claimed=data.view.original.held_at)
        self.set_mode(self.mode)
        self.show_findings(data.view.findings)
        self.dirty = False
        self.setWindowTitle(f"谈心谈话记录 — {'、'.join(p.name for p in data.view.record.participants)}")

    def show_findings(self, findings) -> None:
        self.findings.clear()
        for f in sorted(findings, key=lambda f: f.level != "error"):
            item = QListWidgetItem(("问题：" if f.level == "error" else "提示：") + f.message)
            item.setForeground(QColor("#b3261e" if f.level == "error" else "#8a5a00"))
            self.findings.addItem(item)
        self.findings.setVisible(bool(findings) and self.mode == "draft")

    # ---- modes ------------------------------------------------------------------------------
    def set_mode(self, mode: str) -> None:
        self.mode = mode
        editable = mode in ("draft", "correct")
        self.day.setEnabled(editable)
        self.at.setReadOnly(not editable)
        self.roles.set_editable(editable)
        for w in (self.place, self.others, self.topics, self.content, self.follow_up):
            w.setReadOnly(not editable)
            if w.property("hint_text") is None:
                w.setProperty("hint_text", w.placeholderText())
            w.setPlaceholderText(w.property("hint_text") if editable else "")
        shown = {"draft": ("delete", "close", "save", "finalize"), "final": ("void", "supplement", "correct", "close"),
                 "void": ("close",), "correct": ("cancel_correct", "submit_correct")}[mode]
        for key, b in self.buttons.items():
            b.setVisible(key in shown)
        self.buttons["delete"].setEnabled(self.talk_id is not None)
        self.tabs.setTabVisible(2, mode != "draft")
        self.attachments.set_enabled_for(mode != "correct")
        label = {"draft": "草稿", "final": "已定稿", "void": "已作废", "correct": "更正中"}[mode]
        if self.view is not None and self.view.late_entry:
            label += "　补录"
        color = {"draft": "#8a5a00", "final": "#1e6b34", "void": "#7a7a7a", "correct": "#a4262c"}[mode]
        self.chip.setText(label)
        self.chip.setStyleSheet(f"color: {color}; border: 1px solid {color}; border-radius: 3px; padding: 1px 6px;")
        self.banner.setText(BANNERS.get(mode, ""))
        self.banner.setVisible(mode in BANNERS)

    def show_banner(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.setVisible(bool(text))

    def _changed(self, *_a) -> None:
        if self._loading or self.mode not in ("draft", "correct"):
            return
        self.dirty = True
        if self.mode == "draft":
            self.autosave_timer.start()
            self.save_state.setText("有未保存的修改，稍后自动保存")

    # ---- saving and the ledger ----------------------------------------------------------------
    def _save_task(self, data, on_done=None, on_error=None, owner=True):
        ws, box = self.ws, self._box

        def work():
            view = save_talk(ws, box["id"], data)
            box["id"] = view.id
            return view

        return self.ctx.tasks.run(work, on_done=on_done, on_error=on_error, owner=self if owner else None,
                                  label="正在保存谈话记录…")

    def save_now(self, then=None) -> None:
        if self.mode != "draft":
            return
        if then:
            self._after_save.append(then)
        if self._saving:
            return
        self.autosave_timer.stop()
        self._saving, self.dirty = True, False
        self._save_task(self.value(), on_done=self._saved, on_error=self._save_failed)

    def _saved(self, view) -> None:
        self._saving = False
        self.view, self.talk_id = view, view.id
        if self.attachments.record_id is None:
            self.attachments.set_record(view.id, view.status, view.attachments, {})
        self.buttons["delete"].setEnabled(True)
        self.save_state.setText("草稿已保存，内容加密保存在支部纪实本中")
        self.show_findings(view.findings)
        self.saved.emit(view.id)
        then, self._after_save = self._after_save, []
        if self.dirty:
            self.save_now()
            self._after_save = then + self._after_save
            return
        for fn in then:
            fn()

    def _save_failed(self, exc: BaseException) -> bool:
        self._saving, self.dirty, self._after_save = False, True, []
        self.save_state.setText(f"草稿未能保存：{exc}" if isinstance(exc, ZhibuError) else "草稿未能保存")
        return isinstance(exc, ZhibuError)

    def reload(self, then=None) -> None:
        self.ctx.tasks.run(load_talk, self.ws, self.talk_id, owner=self, label="正在读取谈话记录…",
                           on_done=lambda d: (self.open_record(d), self.saved.emit(d.view.id), then and then()))

    def finalize(self) -> None:
        if self.mode != "draft":
            return
        if self.dirty or self._saving or self.talk_id is None:
            self.save_now(then=self.finalize)
            return

        def failed(exc: BaseException) -> bool:
            if getattr(exc, "findings", None):
                self.show_findings(exc.findings)
            self.banner.setText(str(exc))
            self.banner.show()
            return isinstance(exc, ZhibuError)

        self.confirm_box = confirm_finalize(self, "谈心谈话记录", lambda: self.ctx.tasks.run(
            self.ws.talks.finalize, self.talk_id, owner=self, on_error=failed, label="正在定稿…",
            on_done=lambda _v: self.reload()), "谈心谈话记录")

    def start_correction(self) -> None:
        if self.mode == "final":
            self.set_mode("correct")
            self.load_roster()  # everyone who belonged that day, to correct who talked

    def _amendment(self, kind: str, run) -> AmendmentDialog:
        dlg = AmendmentDialog(kind, "谈心谈话记录", self)

        def submitted(reason: str, note: str) -> None:
            def failed(exc: BaseException) -> bool:
                dlg.show_failure(str(exc) if isinstance(exc, ZhibuError) else "操作没有完成。")
                return isinstance(exc, ZhibuError)

            self.ctx.tasks.run(run, reason, note, owner=self, on_error=failed, label="正在写入纪实…",
                               on_done=lambda _v: (dlg.accept(), self.reload(lambda: self.tabs.setCurrentIndex(2))))

        dlg.submitted.connect(submitted)
        self.amendment_dialog = dlg
        dlg.open()
        return dlg

    def submit_correction(self):
        data, tid, talks = self.value(), self.talk_id, self.ws.talks
        return self._amendment("correction", lambda reason, note: talks.amend(tid, data, reason=reason, note=note))

    def supplement(self):
        tid, talks = self.talk_id, self.ws.talks
        return self._amendment("supplement", lambda reason, note: talks.amend(tid, None, reason=reason, note=note))

    def void(self):
        tid, talks = self.talk_id, self.ws.talks
        return self._amendment("void", lambda reason, _note: talks.void(tid, reason))

    def delete_draft(self, confirmed: bool = False) -> None:
        if self.talk_id is None or (not confirmed and QMessageBox.question(
                self, "删除草稿", "删除这份谈话记录草稿吗？删除后不能恢复。", QMessageBox.Yes | QMessageBox.No,
                QMessageBox.No) != QMessageBox.Yes):
            return
        tid = self.talk_id
        self.dirty = False
        self.ctx.tasks.run(self.ws.talks.delete_draft, tid, owner=self, label="正在删除草稿…",
                           on_done=lambda _r: (self.saved.emit(tid), QDialog.reject(self)))

    # ---- closing and locking ------------------------------------------------------------------
    def reject(self) -> None:
        if not self._for_lock and self.mode == "draft" and (self.dirty or self._saving):
            self.save_now(then=lambda: QDialog.reject(self))
            return
        QDialog.reject(self)

    def draft_for_lock(self) -> dict:
        """The draft goes into the encrypted book before the lock; an uncommitted 更正 stays in memory."""
        self._for_lock = True
        self.autosave_timer.stop()
        item = {"kind": "talk", "id": self.talk_id, "mode": self.mode, "input": None}
        if self.mode == "draft" and (self.dirty or self._saving):
            item["input"] = self.value()
            self._save_task(item["input"], on_done=lambda v: item.update(id=v.id, input=None),
                            on_error=lambda _e: True, owner=False)
        elif self.mode == "correct" and self.dirty:
            item["input"] = self.value()
        return item

    # ---- 打印/导出 (hook; the dialog belongs to ui.documents) ---------------------------------------
    def print_export(self) -> None:
        """The talk's 打印/导出 dialog; a draft is saved first, so the document shows what is on screen."""
        from ui.documents.export_dialog import open_export_dialog

        def go() -> None:
            if self.talk_id is not None:
                self.export_dialog = open_export_dialog(self.ctx, self, "heart_talk", self.talk_id)

        if self.mode == "draft" and (self.dirty or self._saving or self.talk_id is None):
            self.save_now(then=go)
        else:
            go()
