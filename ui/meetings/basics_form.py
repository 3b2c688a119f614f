"""基本信息 of a meeting: type, time, place, people, and the fields a type adds (党小组, 讲课人/题目, 主题).

The form fills a ``MeetingInput``; it does not judge the input (the service does). Messages about a field
(``Finding.field``) are shown under that field.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time

from PySide6.QtCore import QTime, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QSpinBox, QTimeEdit, QWidget

from desktop.domain.meeting_enums import MeetingKind
from desktop.domain.meeting_rules import MeetingInput, default_title
from ui.widgets.date_edit import DateEdit
from ui.widgets.form_field import field_box

_SPLIT = re.compile(r"[、，,；;\n]+")
NO_PERSON = "（请选择）"
NOT_FILLED = "（未填写）"


def split_names(text: str) -> list[str]:
    return [t.strip() for t in _SPLIT.split(text or "") if t.strip()]


def fill_people(combo: QComboBox, roster, empty: str, keep_id=None) -> None:
    """Members who belonged on the day, by name (id as data); the chosen person stays chosen."""
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(empty, None)
    for m in roster:
        combo.addItem(m.name, m.id)
    i = combo.findData(keep_id) if keep_id is not None else 0
    combo.setCurrentIndex(max(i, 0))
    combo.blockSignals(False)


class BasicsForm(QWidget):
    changed = Signal()
    day_changed = Signal()  # type, date or 党小组: the expected list must be fetched again

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._errors: dict[str, QLabel] = {}
        self._rows: dict[str, QWidget] = {}
        self._roster_names: dict[int, str] = {}
        self.setMaximumWidth(760)
        self.form = QFormLayout(self)
        self.form.setVerticalSpacing(4)
        self.form.setHorizontalSpacing(12)

        self.kind = QComboBox()
        for k in MeetingKind:
            self.kind.addItem(k.label, k.value)
        self.group = QComboBox()
        self.group.setPlaceholderText("请选择党小组")
        self.day = DateEdit(default_date=date.today())
        self.start = QTimeEdit(QTime(9, 0))
        self.end = QTimeEdit(QTime(10, 30))
        for t in (self.start, self.end):
            t.setDisplayFormat("HH:mm")
        when = QWidget()
        row = QHBoxLayout(when)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.day)
        row.addSpacing(8)
        row.addWidget(QLabel("开始"))
        row.addWidget(self.start)
        row.addWidget(QLabel("结束"))
        row.addWidget(self.end)
        row.addStretch(1)
        self.place = QLineEdit()
        self.place.setPlaceholderText("会议地点，如：机关三楼会议室")
        self.chair = QComboBox()
        self.recorder = QComboBox()
        self.lecturer = QComboBox()
        self.lecturer.setEditable(True)
        self.lecturer.lineEdit().setPlaceholderText("选择本支部党员，或输入外请讲课人的姓名和职务")
        self.topic = QLineEdit()
        self.topic.setPlaceholderText("党课题目")
        self.theme = QLineEdit()
        self.theme.setPlaceholderText("本次主题党日的主题")
        self.study = QSpinBox()
        self.study.setRange(-1, 24 * 60)
        self.study.setSingleStep(30)
        self.study.setSuffix(" 分钟")
        self.study.setValue(-1)
        self.title = QLineEdit()
        self.observers = QLineEdit()
        self.observers.setPlaceholderText("不是应到人员但列席会议的人，多人用顿号分隔")
        self.upper = QLineEdit()
        self.upper.setPlaceholderText("上级党组织参加会议的人员及职务，多人用顿号分隔")

        self._row("kind", "会议类型", self.kind)
        self._row("group", "党小组", self.group)
        self._row("start", "时间", when)
        self._errors["end"] = self._errors["start"]
        self._row("place", "地点", self.place)
        self._row("chair", "主持人", self.chair)
        self._row("recorder", "记录人", self.recorder)
        self._row("lecturer", "讲课人", self.lecturer)
        self._row("topic", "党课题目", self.topic)
        self._row("theme", "主题", self.theme)
        self._row("study_minutes", "计入学时", self.study,
                  hint="出席党员每人计入的学习时长；党课和集中学习默认按活动时长计算。")
        self._row("title", "标题", self.title)
        self._row("observers", "列席人员", self.observers)
        self._row("upper_attendees", "上级参加人员", self.upper)

        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.group.currentIndexChanged.connect(lambda _i: (self._update_title_hint(), self.day_changed.emit()))
        self.day.valueChanged.connect(lambda _v: self._day_edited())
        for w in (self.start, self.end):
            w.timeChanged.connect(lambda _t: self.changed.emit())
        for w in (self.place, self.topic, self.theme, self.title, self.observers, self.upper):
            w.textChanged.connect(lambda _t: self.changed.emit())
        for w in (self.chair, self.recorder):
            w.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.lecturer.currentTextChanged.connect(lambda _t: self.changed.emit())
        self.study.valueChanged.connect(lambda _v: self.changed.emit())
        self._kind_changed(emit=False)

    def _row(self, field: str, label: str, widget: QWidget, hint: str = "") -> None:
        box, self._errors[field] = field_box(widget, hint)
        self._rows[field] = box
        self.form.addRow(f"{label}：", box)

    # ---- reacting to edits ------------------------------------------------------------------
    def _kind_changed(self, _i=None, emit: bool = True) -> None:
        kind = self.current_kind()
        self.form.setRowVisible(self._rows["group"], kind == MeetingKind.GROUP_MEETING)
        for f in ("lecturer", "topic"):
            self.form.setRowVisible(self._rows[f], kind == MeetingKind.PARTY_LECTURE)
        self.form.setRowVisible(self._rows["theme"], kind == MeetingKind.THEME_DAY)
        self.study.setSpecialValueText("按活动时长计算" if kind.credits_study else "不计入学时")
        self._update_title_hint()
        if emit:
            self.day_changed.emit()

    def _day_edited(self) -> None:
        self._update_title_hint()
        self.day_changed.emit()

    def _update_title_hint(self) -> None:
        d = self.day.value() or date.today()
        group = self.group.currentText() if self.current_kind() == MeetingKind.GROUP_MEETING else ""
        hint = f"留空则为：{default_title(self.current_kind(), datetime.combine(d, time()), group)}"
        self.title.setProperty("hint_text", hint)
        if not self.title.isReadOnly():
            self.title.setPlaceholderText(self.title.property("hint_text"))

    # ---- values -----------------------------------------------------------------------------
    def current_kind(self) -> MeetingKind:
        return MeetingKind(self.kind.currentData())

    def current_day(self) -> date | None:
        return self.day.value()

    def group_id(self) -> int | None:
        return self.group.currentData() if self.current_kind() == MeetingKind.GROUP_MEETING else None

    def set_context(self, ctx) -> None:
        """Roster and groups of the chosen day; the people already chosen stay chosen when still there."""
        self._roster_names = {m.id: m.name for m in ctx.roster}
        fill_people(self.chair, ctx.roster, NO_PERSON, self.chair.currentData())
        fill_people(self.recorder, ctx.roster, NOT_FILLED, self.recorder.currentData())
        text = self.lecturer.currentText()
        fill_people(self.lecturer, ctx.roster, "", None)
        self.lecturer.blockSignals(True)
        self.lecturer.setEditText(text)
        self.lecturer.blockSignals(False)
        gid = self.group.currentData()
        self.group.blockSignals(True)
        self.group.clear()
        for g in ctx.groups:
            self.group.addItem(g.name, g.id)
        self.group.setCurrentIndex(self.group.findData(gid) if gid is not None else -1)
        self.group.blockSignals(False)

    def load(self, data: MeetingInput, names: dict[int, str] | None = None) -> None:
        """Show an input (signals are left to the caller to block). ``names`` covers people not on the roster."""
        self.kind.setCurrentIndex(self.kind.findData(MeetingKind(data.kind).value))
        self._kind_changed(emit=False)
        if data.group_id is not None and self.group.findData(data.group_id) >= 0:
            self.group.setCurrentIndex(self.group.findData(data.group_id))
        self.day.setValue(data.start.date())
        self.start.setTime(QTime(data.start.hour, data.start.minute))
        if data.end:
            self.end.setTime(QTime(data.end.hour, data.end.minute))
        self.place.setText(data.place)
        for combo, mid in ((self.chair, data.chair_id), (self.recorder, data.recorder_id)):
            self._choose(combo, mid, names)
        if data.lecturer_id is not None:
            self._choose(self.lecturer, data.lecturer_id, names)
        else:
            self.lecturer.setEditText(data.lecturer_name)
        self.topic.setText(data.topic)
        self.theme.setText(data.theme)
        self.study.setValue(-1 if data.study_minutes is None else data.study_minutes)
        self.title.setText(data.title)
        self.observers.setText("、".join(data.observers))
        self.upper.setText("、".join(data.upper_attendees))
        self._update_title_hint()

    def _choose(self, combo: QComboBox, member_id, names) -> None:
        if member_id is None:
            combo.setCurrentIndex(0)
            return
        i = combo.findData(member_id)
        if i < 0:  # someone no longer on this day's roster: keep them visible so the service can say why
            combo.addItem((names or {}).get(member_id, f"编号{member_id}"), member_id)
            i = combo.count() - 1
        combo.setCurrentIndex(i)

    def apply(self, data: MeetingInput) -> None:
        day = self.day.value() or date.today()
        data.kind = self.current_kind()
        data.start = datetime.combine(day, time(self.start.time().hour(), self.start.time().minute()))
        data.end = datetime.combine(day, time(self.end.time().hour(), self.end.time().minute()))
        data.group_id = self.group_id()
        data.title, data.place = self.title.text(), self.place.text()
        data.chair_id, data.recorder_id = self.chair.currentData(), self.recorder.currentData()
        data.lecturer_id, data.lecturer_name = None, ""
        if data.kind == MeetingKind.PARTY_LECTURE:
            text = self.lecturer.currentText().strip()
            i = self.lecturer.findText(text)
            if text and i > 0 and self.lecturer.itemData(i) is not None:
                data.lecturer_id = self.lecturer.itemData(i)
            else:
                data.lecturer_name = text
            data.topic = self.topic.text()
        data.theme = self.theme.text() if data.kind == MeetingKind.THEME_DAY else ""
        data.study_minutes = None if self.study.value() < 0 else self.study.value()
        data.observers, data.upper_attendees = split_names(self.observers.text()), split_names(self.upper.text())

    # ---- modes and messages -----------------------------------------------------------------
    def set_editable(self, editable: bool, kind_fixed: bool = False) -> None:
        self.kind.setEnabled(editable and not kind_fixed)
        for w in (self.group, self.chair, self.recorder, self.lecturer, self.study, self.day):
            w.setEnabled(editable)
        for w in (self.start, self.end):
            w.setReadOnly(not editable)
        for w in (self.place, self.topic, self.theme, self.title, self.observers, self.upper):
            w.setReadOnly(not editable)
            if w.property("hint_text") is None:
                w.setProperty("hint_text", w.placeholderText())
            w.setPlaceholderText(w.property("hint_text") if editable else "")

    def show_findings(self, findings) -> set[str]:
        """Messages under their fields; returns the fields shown here."""
        for label in self._errors.values():
            label.clear()
            label.hide()
        shown = set()
        for f in findings:
            label = self._errors.get(f.field or "")
            if label is None:
                continue
            text = ("" if label.isHidden() else label.text() + "\n") + f.message
            label.setText(text)
            label.setStyleSheet("" if f.level == "error" else "color: #8a5a00;")
            label.show()
            shown.add(f.field)
        return shown

    def row_shown(self, field: str) -> bool:
        """Whether a field's row is shown for the chosen meeting type."""
        return not self._rows[field].isHidden()

    def error_text(self, field: str) -> str:
        label = self._errors.get(field)
        return label.text() if label is not None and not label.isHidden() else ""
