"""The committee's view of one branch: its records as the branch sees them (current text, amendments, history,
attachments), its roster (ID numbers masked), its rule status this year and the reviews given; any record
printed or saved through the branch's own builders, marked 工委留存. Opened from 支部, 落实情况, 预警 and 总览."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QDialog, QFileDialog, QHBoxLayout, QLabel, QPushButton, QSplitter, QTabWidget,
                               QTextBrowser, QVBoxLayout, QWidget)

from desktop.committee.printing import PRINTABLE
from desktop.committee.records import TYPE_LABELS
from ui.committee.compliance_model import STATE_TEXT, period_short
from ui.committee.data import BranchViewData, load_branch_view, save_attachment, save_record
from ui.display import fmt_date, fmt_datetime
from ui.documents.actions import last_folder, remember_folder
from ui.meetings.record_text import evaluation_text, meeting_text, talk_text
from ui.pages import ChangeWatch
from ui.widgets.page_messages import PageMessages
from ui.widgets.row_list_model import RowListModel
from ui.widgets.row_table import read_only_table

STATUS_TEXT = {"held": "有效", "corrected": "已更正", "voided": "已作废"}
STATUS_COLOR = {"held": "#1f1f1f", "corrected": "#8a5a00", "voided": "#9a9a9a"}
TEXTS = {"meeting": meeting_text, "heart_talk": talk_text, "evaluation": evaluation_text}


class RecordsModel(RowListModel):
    titles = ("日期", "类型", "标题", "纪实哈希", "状态", "工委首次收到")

    def data(self, index: QModelIndex, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        r, col = self._rows[index.row()], index.column()
        if role == Qt.DisplayRole:
            return (fmt_date(r.day, "—"), TYPE_LABELS.get(r.record_type, r.record_type), r.title, r.short_hash,
                    STATUS_TEXT[r.status], fmt_datetime(r.first_seen_at))[col]
        if role == Qt.ForegroundRole and col == 4:
            return QColor(STATUS_COLOR[r.status])
        return None


class RosterModel(RowListModel):
    titles = ("姓名", "性别", "党员类别", "入党日期", "转正日期", "党小组", "身份证号（已遮盖）")
    keys = ("name", "gender", "status", "joined_on", "full_on", "group", "id_masked")

    def data(self, index: QModelIndex, role=Qt.DisplayRole):
        if index.isValid() and role == Qt.DisplayRole:
            value = self._rows[index.row()].get(self.keys[index.column()])
            if value and index.column() in (3, 4):
                from datetime import date

                return fmt_date(date.fromisoformat(value))
            return value or "—"
        return None


class StatusModel(RowListModel):
    titles = ("规则", "期间", "状态", "说明")

    def data(self, index: QModelIndex, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        title, c = self._rows[index.row()]
        if role == Qt.DisplayRole:
            return (title, period_short(c.period), STATE_TEXT[c.state], c.message)[index.column()]
        if role == Qt.ForegroundRole and index.column() == 2 and c.state == "overdue":
            return QColor("#b3261e")
        if role == Qt.ToolTipRole and index.column() == 3:
            return c.message
        return None


def entry_line(e) -> str:
    """When the branch entered it: 定稿录入 time, 补录, and a clock read earlier than the chain allowed."""
    if e is None:
        return "支部定稿录入：—"
    text = f"支部定稿录入：{fmt_datetime(e.entered_at)}"
    if e.late_entry:
        text += "（补录）"
    if e.clock_anomaly and e.clock_reading:
        text += f"；时钟异常：录入时电脑时钟读数为{fmt_datetime(e.clock_reading)}，早于前一条纪实"
    return text


def review_lines(reviews, record_type: str, record_id: int) -> list[str]:
    out = []
    for r in reviews:
        if r.record_type == record_type and r.record_id == record_id:
            state = f"（支部已{r.answer}）" if r.answered else ("（待支部更正或补充说明）" if r.open else "")
            out.append(f"{fmt_date(r.reviewed_at)} 工委{r.verdict_label}：{r.opinion or '无意见'}{state}")
    return out


class BranchDialog(PageMessages, QDialog):
    def __init__(self, ctx, branch_id: str, parent: QWidget | None = None, *, record_type: str | None = None,
                 ids=(), why: str = ""):
        super().__init__(parent)
        self.ctx, self.branch_id = ctx, branch_id
        self.focus = (record_type, tuple(ids)) if ids else None
        self.why = why
        self.data: BranchViewData | None = None
        self.detail = None
        self.saved: Path | None = None
        self.setWindowTitle("支部详情")
        self.resize(1080, 660)
        outer = QVBoxLayout(self)
        self.heading = QLabel("正在读取…")
        self.heading.setObjectName("pageTitle")
        outer.addWidget(self.heading)
        self.sub = QLabel()
        self.sub.setObjectName("subtitle")
        self.sub.setWordWrap(True)
        outer.addWidget(self.sub)
        self.tabs = QTabWidget()
        outer.addWidget(self.tabs, 1)

        records = QWidget()
        box = QVBoxLayout(records)
        bar = QHBoxLayout()
        self.filter_label = QLabel()
        self.filter_label.setStyleSheet("color: #2f5f8f;")
        bar.addWidget(self.filter_label)
        self.show_all = QPushButton("显示全部记录")
        self.show_all.clicked.connect(self.clear_focus)
        bar.addWidget(self.show_all)
        bar.addStretch(1)
        box.addLayout(bar)
        split = QSplitter(Qt.Horizontal)
        self.records_model = RecordsModel(self)
        self.records = read_only_table(self.records_model, "branchRecords", (104, 70, 200, 104, 60))
        self.records.selectionModel().selectionChanged.connect(lambda *_: self.load_detail())
        split.addWidget(self.records)
        right = QWidget()
        rbox = QVBoxLayout(right)
        rbox.setContentsMargins(0, 0, 0, 0)
        self.text = QTextBrowser()
        self.text.setObjectName("recordText")
        rbox.addWidget(self.text, 1)
        actions = QHBoxLayout()
        self.save_button = QPushButton("打印/另存为（工委留存）…")
        self.save_button.setToolTip("用支部的文档格式生成这条记录的 PDF 或 Word，标注“工委留存”")
        self.save_button.clicked.connect(self.choose_save)
        self.attachment_button = QPushButton("另存附件…")
        self.attachment_button.clicked.connect(self.choose_attachment)
        self.review_button = QPushButton("审阅这条记录…")
        self.review_button.clicked.connect(self.review_selected)
        for b in (self.save_button, self.attachment_button, self.review_button):
            actions.addWidget(b)
        actions.addStretch(1)
        rbox.addLayout(actions)
        split.addWidget(right)
        split.setSizes([600, 460])
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        box.addWidget(split, 1)
        self.tabs.addTab(records, "记录")

        self.status_model = StatusModel(self)
        self.tabs.addTab(read_only_table(self.status_model, "branchStatus", (120, 70, 70)), "落实情况")
        self.roster_model = RosterModel(self)
        roster = QWidget()
        rlay = QVBoxLayout(roster)
        rlay.addWidget(read_only_table(self.roster_model, "branchRoster", (90, 50, 80, 110, 110, 100)), 1)
        note = QLabel("名册来自支部最近一次报送的数据包；身份证号按工委的政策遮盖显示。")
        note.setObjectName("hint")
        rlay.addWidget(note)
        self.tabs.addTab(roster, "名册")
        self._update_buttons()
        # what it shows changes with a bundle imported (sync), a 审阅 given (reviews) or the rules in force (settings)
        self.watch = ChangeWatch(self, ctx, ("sync", "reviews", "settings"), self.reload)
        self.watch.activated()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self.watch.activated()  # changes made while it was hidden

    # ---- loading ----------------------------------------------------------------------------
    def reload(self) -> None:
        self.ctx.tasks.run(load_branch_view, self.ctx.ws, self.branch_id, owner=self, on_done=self._loaded,
                           label="正在读取支部…")

    def _loaded(self, data: BranchViewData) -> None:
        before = self.selected()
        self.data = data
        b = data.branch
        self.setWindowTitle(f"支部详情 · {b.name}")
        self.heading.setText(b.name)
        self.sub.setText(f"{data.unit or '—'} · 支部编号 {b.branch_id[:8]}… · 最近数据包第 {b.last_seq or '—'} 号，"
                         f"{fmt_datetime(b.last_received_at, '尚未收到')}收到 · 工委保存纪实 {b.held_length} 条")
        self._show_records()
        if before is not None:  # a refresh keeps the clerk's place (and reads its detail again)
            self.select_record(before.record_type, before.record_id)
        status = []
        titles = {r.rule_id: r.title for r in data.rules}
        if data.status is not None:
            status = [(titles.get(c.rule_id, c.rule_id), c) for c in data.status.cells]
        self.status_model.set_rows(status)
        self.roster_model.set_rows(data.roster)
        self.tabs.setTabText(2, f"名册（{len(data.roster)}人）")

    def _show_records(self) -> None:
        rows = list(self.data.records)
        if self.focus:
            rtype, ids = self.focus
            rows = [r for r in rows if r.record_type == rtype and r.record_id in ids]
            self.filter_label.setText(f"只显示：{self.why or '所选记录'}（{len(rows)}条）")
        self.filter_label.setVisible(bool(self.focus))
        self.show_all.setVisible(bool(self.focus))
        self.records_model.set_rows(list(reversed(rows)))  # newest first
        if rows:
            self.records.selectRow(0)
        else:
            self.text.setPlainText("没有记录。")

    def clear_focus(self) -> None:
        self.focus = None
        if self.data is not None:
            self._show_records()

    def select_record(self, record_type: str, record_id: int) -> bool:
        for i, r in enumerate(self.records_model.rows()):
            if r.record_type == record_type and r.record_id == record_id:
                self.records.selectRow(i)
                return True
        return False

    def selected(self):
        rows = self.records.selectionModel().selectedRows()
        return self.records_model.row_at(rows[0].row()) if rows else None

    def load_detail(self) -> None:
        row = self.selected()
        self._update_buttons()
        if row is None:
            return
        from desktop.committee.branch_view import detail

        self.ctx.tasks.run(detail, self.ctx.ws, self.branch_id, row.record_type, row.record_id, owner=self,
                           on_done=self._show_detail, label="正在读取记录…")

    def _show_detail(self, d) -> None:
        if self.selected() is None or self.selected().hash != d.row.hash:
            return
        self.detail = d
        r = d.row
        lines = [f"【{STATUS_TEXT[r.status]}】纪实第{r.seq}条 · 哈希 {r.hash}",
                 entry_line(d.entry), f"工委首次收到：{fmt_datetime(r.first_seen_at)}（第{r.bundle_seq}号数据包）"]
        lines += review_lines(self.data.reviews if self.data else [], r.record_type, r.record_id)
        lines += ["", "—— 现在的内容 ——", TEXTS[r.record_type](d.record, d.supplements)]
        if len(d.history) > 1:
            lines += ["", "—— 历史 ——", f"1. 定稿（纪实第{r.seq}条）"]
            for i, v in enumerate(d.history[1:], start=2):
                a = v.amendment
                fields = "、".join(a.changes) if a.changes else ""
                lines.append(f"{i}. {a.kind.label}：{a.reason or a.note}" + (f"（修改：{fields}）" if fields else ""))
        self.text.setPlainText("\n".join(lines))
        self._update_buttons()

    def _update_buttons(self) -> None:
        row = self.selected()
        self.save_button.setEnabled(row is not None and row.record_type in PRINTABLE)
        self.review_button.setEnabled(row is not None)
        self.attachment_button.setEnabled(bool(self.detail and row and self.detail.row.hash == row.hash
                                               and self.detail.attachments))

    # ---- actions ----------------------------------------------------------------------------
    def choose_save(self) -> None:
        row = self.selected()
        if row is None:
            return
        name = f"{self.data.branch.name}-{row.title}-工委留存.pdf".replace("/", "-")
        path, _ = QFileDialog.getSaveFileName(self, "打印/另存为", str(last_folder(self.ctx.store) / name),
                                              "PDF 文件 (*.pdf);;Word 文档 (*.docx)")
        if path:
            remember_folder(self.ctx.store, Path(path).parent)
            self.save_to(Path(path))

    def save_to(self, out: Path) -> None:
        row = self.selected()

        def done(path: Path) -> None:
            self.saved = Path(path)
            self._inform(f"已保存：{path}")

        self.ctx.tasks.run(save_record, self.ctx.ws, self.branch_id, row.record_type, row.record_id, out,
                           owner=self, on_done=done, label="正在生成文档…")

    def choose_attachment(self) -> None:
        if not self.detail or not self.detail.attachments:
            return
        a = self.detail.attachments[0]
        if len(self.detail.attachments) > 1:
            from PySide6.QtWidgets import QInputDialog

            names = [x.name for x in self.detail.attachments]
            name, ok = QInputDialog.getItem(self, "另存附件", "选择附件：", names, 0, False)
            if not ok:
                return
            a = self.detail.attachments[names.index(name)]
        path, _ = QFileDialog.getSaveFileName(self, "另存附件", str(last_folder(self.ctx.store) / a.name))
        if path:
            self.ctx.tasks.run(save_attachment, self.ctx.ws, a.sha256, Path(path), owner=self,
                               on_done=lambda p: self._inform(f"已保存附件：{p}"), label="正在保存附件…")

    def review_selected(self):
        row = self.selected()
        window = getattr(self.ctx.session, "main_window", None)
        if row is None or window is None:
            return None
        page = window.show_page("reviews")
        if page is not None and hasattr(page, "prefill"):
            page.prefill(row.hash)
        self.close()  # the clerk writes the opinion on 审阅; the branch opens again from 支部
        return page
