"""Unlock a book: passphrase entry, a generic error on failure, a growing delay after repeated failures.

The dialog only collects the passphrase (``submitted``); the session opens the book on the worker and
reports back with :meth:`UnlockDialog.show_failure` or accepts the dialog. Nothing is written on failure.

When the user pauses typing, the dialog starts deriving the book's key from what is typed so far
(``desktop.storage.keyderive``, on a thread of its own, outside the GIL), so that 解锁 usually finds the key
ready instead of waiting ≈0.2 s for it. Nothing is checked early: the derived key is only used if 解锁 is
pressed with exactly that passphrase, and it is then verified against the book like any other (a wrong
passphrase still fails, and counts, only when submitted). Keys derived for text that changed are dropped, and
all of them when the dialog closes.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout,
                               QWidget)

from desktop.storage import keyderive
from desktop.unlock_throttle import FailureThrottle  # shared with the CLI; persisted per book
from ui.widgets.passphrase_edit import PassphraseEdit

__all__ = ["FailureThrottle", "UnlockDialog"]

DERIVE_AFTER_MS = 150  # a pause in typing this long starts deriving the key of what is typed


class UnlockDialog(QDialog):
    submitted = Signal(str)

    def __init__(self, book: Path, branch_name: str = "", *, throttle: FailureThrottle | None = None,
                 demo_passphrase: str | None = None, reason: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.book = Path(book)
        self.throttle = throttle or FailureThrottle()
        self.setWindowTitle("解锁支部纪实本")
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(10)

        title = QLabel(branch_name or self.book.stem)
        title.setObjectName("pageTitle")
        title.setWordWrap(True)
        layout.addWidget(title)
        where = QLabel(str(self.book))
        where.setObjectName("subtitle")
        where.setWordWrap(True)
        layout.addWidget(where)
        if reason:
            note = QLabel(reason)
            note.setWordWrap(True)
            layout.addWidget(note)

        layout.addSpacing(6)
        layout.addWidget(QLabel("口令："))
        self.passphrase = PassphraseEdit(self, "输入本支部纪实本的口令")
        # Enter in the field always submits what was typed, whichever button Qt considers default.
        self.passphrase.returnPressed.connect(self._submit)
        self._derive = QTimer(self)
        self._derive.setSingleShot(True)
        self._derive.setInterval(DERIVE_AFTER_MS)
        self._derive.timeout.connect(self._derive_typed)
        self.passphrase.textChanged.connect(lambda _text: self._busy or self._derive.start())
        self.finished.connect(self._forget_keys)
        layout.addWidget(self.passphrase)

        self.demo_label = None
        if demo_passphrase:
            row = QHBoxLayout()
            self.demo_label = QLabel(f"演示口令：{demo_passphrase}")
            self.demo_label.setObjectName("hint")
            fill = QPushButton("填入演示口令")
            fill.setAutoDefault(False)  # never the button Enter presses
            fill.setDefault(False)
            fill.setToolTip("把演示口令填入上面的口令框（不会自动解锁）")
            fill.clicked.connect(lambda: (self.passphrase.setText(demo_passphrase), self.passphrase.setFocus()))
            self.fill_demo_button = fill
            row.addWidget(self.demo_label)
            row.addStretch(1)
            row.addWidget(fill)
            layout.addLayout(row)

        self.error = QLabel()
        self.error.setObjectName("formError")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)

        self.buttons = QDialogButtonBox()
        self.unlock_button = self.buttons.addButton("解锁", QDialogButtonBox.AcceptRole)
        self.unlock_button.setObjectName("primary")
        self.unlock_button.setDefault(True)
        self.unlock_button.setToolTip("解锁（回车）")
        self.cancel_button = self.buttons.addButton("取消", QDialogButtonBox.RejectRole)
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.setToolTip("取消（Esc）")
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout.addSpacing(4)
        layout.addWidget(self.buttons)

        self._busy = False
        self._countdown = QTimer(self)
        self._countdown.setInterval(250)
        self._countdown.timeout.connect(self._tick)
        self._tick()
        self.passphrase.setFocus()

    # ---- driven by the session --------------------------------------------------------------
    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.passphrase.setEnabled(not busy)
        self.cancel_button.setEnabled(not busy)
        if busy:
            self.unlock_button.setText("正在解锁…")
        self._tick()

    def show_failure(self, message: str, *, count_failure: bool = True) -> None:
        """Keep the dialog open with ``message``; a wrong passphrase counts towards the delay."""
        if count_failure:
            self.throttle.record_failure()
        self.set_busy(False)
        self.error.setText(message)
        self.error.show()
        self.passphrase.selectAll()
        self.passphrase.setFocus()
        self._tick()
        self._fit()

    def _fit(self) -> None:
        """Grow (never shrink below what the user chose) so the error and the buttons stay visible."""
        self.layout().activate()
        hint = self.sizeHint()
        if self.height() < hint.height() or self.width() < hint.width():
            self.resize(max(self.width(), hint.width()), max(self.height(), hint.height()))

    # ---- internals --------------------------------------------------------------------------
    def _submit(self) -> None:
        if self._busy or self.throttle.remaining():
            return
        text = self.passphrase.text()
        if not text:
            self.show_failure("请输入口令。", count_failure=False)
            return
        self.error.hide()
        self._derive.stop()
        self.set_busy(True)
        self.submitted.emit(text)

    def _derive_typed(self) -> None:
        text = self.passphrase.text()
        if text and not self._busy:
            keyderive.prefetch(self.book, text)

    def _forget_keys(self, _result: int) -> None:
        self._derive.stop()
        if _result != QDialog.Accepted:  # an accepted dialog's key was taken by the open
            keyderive.discard()

    def _tick(self) -> None:
        wait = self.throttle.remaining()
        if wait and not self._busy:
            self.unlock_button.setEnabled(False)
            self.unlock_button.setDefault(True)
            self.unlock_button.setText(f"请等待 {wait} 秒")
            if not self._countdown.isActive():
                self._countdown.start()
            return
        self._countdown.stop()
        self.unlock_button.setEnabled(not self._busy)
        self.unlock_button.setDefault(True)  # disabling it lets Qt hand "default" to another button
        if not self._busy:
            self.unlock_button.setText("解锁")
