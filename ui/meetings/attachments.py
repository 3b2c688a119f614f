"""Attachments of a record (photos, the signed sign-in sheet, PDFs), kept inside the encrypted book.

Previews are made in memory from the thumbnail (or, for the large preview, the file's bytes) the service
returns. A plain copy is written to disk only when the user asks for one (另存副本) at a place they choose.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QSize, QStandardPaths, Qt, Signal
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (QDialog, QFileDialog, QHBoxLayout, QLabel, QListWidget, QListWidgetItem,
                               QMessageBox, QPushButton, QScrollArea, QStyle, QVBoxLayout, QWidget)

from desktop.changes import changes_of
from desktop.domain.meeting_enums import RecordStatus
from desktop.errors import ValidationError
from desktop.services.attachments import ALLOWED_SUFFIXES
from ui.display import fmt_size
from ui.pages import ChangeWatch
from ui.records.lifecycle_dialogs import AmendmentDialog

FILE_FILTER = "照片、扫描件和文档 (" + " ".join(f"*{s}" for s in sorted(ALLOWED_SUFFIXES)) + ")"


def image_from(data: bytes | None) -> QImage | None:
    if not data:
        return None
    img = QImage.fromData(data)
    return None if img.isNull() else img


class PreviewDialog(QDialog):
    def __init__(self, name: str, image: QImage, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"预览 — {name}")
        layout = QVBoxLayout(self)
        area = QScrollArea()
        label = QLabel()
        pix = QPixmap.fromImage(image)
        if pix.width() > 1000 or pix.height() > 700:
            pix = pix.scaled(1000, 700, Qt.KeepAspectRatio, Qt.SmoothTransformation)
        label.setPixmap(pix)
        area.setWidget(label)
        area.setAlignment(Qt.AlignCenter)
        layout.addWidget(area)
        self.resize(min(pix.width() + 40, 1040), min(pix.height() + 40, 740))


class AttachmentsPanel(QWidget):
    need_record = Signal(str)  # path: the editor must save the draft first, then call add_file(path)
    changed = Signal()  # an attachment was added or removed (a finalized record got a 补充说明)
    counted = Signal(int)  # how many files are shown

    def __init__(self, ctx, service: str = "meetings", owner_type: str = "meeting", parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.service_name, self.owner_type = ctx, service, owner_type
        self.record_id: int | None = None
        self.status = RecordStatus.DRAFT
        self._infos: list = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.hint = QLabel("附件（会议照片、签名的签到表扫描件、PDF 等）加密保存在支部纪实本内。单个文件不超过 20 MB。")
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.list = QListWidget()
        self.list.setObjectName("attachmentList")
        self.list.setViewMode(QListWidget.IconMode)
        self.list.setIconSize(QSize(128, 96))
        self.list.setGridSize(QSize(168, 150))
        self.list.setResizeMode(QListWidget.Adjust)
        self.list.setMovement(QListWidget.Static)
        self.list.setWordWrap(True)
        self.list.itemDoubleClicked.connect(lambda _i: self.preview_selected())
        self.list.currentItemChanged.connect(lambda *_: self._update_buttons())
        layout.addWidget(self.list, 1)
        bar = QHBoxLayout()
        self.add_button = QPushButton("添加附件…")
        self.add_button.clicked.connect(lambda: self.add_file())
        self.preview_button = QPushButton("预览")
        self.preview_button.clicked.connect(self.preview_selected)
        self.save_button = QPushButton("另存副本…")
        self.save_button.setToolTip("把附件另存为一份不加密的文件（记入操作日志）")
        self.save_button.clicked.connect(lambda: self.save_copy())
        self.remove_button = QPushButton("删除")
        self.remove_button.clicked.connect(lambda: self.remove_selected())
        for b in (self.add_button, self.preview_button, self.save_button, self.remove_button):
            bar.addWidget(b)
        bar.addStretch(1)
        layout.addLayout(bar)
        self._update_buttons()
        # Its own 添加/删除 and any other change of attachments (another editor, a 补充说明) reach the list through
        # ctx.changed, like every page; hidden in another tab, it reads again when shown.
        self.watch = ChangeWatch(self, ctx, ("attachments",), self._reload)

    @property
    def service(self):
        return getattr(self.ctx.ws, self.service_name)

    # ---- showing ----------------------------------------------------------------------------
    def set_record(self, record_id: int | None, status: RecordStatus, infos, thumbs: dict) -> None:
        self.record_id, self.status = record_id, RecordStatus(status)
        self._infos = list(infos)
        self.list.clear()
        file_icon = self.style().standardIcon(QStyle.SP_FileIcon)
        for a in self._infos:
            img = image_from(thumbs.get(a.id))
            icon = QIcon(QPixmap.fromImage(img)) if img is not None else file_icon
            later = "（定稿后补充）" if a.amendment_id else ""
            item = QListWidgetItem(icon, f"{a.name}\n{fmt_size(a.size)}{later}")
            item.setData(Qt.UserRole, a.id)
            item.setToolTip(f"{a.name}\n{a.mime}\nSHA-256 {a.sha256}")
            self.list.addItem(item)
        self._update_buttons()
        self.watch.stale, self.watch.loaded_on = False, date.today()
        self.counted.emit(len(self._infos))

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self.record_id is not None:
            self.watch.activated()

    def names(self) -> list[str]:
        return [a.name for a in self._infos]

    def _selected(self):
        item = self.list.currentItem()
        if item is None:
            return None
        return next((a for a in self._infos if a.id == item.data(Qt.UserRole)), None)

    def _update_buttons(self) -> None:
        sel = self._selected()
        self.add_button.setVisible(self.status != RecordStatus.VOID)
        self.add_button.setText("补充附件…" if self.status == RecordStatus.FINAL else "添加附件…")
        self.preview_button.setEnabled(sel is not None)
        self.save_button.setEnabled(sel is not None)
        self.remove_button.setVisible(self.status == RecordStatus.DRAFT)
        self.remove_button.setEnabled(sel is not None and sel.amendment_id is None)

    def _reload(self) -> None:
        ws, rid, owner = self.ctx.ws, self.record_id, self.owner_type
        if rid is None:  # a new record: nothing attached yet (set_record shows its list once saved)
            return

        def work():
            from ui.meetings.data import thumbnails

            infos = ws.meetings.attachments.list(owner, rid)
            return infos, thumbnails(ws, infos)

        self.ctx.tasks.run(work, owner=self, label="正在读取附件…",
                           on_done=lambda r: (self.set_record(rid, self.status, *r), self.changed.emit()))

    # ---- actions ----------------------------------------------------------------------------
    def add_file(self, path: str | None = None, reason: str | None = None) -> None:
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, "选择附件", _documents_dir(), FILE_FILTER)
        if not path:
            return
        if self.record_id is None:
            self.need_record.emit(path)
            return
        if self.status == RecordStatus.FINAL and reason is None:
            dlg = AmendmentDialog("attachment", Path(path).name, self)
            dlg.submitted.connect(lambda r, _n: (dlg.accept(), self.add_file(path, r or "补充附件")))
            self.reason_dialog = dlg
            dlg.open()
            return
        service, rid = self.service, self.record_id

        def failed(exc: BaseException) -> bool:
            if isinstance(exc, ValidationError):
                self._message(str(exc))
                return True
            return False

        self.ctx.tasks.run(lambda: service.attach(rid, path, reason=reason or ""), owner=self, on_error=failed,
                           changes=changes_of(service.attach),
                           label="正在添加附件…")

    def preview_selected(self) -> None:
        a = self._selected()
        if a is None:
            return
        if not a.is_image:
            self._message(f"“{a.name}”不是图片，无法在此预览。需要查看时，请“另存副本”后用相应软件打开。")
            return

        def show(data: bytes) -> None:
            img = image_from(data)
            if img is None:
                self._message(f"无法显示“{a.name}”的预览。")
                return
            self.preview_dialog = PreviewDialog(a.name, img, self)
            self.preview_dialog.setAttribute(Qt.WA_DeleteOnClose)
            self.preview_dialog.open()

        self.ctx.tasks.run(self.ctx.ws.meetings.attachments.data, a.id, owner=self, on_done=show,
                           label="正在读取附件…")

    def save_copy(self, dest: str | None = None) -> None:
        a = self._selected()
        if a is None:
            return
        if dest is None:
            dest, _ = QFileDialog.getSaveFileName(self, "另存附件副本（不加密）", str(Path(_documents_dir()) / a.name))
        if not dest:
            return
        self.ctx.tasks.run(self.ctx.ws.meetings.attachments.save_copy, a.id, Path(dest), owner=self,
                           label="正在另存附件…",
                           on_done=lambda p: self._message(f"已另存到：{p}\n这份副本没有加密，请妥善保管，用完后删除。"))

    def remove_selected(self, confirmed: bool = False) -> None:
        a = self._selected()
        if a is None or self.status != RecordStatus.DRAFT:
            return
        if not confirmed:
            answer = QMessageBox.question(self, "删除附件", f"从草稿中删除附件“{a.name}”吗？",
                                          QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
            if answer != QMessageBox.Yes:
                return
        self.ctx.tasks.run(self.ctx.ws.meetings.attachments.remove, a.id, owner=self, label="正在删除附件…")

    def set_enabled_for(self, editable: bool) -> None:
        """Correction mode: attachments are added as 补充说明 separately, not inside a correction."""
        self.add_button.setEnabled(editable)

    def _message(self, text: str) -> QMessageBox:
        box = QMessageBox(QMessageBox.Information, "附件", text, QMessageBox.Ok, self)
        box.setAttribute(Qt.WA_DeleteOnClose)
        box.open()
        self.message_box = box
        return box


def _documents_dir() -> str:
    return QStandardPaths.writableLocation(QStandardPaths.DocumentsLocation) or str(Path.home())
