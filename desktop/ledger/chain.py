"""Appending to the chain: ``h_i = SHA-256(domain ‖ seq ‖ h_{i-1} ‖ canonical(entry))``.

The hashed canonical bytes are an *envelope*: the entry's own facts (kind, what it refers to, claimed and
entered times, flags) around the record's canonical form. Entered time never goes backwards: if the clock
reads earlier than the previous entry, the entry keeps the previous time, records the clock reading and is
flagged ``clock_anomaly`` (not refused: offline PCs have bad clocks, but it must be visible).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.ledger.canonical import CANONICAL_VERSION, encode, plain
from desktop.storage.models_ledger import LedgerEntry

DOMAIN = b"zhibu/ledger/v1\x00"
GENESIS = "0" * 64
DEFAULT_LATE_AFTER_DAYS = 7
LATE_SETTING = "ledger.late_after_days"  # book setting: days after which an entry counts as 补录
CLOCK_FLOOR_SETTING = "ledger.clock_floor"  # book setting: a trusted time (a committee receipt's) no entry precedes


def entry_hash(seq: int, prev_hash: str, canonical: bytes) -> str:
    return hashlib.sha256(DOMAIN + seq.to_bytes(8, "big") + bytes.fromhex(prev_hash) + canonical).hexdigest()


@dataclass(frozen=True)
class Target:
    """The chained record an amendment or progress entry refers to, and that record's entry."""

    type: str
    id: int
    seq: int
    hash: str


@dataclass(frozen=True)
class EntryMeta:
    kind: str
    record_type: str
    record_id: int
    target: Target | None
    claimed_at: datetime | None
    entered_at: datetime
    clock_reading: datetime | None
    late_after_days: int
    late_entry: bool
    clock_anomaly: bool


def envelope(meta: EntryMeta, record) -> dict:
    """The object whose canonical bytes are hashed."""
    return {
        "v": CANONICAL_VERSION,
        "kind": meta.kind,
        "record_type": meta.record_type,
        "record_id": meta.record_id,
        "target": plain(meta.target),
        "claimed_at": plain(meta.claimed_at),
        "entered_at": plain(meta.entered_at),
        "clock_reading": plain(meta.clock_reading),
        "late_after_days": meta.late_after_days,
        "late_entry": meta.late_entry,
        "clock_anomaly": meta.clock_anomaly,
        "record": plain(record),
    }


def meta_of(row) -> EntryMeta:
    """The entry facts as stored in a ``ledger_entry`` row (ORM object or Core row)."""
    target = None
    if row.target_type is not None:
        target = Target(row.target_type, row.target_id, row.ref_seq, row.ref_hash)
    return EntryMeta(row.kind, row.record_type, row.record_id, target, row.claimed_at, row.entered_at,
                     row.clock_reading, row.late_after_days, bool(row.late_entry), bool(row.clock_anomaly))


def head(session: Session):
    """(seq, hash, entered_at) of the last entry, or None for an empty chain."""
    return session.execute(
        select(LedgerEntry.seq, LedgerEntry.hash, LedgerEntry.entered_at).order_by(LedgerEntry.seq.desc()).limit(1)
    ).first()


def clock_floor(session: Session) -> datetime | None:
    """The latest trusted outside time (set when a committee receipt is imported), or None."""
    from desktop.storage.models import BookSetting

    row = session.get(BookSetting, CLOCK_FLOOR_SETTING)
    return datetime.fromisoformat(json.loads(row.value)) if row else None


def append(session: Session, *, kind: str, record_type: str, record_id: int, record, claimed_at: datetime | None,
           now: datetime, late_after_days: int, target: Target | None = None) -> LedgerEntry:
    """Append one entry in the caller's transaction (which holds the write lock: BEGIN IMMEDIATE)."""
    last = head(session)
    seq = last.seq + 1 if last else 1
    prev = last.hash if last else GENESIS
    reading = now.replace(microsecond=0)
    floor = last.entered_at if last else None
    outside = clock_floor(session)
    if outside is not None and (floor is None or outside > floor):
        floor = outside
    anomaly = floor is not None and reading < floor
    entered = floor if anomaly else reading
    late = (kind == "finalize" and claimed_at is not None
            and entered - claimed_at > timedelta(days=late_after_days))
    meta = EntryMeta(kind, record_type, record_id, target, claimed_at, entered, reading if anomaly else None,
                     late_after_days, late, anomaly)
    canonical = encode(envelope(meta, record))
    entry = LedgerEntry(
        seq=seq, kind=kind, record_type=record_type, record_id=record_id,
        target_type=target.type if target else None, target_id=target.id if target else None,
        ref_seq=target.seq if target else None, ref_hash=target.hash if target else None,
        claimed_at=claimed_at, entered_at=entered, clock_reading=meta.clock_reading,
        late_after_days=late_after_days, late_entry=late, clock_anomaly=anomaly,
        prev_hash=prev, hash=entry_hash(seq, prev, canonical), canonical=canonical,
    )
    session.add(entry)
    session.flush()
    return entry
