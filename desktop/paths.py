"""Where data, settings and bundled resources live. Qt-free; PyInstaller aware."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "zhibu"
_override: Path | None = None


def set_data_dir(path: str | os.PathLike | None) -> None:
    """Override the data folder (``--data-dir``, tests, portable mode)."""
    global _override
    _override = Path(path) if path else None


def _portable_dir() -> Path | None:
    # Portable mode: a folder named "zhibu-data" next to the executable (e.g. on a USB stick).
    if getattr(sys, "frozen", False):
        candidate = Path(sys.executable).resolve().parent / "zhibu-data"
        if candidate.is_dir():
            return candidate
    return None


def data_dir() -> Path:
    """The folder holding books by default, backups and settings; created on first use."""
    path = _override or (Path(os.environ["ZHIBU_DATA_DIR"]) if os.environ.get("ZHIBU_DATA_DIR") else None)
    path = path or _portable_dir() or Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(mode=0o700, parents=True, exist_ok=True)  # private: backups and settings live here
    return path


def backups_dir() -> Path:
    path = data_dir() / "backups"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def settings_file() -> Path:
    return data_dir() / "settings.json"


def resource_path(*parts: str) -> Path:
    """A file under ``resources/``, in a source checkout or a frozen build (``sys._MEIPASS``)."""
    base = getattr(sys, "_MEIPASS", None)
    root = Path(base) if base else Path(__file__).resolve().parent.parent
    return root.joinpath("resources", *parts)
