"""Tables of 发展党员: people in the pipeline (not yet members), their dated steps and their contact members."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.domain.recruitment_rules import ContactRole
from desktop.storage.models import Base, Member, enum_column


class Recruit(Base):
    """A person on the way to membership; ``member_id`` links the Member created once approved (预备党员)."""

    __tablename__ = "recruit"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), index=True)
    gender: Mapped[str] = mapped_column(String(2))
    birth_date: Mapped[date] = mapped_column(Date)
    id_number: Mapped[str | None] = mapped_column(String(18))
    ethnicity: Mapped[str] = mapped_column(String(20), default="汉族")
    education: Mapped[str] = mapped_column(String(20), default="")
    unit: Mapped[str] = mapped_column(String(100), default="")  # 工作单位
    position: Mapped[str] = mapped_column(String(100), default="")  # 岗位/职务
    phone: Mapped[str] = mapped_column(String(40), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    member_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)

    steps: Mapped[list["RecruitStep"]] = relationship(
        back_populates="recruit", cascade="all, delete-orphan", order_by="RecruitStep.id"
    )
    contacts: Mapped[list["RecruitContact"]] = relationship(
        back_populates="recruit", cascade="all, delete-orphan", order_by="RecruitContact.id"
    )


class RecruitStep(Base):
    """One dated step (入党申请, 谈话, 确定为积极分子, 考察, …); ``step`` is a key of recruitment.toml."""

    __tablename__ = "recruit_step"
    id: Mapped[int] = mapped_column(primary_key=True)
    recruit_id: Mapped[int] = mapped_column(ForeignKey("recruit.id", ondelete="CASCADE"), index=True)
    step: Mapped[str] = mapped_column(String(32))
    on: Mapped[date] = mapped_column(Date)
    details: Mapped[str] = mapped_column(Text, default="{}")  # JSON: hours, days, months, votes…
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)

    recruit: Mapped[Recruit] = relationship(back_populates="steps")


class RecruitContact(Base):
    """A member who is a recruit's 培养联系人 or 入党介绍人."""

    __tablename__ = "recruit_contact"
    __table_args__ = (UniqueConstraint("recruit_id", "member_id", "role"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    recruit_id: Mapped[int] = mapped_column(ForeignKey("recruit.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    role: Mapped[ContactRole] = mapped_column(enum_column(ContactRole))
    since: Mapped[date] = mapped_column(Date)

    recruit: Mapped[Recruit] = relationship(back_populates="contacts")
    member: Mapped[Member] = relationship()
