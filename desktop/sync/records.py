"""What the chain holds for 报送 on a branch book: trusting a committee key, exporting a bundle, importing a
receipt. ``desktop/ledger/documents.py`` registers these builders so verification rebuilds them like any record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.storage.models_sync import SyncExport, SyncReceipt, SyncTrust


@dataclass(frozen=True)
class TrustRecord:
    name: str
    fingerprint: str
    age_recipient: str
    sign_public: str
    replaces: str
    trusted_at: datetime


@dataclass(frozen=True)
class ExportRecord:
    seq: int
    created_at: datetime
    file_name: str
    sha256: str
    committee_fingerprint: str
    from_seq: int
    to_seq: int
    ledger_length: int
    head: str | None
    entries: int
    period_from: datetime | None
    period_to: datetime | None


@dataclass(frozen=True)
class ReceiptRecord:
    committee_fingerprint: str
    bundle_seq: int
    ledger_length: int
    head: str
    received_at: datetime
    text: str  # the signed receipt file as received


def _rows(session: Session, model, ids: Iterable[int]):
    ids = list(ids)
    t = model.__table__
    out = []
    for i in range(0, len(ids), 500):
        out += session.execute(select(t).where(t.c.id.in_(ids[i:i + 500]))).all()
    return out


def trust_records(session: Session, ids) -> dict[int, TrustRecord]:
    return {r.id: TrustRecord(r.name, r.fingerprint, r.age_recipient, r.sign_public, r.replaces, r.trusted_at)
            for r in _rows(session, SyncTrust, ids)}


def export_records(session: Session, ids) -> dict[int, ExportRecord]:
    return {r.id: ExportRecord(r.seq, r.created_at, r.file_name, r.sha256, r.committee_fingerprint, r.from_seq,
                               r.to_seq, r.ledger_length, r.head, r.entries, r.period_from, r.period_to)
            for r in _rows(session, SyncExport, ids)}


def receipt_records(session: Session, ids) -> dict[int, ReceiptRecord]:
    return {r.id: ReceiptRecord(r.committee_fingerprint, r.bundle_seq, r.ledger_length, r.head, r.received_at, r.text)
            for r in _rows(session, SyncReceipt, ids)}
