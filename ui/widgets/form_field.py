"""A form row's field: the input, an optional hint under it, and a hidden error label that validation fills in."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget


def field_box(widget: QWidget, hint: str = "", *, wrap_hint: bool = True) -> tuple[QWidget, QLabel]:
    """The box to add to a QFormLayout, and its error label (hidden until an error is shown)."""
    box = QWidget()
    box.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Maximum)  # spare height goes below the form
    col = QVBoxLayout(box)
    col.setContentsMargins(0, 0, 0, 2)
    col.setSpacing(2)
    col.addWidget(widget)
    if hint:
        h = QLabel(hint)
        h.setObjectName("hint")
        if wrap_hint:
            h.setWordWrap(True)
        col.addWidget(h)
    err = QLabel()
    err.setObjectName("fieldError")
    err.setWordWrap(True)
    err.hide()
    col.addWidget(err)
    return box, err
