"""确认登记: the first bundle of an unknown branch waits until the clerk confirms the branch's key fingerprint,
typed from the branch's 报送 page or its 数据包交接单 (or read out by phone) — only then are its bundles applied."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QVBoxLayout, QWidget)

from desktop.sync.api import BranchRow, normalize_fingerprint
from ui.widgets.fingerprint import FingerprintLabel

INTRO = ("这个支部第一次报送，它的数据包暂存待确认。请对照支部交接单上印的“支部指纹”，或电话请支部书记读出"
         "报送页上的指纹，在下面输入。两者一致才能登记；登记后暂存的数据包随即导入。")


class EnrolDialog(QDialog):
    def __init__(self, row: BranchRow, receipts_dir: Path | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.row = row
        self.setWindowTitle("确认登记支部")
        self.setMinimumWidth(600)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(10)
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        form.setVerticalSpacing(8)
        name = QLabel(row.name)
        name.setStyleSheet("font-weight: 600;")
        form.addRow("支部：", name)
        form.addRow("支部编号：", QLabel(row.branch_id))
        self.shown = FingerprintLabel(row.fingerprint, point_size=14)
        form.addRow("数据包中的指纹：", self.shown)
        self.typed = QLineEdit()
        self.typed.setPlaceholderText("输入交接单或报送页上的支部指纹（空格、横线可有可无）")
        self.typed.textChanged.connect(self._update)
        form.addRow("核对输入：", self.typed)
        self.match = QLabel()
        form.addRow("", self.match)
        self.folder = QLineEdit(str(receipts_dir) if receipts_dir else "")
        self.folder.setPlaceholderText("不写回执")
        browse = QPushButton("浏览…")
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        form.addRow("回执保存到：", folder_row)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox()
        self.enrol_button = self.buttons.addButton("确认登记", QDialogButtonBox.AcceptRole)
        self.enrol_button.setObjectName("primary")
        self.buttons.addButton("取消", QDialogButtonBox.RejectRole)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update()

    def matches(self) -> bool:
        typed = normalize_fingerprint(self.typed.text())
        return bool(typed) and typed == normalize_fingerprint(self.row.fingerprint)

    def _update(self) -> None:
        typed = normalize_fingerprint(self.typed.text())
        want = normalize_fingerprint(self.row.fingerprint)
        if not typed:
            self.match.setText("")
        elif typed == want:
            self.match.setText("指纹一致")
            self.match.setStyleSheet("color: #2e7d32; font-weight: 600;")
        elif len(typed) >= len(want) or not want.startswith(typed):
            self.match.setText("指纹不一致：请重新核对。不一致时不要登记，并联系该支部。")
            self.match.setStyleSheet("color: #b3261e;")
        else:
            self.match.setText(f"已输入 {len(typed)} / {len(want)} 位，目前一致")
            self.match.setStyleSheet("color: #6b6b6b;")
        self.enrol_button.setEnabled(self.matches())

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "选择保存回执的文件夹", self.folder.text())
        if folder:
            self.folder.setText(folder)

    def receipts_dir(self) -> Path | None:
        text = self.folder.text().strip()
        return Path(text) if text else None

    def _accept(self) -> None:
        if self.matches():
            self.accept()
