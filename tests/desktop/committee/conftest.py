"""Committee-mode tests reuse the 报送 fixtures: a branch with records (``ws``/``br``), a committee (``cw``)."""

from sync.conftest import Clock, br, cw, enrolled, finalize_meeting, receipts_dir, trusted, usb  # noqa: F401
