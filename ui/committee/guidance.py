"""工作提示 page: write a notice (title, text, deadline, attached files), save it as a file signed by the committee
where the clerk chooses (to hand to the branches, which import it on their 报送 side), and the list of notices
issued. A rule set or 考评 rubric is published with ``zhibu-cli committee guidance --rules/--rubric``."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (QFileDialog, QFormLayout, QFrame, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QPlainTextEdit, QPushButton, QVBoxLayout, QWidget)

from desktop.changes import mutates
from desktop.committee import guidance
from ui.display import fmt_date, fmt_datetime
from ui.documents.actions import last_folder, remember_folder
from ui.pages import ChangeWatch
from ui.widgets.date_edit import DateEdit
from ui.widgets.page_messages import PageMessages
from ui.widgets.row_list_model import RowListModel
from ui.widgets.row_table import read_only_table


def _d(text):
    from datetime import date, datetime

    if not text:
        return None
    return datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)


class IssuedModel(RowListModel):
    titles = ("编号", "签发时间", "标题", "截止日期", "有效期至", "附件", "保存位置")

    def data(self, index: QModelIndex, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        g, col = self._rows[index.row()], index.column()
        if role == Qt.DisplayRole:
            return (f"第{g['version']}号", fmt_datetime(_d(g["issued_at"])), g["title"],
                    fmt_date(_d(g["deadline"]), "—"), fmt_date(_d(g["expires_on"])),
                    "、".join(g["files"]) or "—", Path(g["file"]).name)[col]
        if role == Qt.ToolTipRole and col == 6:
            return g["file"]
        return None


@mutates("sync")
def issue(ws, title, text, deadline, files, out: Path):
    notice = guidance.issue(ws, title=title, text=text, out=out, deadline=deadline, files=files)
    return notice, guidance.issued(ws)


class GuidancePage(PageMessages, QWidget):
    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.watch = ChangeWatch(self, ctx, ("sync",), self.reload)  # the notices issued (refreshes from ctx.changed)
        self.written: Path | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 14)
        outer.setSpacing(8)
        head = QHBoxLayout()
        title = QLabel("工作提示")
        title.setObjectName("pageTitle")
        head.addWidget(title)
        sub = QLabel("写给各支部的通知：保存为工委签名的文件，支部导入后可见；支部只接受其信任的工委签发的、较新的、未过期的文件")
        sub.setObjectName("subtitle")
        sub.setWordWrap(True)
        head.addWidget(sub, 1, Qt.AlignBottom)
        outer.addLayout(head)

        card = QFrame()
        card.setObjectName("card")
        form = QFormLayout(card)
        form.setContentsMargins(16, 10, 16, 10)
        self.title = QLineEdit()
        self.title.setObjectName("guidanceTitle")
        self.title.setPlaceholderText("如：关于开展第三季度主题党日活动的提示")
        form.addRow("标题：", self.title)
        self.text = QPlainTextEdit()
        self.text.setObjectName("guidanceText")
        self.text.setFixedHeight(110)
        form.addRow("正文：", self.text)
        self.deadline = DateEdit(optional=True, empty_text="不设截止日期")
        form.addRow("截止日期：", self.deadline)
        files_row = QHBoxLayout()
        self.files = QListWidget()
        self.files.setFixedHeight(56)
        files_row.addWidget(self.files, 1)
        buttons = QVBoxLayout()
        add = QPushButton("添加附件…")
        add.clicked.connect(self.choose_files)
        remove = QPushButton("移除")
        remove.clicked.connect(lambda: self.files.takeItem(self.files.currentRow()))
        buttons.addWidget(add)
        buttons.addWidget(remove)
        files_row.addLayout(buttons)
        form.addRow("附件：", files_row)
        save_row = QHBoxLayout()
        self.save_button = QPushButton("签发并保存…")
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self.choose_save)
        self.result = QLabel()
        self.result.setWordWrap(True)
        save_row.addWidget(self.save_button)
        save_row.addWidget(self.result, 1)
        form.addRow("", save_row)
        outer.addWidget(card)

        label = QLabel("已签发的工作提示")
        label.setStyleSheet("font-weight: 600;")
        outer.addWidget(label)
        self.model = IssuedModel(self)
        self.table = read_only_table(self.model, "issuedTable", (60, 140, 220, 100, 100, 120))
        outer.addWidget(self.table, 1)

    def on_activated(self) -> None:
        self.watch.activated()

    def reload(self) -> None:
        self.ctx.tasks.run(guidance.issued, self.ctx.ws, owner=self, on_done=self.model.set_rows,
                           label="正在读取工作提示…")

    def attached(self) -> list[Path]:
        return [Path(self.files.item(i).data(Qt.UserRole)) for i in range(self.files.count())]

    def add_files(self, paths) -> None:
        for p in paths:
            self.files.addItem(Path(p).name)
            self.files.item(self.files.count() - 1).setData(Qt.UserRole, str(p))

    def choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "选择附件", str(last_folder(self.ctx.store)))
        if files:
            self.add_files(files)

    def choose_save(self) -> None:
        if not self.title.text().strip():
            self.result.setText("请填写工作提示的标题。")
            self.result.setStyleSheet("color: #b3261e;")
            return
        name = f"工作提示-{self.title.text().strip()[:20]}{guidance.SUFFIX}".replace("/", "-")
        path, _ = QFileDialog.getSaveFileName(self, "保存工作提示文件", str(last_folder(self.ctx.store) / name),
                                              f"工作提示文件 (*{guidance.SUFFIX})")
        if path:
            remember_folder(self.ctx.store, Path(path).parent)
            self.save_to(Path(path))

    def save_to(self, out: Path) -> None:
        if out.suffix != guidance.SUFFIX:
            out = out.with_name(out.name + guidance.SUFFIX)
        self.save_button.setEnabled(False)

        def failed(exc: BaseException) -> bool:
            self.save_button.setEnabled(True)
            return False

        self.ctx.tasks.run(issue, self.ctx.ws, self.title.text(), self.text.toPlainText(), self.deadline.value(),
                           self.attached(), out, owner=self, on_done=lambda r: self._issued(r, out),
                           on_error=failed, label="正在签发工作提示…")

    def _issued(self, result, out: Path) -> None:
        notice, issued = result
        self.save_button.setEnabled(True)
        self.written = out
        self.model.set_rows(issued)
        self.result.setStyleSheet("color: #1e6b34;")
        self.result.setText(f"已签发第{notice.version}号工作提示，保存在 {out}。把这个文件交给各支部导入。")
        self.title.clear()
        self.text.clear()
        self.deadline.clear()
        self.files.clear()
