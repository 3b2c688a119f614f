"""The life of a chained record: draft → 定稿 (finalize) → 更正 / 补充说明 / 作废, and its history.

Feature services call these inside their unit of work. A finalized row is never edited: amendments are new
rows and new chain entries that refer to the original entry by seq and hash; views apply them in order.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.meeting_enums import AmendmentKind, RecordStatus
from desktop.domain.meeting_records import AttachmentRef
from desktop.errors import RecordLocked, ValidationError
from desktop.ledger import chain
from desktop.ledger.canonical import encode, plain, restore
from desktop.ledger.documents import AmendmentRecord, build_one
from desktop.storage.models import BookSetting
from desktop.storage.models_ledger import Amendment, LedgerEntry
from desktop.storage.models_meetings import Attachment


def late_after_days(session: Session) -> int:
    row = session.get(BookSetting, chain.LATE_SETTING)
    return int(json.loads(row.value)) if row else chain.DEFAULT_LATE_AFTER_DAYS


@dataclass(frozen=True)
class EntryInfo:
    """The ledger facts shown with a record: where it sits in the chain and when it was entered."""

    seq: int
    hash: str
    kind: str
    claimed_at: datetime | None
    entered_at: datetime
    late_entry: bool
    clock_anomaly: bool
    clock_reading: datetime | None
    late_after_days: int

    @property
    def lag(self) -> timedelta | None:
        """Entry lag: entered − claimed (the meeting time)."""
        return self.entered_at - self.claimed_at if self.claimed_at else None

    @property
    def lag_days(self) -> int | None:
        return self.lag.days if self.lag is not None else None

    @property
    def short_hash(self) -> str:
        return self.hash[:12]


def entry_info(row) -> EntryInfo:
    return EntryInfo(row.seq, row.hash, row.kind, row.claimed_at, row.entered_at, bool(row.late_entry),
                     bool(row.clock_anomaly), row.clock_reading, row.late_after_days)


def entry_infos(session: Session, seqs) -> dict[int, EntryInfo]:
    seqs = [s for s in seqs if s is not None]
    if not seqs:
        return {}
    t = LedgerEntry.__table__
    cols = [t.c[c] for c in ("seq", "hash", "kind", "claimed_at", "entered_at", "late_entry", "clock_anomaly",
                             "clock_reading", "late_after_days")]
    out = {}
    for i in range(0, len(seqs), 500):
        for row in session.execute(select(*cols).where(t.c.seq.in_(seqs[i:i + 500]))):
            out[row.seq] = entry_info(row)
    return out


@dataclass(frozen=True)
class AmendmentInfo:
    id: int
    kind: AmendmentKind
    reason: str
    note: str
    changes: dict  # field -> new value, in canonical (plain) form
    attachments: tuple[AttachmentRef, ...]
    entry: EntryInfo | None


@dataclass(frozen=True)
class Version:
    """One step of a record's history: the original (``amendment`` None) or an amendment, and the record after it."""

    entry: EntryInfo | None
    amendment: AmendmentInfo | None
    record: object
    supplements: tuple[str, ...] = field(default_factory=tuple)


# ---- transitions -----------------------------------------------------------------------------------------
def require_draft(row, label: str) -> None:
    if row.status != RecordStatus.DRAFT:
        verb = "已作废" if row.status == RecordStatus.VOID else "已定稿"
        raise RecordLocked(f"该{label}{verb}，不能直接修改。如需更正，请添加更正或补充说明。")


def finalize(session: Session, record_type: str, row, *, claimed_at: datetime | None, now: datetime,
             label: str, record=None) -> LedgerEntry:
    """Chain the row's record and lock it. ``record``, when given, must be the one just built from the rows."""
    require_draft(row, label)
    session.flush()
    record = record if record is not None else build_one(session, record_type, row.id)
    entry = chain.append(session, kind="finalize", record_type=record_type, record_id=row.id, record=record,
                         claimed_at=claimed_at, now=now, late_after_days=late_after_days(session))
    row.status = RecordStatus.FINAL
    row.ledger_seq = entry.seq
    return entry


def chain_row(session: Session, record_type: str, row, *, claimed_at: datetime | None, now: datetime,
              kind: str = "finalize", target: chain.Target | None = None) -> LedgerEntry:
    """Chain a row that has no draft stage (rectification items added on their own, progress steps)."""
    session.flush()
    record = build_one(session, record_type, row.id)
    entry = chain.append(session, kind=kind, record_type=record_type, record_id=row.id, record=record,
                         claimed_at=claimed_at, now=now, late_after_days=late_after_days(session), target=target)
    row.ledger_seq = entry.seq
    return entry


