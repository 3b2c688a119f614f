"""A form row's field: the input, an optional hint under it, and a hidden error label that validation fills in;
and a form dialog's error label with its submit buttons (:class:`SubmitBar`)."""

from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QSizePolicy, QVBoxLayout, QWidget


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


class SubmitBar:
    """A form dialog's error label and its submit / 取消 buttons, written once.

    ``buttons.accepted`` runs ``on_submit``; the dialog then calls :meth:`start` (error hidden, the button
    disabled — and showing ``busy_text`` — while the work runs) and, when the work is refused, :meth:`fail` with
    the Chinese message saying what to do (the button works again)."""

    def __init__(self, dialog: QDialog, ok_text: str, on_submit: Callable[[], None], busy_text: str = ""):
        self.ok_text, self.busy_text = ok_text, busy_text
        self.error = QLabel()
        self.error.setObjectName("formError")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton(ok_text, QDialogButtonBox.AcceptRole)
        self.ok_button.setObjectName("primary")
        self.buttons.addButton("取消", QDialogButtonBox.RejectRole)
        self.buttons.accepted.connect(on_submit)
        self.buttons.rejected.connect(dialog.reject)

    def add_to(self, layout) -> None:
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def set_busy(self, busy: bool) -> None:
        self.ok_button.setEnabled(not busy)
        if self.busy_text:
            self.ok_button.setText(self.busy_text if busy else self.ok_text)

    def start(self) -> None:
        self.error.hide()
        self.set_busy(True)

    def fail(self, message: str) -> None:
        self.set_busy(False)
        self.error.setText(message)
        self.error.show()
