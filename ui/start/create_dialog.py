"""Create a new book: branch name, where to save it, and a passphrase typed twice with a strength hint.

With ``committee=True`` the same dialog creates a committee book (工委数据本): the committee's name instead of
the branch's; the core makes the committee's key pairs inside the encrypted book."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel,
                               QLineEdit, QPushButton, QVBoxLayout, QWidget)

from desktop import paths
from ui.widgets.passphrase_edit import PassphraseEdit, StrengthLabel
from ui.widgets.screen_fit import scroll_dialog_body

_BAD_FILE_CHARS = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
SUFFIX = ".zhibu"


def default_book_path(branch_name: str, fallback: str = "支部纪实本") -> Path:
    stem = _BAD_FILE_CHARS.sub("_", branch_name.strip()) or fallback
    return paths.data_dir() / f"{stem}{SUFFIX}"


BRANCH_TEXT = {
    "title": "新建支部纪实本",
    "intro": "支部纪实本是一个加密文件，保存本支部的党员信息和组织生活记录。"
             "口令用于加密，请妥善保管：忘记口令将无法打开，任何人都无法找回。",
    "name": "支部名称：", "placeholder": "例如：市直机关某局第一党支部", "missing": "请填写支部名称。",
    "book": "支部纪实本",
}
COMMITTEE_TEXT = {
    "title": "新建工委数据本",
    "intro": "工委数据本是机关工委使用的加密文件：接收各支部报送的数据包、登记支部、签发回执。"
             "工委的密钥只保存在这个加密文件里。口令请妥善保管：忘记口令将无法打开，任何人都无法找回。",
    "name": "工委名称：", "placeholder": "例如：市直机关工委", "missing": "请填写工委名称。",
    "book": "工委数据本",
}


class CreateBookDialog(QDialog):
    submitted = Signal(object, str, str)  # path, branch name, passphrase

    def __init__(self, parent: QWidget | None = None, *, committee: bool = False):
        super().__init__(parent)
        self.committee = committee
        self.text = text = COMMITTEE_TEXT if committee else BRANCH_TEXT
        self.setWindowTitle(text["title"])
        self.setMinimumWidth(560)
        self._path_edited = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        intro = QLabel(text["intro"])
        intro.setWordWrap(True)
        intro.setObjectName("subtitle")
        layout.addWidget(intro)
        layout.addSpacing(8)

        form = QFormLayout()
        form.setVerticalSpacing(10)
        form.setHorizontalSpacing(14)
        self.branch_name = QLineEdit()
        self.branch_name.setPlaceholderText(text["placeholder"])
        self.branch_name.textChanged.connect(self._name_changed)
        form.addRow(text["name"], self.branch_name)

        self.location = QLineEdit()
        self.location.textEdited.connect(lambda _t: setattr(self, "_path_edited", True))
        browse = QPushButton("浏览…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.location, 1)
        row.addWidget(browse)
        form.addRow("保存位置：", row)

        self.passphrase = PassphraseEdit(self, "至少 8 个字符")
        form.addRow("口令：", self.passphrase)
        self.strength = StrengthLabel(self.passphrase)
        form.addRow("", self.strength)
        self.confirm = PassphraseEdit(self, "再输入一次口令")
        form.addRow("确认口令：", self.confirm)
        layout.addLayout(form)

        self.error = QLabel()
        self.error.setObjectName("formError")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)

        self.buttons = QDialogButtonBox()
        self.create_button = self.buttons.addButton("创建", QDialogButtonBox.AcceptRole)
        self.create_button.setObjectName("primary")
        self.create_button.setDefault(True)
        self.buttons.addButton("取消", QDialogButtonBox.RejectRole)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        scroll_dialog_body(self)
        self._name_changed("")

    def _name_changed(self, text: str) -> None:
        if not self._path_edited:
            self.location.setText(str(default_book_path(text, self.text["book"])))

    def _browse(self) -> None:
        book = self.text["book"]
        path, _ = QFileDialog.getSaveFileName(self, f"保存{book}", self.location.text(), f"{book} (*{SUFFIX})")
        if path:
            if not path.endswith(SUFFIX):
                path += SUFFIX
            self.location.setText(path)
            self._path_edited = True

    def problem(self) -> str | None:
        """The first thing that stops creation, in Chinese, or None."""
        if not self.branch_name.text().strip():
            return self.text["missing"]
        location = self.location.text().strip()
        if not location:
            return "请选择保存位置。"
        if Path(location).exists():
            return "该位置已有同名文件。为防止覆盖已有数据，请换一个文件名。"
        strength = self.strength.strength
        if not strength.acceptable:
            return strength.text
        if self.passphrase.text() != self.confirm.text():
            return "两次输入的口令不一致，请重新输入。"
        return None

    def show_failure(self, message: str) -> None:
        self.set_busy(False)
        self.error.setText(message)
        self.error.show()

    def set_busy(self, busy: bool) -> None:
        self.create_button.setEnabled(not busy)
        self.create_button.setText("正在创建…" if busy else "创建")

    def _submit(self) -> None:
        problem = self.problem()
        if problem:
            self.show_failure(problem)
            return
        self.error.hide()
        self.set_busy(True)
        path = Path(self.location.text().strip())
        if path.suffix != SUFFIX:
            path = path.with_name(path.name + SUFFIX)
        self.submitted.emit(path, self.branch_name.text().strip(), self.passphrase.text())
