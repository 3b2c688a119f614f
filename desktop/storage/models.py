"""SQLAlchemy models of the branch book. Changes here need an Alembic migration (a test enforces it).

Feature issues add their tables in their own modules (e.g. ``models_meetings.py``) that import ``Base``
from here and are imported by ``desktop.storage.schema``.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (Date, DateTime, Enum, ForeignKey, Integer, MetaData, String, Text, UniqueConstraint, event,
                        select)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from desktop.domain import ordering
from desktop.domain.enums import CommitteeRole, MembershipEventKind
from desktop.storage import text_guard  # noqa: F401  (cleans every text column on assignment)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def enum_column(enum_cls):
    return Enum(enum_cls, native_enum=False, length=32, values_callable=lambda e: [m.value for m in e])


class Branch(Base):
    __tablename__ = "branch"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(40), default="机关党支部")
    committee_name: Mapped[str] = mapped_column(String(100), default="")  # 上级党组织
    founded_on: Mapped[date | None] = mapped_column(Date)
    contact_person: Mapped[str] = mapped_column(String(40), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)


class PartyGroup(Base):
    __tablename__ = "party_group"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    leader_id: Mapped[int | None] = mapped_column(
        ForeignKey("member.id", use_alter=True, ondelete="SET NULL")
    )
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class Member(Base):
    __tablename__ = "member"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), index=True)
    gender: Mapped[str] = mapped_column(String(2))
    ethnicity: Mapped[str] = mapped_column(String(20), default="汉族")
    birth_date: Mapped[date] = mapped_column(Date)
    id_number: Mapped[str | None] = mapped_column(String(18), unique=True)
    education: Mapped[str] = mapped_column(String(20), default="")
    joined_on: Mapped[date] = mapped_column(Date)
    full_on: Mapped[date | None] = mapped_column(Date)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("party_group.id", ondelete="SET NULL"), index=True)
    position: Mapped[str] = mapped_column(String(100), default="")  # 工作岗位/职务
    phone: Mapped[str] = mapped_column(String(40), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    roster_order: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    # the name's pinyin reading (ordering.reading), kept with the name so sorting a roster needs no pypinyin
    name_reading: Mapped[str | None] = mapped_column(String(200))

    events: Mapped[list["MembershipEvent"]] = relationship(
        back_populates="member", order_by="MembershipEvent.on", cascade="all, delete-orphan"
    )
    group: Mapped[PartyGroup | None] = relationship(foreign_keys=[group_id])


@event.listens_for(Member, "before_insert")
@event.listens_for(Member, "before_update")
def _keep_name_reading(_mapper, _connection, member: Member) -> None:
    """Every ORM write of a member stores the reading of its name, read afresh (pypinyin is loaded only then),
    so a reading written by an older version or by plain SQL is corrected on the member's next change."""
    member.name_reading = ordering.reading(member.name or "")


@event.listens_for(Member, "load")
def _remember_name_reading(member: Member, _context) -> None:
    ordering.remember(member.name, member.name_reading)


class MembershipEvent(Base):
    """Dated history of a membership: joining, transfers, 转正, death… never overwritten."""

    __tablename__ = "membership_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    kind: Mapped[MembershipEventKind] = mapped_column(enum_column(MembershipEventKind))
    on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)

    member: Mapped[Member] = relationship(back_populates="events")


class BranchCommittee(Base):
    """One elected term of the branch committee (支委会)."""

    __tablename__ = "branch_committee"
    id: Mapped[int] = mapped_column(primary_key=True)
    term_start: Mapped[date] = mapped_column(Date)
    term_years: Mapped[int] = mapped_column(Integer, default=3)
    notes: Mapped[str] = mapped_column(Text, default="")

    posts: Mapped[list["CommitteePost"]] = relationship(
        back_populates="committee", cascade="all, delete-orphan", order_by="CommitteePost.id"
    )


class CommitteePost(Base):
    __tablename__ = "committee_post"
    __table_args__ = (UniqueConstraint("committee_id", "member_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(ForeignKey("branch_committee.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"))
    role: Mapped[CommitteeRole] = mapped_column(enum_column(CommitteeRole))

    committee: Mapped[BranchCommittee] = relationship(back_populates="posts")
    member: Mapped[Member] = relationship()


class AuditEntry(Base):
    """Things worth knowing later, such as a printout or export with full ID numbers."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    action: Mapped[str] = mapped_column(String(60))
    detail: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str | None] = mapped_column(String(64))  # the audit log is a hash chain (ledger/audit_chain)
    hash: Mapped[str | None] = mapped_column(String(64))


class BookSetting(Base):
    """Per-book settings (branch-level choices such as name ordering), as key → JSON text."""

    __tablename__ = "book_setting"
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


def setting_text(session, key: str) -> str | None:
    """A book setting's stored JSON text, or None. A Core select (it sees the session's pending changes, which are
    flushed first as for any query): reading a setting configures no ORM mappers, which costs a read-only CLI
    command ≈0.03 s (see docs/performance.md)."""
    t = BookSetting.__table__
    return session.execute(select(t.c.value).where(t.c.key == key)).scalar()
