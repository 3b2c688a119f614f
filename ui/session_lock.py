"""Lock the book when the operating system's session is locked (screen lock, Win+L, switch user).

Linux desktops (GNOME, KDE, Deepin/UOS, Kylin/UKUI via freedesktop names) announce it on D-Bus: the session
bus's ``ScreenSaver.ActiveChanged(true)`` and logind's ``Session.Lock`` on the system bus. Windows sends
``WM_WTSSESSION_CHANGE`` / ``WTS_SESSION_LOCK`` to a window registered with ``WTSRegisterSessionNotification``.
Whatever is not available (no bus, another OS) is silently skipped: the idle auto-lock still applies.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal, Slot

_SCREENSAVERS = [
    ("/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver"),
    ("/ScreenSaver", "org.freedesktop.ScreenSaver"),  # KDE
    ("/org/gnome/ScreenSaver", "org.gnome.ScreenSaver"),
    ("/org/mate/ScreenSaver", "org.mate.ScreenSaver"),
    ("/com/deepin/ScreenSaver", "com.deepin.ScreenSaver"),
    ("/org/ukui/ScreenSaver", "org.ukui.ScreenSaver"),
]
WM_WTSSESSION_CHANGE = 0x02B1
WTS_SESSION_LOCK = 0x7


class SessionLockWatcher(QObject):
    session_locked = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.sources: list[str] = []
        self._filter = None
        if sys.platform == "win32":  # pragma: no cover - Windows only
            self._install_windows_filter()
        else:
            self._connect_dbus()

    # ---- Linux: D-Bus -----------------------------------------------------------------------
    def _connect_dbus(self) -> None:
        try:
            from PySide6.QtDBus import QDBusConnection
        except ImportError:  # pragma: no cover - QtDBus missing from a pruned build
            return
        session = QDBusConnection.sessionBus()
        if session.isConnected():
            for path, iface in _SCREENSAVERS:
                if session.connect("", path, iface, "ActiveChanged", self, "1_active_changed(bool)"):
                    self.sources.append(iface)
        system = QDBusConnection.systemBus()
        if system.isConnected() and system.connect("org.freedesktop.login1", "", "org.freedesktop.login1.Session",
                                                   "Lock", self, "1_lock()"):
            self.sources.append("login1")

    @Slot(bool)
    def _active_changed(self, active: bool) -> None:
        if active:
            self.session_locked.emit()

    @Slot()
    def _lock(self) -> None:
        self.session_locked.emit()

    # ---- Windows: WTS session notifications ---------------------------------------------------
    def watch_window(self, widget) -> None:
        """Register ``widget``'s native window for session notifications (Windows; no-op elsewhere)."""
        if sys.platform != "win32":
            return
        try:  # pragma: no cover - Windows only
            import ctypes

            ctypes.windll.wtsapi32.WTSRegisterSessionNotification(int(widget.winId()), 0)
            self.sources.append("wts")
        except Exception:  # noqa: BLE001 - no notification means the idle lock alone applies
            pass

    def _install_windows_filter(self) -> None:  # pragma: no cover - Windows only
        import ctypes.wintypes

        from PySide6.QtCore import QAbstractNativeEventFilter, QCoreApplication

        watcher = self

        class _Filter(QAbstractNativeEventFilter):
            def nativeEventFilter(self, event_type, message):
                if event_type == b"windows_generic_MSG":
                    msg = ctypes.wintypes.MSG.from_address(int(message))
                    if msg.message == WM_WTSSESSION_CHANGE and msg.wParam == WTS_SESSION_LOCK:
                        watcher.session_locked.emit()
                return False, 0

        self._filter = _Filter()
        QCoreApplication.instance().installNativeEventFilter(self._filter)
