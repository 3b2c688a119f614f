"""Work around PySide6 6.12.0 on CPython < 3.12 dropping a reference to ``None`` on every call that
returns None (``label.setText(…)``, ``app.processEvents()``, ``widget.parent()`` …).

On 3.12+ ``None`` is immortal, so the bug is invisible there; on 3.11 ``None``'s reference count falls by
one per call and the interpreter aborts ("none_dealloc: deallocating None") after a few thousand UI calls.
We detect the leak at import and, only if present, give ``None`` a reference count it can never use up —
exactly what CPython 3.12 does. The real fix is a PySide6 without the bug (6.11.x is fine) or Python 3.12+.
"""

from __future__ import annotations

import ctypes
import sys

PROBE_CALLS = 64
_applied = False


def leaks_none() -> bool:
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(PROBE_CALLS):
        probe.setObjectName("probe")
    return before - sys.getrefcount(None) >= PROBE_CALLS // 2


def apply() -> bool:
    """Idempotent. Returns True when the workaround is active."""
    global _applied
    if _applied:
        return True
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12) or not leaks_none():
        return False
    ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40  # ob_refcnt is the first field of PyObject
    _applied = True
    return True
