"""Tables of 党费: each member's yearly base and the payments with the months they cover. Money is integer fen."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.domain.dues_rules import DuesCategory
from desktop.storage.models import Base, Member, enum_column


class DuesBase(Base):
    """A member's 党费基数 for one year, with the rate and monthly amount fixed when it was set."""

    __tablename__ = "dues_base"
    __table_args__ = (UniqueConstraint("member_id", "year"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    category: Mapped[DuesCategory] = mapped_column(enum_column(DuesCategory))
    base_fen: Mapped[int] = mapped_column(Integer)
    rate_bp: Mapped[int | None] = mapped_column(Integer)  # basis points; None = fixed amount
    monthly_fen: Mapped[int] = mapped_column(Integer)
    rules_version: Mapped[str] = mapped_column(String(20), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)

    member: Mapped[Member] = relationship()


class DuesPayment(Base):
    """One handing-over of dues (交纳), possibly by a proxy (代缴人), covering one or more months."""

    __tablename__ = "dues_payment"
    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    paid_on: Mapped[date] = mapped_column(Date, index=True)
    amount_fen: Mapped[int] = mapped_column(Integer)
    proxy: Mapped[str] = mapped_column(String(40), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)

    member: Mapped[Member] = relationship()
    months: Mapped[list["DuesPaymentMonth"]] = relationship(
        back_populates="payment", cascade="all, delete-orphan", order_by="DuesPaymentMonth.id"
    )


class DuesPaymentMonth(Base):
    """A month covered by a payment; unique per member and month, so no month can be paid twice."""

    __tablename__ = "dues_payment_month"
    __table_args__ = (UniqueConstraint("member_id", "year", "month"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("dues_payment.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    due_fen: Mapped[int] = mapped_column(Integer)  # what the month was due at the time of payment
    paid_fen: Mapped[int] = mapped_column(Integer)  # the share of the payment allotted to this month

    payment: Mapped[DuesPayment] = relationship(back_populates="months")
