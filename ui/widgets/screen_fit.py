"""Windows and dialogs fit the available screen: sized from it, moved onto it, their content scrolling.

``fit_window`` sizes a window from a preferred size and the screen it will appear on; ``fit_shown_window`` (called
by the app-wide event filter, ``ui.app_events``) clamps every top-level window or dialog when it is shown, so the
title bar and the action buttons are never off-screen, also for message boxes and at 150% scale.
``scroll_body`` puts a form's fields in a scroll area so the buttons below them stay visible.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QLayout, QLineEdit, QPushButton, QScrollArea, QVBoxLayout, QWidget

# What a window manager adds around a window (title bar, borders) when Qt cannot tell yet (before mapping).
FRAME_GUESS = QSize(16, 40)


def available_geometry(widget: QWidget | None = None) -> QRect:
    """The usable area (without task bars) of the screen ``widget`` is on, or of the primary screen."""
    screen = None
    if widget is not None:
        parent = widget.parentWidget()
        screen = (parent.window().screen() if parent is not None else None) or widget.screen()
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1280, 720)


def _frame_extra(widget: QWidget) -> QSize:
    frame, inner = widget.frameGeometry(), widget.geometry()
    extra = QSize(frame.width() - inner.width(), frame.height() - inner.height())
    return extra if extra.height() > 0 else FRAME_GUESS


def fit_window(widget: QWidget, width: int, height: int, *, share: float = 0.92) -> QSize:
    """Resize ``widget`` to its preferred ``width`` × ``height``, at most ``share`` of the available screen."""
    avail = available_geometry(widget)
    extra = _frame_extra(widget)
    size = QSize(min(width, int(avail.width() * share) - extra.width()),
                 min(height, int(avail.height() * share) - extra.height()))
    widget.resize(size.expandedTo(widget.minimumSizeHint().boundedTo(size)).expandedTo(QSize(200, 120)))
    return widget.size()


def clamp_to_screen(widget: QWidget) -> None:
    """Shrink (down to the widget's minimum) and move ``widget`` so its frame lies inside the available area."""
    avail = available_geometry(widget)
    extra = _frame_extra(widget)
    max_w, max_h = avail.width() - extra.width(), avail.height() - extra.height()
    w, h = widget.width(), widget.height()
    if w > max_w or h > max_h:
        minimum = widget.minimumSize()
        widget.resize(max(min(w, max_w), minimum.width()), max(min(h, max_h), minimum.height()))
    frame = widget.frameGeometry()
    x = min(max(frame.x(), avail.left()), avail.right() + 1 - frame.width())
    y = min(max(frame.y(), avail.top()), avail.bottom() + 1 - frame.height())
    x, y = max(x, avail.left()), max(y, avail.top())  # too big even at its minimum: keep the title bar visible
    if (x, y) != (frame.x(), frame.y()):
        widget.move(x, y)


class ScrollBody(QScrollArea):
    """A frameless scroll area that asks for its content's full size, so a short form never opens scrolled
    while a long one (or a large font) scrolls inside a window that fits the screen."""

    def __init__(self, content: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.NoFrame)
        self.setWidget(content)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        hint = self.widget().sizeHint() if self.widget() is not None else QSize(0, 0)
        bar = self.verticalScrollBar().sizeHint().width()
        return QSize(hint.width() + bar + 2, hint.height() + 2)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        hint = self.widget().minimumSizeHint() if self.widget() is not None else QSize(0, 0)
        return QSize(min(hint.width(), 320), min(hint.height(), 120))


def scroll_body(content: QWidget | QLayout) -> ScrollBody:
    """Wrap a dialog's fields (a widget or a layout) in a :class:`ScrollBody`; the buttons go below it."""
    if isinstance(content, QLayout):
        holder = QWidget()
        holder.setLayout(content)
        content = holder
    return ScrollBody(content)


def fit_shown_window(obj: QObject) -> None:
    """Called by the app-wide filter (``ui.app_events``) for every Show event: a window or dialog being shown
    is clamped to the available area of its screen."""
    if obj.isWidgetType() and obj.isWindow() and obj.windowType() in (Qt.Window, Qt.Dialog):
        clamp_to_screen(obj)


def scroll_dialog_body(dialog: QWidget, keep_last: int = 1) -> ScrollBody:
    """Move everything in ``dialog``'s top layout except its last ``keep_last`` items (the buttons) into a
    :class:`ScrollBody`, so a long form or a large font scrolls while the buttons stay visible."""
    outer = dialog.layout()
    body = QVBoxLayout()
    body.setContentsMargins(0, 0, 0, 0)
    body.setSpacing(outer.spacing())
    items = [outer.takeAt(0) for _ in range(outer.count() - keep_last)]
    for item in items:
        if item.widget() is not None:
            body.addWidget(item.widget(), 0, item.alignment())
        elif item.layout() is not None:
            child = item.layout()
            child.setParent(None)
            body.addLayout(child)
        elif item.spacerItem() is not None:
            body.addItem(item.spacerItem())
    holder = QWidget()
    holder.setLayout(body)
    area = ScrollBody(holder)
    outer.insertWidget(0, area, 1)
    # A button made default before it was inside the dialog is not the dialog's main default, and loses the
    # role as soon as focus passes another button: register it again now that the dialog holds it (Enter).
    default = next((b for b in dialog.findChildren(QPushButton) if b.isDefault()), None)
    if default is not None:
        default.setDefault(True)
        submit = EnterSubmits(default, dialog)
        for edit in holder.findChildren(QLineEdit):
            edit.installEventFilter(submit)
    return area


class EnterSubmits(QObject):
    """Enter in a one-line field presses the form's main button, whichever button Qt's own default-button
    bookkeeping last chose (it drifts as focus passes buttons)."""

    def __init__(self, button: QPushButton, parent: QObject):
        super().__init__(parent)
        self.button = button

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.KeyPress and event.key() in (Qt.Key_Return, Qt.Key_Enter) \
                and not event.modifiers() & ~Qt.KeypadModifier:
            obj.editingFinished.emit() if obj.isModified() else None
            if self.button.isVisible() and self.button.isEnabled():
                self.button.click()
            return True
        return False
