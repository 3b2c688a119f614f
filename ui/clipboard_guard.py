"""Copied ID numbers do not linger on the clipboard.

When this app puts text holding an 18-digit ID number on the clipboard (Ctrl+C in a field or table), the
clipboard is cleared ``CLEAR_AFTER_MS`` later — unless something else was copied meanwhile — and at once when
the book is locked or the app quits. Text copied by other programs is never touched.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QClipboard, QGuiApplication

from desktop.domain import idnumber

_CANDIDATE = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9A-Za-z])")


def holds_id_number(text: str) -> bool:
    return any(idnumber.is_valid(m.group(0)) for m in _CANDIDATE.finditer(text or ""))


class ClipboardGuard(QObject):
    CLEAR_AFTER_MS = 30_000

    def __init__(self, parent: QObject | None = None, clipboard: QClipboard | None = None):
        super().__init__(parent)
        self.clipboard = clipboard or QGuiApplication.clipboard()
        self._armed: str | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(self.CLEAR_AFTER_MS)
        self.timer.timeout.connect(self.clear_now)
        self.clipboard.dataChanged.connect(self._changed)

    def _changed(self) -> None:
        text = self.clipboard.text()
        if self._ours() and holds_id_number(text):
            self._armed = text
            self.timer.start()
        elif text != self._armed:
            self._armed = None
            self.timer.stop()

    def _ours(self) -> bool:
        # ownsClipboard() is not implemented everywhere (e.g. Wayland): a change while our window is active
        # was made by the user in our window
        return self.clipboard.ownsClipboard() or QGuiApplication.applicationState() == Qt.ApplicationActive

    def clear_now(self) -> None:
        """Clear the clipboard if it still holds the ID number we put there."""
        self.timer.stop()
        if self._armed is not None and self.clipboard.text() == self._armed:
            self.clipboard.clear()
        self._armed = None
