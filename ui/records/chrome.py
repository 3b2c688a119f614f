"""The widgets every record editor shows around its form: the status chip, the save state, the banner and the
row of lifecycle buttons (which of them are visible follows the record's mode)."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from ui.widgets.shortcuts import add_shortcut

MODE_LABELS = {"draft": "草稿", "final": "已定稿", "void": "已作废", "correct": "更正中"}
MODE_COLORS = {"draft": "#8a5a00", "final": "#1e6b34", "void": "#7a7a7a", "correct": "#a4262c"}
# (key, text) in the order of the row; "" is the stretch between the draft and the ledger buttons
BUTTONS = (("delete", "删除草稿…"), ("cancel_correct", "放弃更正"), ("export", "打印/导出…"), ("", ""),
           ("void", "作废…"), ("supplement", "补充说明…"), ("correct", "更正…"), ("close", "关闭"),
           ("save", "保存草稿"), ("finalize", "定稿…"), ("submit_correct", "提交更正…"))
SHOWN = {"draft": ("delete", "close", "save", "finalize"), "final": ("correct", "supplement", "void", "close"),
         "void": ("close",), "correct": ("cancel_correct", "submit_correct")}
SHORTCUTS = (("save", "Ctrl+S"), ("finalize", "Ctrl+Return"), ("submit_correct", "Ctrl+Return"), ("export", "Ctrl+P"))
BANNER_INFO = "color: #3d3d3d; background: #eef3f8; padding: 6px 10px; border-radius: 3px;"
BANNER_ERROR = "color: #b3261e; background: #fbeaea; padding: 6px 10px; border-radius: 3px;"


class Chrome:
    """Built by :class:`ui.records.lifecycle.RecordLifecycle`; the host places ``chip``, ``save_state``,
    ``banner`` and ``row`` in its layout (``buttons`` maps the keys of :data:`BUTTONS` to QPushButtons)."""

    def __init__(self, closable: bool, export_tip: str):
        self.chip = QLabel()
        self.chip.setObjectName("statusChip")
        self.save_state = QLabel()
        self.save_state.setObjectName("hint")
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, text in BUTTONS:
            if not key:
                self.row.addStretch(1)
                continue
            if key == "close" and not closable:
                continue
            b = self.buttons[key] = QPushButton(text)
            if key in ("finalize", "submit_correct"):
                b.setObjectName("primary")
            b.setAutoDefault(False)  # Enter in a field never presses a lifecycle button
            self.row.addWidget(b)
        self.buttons["export"].setToolTip(export_tip)
        for key, keys in SHORTCUTS:
            add_shortcut(self.buttons[key], keys)
        if closable:
            self.buttons["close"].setToolTip("关闭（Esc）；未保存的内容会先保存为草稿")

    def show_mode(self, mode: str, flags: list[str], can_delete: bool) -> None:
        for key, b in self.buttons.items():
            if key != "export":
                b.setVisible(key in SHOWN[mode])
        self.buttons["delete"].setEnabled(can_delete)
        color = MODE_COLORS[mode]
        self.chip.setText(MODE_LABELS[mode] + ("　" + "　".join(flags) if flags else ""))
        self.chip.setStyleSheet(f"color: {color}; border: 1px solid {color}; border-radius: 3px; padding: 1px 6px;")

    def hide_buttons(self) -> None:
        """Nothing to act on (e.g. no 民主评议 round yet)."""
        for b in self.buttons.values():
            b.hide()

    def show_banner(self, text: str, error: bool = False) -> None:
        self.banner.setText(text)
        self.banner.setStyleSheet(BANNER_ERROR if error else BANNER_INFO)
        self.banner.setVisible(bool(text))

    def place_header(self, layout, title: QWidget | None = None) -> None:
        """Chip (after an optional title) on the left, save state on the right."""
        if title is not None:
            layout.addWidget(title)
            layout.addSpacing(8)
        layout.addWidget(self.chip)
        layout.addStretch(1)
        layout.addWidget(self.save_state)
