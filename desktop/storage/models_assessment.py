"""Table of the yearly self-assessment (考评自评): the secretary's manual scores, notes and evidence per item.

Automatic items are never stored: they are recomputed from the records, so they always agree with the book.
Scores are kept in hundredths of a point (integers), like money in fen.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desktop.storage.models import Base


class AssessmentEntry(Base):
    __tablename__ = "assessment_entry"
    __table_args__ = (UniqueConstraint("year", "item_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    item_id: Mapped[str] = mapped_column(String(60))
    score_centi: Mapped[int] = mapped_column(Integer)  # points × 100
    note: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[list] = mapped_column(JSON, default=list)  # ["meeting:12", "heart_talk:3", …]
    rubric_version: Mapped[str] = mapped_column(String(40), default="")
    rubric_sha256: Mapped[str] = mapped_column(String(64), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime)
