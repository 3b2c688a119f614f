"""A key or bundle fingerprint shown as large digit groups a person can read out by phone or compare on paper."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QLabel, QWidget

from desktop.sync.api import normalize_fingerprint


def grouped(fingerprint: str, size: int = 5) -> str:
    """The digits in groups of ``size`` (the core's own grouping is kept when it already has spaces)."""
    text = " ".join(fingerprint.split())
    if " " in text:
        return text
    digits = normalize_fingerprint(text)
    return " ".join(digits[i:i + size] for i in range(0, len(digits), size))


class FingerprintLabel(QLabel):
    """Selectable, monospaced, wraps between groups only."""

    def __init__(self, fingerprint: str = "", parent: QWidget | None = None, *, point_size: int = 13):
        super().__init__(parent)
        self.setObjectName("fingerprint")
        font = QFontDatabase.systemFont(QFontDatabase.FixedFont)
        font.setPointSize(point_size)
        self.setFont(font)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.setStyleSheet("color: #1f1f1f;")
        self.set_fingerprint(fingerprint)

    def set_fingerprint(self, fingerprint: str) -> None:
        self.setText(grouped(fingerprint) if fingerprint else "")
        self.setToolTip("指纹：请逐组读出或对照纸面核对" if fingerprint else "")
