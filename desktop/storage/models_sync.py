"""Tables of 报送 (desktop/sync): keys, trust, exported bundles and receipts on a branch book; the branches,
their chain copies, attachments, import log, pending enrolments and evidence on a committee book.

Both kinds of book share one schema (one set of migrations); a committee book is marked by the book setting
``book.mode = "committee"``. Private keys live only here, inside the encrypted book.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desktop.storage.models import Base


class SyncIdentity(Base):
    """This book's own key pairs: role 'branch' (Ed25519) or 'committee' (Ed25519 + age X25519)."""

    __tablename__ = "sync_identity"
    role: Mapped[str] = mapped_column(String(16), primary_key=True)
    ident: Mapped[str] = mapped_column(String(36), default="")  # the branch id (UUID) for role 'branch'
    name: Mapped[str] = mapped_column(String(100), default="")
    sign_private: Mapped[bytes] = mapped_column(LargeBinary)  # raw Ed25519 private key (32 bytes)
    sign_public: Mapped[bytes] = mapped_column(LargeBinary)
    age_identity: Mapped[str] = mapped_column(Text, default="")  # AGE-SECRET-KEY-1… (committee only)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class SyncTrust(Base):
    """A committee key the branch trusts (chained: kind 'trust'); the newest row is the one in force."""

    __tablename__ = "sync_trust"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    fingerprint: Mapped[str] = mapped_column(String(80))
    age_recipient: Mapped[str] = mapped_column(String(100))
    sign_public: Mapped[str] = mapped_column(String(64))  # hex
    replaces: Mapped[str] = mapped_column(String(80), default="")  # fingerprint of the key it replaced
    trusted_at: Mapped[datetime] = mapped_column(DateTime)
    ledger_seq: Mapped[int | None] = mapped_column(Integer, index=True)


class SyncExport(Base):
    """A bundle the branch exported (chained: kind 'export')."""

    __tablename__ = "sync_export"
    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    file_name: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))  # of the bundle file
    committee_fingerprint: Mapped[str] = mapped_column(String(80))
    from_seq: Mapped[int] = mapped_column(Integer)
    to_seq: Mapped[int] = mapped_column(Integer)
    ledger_length: Mapped[int] = mapped_column(Integer)
    head: Mapped[str | None] = mapped_column(String(64))
    entries: Mapped[int] = mapped_column(Integer)
    period_from: Mapped[datetime | None] = mapped_column(DateTime)
    period_to: Mapped[datetime | None] = mapped_column(DateTime)
    ledger_seq: Mapped[int | None] = mapped_column(Integer, index=True)


class SyncReceipt(Base):
    """A committee receipt the branch imported (chained: kind 'receipt'); ``text`` is the signed file."""

    __tablename__ = "sync_receipt"
    id: Mapped[int] = mapped_column(primary_key=True)
    committee_fingerprint: Mapped[str] = mapped_column(String(80))
    bundle_seq: Mapped[int] = mapped_column(Integer)
    ledger_length: Mapped[int] = mapped_column(Integer)
    head: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(DateTime)
    text: Mapped[str] = mapped_column(Text)
    imported_at: Mapped[datetime] = mapped_column(DateTime)
    ledger_seq: Mapped[int | None] = mapped_column(Integer, index=True)


class CommitteeBranch(Base):
    """A branch known to the committee, with how much of its chain the committee holds."""

    __tablename__ = "committee_branch"
    branch_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    sign_public: Mapped[str] = mapped_column(String(64))  # hex
    fingerprint: Mapped[str] = mapped_column(String(80))
    enrolled: Mapped[bool] = mapped_column(Boolean, default=False)
    enrolled_at: Mapped[datetime | None] = mapped_column(DateTime)
    first_seen_at: Mapped[datetime] = mapped_column(DateTime)
    last_seq: Mapped[int | None] = mapped_column(Integer)
    held_length: Mapped[int] = mapped_column(Integer, default=0)
    head: Mapped[str | None] = mapped_column(String(64))
    last_received_at: Mapped[datetime | None] = mapped_column(DateTime)
    roster: Mapped[str] = mapped_column(Text, default="[]")  # JSON, ID numbers masked / keyed-hashed
    rule_summary: Mapped[str] = mapped_column(Text, default="{}")  # JSON


class CommitteeEntry(Base):
    """The committee's copy of one chain entry, with when the committee first saw it."""

    __tablename__ = "committee_entry"
    branch_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    hash: Mapped[str] = mapped_column(String(64))
    prev_hash: Mapped[str] = mapped_column(String(64))
    canonical: Mapped[bytes] = mapped_column(LargeBinary)
    kind: Mapped[str] = mapped_column(String(16))
    record_type: Mapped[str] = mapped_column(String(32))
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime)
    entered_at: Mapped[datetime | None] = mapped_column(DateTime)
    first_seen_at: Mapped[datetime] = mapped_column(DateTime)
    bundle_seq: Mapped[int] = mapped_column(Integer)


class CommitteeBlob(Base):
    """An attachment a branch sent, by SHA-256."""

    __tablename__ = "committee_blob"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class CommitteeImport(Base):
    """Import log: one row per applied bundle, with the receipt the committee signed for it."""

    __tablename__ = "committee_import"
    __table_args__ = (UniqueConstraint("branch_id", "seq"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[str] = mapped_column(String(36), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    head: Mapped[str | None] = mapped_column(String(64))
    ledger_length: Mapped[int] = mapped_column(Integer)
    new_entries: Mapped[int] = mapped_column(Integer)
    bundle_sha256: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[datetime] = mapped_column(DateTime)
    receipt: Mapped[str] = mapped_column(Text)


class CommitteePending(Base):
    """A bundle from a branch not yet enrolled, kept (still encrypted) until the clerk confirms its key."""

    __tablename__ = "committee_pending"
    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[str] = mapped_column(String(36), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    file_name: Mapped[str] = mapped_column(String(200))
    bundle_sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    received_at: Mapped[datetime] = mapped_column(DateTime)


class CommitteeEvidence(Base):
    """A refused bundle kept as evidence (fork, rollback), with the alert shown for its branch."""

    __tablename__ = "committee_evidence"
    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[str] = mapped_column(String(36), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))  # fork | rollback
    message: Mapped[str] = mapped_column(Text)
    bundle_sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    received_at: Mapped[datetime] = mapped_column(DateTime)
