"""预览 / 打印… / 另存为… / 用系统程序打开… for a document request, shared by the 文档 page and the 打印/导出
dialog of a record. All core work runs on the task runner's worker (building, PDF rendering, painting onto the
printer); the dialogs run here on the UI thread.

Nothing is written outside the book except files the user saves: the preview and the printer get the PDF from
memory, and 用系统程序打开 first says the file will not be encrypted and asks where to save it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from desktop.progress import Cancelled
from ui.documents import data
from ui.documents.pdfpages import paint_pdf, printer_pages, setup_printer

FILTERS = {"pdf": "PDF 文件 (*.pdf)", "docx": "Word 文档 (*.docx)"}
PREFS_SECTION = "documents"  # our own key in the preferences file: {"last_folder": "..."}

FULL_ID_TEXT = ("这份花名册将包含党员的完整身份证号。\n\n完整身份证号属于敏感个人信息：本次生成会记入审计日志"
                "（时间、人数和保存位置）。请只在确有需要时使用，打印件和文件妥善保管、用后及时销毁。\n\n继续生成吗？")
UNENCRYPTED_TEXT = ("系统中的其他程序无法读取支部纪实本里的加密内容。要用系统程序打开，需要先把文档另存为一个"
                    "不加密的文件。\n\n请在下一步选择保存位置。文件不会被自动删除，请妥善保管，不再需要时自行删除。")


def ask(parent: QWidget | None, title: str, text: str, yes_text: str, icon=QMessageBox.Question) -> bool:
    """A modal question with a clear 'yes' button and 取消."""
    box = QMessageBox(icon, title, text, QMessageBox.NoButton, parent)
    yes = box.addButton(yes_text, QMessageBox.AcceptRole)
    box.addButton("取消", QMessageBox.RejectRole)
    if icon == QMessageBox.Question:
        box.setDefaultButton(yes)
    box.exec()
    return box.clickedButton() is yes


# ---- the last folder (preferences; the settings store has no field for it) ----------------------------
def _documents_dir() -> Path:
    return Path(QStandardPaths.writableLocation(QStandardPaths.DocumentsLocation) or Path.home())


def last_folder(store) -> Path:
    raw = getattr(store, "_raw", {}).get(PREFS_SECTION, {})
    folder = raw.get("last_folder") if isinstance(raw, dict) else None
    if isinstance(folder, str) and folder and Path(folder).is_dir():
        return Path(folder)
    return _documents_dir()


def remember_folder(store, folder: Path) -> None:
    raw = getattr(store, "_raw", None)
    if raw is None:
        return
    section = raw.get(PREFS_SECTION)
    section = section if isinstance(section, dict) else {}
    section["last_folder"] = str(folder)
    raw[PREFS_SECTION] = section
    try:
        store.save()  # keeps keys it does not know
    except OSError:
        pass  # a preference only: never fail a save for it


def with_suffix(path: str, fmt: str) -> Path:
    p = Path(path)
    return p if p.suffix.lower() in (".pdf", ".docx") else p.with_name(p.name + "." + fmt)


class DocumentActions(QObject):
    """Runs the actions for ``widget`` (dialog parent and task owner); shows documents in ``preview``."""

    status = Signal(str)
    busy_changed = Signal(bool)

    def __init__(self, ctx, widget: QWidget, preview=None):
        super().__init__(widget)
        self.ctx = ctx
        self.widget = widget
        self.preview = preview
        self.labels: dict[str, str] = {}
        self.cache = None  # the last Built (in memory only)
        self.printed_to = None  # the QPrinter of the last print job
        self.last_task = None  # the last long task (its progress dialog; tests)

    # ---- helpers ----------------------------------------------------------------------------
    def alive(self) -> bool:
        """Still unlocked on the same workspace (a dialog may have been open across a lock)."""
        session = getattr(self.ctx, "session", None)
        return session is None or session.ws is self.ctx.ws

    def label(self, kind: str) -> str:
        return self.labels.get(kind, "文档")

    def forget(self) -> None:
        """Drop the rendered document (options changed, or the data may have)."""
        self.cache = None

    def confirm(self, request) -> bool:
        if not request.full_id:
            return True
        return ask(self.widget, "完整身份证号", FULL_ID_TEXT, "继续生成", QMessageBox.Warning)

    def _with_built(self, request, then) -> None:
        if self.cache is not None and self.cache.request == request:
            then(self.cache)
            return

        def done(built) -> None:
            self.cache = built
            then(built)

        self.last_task = self.ctx.tasks.run(data.build_pdf, self.ctx.ws, request, progress=True, owner=self.widget,
                                            on_done=done, on_error=self._failed,
                                            label=f"正在生成“{self.label(request.kind)}”…")

    def _failed(self, exc: BaseException, cancelled: str = "已取消。") -> bool:
        if isinstance(exc, Cancelled):
            self.status.emit(cancelled)
            return True
        self.status.emit("没有完成，请查看提示。")
        return False

    # ---- 预览 -------------------------------------------------------------------------------
    def show_preview(self, request) -> None:
        if request is None or not self.confirm(request):
            return

        def shown(built) -> None:
            if self.preview is not None:
                self.preview.set_document(built)
            self.status.emit(f"预览：{built.title}，共 {len(built.pages)} 页" + (f"。{built.warning}" if built.warning
                                                                           else ""))

        self._with_built(request, shown)

    # ---- 打印 -------------------------------------------------------------------------------
    def print_document(self, request) -> None:
        if request is None or not self.confirm(request):
            return
        self._with_built(request, self._print_built)

    def ask_printer(self, built):
        """Qt's print dialog; the QPrinter to print on, or None when cancelled."""
        from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.HighResolution)
        setup_printer(printer, built.title)
        dlg = QPrintDialog(printer, self.widget)
        dlg.setWindowTitle(f"打印 — {built.title}")
        dlg.setOptions(QAbstractPrintDialog.PrintPageRange | QAbstractPrintDialog.PrintToFile
                       | QAbstractPrintDialog.PrintCollateCopies | QAbstractPrintDialog.PrintShowPageSize)
        dlg.setMinMax(1, len(built.pages))
        printer.setFromTo(1, len(built.pages))
        self.print_dialog = dlg
        accepted = dlg.exec() == QDialog.Accepted
        self.print_dialog = None
        return printer if accepted else None

    def _print_built(self, built) -> None:
        printer = self.ask_printer(built)
        if printer is None or not self.alive():
            return
        pages = printer_pages(printer, len(built.pages))
        self.printed_to = printer  # stays alive while the worker paints on it

        def done(count: int) -> None:
            self.status.emit(f"已发送到打印机：{built.title}，{count} 页")

        self.last_task = self.ctx.tasks.run(paint_pdf, built.pdf, printer, pages, progress=True, owner=self.widget,
                                            on_done=done, label="正在打印…",
                                            on_error=lambda exc: self._failed(exc, "已取消打印。"))

    # ---- 另存为 / 用系统程序打开 -------------------------------------------------------------
    def save_as(self, request, fmt: str, then=None) -> None:
        """Ask for a file (named after the document, in the last folder used), then write it on the worker."""
        if request is None or not self.confirm(request):
            return
        if self.cache is not None and self.cache.request == request:
            self._ask_path(request, fmt, self.cache.name, then)
            return
        self.ctx.tasks.run(data.file_name, self.ctx.ws, request, owner=self.widget, label="正在准备…",
                           on_done=lambda name: self._ask_path(request, fmt, name, then))

    def _ask_path(self, request, fmt: str, name: str, then) -> None:
        start = last_folder(self.ctx.store) / f"{name}.{fmt}"
        path, _ = QFileDialog.getSaveFileName(self.widget, "另存为（保存的文件不加密）", str(start), FILTERS[fmt])
        if not path or not self.alive():
            return
        target = with_suffix(path, fmt)
        remember_folder(self.ctx.store, target.parent)

        def saved(written: Path) -> None:
            warning = self.ctx.ws.documents.last_warning
            self.status.emit(f"已保存：{written}" + (f"。{warning}" if warning else ""))
            if then is not None:
                then(written)

        self.last_task = self.ctx.tasks.run(data.export, self.ctx.ws, request, target, progress=True,
                                            owner=self.widget, on_done=saved,
                                            on_error=lambda exc: self._failed(exc, "已取消，没有写入文件。"),
                                            label=f"正在生成并保存“{self.label(request.kind)}”…")

    def open_external(self, request, fmt: str = "pdf") -> None:
        if request is None:
            return
        if not ask(self.widget, "用系统程序打开", UNENCRYPTED_TEXT, "选择保存位置…"):
            return
        self.save_as(request, fmt, then=lambda path: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))


def preview_pane(owner: QWidget, ctx, left: QWidget, sizes: list[int]):
    """The options | preview splitter shared by the 文档 page and the per-record dialog.

    Sets ``owner.preview`` and ``owner.actions`` (wired to ``owner.status``, ``owner.options``) and returns the splitter.
    """
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QFrame, QSplitter, QVBoxLayout

    from ui.documents.preview import PreviewView

    split = QSplitter(Qt.Horizontal)
    split.setChildrenCollapsible(False)
    split.addWidget(left)
    owner.preview = PreviewView(ctx.tasks)
    frame = QFrame()
    frame.setObjectName("card")
    box = QVBoxLayout(frame)
    box.setContentsMargins(1, 1, 1, 1)
    box.addWidget(owner.preview)
    split.addWidget(frame)
    split.setStretchFactor(1, 1)
    split.setSizes(sizes)
    owner.actions = DocumentActions(ctx, owner, owner.preview)
    owner.actions.status.connect(owner.status.setText)
    owner.preview.open_requested.connect(lambda: owner.actions.open_external(owner.options.request(),
                                                                             owner.options.fmt()))
    return split
