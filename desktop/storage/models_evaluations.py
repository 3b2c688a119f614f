"""Tables of 民主评议党员: one round per year and one row per member evaluated."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desktop.domain.enums import MemberStatus
from desktop.domain.meeting_enums import EvaluationGrade, RecordStatus
from desktop.storage.models import Base, enum_column


class EvaluationRound(Base):
    __tablename__ = "evaluation_round"
    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    status: Mapped[RecordStatus] = mapped_column(enum_column(RecordStatus), default=RecordStatus.DRAFT, index=True)
    held_on: Mapped[date] = mapped_column(Date)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id"))
    meeting_title: Mapped[str] = mapped_column(String(200), default="")
    ballots_issued: Mapped[int | None] = mapped_column(Integer)
    ballots_returned: Mapped[int | None] = mapped_column(Integer)
    excellent_cap: Mapped[str] = mapped_column(String(16), default="1/3")
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    ledger_seq: Mapped[int | None] = mapped_column(Integer, index=True)



class MemberEvaluation(Base):
    __tablename__ = "member_evaluation"
    __table_args__ = (UniqueConstraint("round_id", "member_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("evaluation_round.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(40))
    member_status: Mapped[MemberStatus] = mapped_column(enum_column(MemberStatus))
    self_assessment: Mapped[str] = mapped_column(Text, default="")
    self_analysis: Mapped[str] = mapped_column(Text, default="")
    votes_excellent: Mapped[int] = mapped_column(Integer, default=0)
    votes_qualified: Mapped[int] = mapped_column(Integer, default=0)
    votes_basically_qualified: Mapped[int] = mapped_column(Integer, default=0)
    votes_unqualified: Mapped[int] = mapped_column(Integer, default=0)
    proposed_grade: Mapped[EvaluationGrade | None] = mapped_column(enum_column(EvaluationGrade))
    final_grade: Mapped[EvaluationGrade | None] = mapped_column(enum_column(EvaluationGrade))
    follow_up: Mapped[str] = mapped_column(Text, default="")
