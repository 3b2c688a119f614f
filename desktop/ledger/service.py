"""The ledger as the workspace sees it: the clock every chained write uses, settings, verification, entries."""

from __future__ import annotations

from datetime import datetime
from typing import Callable

from sqlalchemy import func, select

from desktop.changes import mutates
from desktop.errors import ValidationError
from desktop.ledger import chain
from desktop.ledger.lifecycle import EntryInfo, entry_info, late_after_days
from desktop.ledger.verify import VerifyReport, verify
from desktop.progress import CancelToken, Progress, no_progress
from desktop.storage.models_ledger import LedgerEntry


class LedgerService:
    """``now`` is the one clock of chained writes; tests (and the demo) replace it to simulate a clock."""

    def __init__(self, ws):
        self.ws = ws
        self.now: Callable[[], datetime] = datetime.now

    def late_after_days(self) -> int:
        """Entries finalized more than this many days after the meeting are marked 补录 (default 7)."""
        with self.ws.session() as s:
            return late_after_days(s)

    @mutates("settings")
    def set_late_after_days(self, days: int) -> None:
        """Applies to records finalized from now on; finalized records keep the threshold they were chained with."""
        if not isinstance(days, int) or not 1 <= days <= 366:
            raise ValidationError("补录判定天数应为 1 到 366 之间的整数。", "late_after_days")
        self.ws.set_setting(chain.LATE_SETTING, days)

    def verify(self, *, deep: bool = False, progress: Progress = no_progress,
               cancel: CancelToken | None = None) -> VerifyReport:
        with self.ws.session() as s:
            return verify(s, deep=deep, progress=progress, cancel=cancel)

    def length_and_head(self) -> tuple[int, str | None]:
        with self.ws.session() as s:
            n = s.scalar(select(func.count()).select_from(LedgerEntry)) or 0
            last = chain.head(s)
            return n, last.hash if last else None

    def entries(self, *, offset: int = 0, limit: int = 100) -> list[EntryInfo]:
        """Chain entries in order (for a history or audit view)."""
        t = LedgerEntry.__table__
        cols = [t.c[c] for c in ("seq", "hash", "kind", "claimed_at", "entered_at", "late_entry", "clock_anomaly",
                                 "clock_reading", "late_after_days")]
        with self.ws.session() as s:
            rows = s.execute(select(*cols).order_by(t.c.seq).offset(offset).limit(limit)).all()
        return [entry_info(r) for r in rows]
