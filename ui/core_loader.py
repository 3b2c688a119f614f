"""Load the core (SQLAlchemy, every model module, the workspace, what the 首页 reads first) on a thread of its own
once the start screen is painted, so the window and the unlock dialog appear without waiting for it and the
import overlaps the user typing the passphrase.

The loader imports, configures every ORM mapper and parses the bundled rule files, and nothing else: no book is opened and no query runs
before :func:`wait` has returned (``ui.session._prepare_models`` calls it before any task touches a book), so
mapper configuration never runs alongside a query on another thread. A failed import is not swallowed: ``wait``
imports the same modules again on the calling thread, where the error surfaces as it would have without the
loader. This module imports no core module itself.
"""

from __future__ import annotations

import importlib
import logging
import threading

from desktop import startup_gc

log = logging.getLogger(__name__)

# In the order they are needed: the book (all models, the workspace), then what the 首页's first load reads.
MODULES = (
    "desktop.storage.schema",
    "desktop.workspace",
    "sqlalchemy.dialects.sqlite",  # loaded by the first engine otherwise
    "desktop.rules.service",
    "desktop.services.dues",
    "desktop.services.recruitment",
    "desktop.ledger.lifecycle",  # records as corrected (更正), which the rules read
    "desktop.ledger.meeting_documents",
    "desktop.committee.branch_reviews",  # the 首页's 工委退回 alerts
)
# The bundled rule files the 首页's first load parses (each cached for the process once parsed).
BUNDLED_RULES = (
    ("desktop.rules.ruleset", "default_ruleset"),
    ("desktop.domain.dues_rules", "load_rules"),
    ("desktop.domain.recruitment_rules", "load_rules"),
)

_thread: threading.Thread | None = None
_lock = threading.Lock()
_failed = False


def _load() -> None:
    global _failed
    try:
        _load_here()
    except BaseException:  # noqa: BLE001 - wait() imports again on its own thread, where the error is reported
        log.warning("background import of the core failed; retried when a book is opened", exc_info=True)
        _failed = True


def start() -> None:
    """Start loading in the background (once; later calls do nothing)."""
    global _thread
    with _lock:
        if _thread is None:
            _thread = threading.Thread(target=_load, name="zhibu-core-import", daemon=True)
            _thread.start()


def start_after_paint(window, fallback_ms: int = 1000) -> None:
    """Start loading once ``window`` has been painted (the next turn of the event loop after its first paint
    event), so the import does not compete with the first paint for the interpreter; at the latest after
    ``fallback_ms``."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class _FirstPaint(QObject):
        def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
            if event.type() == QEvent.Paint:
                obj.removeEventFilter(self)
                QTimer.singleShot(0, start)
            return False

    watcher = _FirstPaint(window)
    window.installEventFilter(watcher)
    QTimer.singleShot(fallback_ms, start)


def started() -> bool:
    return _thread is not None


def wait() -> None:
    """Return once the core is imported and the mappers configured (loading it here if nobody started it)."""
    with _lock:
        thread = _thread
    if thread is not None:
        thread.join()
    if thread is None or _failed:
        _load_here()


def _load_here() -> None:
    try:
        for name in MODULES:
            importlib.import_module(name)
        from sqlalchemy.orm import configure_mappers

        configure_mappers()
        for module, function in BUNDLED_RULES:
            getattr(importlib.import_module(module), function)()
    finally:
        startup_gc.resume()  # paused by ui.app.main while the process loads its modules
