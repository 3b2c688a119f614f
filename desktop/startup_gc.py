"""Cyclic garbage collection paused while a process loads its modules (issue #13).

Starting the GUI or a CLI command imports SQLAlchemy, every model module and (in the GUI) PySide6: ≈130 000
objects that live as long as the process. While they are made, the collector runs over and over through the
growing heap and finds almost nothing to free (≈650 unreachable objects once the core is loaded): ≈10 % of the
core's import time on the 2-core test machine (0.35–0.38 s → 0.32–0.34 s). So a process pauses collection when it
starts and resumes it once its modules are loaded: the GUI when ``ui.core_loader`` has loaded the core, the CLI once
its command's modules are imported, before the command runs.

Resuming freezes what is alive then (``gc.freeze``): the loaded modules, classes and tables are moved out of the
collector's generations, so later full collections in a long GUI session do not walk them again. The few cyclic
leftovers of the imports are kept with them (a few hundred objects, once per process). Nothing is paused twice,
and collection that somebody else had turned off (a test, a profiler) is left off.
"""

from __future__ import annotations

import gc
import threading

_lock = threading.Lock()
_paused = False


def pause() -> bool:
    """Stop cyclic collection until :func:`resume`; False (and nothing done) if it was already off."""
    global _paused
    with _lock:
        if _paused or not gc.isenabled():
            return False
        gc.disable()
        _paused = True
        return True


def resume() -> bool:
    """Freeze what is alive and collect again, if :func:`pause` stopped collection; False otherwise."""
    global _paused
    with _lock:
        if not _paused:
            return False
        _paused = False
        gc.freeze()
        gc.enable()
        return True


def paused() -> bool:
    return _paused
