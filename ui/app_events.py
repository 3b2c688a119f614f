"""The one app-wide event filter: it notes user input for the auto-lock's idle clock, turns Ctrl+L into a lock
request wherever the focus is, and clamps every window or dialog to its screen when it is shown.

Every event of the application (≈8 000 during start-up alone) passes each app-wide filter, and each pass is a
call into Python; one filter that dispatches by event type costs a third of three separate ones.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QApplication

from ui.idle import IdleWatcher, is_lock_key
from ui.widgets.screen_fit import fit_shown_window

_INPUT_EVENTS = frozenset({
    QEvent.KeyPress, QEvent.MouseButtonPress, QEvent.MouseButtonDblClick, QEvent.MouseMove, QEvent.Wheel,
    QEvent.TouchBegin, QEvent.TouchUpdate, QEvent.InputMethod, QEvent.TabletPress,
})
_KEY_PRESS = QEvent.KeyPress
_SHOW = QEvent.Show


class AppEvents(QObject):
    """Installed on the application by the session; ``lock_key_pressed`` fires for Ctrl+L in any window (a
    window-modal editor blocks the main window's own shortcut), and the key press is then consumed."""

    lock_key_pressed = Signal()

    def __init__(self, idle: IdleWatcher, parent: QObject | None = None):
        super().__init__(parent)
        self._note_input = idle.reset
        QApplication.instance().installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        kind = event.type()
        if kind in _INPUT_EVENTS:
            self._note_input()
            if kind == _KEY_PRESS and is_lock_key(obj, event):
                self.lock_key_pressed.emit()
                return True
        elif kind == _SHOW:
            fit_shown_window(obj)
        return False

    def shutdown(self) -> None:
        app = QApplication.instance()
        if app is not None:  # the filter goes with the session (a test makes many sessions in one app)
            app.removeEventFilter(self)
