"""The backups card: list (time, kind, size), 立即备份, 恢复 with the passphrase, open the folder."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QFrame, QHBoxLayout, QLabel,
                               QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from desktop.workspace import backup_folder_of as backup_folder
from ui.display import fmt_datetime, fmt_size
from ui.start.damaged import open_folder
from ui.widgets.form_field import SubmitBar
from ui.widgets.passphrase_edit import PassphraseEdit
from ui.theme import px


class RestoreDialog(QDialog):
    submitted = Signal(str)

    def __init__(self, info, parent: QWidget | None = None):
        super().__init__(parent)
        self.info = info
        self.setWindowTitle("从备份恢复")
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 12)
        text = QLabel(f"将用 {fmt_datetime(info.made_at)} 的备份（{info.reason_label}）替换当前数据。"
                      "当前数据会先另存为一份“恢复前”备份，需要时还能找回。\n\n请输入这份备份的口令以确认：")
        text.setWordWrap(True)
        layout.addWidget(text)
        self.passphrase = PassphraseEdit(self, "备份时使用的口令")
        layout.addWidget(self.passphrase)
        self.bar = SubmitBar(self, "恢复", self._submit)
        self.error, self.buttons, self.ok_button = self.bar.error, self.bar.buttons, self.bar.ok_button
        self.bar.add_to(layout)

    def show_failure(self, text: str) -> None:
        self.bar.fail(text)

    def _submit(self) -> None:
        if not self.passphrase.text():
            self.show_failure("请输入口令。")
            return
        self.bar.start()
        self.submitted.emit(self.passphrase.text())


class BackupsCard(QFrame):
    backup_clicked = Signal()
    restore_clicked = Signal(object)  # BackupInfo

    def __init__(self, book, parent: QWidget | None = None):
        super().__init__(parent)
        self.book = book
        self.setObjectName("card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        title = QLabel("备份")
        title.setStyleSheet("font-weight: 600;")
        layout.addWidget(title)
        note = QLabel("每次打开时（间隔超过 1 小时）自动备份，保留最近 20 份。备份同样加密，用备份当时的口令打开。")
        note.setObjectName("subtitle")
        note.setWordWrap(True)
        layout.addWidget(note)
        self.list = QTreeWidget()
        self.list.setHeaderLabels(["备份时间", "类型", "大小"])
        self.list.setRootIsDecorated(False)
        self.list.setSelectionMode(QAbstractItemView.SingleSelection)
        self.list.setColumnWidth(0, px(200))
        self.list.setColumnWidth(1, px(110))
        self.list.setMinimumHeight(160)
        self.list.currentItemChanged.connect(lambda *_: self._update())
        layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.backup_button = QPushButton("立即备份")
        self.backup_button.clicked.connect(self.backup_clicked.emit)
        self.restore_button = QPushButton("恢复所选备份…")
        self.restore_button.clicked.connect(lambda: self.selected() and self.restore_clicked.emit(self.selected()))
        folder = QPushButton("打开备份文件夹")
        folder.clicked.connect(lambda: open_folder(backup_folder(self.book)))
        row.addWidget(self.backup_button)
        row.addWidget(self.restore_button)
        row.addStretch(1)
        row.addWidget(folder)
        layout.addLayout(row)
        self._infos: list = []
        self._update()

    def set_backups(self, infos: list) -> None:
        self._infos = list(infos)
        self.list.clear()
        for i, info in enumerate(self._infos):
            item = QTreeWidgetItem([fmt_datetime(info.made_at), info.reason_label, fmt_size(info.size)])
            item.setData(0, Qt.UserRole, i)
            item.setToolTip(0, str(info.path))
            self.list.addTopLevelItem(item)
        self._update()

    def selected(self):
        item = self.list.currentItem()
        return self._infos[item.data(0, Qt.UserRole)] if item is not None else None

    def count(self) -> int:
        return self.list.topLevelItemCount()

    def _update(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)
