"""A growing delay after repeated wrong passphrases, shared by the GUI's unlock dialog and the CLI.

After ``FREE_ATTEMPTS`` failures each further one doubles the wait (2, 4, 8 … 60 s). With a ``book`` the
count is persisted per book in the data folder (``unlock-failures.json``: a hash of the book's path, a
count and a wall-clock time; no passphrase, nothing about the book's content), so a new CLI process or a
restarted GUI does not start from zero. The book itself is never written on a failed unlock.
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

from desktop import paths

_FILE = "unlock-failures.json"
_FORGET_AFTER = 24 * 3600  # failures older than a day no longer count


class FailureThrottle:
    FREE_ATTEMPTS = 2
    MAX_DELAY = 60

    def __init__(self, clock=None, book: Path | None = None):
        self._clock = clock or (lambda: time.time())
        self._key = _book_key(book) if book is not None else None
        self.failures = 0
        self._blocked_until = 0.0
        self._load()

    def record_failure(self) -> float:
        self._load()  # another process may have failed meanwhile
        self.failures += 1
        extra = self.failures - self.FREE_ATTEMPTS
        delay = min(self.MAX_DELAY, 2 ** extra) if extra > 0 else 0
        self._blocked_until = self._clock() + delay
        self._save()
        return delay

    def record_success(self) -> None:
        self.failures = 0
        self._blocked_until = 0.0
        self._save()

    def remaining(self) -> int:
        return max(0, int(round(self._blocked_until - self._clock() + 0.49)))

    def wait(self, sleep=None, announce=None) -> None:
        """Block until the delay has passed (the CLI's way; the GUI shows a countdown instead)."""
        self._load()
        left = self.remaining()
        if left and announce:
            announce(left)
        sleep = sleep or time.sleep
        while self.remaining():
            sleep(min(1.0, max(0.05, self._blocked_until - self._clock())))

    # ---- persistence ------------------------------------------------------------------------
    def _load(self) -> None:
        if self._key is None:
            return
        entry = _read().get(self._key)
        if not isinstance(entry, dict):
            return
        failures, until, at = entry.get("failures"), entry.get("blocked_until"), entry.get("at")
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (failures, until, at)):
            return
        if self._clock() - at > _FORGET_AFTER:
            return
        self.failures = max(self.failures, int(failures))
        self._blocked_until = max(self._blocked_until, float(until))

    def _save(self) -> None:
        if self._key is None:
            return
        data = _read()
        if self.failures:
            data[self._key] = {"failures": self.failures, "blocked_until": self._blocked_until, "at": self._clock()}
        else:
            data.pop(self._key, None)
        try:
            from desktop.storage.atomic import write_bytes

            write_bytes(paths.data_dir() / _FILE, json.dumps(data).encode("utf-8"))
        except Exception:  # noqa: BLE001 - a full disk must not turn a wrong passphrase into another error
            pass


def _book_key(book: Path) -> str:
    return hashlib.sha256(str(Path(book).resolve()).encode("utf-8")).hexdigest()[:16]


def _read() -> dict:
    try:
        data = json.loads((paths.data_dir() / _FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
