"""User preferences (recent books, auto-lock, name order) in a small JSON file in the data folder.

Typed on read, unknown keys preserved on write, written atomically. Branch data never goes here; window
geometry lives in QSettings (see :func:`ui.app.window_settings`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from desktop import paths
from desktop.storage.atomic import write_bytes

NAME_ORDERS = {"stroke": "姓氏笔画", "pinyin": "拼音", "roster": "花名册顺序"}
FONT_SCALES = {100: "标准（100%）", 125: "较大（125%）", 150: "特大（150%）"}  # 字号
MAX_RECENT = 8
DEFAULT_AUTO_LOCK_MINUTES = 10


@dataclass
class RecentBook:
    path: str
    name: str = ""
    opened_at: str = ""  # ISO timestamp


@dataclass
class Preferences:
    recent_books: list[RecentBook] = field(default_factory=list)
    auto_lock_minutes: int = DEFAULT_AUTO_LOCK_MINUTES  # 0 = never
    name_order: str = "stroke"
    font_scale: int = 100  # 字号, percent: 100 / 125 / 150


class SettingsStore:
    """Load once, change through the methods, each change saved immediately."""

    def __init__(self, file: Path | None = None):
        self.file = Path(file) if file else paths.settings_file()
        self._raw: dict = {}
        self.prefs = Preferences()
        self.load()

    def load(self) -> Preferences:
        try:
            raw = json.loads(self.file.read_text(encoding="utf-8"))
            self._raw = raw if isinstance(raw, dict) else {}
        except (OSError, ValueError):
            self._raw = {}  # missing or unreadable: start with defaults, never crash
        ui = self._raw.get("ui", {})
        ui = ui if isinstance(ui, dict) else {}
        recent = []
        for item in ui.get("recent_books", []):
            if isinstance(item, dict) and isinstance(item.get("path"), str):
                recent.append(RecentBook(item["path"], str(item.get("name", "")), str(item.get("opened_at", ""))))
        minutes = ui.get("auto_lock_minutes", DEFAULT_AUTO_LOCK_MINUTES)
        if not isinstance(minutes, int) or isinstance(minutes, bool) or not 0 <= minutes <= 240:
            minutes = DEFAULT_AUTO_LOCK_MINUTES
        order = ui.get("name_order", "stroke")
        scale = ui.get("font_scale", 100)
        self.prefs = Preferences(recent[:MAX_RECENT], minutes, order if order in NAME_ORDERS else "stroke",
                                 scale if scale in FONT_SCALES and not isinstance(scale, bool) else 100)
        return self.prefs

    def save(self) -> None:
        p = self.prefs
        self._raw["ui"] = {
            "recent_books": [{"path": r.path, "name": r.name, "opened_at": r.opened_at} for r in p.recent_books],
            "auto_lock_minutes": p.auto_lock_minutes,
            "name_order": p.name_order,
            "font_scale": p.font_scale,
        }
        self.file.parent.mkdir(parents=True, exist_ok=True)
        write_bytes(self.file, json.dumps(self._raw, ensure_ascii=False, indent=2).encode("utf-8"))

    # ---- changes ----------------------------------------------------------------------------
    def remember_book(self, path: Path, name: str = "") -> None:
        key = _norm(path)
        old = next((r for r in self.prefs.recent_books if _norm(r.path) == key), None)
        entry = RecentBook(str(Path(path)), name or (old.name if old else ""),
                           datetime.now().isoformat(timespec="seconds"))
        rest = [r for r in self.prefs.recent_books if _norm(r.path) != key]
        self.prefs.recent_books = [entry, *rest][:MAX_RECENT]
        self.save()

    def forget_book(self, path: Path) -> None:
        key = _norm(path)
        self.prefs.recent_books = [r for r in self.prefs.recent_books if _norm(r.path) != key]
        self.save()

    def set_auto_lock_minutes(self, minutes: int) -> None:
        self.prefs.auto_lock_minutes = max(0, min(240, int(minutes)))
        self.save()

    def set_font_scale(self, percent: int) -> None:
        if percent not in FONT_SCALES:
            raise ValueError(percent)
        self.prefs.font_scale = percent
        self.save()

    def set_name_order(self, order: str) -> None:
        if order not in NAME_ORDERS:
            raise ValueError(order)
        self.prefs.name_order = order
        self.save()


def _norm(path) -> str:
    try:
        return str(Path(path).resolve())
    except OSError:
        return str(path)
