"""How a page tells the user something: a passing note in the status bar, or a box that waits for OK."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox


class PageMessages:
    """Mixed into a page (a QWidget); the last box shown stays in ``info_box`` so tests can read and close it."""

    info_box: QMessageBox | None = None

    def _notify(self, text: str) -> None:
        window = self.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(text, 5000)

    def _inform(self, text: str) -> QMessageBox:
        box = QMessageBox(QMessageBox.Information, "支部纪实", text, QMessageBox.Ok, self)
        box.setAttribute(Qt.WA_DeleteOnClose)
        box.open()
        self.info_box = box
        return box
