"""The committee's own identity: name, public-key fingerprint and 导出工委公钥… (the file every branch imports
on its 报送 page). Shown on the 支部 page and in 设置 of a committee book."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.documents.actions import last_folder, remember_folder
from ui.widgets.fingerprint import FingerprintLabel

KEY_SUFFIX = ".zhibu-key"


class CommitteeKeyCard(QFrame):
    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("card")
        self.info = None
        self.exported: Path | None = None
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 12, 16, 12)
        col = QVBoxLayout()
        col.setSpacing(4)
        self.heading = QLabel("工委公钥")
        self.heading.setStyleSheet("font-weight: 600;")
        col.addWidget(self.heading)
        self.fingerprint = FingerprintLabel()
        col.addWidget(self.fingerprint)
        note = QLabel("把公钥文件发给各支部；支部导入时会与您逐组核对这个指纹。私钥只保存在本工委数据本中。")
        note.setObjectName("hint")
        note.setWordWrap(True)
        col.addWidget(note)
        row.addLayout(col, 1)
        self.export_button = QPushButton("导出工委公钥…")
        self.export_button.clicked.connect(self.choose_file)
        row.addWidget(self.export_button, 0, Qt.AlignVCenter)

    def set_info(self, info) -> None:
        self.info = info
        self.heading.setText(f"{info.name} · 工委公钥")
        self.fingerprint.set_fingerprint(info.fingerprint)

    def refresh(self) -> None:
        self.ctx.tasks.run(self.ctx.ws.committee.info, owner=self, on_done=self.set_info, label="正在读取工委信息…")

    def choose_file(self) -> None:
        name = (self.info.name if self.info else "工委") + "-公钥" + KEY_SUFFIX
        path, _ = QFileDialog.getSaveFileName(self, "导出工委公钥", str(last_folder(self.ctx.store) / name),
                                              f"工委公钥文件 (*{KEY_SUFFIX})")
        if path:
            remember_folder(self.ctx.store, Path(path).parent)
            self.export_to(Path(path))

    def export_to(self, dest: Path) -> None:
        def done(written: Path) -> None:
            self.exported = Path(written)
            window = self.window()
            if hasattr(window, "statusBar"):
                window.statusBar().showMessage(f"已导出工委公钥：{written}", 8000)

        self.ctx.tasks.run(self.ctx.ws.committee.export_public_key, dest, owner=self, on_done=done,
                           label="正在导出工委公钥…")
