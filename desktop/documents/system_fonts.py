"""Fonts of this PC as a last resort for characters the bundled fonts lack (rare name characters beyond the
通用规范汉字表 and Extension A, e.g. Extension B–H).

Linux: fontconfig is asked which installed fonts hold the character (``fc-list :charset=…``); Windows: the
fonts Windows ships for the CJK extensions (SimSun-ExtB, SimSun-ExtG, MingLiU-ExtB) are tried. Only TrueType-outline
fonts can be embedded by reportlab; CFF fonts (e.g. Noto CJK .ttc) are skipped. Everything is cached per process.
Nothing here opens a network connection or writes a file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from functools import cache
from pathlib import Path

ENABLED = True  # tests switch the search off to exercise the placeholder
_WINDOWS_FILES = ("simsunb.ttf", "SimsunExtG.ttf", "simsunextg.ttf", "mingliub.ttc")
_lock = threading.Lock()
_loaded: dict[tuple[str, int], tuple[str, frozenset[int]] | None] = {}


def _windows_candidates() -> list[tuple[str, int]]:
    folders = [Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"]
    local = os.environ.get("LOCALAPPDATA")
    if local:
        folders.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    return [(str(folder / name), 0) for folder in folders for name in _WINDOWS_FILES if (folder / name).is_file()]


def _fontconfig_candidates(ch: str) -> list[tuple[str, int]]:
    exe = shutil.which("fc-list")
    if not exe:
        return []
    try:
        out = subprocess.run([exe, f":charset={ord(ch):x}", "file", "index"], capture_output=True, text=True,
                             timeout=10, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    found = []
    for line in out.splitlines():  # "/usr/share/fonts/x.ttf: :index=0"
        path, _, rest = line.partition(":")
        index = rest.split("index=")[-1].strip() if "index=" in rest else "0"
        if path.lower().endswith((".ttf", ".ttc", ".otf")):
            found.append((path.strip(), int(index) if index.isdigit() else 0))
    return sorted(set(found), key=lambda c: (not c[0].lower().endswith(".ttf"), c))  # TrueType files first


def _load(path: str, index: int) -> tuple[str, frozenset[int]] | None:
    """Register the font with reportlab under a private name; None if reportlab cannot embed it."""
    key = (path, index)
    with _lock:
        if key in _loaded:
            return _loaded[key]
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        name = f"ZhibuSystem{len(_loaded)}"
        try:
            font = TTFont(name, path, subfontIndex=index)
            pdfmetrics.registerFont(font)
            result = (name, frozenset(font.face.charToGlyph))
        except Exception:  # noqa: BLE001 (CFF outlines, damaged or unreadable files: just not usable)
            result = None
        _loaded[key] = result
        return result


@cache
def font_for(ch: str) -> str | None:
    """The reportlab name of a PC font that can print ``ch``, registered on first use; None if there is none."""
    if not ENABLED:
        return None
    candidates = _windows_candidates() if sys.platform == "win32" else _fontconfig_candidates(ch)
    for path, index in candidates:
        loaded = _load(path, index)
        if loaded and ord(ch) in loaded[1]:
            return loaded[0]
    return None
