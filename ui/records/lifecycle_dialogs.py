"""定稿 confirmation, and the dialogs for 更正 / 补充说明 / 作废 / 补充附件 of a finalized record.

Shared by meetings, talks and evaluations: they only collect a reason and a note; the page calls the service
and shows its message back with :meth:`AmendmentDialog.show_failure`.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from ui.widgets.form_field import SubmitBar
from ui.widgets.screen_fit import scroll_dialog_body
from ui.theme import scaled


class FinalizeConfirm(QDialog):
    """Says plainly that a finalized record cannot be edited afterwards; 确认定稿 runs ``on_confirm``."""

    def __init__(self, title: str, what: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("定稿")
        self.setMinimumWidth(500)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 14)
        head = QLabel(f"确定将“{title}”定稿吗？")
        head.setStyleSheet(scaled("font-size: 11pt; font-weight: 600;"))
        head.setWordWrap(True)
        layout.addWidget(head)
        self.text = QLabel(f"定稿后，这条{what}将写入纪实链，<b>今后不能再修改或删除</b>。<br>"
                           "如发现错误，只能添加“更正”或“补充说明”（原记录和每次更正都会保留、可以查看），"
                           "或者将其作废。")
        self.text.setWordWrap(True)
        self.text.setStyleSheet("color: #a4262c;")
        layout.addWidget(self.text)
        buttons = QDialogButtonBox()
        self.confirm_button = buttons.addButton("确认定稿", QDialogButtonBox.AcceptRole)
        self.confirm_button.setObjectName("primary")
        buttons.addButton("取消", QDialogButtonBox.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addSpacing(6)
        layout.addWidget(buttons)
        scroll_dialog_body(self)

    def informativeText(self) -> str:  # noqa: N802 - same name as QMessageBox's, for callers and tests
        return self.text.text()


def confirm_finalize(parent: QWidget, title: str, on_confirm, what: str = "记录") -> FinalizeConfirm:
    """Non-blocking confirmation before 定稿."""
    box = FinalizeConfirm(title, what, parent)
    box.setAttribute(Qt.WA_DeleteOnClose)
    box.accepted.connect(on_confirm)
    box.open()
    return box


@dataclass(frozen=True)
class Mode:
    title: str
    intro: str
    reason_label: str
    reason_required: bool
    note_label: str  # '' = no note field
    note_required: bool
    button: str


MODES = {
    "correction": Mode("提交更正", "修改将作为一次“更正”记入纪实链：原记录保留不变，历史中可以查看每个版本和改动的内容。",
                       "更正原因", True, "补充说明（选填）", False, "提交更正"),
    "supplement": Mode("添加补充说明", "补充说明附在已定稿的记录之后，原记录不变。",
                       "原因（选填）", False, "补充说明", True, "添加"),
    "void": Mode("作废记录", "作废后，该记录仍保留在纪实链中，标记为“已作废”，不再计入统计。作废不能撤销。"
                 "如果只是部分内容有误，请使用“更正”。", "作废原因", True, "", False, "作废"),
    "attachment": Mode("补充附件", "已定稿的记录添加附件时，将作为一条补充说明记入纪实链。",
                       "说明（选填）", False, "", False, "添加附件"),
}


class AmendmentDialog(QDialog):
    submitted = Signal(str, str)  # reason, note

    def __init__(self, mode: str, record_title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.mode = mode
        m = MODES[mode]
        self.spec = m
        self.setWindowTitle(f"{m.title} — {record_title}")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        intro = QLabel(m.intro)
        intro.setWordWrap(True)
        if mode == "void":
            intro.setStyleSheet("color: #a4262c;")
        layout.addWidget(intro)
        layout.addWidget(QLabel(f"{m.reason_label}："))
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("说明为什么更正：哪里记录有误、依据什么核对" if mode == "correction" else "")
        layout.addWidget(self.reason)
        self.note = QPlainTextEdit()
        if m.note_label:
            layout.addWidget(QLabel(f"{m.note_label}："))
            self.note.setPlaceholderText("照实填写需要补充的情况")
            self.note.setMinimumHeight(110)
            layout.addWidget(self.note)
        self.bar = SubmitBar(self, m.button, self._submit)
        self.error, self.buttons, self.ok_button = self.bar.error, self.bar.buttons, self.bar.ok_button
        self.bar.add_to(layout)
        scroll_dialog_body(self)

    def _submit(self) -> None:
        reason, note = self.reason.text().strip(), self.note.toPlainText().strip()
        if self.spec.reason_required and not reason:
            self.show_failure(f"请填写{self.spec.reason_label}。")
            return
        if self.spec.note_required and not note:
            self.show_failure(f"请填写{self.spec.note_label}。")
            return
        self.bar.start()
        self.submitted.emit(reason, note)

    def show_failure(self, message: str) -> None:
        self.bar.fail(message)
