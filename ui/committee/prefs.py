"""Where the committee's receipts go: remembered in the preferences file (our own section, other keys kept)."""

from __future__ import annotations

from pathlib import Path

SECTION = "committee"


def receipts_folder(store) -> Path | None:
    raw = getattr(store, "_raw", {}).get(SECTION, {})
    folder = raw.get("receipts_dir") if isinstance(raw, dict) else None
    return Path(folder) if isinstance(folder, str) and folder and Path(folder).is_dir() else None


def remember_receipts_folder(store, folder: Path) -> None:
    raw = getattr(store, "_raw", None)
    if raw is None:
        return
    section = raw.get(SECTION) if isinstance(raw.get(SECTION), dict) else {}
    section["receipts_dir"] = str(folder)
    raw[SECTION] = section
    try:
        store.save()
    except OSError:
        pass  # a preference only
