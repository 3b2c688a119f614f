"""When a book cannot be read: say so plainly and offer the backups folder or the latest backup."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.storage.backup import BackupInfo
from desktop.workspace import backup_folder_of as backup_folder, backups_of as list_backups
from ui.display import fmt_datetime


def open_folder(folder: Path) -> bool:
    folder.mkdir(parents=True, exist_ok=True)
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


class DamagedBookBox(QMessageBox):
    """Non-blocking. ``restore_requested(BackupInfo)`` when the user picks the latest backup."""

    restore_requested = Signal(object)

    def __init__(self, book: Path, message: str, parent: QWidget | None = None, *,
                 verified: BackupInfo | None = None):
        super().__init__(QMessageBox.Critical, "支部纪实本无法打开", message, QMessageBox.NoButton, parent)
        self.book = Path(book)
        backups = list_backups(self.book)
        # the newest backup that verified with the passphrase (named in the message) wins over the newest file
        self.latest: BackupInfo | None = verified or (backups[0] if backups else None)
        if self.latest:
            self.setInformativeText(f"最近的备份：{fmt_datetime(self.latest.made_at)}（{self.latest.reason_label}）。"
                                    "恢复前会先保留当前文件的副本（如果还能读取）。")
            self.restore_button = self.addButton("从最新备份恢复", QMessageBox.AcceptRole)
        else:
            self.setInformativeText("没有找到这本的自动备份。如有手动保存的备份文件，可以在“打开其他文件”中打开它。")
            self.restore_button = None
        self.folder_button = self.addButton("打开备份文件夹", QMessageBox.ActionRole)
        self.addButton("关闭", QMessageBox.RejectRole)
        self.buttonClicked.connect(self._clicked)

    def _clicked(self, button) -> None:
        if button is self.folder_button:
            open_folder(backup_folder(self.book))
        elif button is self.restore_button and self.latest is not None:
            self.restore_requested.emit(self.latest)
