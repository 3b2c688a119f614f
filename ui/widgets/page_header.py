"""A page's heading row: its title, a one-line subtitle beside it, and room on the right for the caller."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel


def page_header(title: str, subtitle: str = "") -> QHBoxLayout:
    """The ``pageTitle``/``subtitle`` row every page opens with; add buttons to the returned layout's end."""
    head = QHBoxLayout()
    label = QLabel(title)
    label.setObjectName("pageTitle")
    head.addWidget(label)
    if subtitle:
        sub = QLabel(subtitle)
        sub.setObjectName("subtitle")
        head.addWidget(sub, 0, Qt.AlignBottom)
    head.addStretch(1)
    return head
