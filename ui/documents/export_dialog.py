"""打印/导出 of one record (a meeting, a 谈心谈话, a 民主评议 round): the documents it can be printed as, their
options, a preview, 打印… and 另存为…. Other pages open it with::

    from ui.documents.export_dialog import open_export_dialog
    open_export_dialog(ctx, self, "meeting", meeting_id, meeting_kind)   # "heart_talk" / "evaluation"

or put :func:`export_action` in a menu or tool bar.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QComboBox, QDialog, QFormLayout, QHBoxLayout, QLabel, QPushButton,
                               QVBoxLayout, QWidget)

from ui.documents.actions import preview_pane
from ui.documents.options import OptionsForm

DEFAULT_KIND = {"meeting": "minutes", "heart_talk": "talk", "evaluation": "evaluation-summary"}
RECORD_WORDS = {"meeting": "会议", "heart_talk": "谈心谈话", "evaluation": "民主评议"}


class ExportDialog(QDialog):
    def __init__(self, ctx, parent: QWidget | None, record_type: str, record_id: int, meeting_kind=None):
        super().__init__(parent)
        self.ctx = ctx
        self.record_type, self.record_id, self.meeting_kind = record_type, int(record_id), meeting_kind
        self.kinds = []
        self.setWindowTitle(f"打印/导出 — {RECORD_WORDS.get(record_type, '记录')}")
        self.setAttribute(Qt.WA_DeleteOnClose)
        self.resize(1040, 720)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(14, 12, 14, 12)
        outer.addWidget(preview_pane(self, ctx, self._left(), [320, 700]), 1)

        self.options.changed.connect(self._options_changed)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.preview_button.clicked.connect(self.show_preview)
        self.print_button.clicked.connect(lambda: self.actions.print_document(self.options.request()))
        self.save_button.clicked.connect(lambda: self.actions.save_as(self.options.request(), self.options.fmt()))
        self.close_button.clicked.connect(self.reject)
        ctx.tasks.run(ctx.ws.documents.kinds_for, record_type, meeting_kind, owner=self, label="正在读取文档类型…",
                      on_done=self._kinds_loaded)

    def _left(self) -> QWidget:
        panel = QWidget()
        panel.setMinimumWidth(290)
        col = QVBoxLayout(panel)
        col.setContentsMargins(0, 0, 8, 0)
        col.setSpacing(10)
        heading = QLabel("打印/导出")
        heading.setObjectName("pageTitle")
        col.addWidget(heading)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignRight | Qt.AlignVCenter)
        self.kind = QComboBox()
        form.addRow("文档", self.kind)
        col.addLayout(form)
        self.options = OptionsForm(self.ctx, fixed_record=(self.record_type, self.record_id))
        col.addWidget(self.options)
        row = QHBoxLayout()
        self.preview_button = QPushButton("预览")
        self.print_button = QPushButton("打印…")
        self.print_button.setObjectName("primary")
        self.save_button = QPushButton("另存为…")
        for b in (self.preview_button, self.print_button, self.save_button):
            row.addWidget(b)
        col.addLayout(row)
        self.status = QLabel()
        self.status.setObjectName("hint")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextSelectableByMouse)
        col.addWidget(self.status)
        col.addStretch(1)
        close_row = QHBoxLayout()
        close_row.addStretch(1)
        self.close_button = QPushButton("关闭")
        close_row.addWidget(self.close_button)
        col.addLayout(close_row)
        for b in (self.preview_button, self.print_button, self.save_button):
            b.setEnabled(False)
        return panel

    def _kinds_loaded(self, kinds) -> None:
        self.kinds = list(kinds)
        self.actions.labels = {k.name: k.label for k in self.kinds}
        self.kind.blockSignals(True)
        for k in self.kinds:
            self.kind.addItem(k.label, k.name)
        wanted = self.kind.findData(DEFAULT_KIND.get(self.record_type))
        self.kind.setCurrentIndex(max(0, wanted))
        self.kind.blockSignals(False)
        self._kind_changed()

    def current_kind(self):
        name = self.kind.currentData()
        return next((k for k in self.kinds if k.name == name), None)

    def select_kind(self, name: str) -> None:
        index = self.kind.findData(name)
        if index >= 0:
            self.kind.setCurrentIndex(index)

    def _kind_changed(self, *_args) -> None:
        self.options.set_kind(self.current_kind())
        self.show_preview()  # one record's documents are quick to build

    def _options_changed(self) -> None:
        self.actions.forget()
        shown = self.preview.built
        self.preview.set_stale(shown is not None and shown.request != self.options.request())
        ready = self.options.ready()
        for b in (self.preview_button, self.print_button, self.save_button):
            b.setEnabled(ready)

    def show_preview(self) -> None:
        request = self.options.request()
        if request is not None:
            self.actions.show_preview(request)


def open_export_dialog(ctx, parent: QWidget | None, record_type: str, record_id: int,
                       meeting_kind=None) -> ExportDialog:
    """Open (non-modal, closed on lock) the 打印/导出 dialog of one record. ``record_type``: "meeting",
    "heart_talk" or "evaluation"; ``meeting_kind`` (a MeetingKind or its value) adds the 组织生活会 report."""
    dlg = ExportDialog(ctx, parent, record_type, record_id, meeting_kind)
    dlg.open()
    return dlg


def show_documents_page(widget: QWidget, kind: str):
    """Switch the main window to the 文档 page with ``kind`` chosen (e.g. blank ballots when there is no round
    yet). Returns the page, or None outside the main window."""
    window = widget.window()
    while window is not None and not hasattr(window, "show_page"):
        parent = window.parentWidget()
        window = parent.window() if parent is not None else None
    if window is None:
        return None
    page = window.show_page("documents")
    if page is not None and hasattr(page, "select_kind"):
        page.select_kind(kind)
    return page


def export_action(ctx, parent: QWidget, record: Callable[[], tuple | None], text: str = "打印/导出…") -> QAction:
    """A QAction for menus and tool bars. ``record()`` returns (record_type, record_id[, meeting_kind]) of the
    record to print, or None when nothing is selected (then the action does nothing)."""
    action = QAction(text, parent)
    action.setToolTip("预览、打印或导出这条记录的文档（会议记录、签到表、通知等）")

    def triggered() -> None:
        chosen = record()
        if chosen:
            parent._export_dialog = open_export_dialog(ctx, parent, *chosen)

    action.triggered.connect(triggered)
    return action
