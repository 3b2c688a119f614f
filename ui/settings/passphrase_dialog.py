"""Change the passphrase: the old one is checked first; the new one is typed twice, with a strength hint."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from desktop.errors import WrongPassphrase, ZhibuError
from desktop.workspace import check_passphrase
from ui.widgets.passphrase_edit import PassphraseEdit, StrengthLabel
from ui.widgets.screen_fit import scroll_dialog_body

if TYPE_CHECKING:
    from desktop.workspace import Workspace


def change_passphrase(ws: Workspace, old: str, new: str) -> None:
    """Worker: refuse unless ``old`` opens the book, then re-encrypt under ``new`` (verified, atomic)."""
    try:
        check_passphrase(ws.path, old)
    except WrongPassphrase:
        raise WrongPassphrase("原口令不正确，口令没有更改。") from None
    ws.change_passphrase(new)


class ChangePassphraseDialog(QDialog):
    submitted = Signal(str, str)  # old, new

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("更换口令")
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 12)
        note = QLabel("更换口令会用新口令重新加密整本数据，完成前原口令仍然有效。以前的备份仍使用当时的口令。")
        note.setWordWrap(True)
        note.setObjectName("subtitle")
        layout.addWidget(note)
        form = QFormLayout()
        form.setVerticalSpacing(10)
        self.old = PassphraseEdit(self, "当前使用的口令")
        self.new = PassphraseEdit(self, "至少 8 个字符")
        self.confirm = PassphraseEdit(self, "再输入一次新口令")
        self.strength = StrengthLabel(self.new)
        form.addRow("原口令：", self.old)
        form.addRow("新口令：", self.new)
        form.addRow("", self.strength)
        form.addRow("确认新口令：", self.confirm)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setObjectName("formError")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton("更换口令", QDialogButtonBox.AcceptRole)
        self.ok_button.setObjectName("primary")
        self.buttons.addButton("取消", QDialogButtonBox.RejectRole)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        scroll_dialog_body(self)

    def problem(self) -> str | None:
        if not self.old.text():
            return "请输入原口令。"
        if not self.strength.strength.acceptable:
            return self.strength.strength.text
        if self.new.text() != self.confirm.text():
            return "两次输入的新口令不一致，请重新输入。"
        if self.new.text() == self.old.text():
            return "新口令与原口令相同。"
        return None

    def show_failure(self, exc_or_text) -> None:
        text = str(exc_or_text) if isinstance(exc_or_text, (str, ZhibuError)) else "口令没有更改。"
        self.set_busy(False)
        self.error.setText(text)
        self.error.show()

    def set_busy(self, busy: bool) -> None:
        self.ok_button.setEnabled(not busy)
        self.ok_button.setText("正在重新加密…" if busy else "更换口令")

    def _submit(self) -> None:
        problem = self.problem()
        if problem:
            self.show_failure(problem)
            return
        self.error.hide()
        self.set_busy(True)
        self.submitted.emit(self.old.text(), self.new.text())
