"""The ledger (纪实) chain and the amendments that correct, supplement or void finalized records.

Both tables are append-only: the services never update or delete a row, and SQLite triggers (migration 0002)
refuse it as defence in depth. Verification never relies on the triggers: it recomputes everything.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.domain.meeting_enums import AmendmentKind
from desktop.storage.models import Base, enum_column


class LedgerEntry(Base):
    """One link of the chain: ``hash = SHA-256(domain ‖ seq ‖ prev_hash ‖ canonical)``."""

    __tablename__ = "ledger_entry"
    __table_args__ = (
        Index("ix_ledger_entry_record", "record_type", "record_id"),
        Index("ix_ledger_entry_target", "target_type", "target_id"),
    )
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(16))  # finalize | correction | supplement | void | progress
    record_type: Mapped[str] = mapped_column(String(32))  # the row whose content is chained
    record_id: Mapped[int] = mapped_column(Integer)
    target_type: Mapped[str | None] = mapped_column(String(32))  # for amendments/progress: the record concerned
    target_id: Mapped[int | None] = mapped_column(Integer)
    ref_seq: Mapped[int | None] = mapped_column(Integer)  # the entry it refers to (original record)
    ref_hash: Mapped[str | None] = mapped_column(String(64))
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime)  # when the record says it happened
    entered_at: Mapped[datetime] = mapped_column(DateTime)  # non-decreasing along the chain
    clock_reading: Mapped[datetime | None] = mapped_column(DateTime)  # the clock, when it read earlier
    late_after_days: Mapped[int] = mapped_column(Integer)
    late_entry: Mapped[bool] = mapped_column(Boolean, default=False)
    clock_anomaly: Mapped[bool] = mapped_column(Boolean, default=False)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)
    canonical: Mapped[bytes] = mapped_column(LargeBinary)


class Amendment(Base):
    """更正 / 补充说明 / 作废 of a finalized record; chained as its own entry referring to the original."""

    __tablename__ = "amendment"
    __table_args__ = (Index("ix_amendment_target", "target_type", "target_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    target_type: Mapped[str] = mapped_column(String(32))
    target_id: Mapped[int] = mapped_column(Integer)
    kind: Mapped[AmendmentKind] = mapped_column(enum_column(AmendmentKind))
    reason: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")  # the text of a 补充说明
    changes: Mapped[str] = mapped_column(Text, default="{}")  # canonical JSON: field -> new value
    created_at: Mapped[datetime] = mapped_column(DateTime)
    ledger_seq: Mapped[int | None] = mapped_column(Integer, index=True)
