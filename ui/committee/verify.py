"""核验打印件: the clerk types the short hash printed on a record (or pastes the full hash read from the QR code
of the minutes or a 交接单) and sees whether the committee holds it, whether it was later corrected or voided,
and when the committee first saw it. A card on 总览."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ui.display import fmt_datetime

STATE_TEXT = {"held": "工委保存有此记录", "corrected": "已更正（打印件是更正前的版本）",
              "voided": "已作废（打印件不再有效）", "unknown": "工委没有此记录", "ambiguous": "请输入更多位"}
STATE_COLOR = {"held": "#1e6b34", "corrected": "#8a5a00", "voided": "#b3261e", "unknown": "#b3261e",
               "ambiguous": "#6b6b6b"}


class VerifyCard(QFrame):
    open_record = Signal(object)  # VerifyResult with a record: show it in the branch view

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.result = None
        self.setObjectName("card")
        box = QVBoxLayout(self)
        box.setContentsMargins(16, 10, 16, 10)
        box.setSpacing(6)
        head = QLabel("核验打印件")
        head.setStyleSheet("font-weight: 600;")
        box.addWidget(head)
        row = QHBoxLayout()
        self.query = QLineEdit()
        self.query.setObjectName("verifyQuery")
        self.query.setPlaceholderText("输入打印件页脚的“记录哈希”（如 3fa2c91b07de），或粘贴二维码中的完整哈希")
        self.query.returnPressed.connect(self.verify)
        row.addWidget(self.query, 1)
        self.button = QPushButton("核验")
        self.button.setObjectName("primary")
        self.button.clicked.connect(self.verify)
        row.addWidget(self.button)
        box.addLayout(row)
        result = QHBoxLayout()
        self.state = QLabel()
        self.state.setObjectName("verifyState")
        self.state.setStyleSheet("font-weight: 600;")
        result.addWidget(self.state, 0, Qt.AlignTop)
        self.message = QLabel()
        self.message.setObjectName("verifyMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextSelectableByMouse)
        result.addWidget(self.message, 1)
        self.show_button = QPushButton("查看记录")
        self.show_button.clicked.connect(lambda: self.open_record.emit(self.result))
        self.show_button.hide()
        result.addWidget(self.show_button, 0, Qt.AlignTop)
        box.addLayout(result)

    def verify(self) -> None:
        text = self.query.text().strip()
        if not text:
            self.state.setText("")
            self.message.setText("请先输入打印件上的记录哈希。")
            return
        self.ctx.tasks.run(self.ctx.ws.oversight.verify, text, owner=self, on_done=self._shown,
                           on_error=self._failed, label="正在核验…")

    def _failed(self, exc: BaseException) -> bool:
        from desktop.errors import ZhibuError

        if isinstance(exc, ZhibuError):  # e.g. too short: said here, no dialog
            self.result = None
            self.state.setText("")
            self.message.setText(str(exc))
            self.show_button.hide()
            return True
        return False

    def _shown(self, r) -> None:
        self.result = r
        self.state.setText(STATE_TEXT.get(r.state, r.state))
        self.state.setStyleSheet(f"font-weight: 600; color: {STATE_COLOR.get(r.state, '#1f1f1f')};")
        text = r.message
        if r.first_seen_at:
            text += f"\n工委首次收到：{fmt_datetime(r.first_seen_at)}"
        self.message.setText(text)
        self.show_button.setVisible(r.record is not None)
