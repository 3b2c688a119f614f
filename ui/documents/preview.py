"""The preview: the PDF's pages as images in a scrolling column, with zoom.

Pages are rendered lazily on the worker (only those in view, at the current zoom) and turned into QPixmaps on
the UI thread; pages far out of view drop their images again, so a 70-page year book does not hold 70 page
images. The PDF itself stays in memory only.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (QComboBox, QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QSizePolicy,
                               QToolButton, QVBoxLayout, QWidget)

from ui.documents.pdfpages import render_pages
from ui.theme import scaled

ZOOMS = (("适合宽度", "width"), ("整页", "page"), ("50%", 0.5), ("75%", 0.75), ("100%", 1.0), ("125%", 1.25),
         ("150%", 1.5), ("200%", 2.0))
STEPS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0)
PAGE_GAP = 14
KEEP_AROUND = 3  # pages either side of the view that keep their images
BATCH = 3  # pages per render job


class PageLabel(QLabel):
    """One sheet: white with a thin border and a shadow-like frame until its image arrives."""

    def __init__(self, number: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.number = number
        self.scale = 0.0  # pixels per point of the image shown (0: none)
        self.setAlignment(Qt.AlignCenter)
        self.setScaledContents(True)
        self.setStyleSheet("background: #ffffff; border: 1px solid #c8c8c4; color: #9a9a9a;")
        self.setText(f"第 {number} 页")

    def clear_image(self) -> None:
        self.scale = 0.0
        self.clear()
        self.setText(f"第 {self.number} 页")


class ElidedLabel(QLabel):
    """A one-line label that ends in … when it does not fit (the full text in its tooltip)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)

    def set_full_text(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self._elide()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        self.setText(self.fontMetrics().elidedText(self._full, Qt.ElideMiddle, max(10, self.width())))


class PreviewView(QWidget):
    """Show a :class:`ui.documents.data.Built` document. ``open_requested`` is the 用系统程序打开 button."""

    open_requested = Signal()
    rendered = Signal()  # after page images arrived

    def __init__(self, tasks, parent: QWidget | None = None, *, with_open: bool = True):
        super().__init__(parent)
        self.tasks = tasks
        self.built = None
        self.pages: list[PageLabel] = []
        self.zoom: str | float = "width"
        self._gen = 0
        self._busy = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._toolbar(with_open))
        self.stale = QLabel("选项已更改，下面仍是之前的预览。点击“预览”更新。")
        self.stale.setStyleSheet("background: #fff4e5; color: #7a4b00; padding: 5px 12px;"
                                 " border-bottom: 1px solid #f0d9b5;")
        self.stale.hide()
        layout.addWidget(self.stale)
        self.scroll = QScrollArea()
        self.scroll.setObjectName("previewArea")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.NoFrame)
        self.scroll.setStyleSheet("QScrollArea#previewArea, QWidget#previewSheets { background: #e4e4e0; }")
        self.sheets = QWidget()
        self.sheets.setObjectName("previewSheets")
        self.column = QVBoxLayout(self.sheets)
        self.column.setContentsMargins(PAGE_GAP, PAGE_GAP, PAGE_GAP, PAGE_GAP)
        self.column.setSpacing(PAGE_GAP)
        self.column.setAlignment(Qt.AlignHCenter | Qt.AlignTop)
        self.message = QLabel()
        self.message.setAlignment(Qt.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setStyleSheet(scaled("color: #6b6b6b; font-size: 11pt; padding: 40px;"))
        self.column.addWidget(self.message)
        self.scroll.setWidget(self.sheets)
        layout.addWidget(self.scroll, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(30)
        self._timer.timeout.connect(self._render_visible)
        self.scroll.verticalScrollBar().valueChanged.connect(lambda _v: self._timer.start())
        self.scroll.horizontalScrollBar().valueChanged.connect(lambda _v: self._timer.start())
        self.show_message("在左侧选择文档和选项，然后点击“预览”。")

    def _toolbar(self, with_open: bool) -> QWidget:
        bar = QFrame()
        bar.setObjectName("previewBar")
        bar.setStyleSheet("QFrame#previewBar { background: #ffffff; border-bottom: 1px solid #dcdcd8; }")
        row = QHBoxLayout(bar)
        row.setContentsMargins(10, 4, 10, 4)
        self.title = ElidedLabel()
        self.title.setStyleSheet("font-weight: 600;")
        self.page_info = QLabel()
        self.page_info.setObjectName("subtitle")
        self.zoom_out = QToolButton()
        self.zoom_out.setText("－")
        self.zoom_out.setToolTip("缩小")
        self.zoom_out.clicked.connect(lambda: self.step_zoom(-1))
        self.zoom_box = QComboBox()
        for text, value in ZOOMS:
            self.zoom_box.addItem(text, value)
        self.zoom_box.activated.connect(lambda i: self.set_zoom(self.zoom_box.itemData(i)))
        self.zoom_in = QToolButton()
        self.zoom_in.setText("＋")
        self.zoom_in.setToolTip("放大")
        self.zoom_in.clicked.connect(lambda: self.step_zoom(1))
        row.addWidget(self.title, 1)
        row.addWidget(self.page_info)
        row.addSpacing(8)
        for w in (self.zoom_out, self.zoom_box, self.zoom_in):
            row.addWidget(w)
        self.open_button = QPushButton("用系统程序打开…")
        self.open_button.setToolTip("另存为一个不加密的文件，再用系统中的程序打开")
        self.open_button.clicked.connect(self.open_requested.emit)
        self.open_button.setVisible(with_open)
        row.addWidget(self.open_button)
        self._set_enabled(False)
        return bar

    def _set_enabled(self, on: bool) -> None:
        for w in (self.zoom_out, self.zoom_box, self.zoom_in, self.open_button):
            w.setEnabled(on)

    # ---- content ----------------------------------------------------------------------------
    def show_message(self, text: str) -> None:
        """No document: a hint (or an error) in the middle, and no page images kept."""
        self._drop_pages()
        self.built = None
        self.title.set_full_text("")
        self.page_info.setText("")
        self.stale.hide()
        self.message.setText(text)
        self.message.show()
        self._set_enabled(False)

    def set_document(self, built) -> None:
        self._drop_pages()
        self.built = built
        self.message.hide()
        self.stale.hide()
        self.title.set_full_text(built.title)
        self.page_info.setText(f"共 {len(built.pages)} 页")
        for n in range(len(built.pages)):
            label = PageLabel(n + 1)
            self.pages.append(label)
            self.column.addWidget(label, 0, Qt.AlignHCenter)
        self._set_enabled(True)
        self._layout_pages()
        self.scroll.verticalScrollBar().setValue(0)
        self._timer.start()

    def set_stale(self, stale: bool) -> None:
        self.stale.setVisible(stale and self.built is not None)

    def _drop_pages(self) -> None:
        self._gen += 1
        for label in self.pages:
            self.column.removeWidget(label)
            label.hide()  # at once: deleteLater waits for the event loop
            label.clear()
            label.deleteLater()
        self.pages = []

    def page_count(self) -> int:
        return len(self.pages)

    def rendered_pages(self) -> list[int]:
        """Numbers of the pages showing an image (tests, and the screenshots)."""
        return [p.number for p in self.pages if p.scale > 0]

    # ---- zoom -------------------------------------------------------------------------------
    def points_to_pixels(self) -> float:
        """Logical pixels per PDF point at the current zoom (100% = the page's real size on screen)."""
        if not self.built:
            return 1.0
        real = self.logicalDpiX() / 72.0
        if isinstance(self.zoom, (int, float)):
            return real * float(self.zoom)
        view = self.scroll.viewport().size()
        bar = self.scroll.verticalScrollBar().sizeHint().width()
        width = max(200, view.width() - 2 * PAGE_GAP - (0 if self.scroll.verticalScrollBar().isVisible() else bar))
        widest = max(w for w, _h in self.built.pages)
        fit_w = width / widest
        if self.zoom == "page":
            tallest = max(h for _w, h in self.built.pages)
            return min(fit_w, max(100, view.height() - 2 * PAGE_GAP) / tallest)
        return fit_w

    def set_zoom(self, zoom) -> None:
        self.zoom = zoom
        index = self.zoom_box.findData(zoom)
        if index < 0:
            self.zoom_box.addItem(f"{round(float(zoom) * 100)}%", zoom)
            index = self.zoom_box.count() - 1
        self.zoom_box.setCurrentIndex(index)
        self._layout_pages()
        self._timer.start()

    def step_zoom(self, direction: int) -> None:
        current = self.points_to_pixels() / (self.logicalDpiX() / 72.0)
        if direction > 0:
            nxt = next((s for s in STEPS if s > current + 0.01), STEPS[-1])
        else:
            nxt = next((s for s in reversed(STEPS) if s < current - 0.01), STEPS[0])
        self.set_zoom(nxt)

    def _layout_pages(self) -> None:
        if not self.built:
            return
        ppp = self.points_to_pixels()
        for label, (w, h) in zip(self.pages, self.built.pages):
            label.setFixedSize(QSize(round(w * ppp), round(h * ppp)))

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        if self.built and isinstance(self.zoom, str):
            self._layout_pages()
        self._timer.start()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self._layout_pages()
        self._timer.start()

    # ---- lazy rendering ---------------------------------------------------------------------
    def visible_pages(self) -> list[int]:
        """Indexes of the pages in view, plus one either side."""
        if not self.pages:
            return []
        top = self.scroll.verticalScrollBar().value()
        view = QRect(0, top, self.sheets.width(), self.scroll.viewport().height())
        hit = [i for i, p in enumerate(self.pages) if p.geometry().intersects(view)]
        if not hit:
            hit = [0]
        return list(range(max(0, hit[0] - 1), min(len(self.pages), hit[-1] + 2)))

    def _render_visible(self) -> None:
        if not self.built or self._busy or not self.isVisible():
            return
        scale = self.points_to_pixels() * self.devicePixelRatioF()
        wanted = self.visible_pages()
        keep = set(range(max(0, wanted[0] - KEEP_AROUND), wanted[-1] + KEEP_AROUND + 1)) if wanted else set()
        for i, label in enumerate(self.pages):
            if i not in keep and label.scale:
                label.clear_image()
        todo = [i for i in wanted if abs(self.pages[i].scale - scale) > 1e-3][:BATCH]
        if not todo:
            return
        self._busy = True
        gen = self._gen

        def done(images) -> None:
            self._busy = False
            if gen != self._gen:
                self._timer.start()
                return
            for i, image in images:
                pixmap = QPixmap.fromImage(image)
                pixmap.setDevicePixelRatio(self.devicePixelRatioF())
                label = self.pages[i]
                label.setPixmap(pixmap)
                label.scale = scale
            self.rendered.emit()
            self._timer.start()  # more pages in view, or the zoom changed meanwhile

        def failed(_exc) -> bool:
            self._busy = False
            return False

        self.tasks.run(render_pages, self.built.pdf, todo, scale, owner=self, on_done=done, on_error=failed,
                       label="正在显示预览…")
