"""The PySide6 desktop shell of 支部纪实. Imports ``desktop`` only; ``desktop`` never imports this."""

# The core (SQLAlchemy, the storage stack and every model module) is imported before Qt: once PySide6 is loaded,
# it reads the source of each newly imported module to look for "PySide6" (shibokensupport's feature switch),
# which cost the cold start ≈0.1 s for SQLAlchemy and the models alone. The GUI imports them all anyway.
import desktop.storage.schema  # noqa: F401,E402  (every model module; mappers are configured by ui.session)
import desktop.workspace  # noqa: F401,E402

from ui import pyside_fix as _pyside_fix  # noqa: E402

_pyside_fix.apply()  # before any other Qt call: see the module docstring
