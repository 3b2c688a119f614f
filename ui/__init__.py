"""The PySide6 desktop shell of 支部纪实. Imports ``desktop`` only; ``desktop`` never imports this."""

# The core (SQLAlchemy, the storage stack, every model module) is not imported here: the start screen and the
# unlock dialog need none of it, and ``ui.core_loader`` loads it on a thread of its own once they are painted,
# while the user types the passphrase (``ui.app.main``). Tests and tools that import ``ui`` directly load it on
# first use; ``ui.session._prepare_models`` waits for it before any book is opened.
from ui import pyside_feature_scan as _pyside_feature_scan  # noqa: E402
from ui import pyside_fix as _pyside_fix  # noqa: E402

_pyside_fix.apply()  # before any other Qt call: see the module docstring
_pyside_feature_scan.apply()  # every module imported from here on is checked for PySide6 more cheaply