def target_of(session: Session, target_type: str, row) -> chain.Target:
    original = session.get(LedgerEntry, row.ledger_seq) if row.ledger_seq is not None else None
    if original is None:
        raise ValidationError("找不到该记录的定稿纪实条目，请先运行完整性检查（zhibu-cli check）。")
    return chain.Target(target_type, row.id, original.seq, original.hash)


def amend(session: Session, target_type: str, row, *, kind: AmendmentKind, reason: str, now: datetime,
          label: str, note: str = "", changes: dict | None = None, attachment_ids=()) -> Amendment:
    """Add an amendment to a finalized record: a new row and a new chain entry referring to the original."""
    if getattr(row, "status", RecordStatus.FINAL) == RecordStatus.DRAFT:
        raise ValidationError(f"该{label}还是草稿，可以直接修改，无需更正。")
    if getattr(row, "status", None) == RecordStatus.VOID:
        raise RecordLocked(f"该{label}已作废，不能再更正或补充。")
    reason, note = (reason or "").strip(), (note or "").strip()
    if kind in (AmendmentKind.CORRECTION, AmendmentKind.VOID) and not reason:
        raise ValidationError(f"请填写{kind.label}的原因。", "reason")
    if kind == AmendmentKind.SUPPLEMENT and not (note or reason or attachment_ids):
        raise ValidationError("请填写补充说明的内容。", "note")
    target = target_of(session, target_type, row)
    am = Amendment(target_type=target_type, target_id=row.id, kind=kind, reason=reason, note=note,
                   changes=encode(changes or {}).decode("utf-8"), created_at=now)
    session.add(am)
    session.flush()
    for att_id in attachment_ids:
        session.get(Attachment, att_id).amendment_id = am.id
    session.flush()
    record = build_one(session, "amendment", am.id)
    entry = chain.append(session, kind=kind.value, record_type="amendment", record_id=am.id, record=record,
                         claimed_at=None, now=now, late_after_days=late_after_days(session), target=target)
    am.ledger_seq = entry.seq
    if kind == AmendmentKind.VOID:
        row.status = RecordStatus.VOID
    return am


# ---- reading -----------------------------------------------------------------------------------------
def amendments_of(session: Session, target_type: str, target_ids) -> dict[int, list[AmendmentInfo]]:
    """Amendments per record id, in chain order."""
    target_ids = list(target_ids)
    t = Amendment.__table__
    rows = []
    for i in range(0, len(target_ids), 500):
        rows += session.execute(select(t.c.id, t.c.target_id, t.c.ledger_seq).where(
            t.c.target_type == target_type, t.c.target_id.in_(target_ids[i:i + 500]))).all()
    if not rows:
        return {}
    from desktop.ledger.documents import amendment_records

    records = amendment_records(session, [r.id for r in rows])
    entries = entry_infos(session, [r.ledger_seq for r in rows])
    out: dict[int, list[AmendmentInfo]] = {}
    for r in sorted(rows, key=lambda r: (r.ledger_seq or 0, r.id)):
        rec: AmendmentRecord = records[r.id]
        out.setdefault(r.target_id, []).append(AmendmentInfo(
            r.id, rec.kind, rec.reason, rec.note, rec.changes, rec.attachments, entries.get(r.ledger_seq)))
    return out


def apply_amendments(record, amendments: list[AmendmentInfo]) -> tuple[object, tuple[str, ...]]:
    """The record as it now reads (corrections applied, attachments added) and the 补充说明 texts."""
    if not amendments:
        return record, ()
    doc = plain(record)
    supplements = []
    for am in amendments:
        if am.kind == AmendmentKind.CORRECTION:
            doc.update(am.changes)
        if am.kind == AmendmentKind.SUPPLEMENT and am.note:
            supplements.append(am.note)
        if am.attachments and "attachments" in doc:
            doc["attachments"] = list(doc["attachments"]) + plain(list(am.attachments))
    return restore(type(record), doc), tuple(supplements)


def versions(record, entry: EntryInfo | None, amendments: list[AmendmentInfo]) -> list[Version]:
    out = [Version(entry, None, record, ())]
    for i in range(len(amendments)):
        current, supplements = apply_amendments(record, amendments[: i + 1])
        out.append(Version(amendments[i].entry, amendments[i], current, supplements))
    return out


def changed_fields(before, after, *, fixed: dict[str, str] | None = None) -> dict:
    """Top-level fields that differ between two records, as plain values.

    ``fixed`` maps fields that a correction may not change to their Chinese names (e.g. the meeting type).
    """
    a, b = plain(before), plain(after)
    changes = {k: b[k] for k in b if a.get(k) != b[k]}
    # a field the canonical form omits when empty (canonical.omit_if_empty) and that the correction clears
    changes.update({k: plain(getattr(after, k)) for k in a if k not in b})
    for name, label in (fixed or {}).items():
        if name in changes:
            raise ValidationError(f"更正不能修改{label}。如确有错误，请作废该记录后重新录入。", name)
    return changes
