"""Make PySide6's per-module ``__feature__`` check cheap: it reads the source of every module imported after
PySide6 (≈280 for the core alone: SQLAlchemy, the models, the rules) through ``inspect.getsource`` to see
whether it mentions "PySide6", so that ``from __feature__ import snake_case`` can be switched per module.

The same answer comes from searching the module's ``.py`` file as bytes, without the line cache and the
tokenizer's encoding detection; that saves ≈0.03–0.06 s of CPU on the core loader's path to the first 首页.
The hook is PySide6's private ``shibokensupport.feature._mod_uses_pyside``: if a PySide6 version lacks it,
nothing is changed. This app uses no ``__feature__``; the check still runs, and still answers as before for
every module with a source file (modules without one: "no", as ``inspect.getsource`` failing meant before).
"""

from __future__ import annotations

import sys

_original = None


def uses_pyside(module) -> bool:
    """Whether ``module``'s source file mentions PySide6 (False for modules without a ``.py`` file)."""
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return False
    try:
        with open(path, "rb") as fh:
            return b"PySide6" in fh.read()
    except OSError:
        return False


def apply() -> bool:
    """Idempotent; call once PySide6 is imported. Returns True when the cheap check is in place."""
    global _original
    import PySide6.QtCore  # noqa: F401 - installs the hook

    feature = sys.modules.get("shibokensupport.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    if _original is None:
        _original = feature._mod_uses_pyside
    feature._mod_uses_pyside = uses_pyside
    return True
