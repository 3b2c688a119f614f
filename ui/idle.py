"""Auto-lock: ``ui.app_events`` notes user input here; after the idle limit ``timed_out`` fires. Ctrl+L, the
manual lock, is recognised here too."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, Qt, QTimer, Signal


class IdleWatcher(QObject):
    """Checks a monotonic clock on a coarse timer, so a resumed laptop locks at once, not minutes later."""

    timed_out = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._limit = 0.0
        self._last = time.monotonic()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._check)

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
        """User input (called by the app-wide filter for every key, click, mouse move, wheel or touch)."""
        self._last = time.monotonic()

    def _check(self) -> None:
        if self._limit and time.monotonic() - self._last >= self._limit:
            self._timer.stop()
            self.timed_out.emit()

    def shutdown(self) -> None:
        self._timer.stop()


def is_lock_key(obj, event) -> bool:
    """Ctrl+L pressed (not auto-repeated), as delivered to the widget rather than to its QWindow, so that
    consuming it fires the lock once."""
    return event.key() == Qt.Key_L and not event.isAutoRepeat() \
        and event.modifiers() & ~Qt.KeypadModifier == Qt.ControlModifier and obj.isWidgetType()
