"""Passphrase entry with a show/hide toggle, and a strength hint that warns but does not block."""

from __future__ import annotations

import string
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QLineEdit, QToolButton, QWidget

MIN_LENGTH = 8


@dataclass(frozen=True)
class Strength:
    level: int  # 0 too short (blocked), 1 weak (warned), 2 fair, 3 strong
    text: str

    @property
    def acceptable(self) -> bool:
        return self.level > 0


def assess(passphrase: str) -> Strength:
    """Length and character classes. CJK characters count as their own (rich) class."""
    n = len(passphrase)
    if n == 0:
        return Strength(0, f"口令至少 {MIN_LENGTH} 个字符。")
    if n < MIN_LENGTH:
        return Strength(0, f"口令太短：至少 {MIN_LENGTH} 个字符（现在 {n} 个）。")
    classes = sum((
        any(c in string.ascii_lowercase for c in passphrase),
        any(c in string.ascii_uppercase for c in passphrase),
        any(c in string.digits for c in passphrase),
        any(not c.isascii() for c in passphrase),
        any(c.isascii() and not c.isalnum() for c in passphrase),
    ))
    if len(set(passphrase)) <= 2 or classes == 1 and n < 12:
        return Strength(1, "口令强度：弱。建议更长，或混合字母、数字、符号、汉字。")
    if n >= 12 and classes >= 2 or classes >= 3:
        return Strength(3, "口令强度：强。请牢记口令：忘记后无法找回数据。")
    return Strength(2, "口令强度：中。可以使用；更长的口令更安全。")


class PassphraseEdit(QLineEdit):
    def __init__(self, parent: QWidget | None = None, placeholder: str = "输入口令"):
        super().__init__(parent)
        self._set_echo(QLineEdit.Password)
        self.setPlaceholderText(placeholder)
        self._toggle = QAction("显示", self)
        self._toggle.setToolTip("显示/隐藏口令")
        self._toggle.setCheckable(True)
        self._toggle.toggled.connect(self._on_toggle)
        # A labelled button inside the field's right end (a trailing QAction shows only an icon, and we have none).
        self.toggle_button = QToolButton(self)
        self.toggle_button.setDefaultAction(self._toggle)
        self.toggle_button.setToolButtonStyle(Qt.ToolButtonTextOnly)
        self.toggle_button.setCursor(Qt.ArrowCursor)
        self.toggle_button.setFocusPolicy(Qt.NoFocus)
        self.toggle_button.setAutoRaise(True)
        self.toggle_button.setStyleSheet("QToolButton { color: #4a5a6a; padding: 0 6px; border: none; }"
                                         "QToolButton:hover { color: #a4262c; text-decoration: underline; }")
        self._place_toggle()

    def _place_toggle(self) -> None:
        hint = self.toggle_button.sizeHint()
        width = max(hint.width(), self.fontMetrics().horizontalAdvance("隐藏") + 14)
        self.setTextMargins(0, 0, width, 0)
        self.toggle_button.setGeometry(self.width() - width - 2, 1, width, max(1, self.height() - 2))

    def resizeEvent(self, event):  # noqa: N802 - Qt naming
        super().resizeEvent(event)
        self._place_toggle()

    def _set_echo(self, mode) -> None:
        self.setEchoMode(mode)
        # Passphrases may contain Chinese: without ImhHiddenText (which setEchoMode adds back), pinyin input
        # methods stay available in the masked field; ImhSensitiveData tells them not to learn what is typed.
        self.setInputMethodHints(Qt.ImhSensitiveData | Qt.ImhNoPredictiveText | Qt.ImhNoAutoUppercase)

    def _on_toggle(self, shown: bool) -> None:
        self._set_echo(QLineEdit.Normal if shown else QLineEdit.Password)
        self._toggle.setText("隐藏" if shown else "显示")


class StrengthLabel(QLabel):
    """Follows a PassphraseEdit and shows :func:`assess`'s verdict, coloured by level."""

    changed = Signal(object)
    COLOURS = {0: "#b3261e", 1: "#a15c00", 2: "#4a5a6a", 3: "#2e6b30"}

    def __init__(self, edit: QLineEdit, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("hint")
        self.setWordWrap(True)
        self._edit = edit
        edit.textChanged.connect(self._update)
        self._update(edit.text())

    def _update(self, text: str) -> None:
        s = assess(text)
        self.setText(s.text)
        self.setStyleSheet(f"color: {self.COLOURS[s.level]};")
        self.changed.emit(s)

    @property
    def strength(self) -> Strength:
        return assess(self._edit.text())
