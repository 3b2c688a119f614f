"""Keyboard shortcuts on buttons, shown where users look for them: in the tooltip, e.g. 保存草稿（Ctrl+S）."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractButton


def shortcut_text(keys: str) -> str:
    return QKeySequence(keys).toString(QKeySequence.NativeText)


def add_shortcut(button: QAbstractButton, keys: str) -> None:
    """Bind ``keys`` to ``button`` (active while its window is, and only when the button is visible and
    enabled) and name the keys in its tooltip."""
    button.setShortcut(QKeySequence(keys))
    tip = button.toolTip() or button.text().rstrip("…").replace("&", "")
    button.setToolTip(f"{tip}（{shortcut_text(keys)}）")
