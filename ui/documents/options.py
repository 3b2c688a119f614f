"""The options of one document kind: the record it is built from (the year's meetings, talks or evaluation
rounds, read through the services), year, month, copies, the member of a 党性分析材料, full ID numbers, and the
file format. Used by the 文档 page and by the 打印/导出 dialog of a single record (record fixed)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QComboBox, QFormLayout, QHBoxLayout, QLabel, QRadioButton,
                               QSpinBox, QWidget)

from ui.documents.data import Choice, Request, default_choice, record_choices, round_members

NO_ROUND = "（不指定，打印空白测评表）"
ALL_MEMBERS = "全部党员（每人一页）"
FULL_ID_WARNING = "将打印完整身份证号。每次生成都会记入审计日志；打印件和文件请妥善保管，用后及时销毁。"


class OptionsForm(QWidget):
    """``changed`` whenever the request or the format changes; ``ready`` says whether it can be built."""

    changed = Signal()

    def __init__(self, ctx, parent: QWidget | None = None, *, fixed_record: tuple[str, int] | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.info = None
        self.fixed = fixed_record
        self.choices: list[Choice] = []
        self._gen = 0
        self._loading = False
        self._kept = self._selected = None
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setLabelAlignment(Qt.AlignRight | Qt.AlignVCenter)
        self.form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)

        self.year = QSpinBox()
        self.year.setRange(1949, date.today().year + 1)
        self.year.setValue(date.today().year)
        self.year.setSuffix(" 年")
        self.year.valueChanged.connect(self._year_changed)
        self.record = QComboBox()
        self.record.setMinimumContentsLength(16)
        self.record.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.record.view().setMinimumWidth(420)  # the list shows whole titles
        self.record.currentIndexChanged.connect(self._record_changed)
        self.record_hint = QLabel()
        self.record_hint.setObjectName("hint")
        self.record_hint.setWordWrap(True)
        self.member = QComboBox()
        self.member.currentIndexChanged.connect(self._emit)
        self.month = QComboBox()
        self.month.addItem("全年", None)
        for m in range(1, 13):
            self.month.addItem(f"{m}月", m)
        self.month.setCurrentIndex(date.today().month)
        self.month.currentIndexChanged.connect(self._emit)
        self.copies = QSpinBox()
        self.copies.setRange(1, 200)
        self.copies.setSuffix(" 份")
        self.copies.valueChanged.connect(self._emit)
        self.full_id = QCheckBox("打印完整身份证号")
        self.full_id.toggled.connect(self._full_id_toggled)
        self.full_id_warning = QLabel(FULL_ID_WARNING)
        self.full_id_warning.setWordWrap(True)
        self.full_id_warning.setStyleSheet("color: #b3261e;")
        self.pdf = QRadioButton("PDF")
        self.pdf.setChecked(True)
        self.docx = QRadioButton("Word (.docx)")
        self.docx.setToolTip("可在 WPS、Word 中继续编辑；版式与 PDF 可能略有差别，内容相同")
        self.formats = QButtonGroup(self)
        self.formats.addButton(self.pdf)
        self.formats.addButton(self.docx)
        self.formats.buttonToggled.connect(lambda _b, on: on and self._emit())
        fmt_row = QWidget()
        box = QHBoxLayout(fmt_row)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.pdf)
        box.addWidget(self.docx)
        box.addStretch(1)

        self.rows = {}
        for key, label, widget in (("year", "年度", self.year), ("record", "记录", self.record),
                                   ("record_hint", "", self.record_hint), ("member", "党员", self.member),
                                   ("month", "月份", self.month), ("copies", "份数", self.copies),
                                   ("full_id", "身份证号", self.full_id), ("full_id_warning", "", self.full_id_warning),
                                   ("format", "格式", fmt_row)):
            self.form.addRow(label, widget)
            self.rows[key] = widget
        self.set_kind(None)

    # ---- state ------------------------------------------------------------------------------
    def set_kind(self, info) -> None:
        """Show the options of ``info`` (a KindInfo) and load its records."""
        self.info = info
        opts = info.options if info else ()
        needs_records = bool(info and info.record_types) and self.fixed is None
        self._show("year", bool(info) and self.fixed is None and ("year" in opts or needs_records))
        self._show("record", needs_records)
        self._show("record_hint", False)
        self._show("member", "member_id" in opts)
        self._show("month", "month" in opts)
        self._show("copies", "copies" in opts)
        self._show("full_id", "full_id" in opts)
        self._show("full_id_warning", "full_id" in opts and self.full_id.isChecked())
        self._show("format", bool(info))
        if info and info.needs_record and "evaluation" in info.record_types and self.fixed is None:
            self._latest_round_year()
        self.reload_records()

    def _show(self, key: str, visible: bool) -> None:
        self.form.setRowVisible(self.rows[key], visible)

    def _latest_round_year(self) -> None:
        """A round is held at the end of the year: before it, the latest one is last year's."""
        if self.year.value() == date.today().year and date.today().month < 12:
            self.year.blockSignals(True)
            self.year.setValue(date.today().year - 1)
            self.year.blockSignals(False)

    def reload_records(self) -> None:
        self._gen += 1
        gen, info = self._gen, self.info
        if info is None:
            return
        if self.fixed is None and info.record_types:
            self._kept = self._current_choice()  # reselected when the same record is listed again
            self._set_choices([], loading=True)
            self.ctx.tasks.run(record_choices, self.ctx.ws, info.record_types, info.meeting_kinds, self.year.value(),
                               owner=self, label="正在读取记录…",
                               on_done=lambda rows: gen == self._gen and self._set_choices(rows))
        else:
            self._load_members()
            self._emit()

    def _set_choices(self, rows: list[Choice], loading: bool = False) -> None:
        if not loading:
            self._selected = self._kept
        self._loading = True
        try:
            self.choices = rows
            self.record.clear()
            optional = self.info is not None and not self.info.needs_record
            if optional:
                self.record.addItem(NO_ROUND, None)
            for c in rows:
                self.record.addItem(c.label, c.id)
            keep = [i for i, c in enumerate(rows) if (c.record_type, c.id) == self._selected]
            index = keep[0] if keep else default_choice(self.info.name, rows) if self.info else -1
            self.record.setCurrentIndex(index + 1 if optional else max(index, 0))
        finally:
            self._loading = False
        what = "、".join({"meeting": "会议", "heart_talk": "谈心谈话", "evaluation": "民主评议"}[t]
                        for t in (self.info.record_types if self.info else ()))
        if loading:
            hint = "正在读取…"
        elif not rows:
            hint = f"{self.year.value()}年没有可用的{what}记录，请换一个年度。"
        else:
            hint = ""
        if self.info and self.info.meeting_kinds and not rows and not loading:
            hint = f"{self.year.value()}年没有组织生活会记录，请换一个年度。"
        self.record_hint.setText(hint)
        self._show("record_hint", bool(hint) and self.rows_visible("record"))
        self._load_members()
        self._emit()

    def _current_choice(self) -> tuple[str, int] | None:
        rid = self.record.currentData()
        return next(((c.record_type, c.id) for c in self.choices if c.id == rid), None)

    def rows_visible(self, key: str) -> bool:
        return self.form.isRowVisible(self.rows[key])

    def _load_members(self) -> None:
        self.member.clear()
        self.member.addItem(ALL_MEMBERS, None)
        if self.info is None or "member_id" not in self.info.options:
            return
        rid = self.record_id()
        if rid is None:
            return
        gen = self._gen
        self.ctx.tasks.run(round_members, self.ctx.ws, rid, owner=self, label="正在读取评议名单…",
                           on_done=lambda rows: gen == self._gen and self._set_members(rows))

    def _set_members(self, rows) -> None:
        self._loading = True
        try:
            for mid, name in rows:
                self.member.addItem(name, mid)
        finally:
            self._loading = False

    def _year_changed(self, _value) -> None:
        if self.info is not None and self.info.record_types and self.fixed is None:
            self.reload_records()
        else:
            self._emit()

    def _record_changed(self, _index) -> None:
        if self._loading:
            return
        self._gen += 1
        self._load_members()
        self._emit()

    def _full_id_toggled(self, on: bool) -> None:
        self._show("full_id_warning", on and self.info is not None and "full_id" in self.info.options)
        self._emit()

    def _emit(self, *_args) -> None:
        if not self._loading:
            self.changed.emit()

    # ---- the result -------------------------------------------------------------------------
    def record_id(self) -> int | None:
        if self.fixed is not None:
            return self.fixed[1]
        if self.info is None or not self.info.record_types:
            return None
        return self.record.currentData()

    def ready(self) -> bool:
        return self.info is not None and (not self.info.needs_record or self.record_id() is not None)

    def fmt(self) -> str:
        return "docx" if self.docx.isChecked() else "pdf"

    def request(self) -> Request | None:
        info = self.info
        if info is None or not self.ready():
            return None
        opts = info.options
        rid = self.record_id()
        year = self.year.value() if "year" in opts and rid is None else None
        return Request(info.name, rid, year=year,
                       month=self.month.currentData() if "month" in opts else None,
                       copies=self.copies.value() if "copies" in opts else None,
                       full_id=self.full_id.isChecked() if "full_id" in opts else False,
                       member_id=self.member.currentData() if "member_id" in opts else None)
