"""The PySide6 desktop shell of 支部纪实. Imports ``desktop`` only; ``desktop`` never imports this."""

from ui import pyside_fix as _pyside_fix

_pyside_fix.apply()  # before any other Qt call: see the module docstring
