"""Auto-lock: an app-wide event filter notes user input; after the idle limit ``timed_out`` fires."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication

_INPUT_EVENTS = frozenset({
    QEvent.KeyPress, QEvent.MouseButtonPress, QEvent.MouseButtonDblClick, QEvent.MouseMove, QEvent.Wheel,
    QEvent.TouchBegin, QEvent.TouchUpdate, QEvent.InputMethod, QEvent.TabletPress,
})


class IdleWatcher(QObject):
    """Checks a monotonic clock on a coarse timer, so a resumed laptop locks at once, not minutes later."""

    timed_out = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._limit = 0.0
        self._last = time.monotonic()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._check)
        QApplication.instance().installEventFilter(self)

    def set_timeout(self, seconds: float) -> None:
        """0 disables auto-lock."""
        self._limit = max(0.0, float(seconds))
        self.reset()
        if self._limit:
            self._timer.start(int(min(5.0, max(0.05, self._limit / 4)) * 1000))
        else:
            self._timer.stop()

    def set_minutes(self, minutes: int) -> None:
        self.set_timeout(minutes * 60)

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def stop(self) -> None:
        self._timer.stop()

    def reset(self) -> None:
        self._last = time.monotonic()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        if event.type() in _INPUT_EVENTS:
            self._last = time.monotonic()
        return False

    def _check(self) -> None:
        if self._limit and time.monotonic() - self._last >= self._limit:
            self._timer.stop()
            self.timed_out.emit()

    def shutdown(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)


class LockKey(QObject):
    """Ctrl+L locks from any window. A window-modal editor blocks the main window's own shortcut, so the key
    is also watched app-wide; ``pressed`` fires for it wherever the focus is (the session ignores it when
    nothing is open)."""

    pressed = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        QApplication.instance().installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.KeyPress and not event.isAutoRepeat() and event.key() == Qt.Key_L \
                and event.modifiers() & ~Qt.KeypadModifier == Qt.ControlModifier \
                and obj.isWidgetType():  # the widget, not its QWindow (the event is consumed: fires once)
            self.pressed.emit()
            return True
        return False
