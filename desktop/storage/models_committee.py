"""Tables of committee mode beyond 报送 (desktop/committee): what the committee computes from the chains it
holds — the organisation snapshot of each branch, per-bundle facts, the stored compliance cells (落实情况) and
integrity alerts (诚信预警) — and what it decides (审阅 reviews, issued 工作提示 guidance).

Compliance and alerts are computed at import, in the import's transaction, so the tables open instantly.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.storage.models import Base


class CommitteeOrg(Base):
    """A branch's latest organisation snapshot (org.json): members, groups, committee terms, its 上级党组织."""

    __tablename__ = "committee_org"
    branch_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    unit: Mapped[str] = mapped_column(String(100), default="")
    doc: Mapped[str] = mapped_column(Text, default="{}")
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class CommitteeBundle(Base):
    """Facts of each applied bundle the alerts need (its branch-clock creation time, its predecessor)."""

    __tablename__ = "committee_bundle"
    branch_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    created_at: Mapped[datetime] = mapped_column(DateTime)  # branch clock
    prev_bundle: Mapped[str | None] = mapped_column(String(64))
    bundle_sha256: Mapped[str] = mapped_column(String(64))
    ledger_from: Mapped[int] = mapped_column(Integer)
    ledger_length: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(DateTime)  # committee clock


class CommitteeCell(Base):
    """One compliance cell: a rule's state for one period of one branch, as the rules engine judged it."""

    __tablename__ = "committee_cell"
    branch_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    rule_id: Mapped[str] = mapped_column(String(60), primary_key=True)
    period: Mapped[str] = mapped_column(String(10), primary_key=True)  # 2026-03, 2026-Q1, 2026-H1, 2026
    year: Mapped[int] = mapped_column(Integer, index=True)
    period_kind: Mapped[str] = mapped_column(String(8))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(100))
    state: Mapped[str] = mapped_column(String(16))
    count: Mapped[int] = mapped_column(Integer)
    required: Mapped[int] = mapped_column(Integer)
    record_type: Mapped[str] = mapped_column(String(32))
    records: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of the branch's record ids
    due_on: Mapped[date] = mapped_column(Date)
    message: Mapped[str] = mapped_column(Text, default="")
    computed_on: Mapped[date] = mapped_column(Date)  # the day the engine was asked about (committee clock)


class CommitteeAlert(Base):
    """An integrity alert raised at import, with its evidence (JSON)."""

    __tablename__ = "committee_alert"
    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[str] = mapped_column(String(36), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    severity: Mapped[str] = mapped_column(String(16))
    bundle_seq: Mapped[int | None] = mapped_column(Integer)
    entry_seq: Mapped[int | None] = mapped_column(Integer)
    record_type: Mapped[str] = mapped_column(String(32), default="")
    record_id: Mapped[int | None] = mapped_column(Integer)
    message: Mapped[str] = mapped_column(Text)
    evidence: Mapped[str] = mapped_column(Text, default="{}")
    raised_at: Mapped[datetime] = mapped_column(DateTime)


class CommitteeReview(Base):
    """审阅: the committee's 通过/退回 of a record or a branch's period; travels back in the next receipt."""

    __tablename__ = "committee_review"
    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[str] = mapped_column(String(36), index=True)
    record_type: Mapped[str] = mapped_column(String(32), default="")  # "" for a period review
    record_id: Mapped[int | None] = mapped_column(Integer)
    record_hash: Mapped[str] = mapped_column(String(64), default="")
    period: Mapped[str] = mapped_column(String(10), default="")
    verdict: Mapped[str] = mapped_column(String(8))  # pass | return
    opinion: Mapped[str] = mapped_column(Text, default="")
    reviewed_at: Mapped[datetime] = mapped_column(DateTime)
    sent_in_seq: Mapped[int | None] = mapped_column(Integer)  # the bundle whose receipt first carried it
