"""Tables of organizational life: meetings (三会一课, 主题党日, 组织生活会, 集中学习), 谈心谈话, rectifications, attachments.

A record row carries ``status`` (draft/final/void) and, once finalized, ``ledger_seq``: the chain entry that
fixed its content (see ``desktop.ledger``). Names and member status are snapshots taken when the draft is saved.
Child rows are written and read with Core statements (no ORM collections) and go with their parent through
``ON DELETE CASCADE``.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column

from desktop.domain.enums import MemberStatus
from desktop.domain.meeting_enums import (AttendanceStatus, MeetingKind, RecordStatus, RectificationStatus,
                                          VoteMethod)
from desktop.storage.models import Base, enum_column


class Meeting(Base):
    __tablename__ = "meeting"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[MeetingKind] = mapped_column(enum_column(MeetingKind), index=True)
    status: Mapped[RecordStatus] = mapped_column(enum_column(RecordStatus), default=RecordStatus.DRAFT, index=True)
    title: Mapped[str] = mapped_column(String(200))
    start: Mapped[datetime] = mapped_column(DateTime, index=True)
    end: Mapped[datetime | None] = mapped_column(DateTime)
    place: Mapped[str] = mapped_column(String(200), default="")
    group_id: Mapped[int | None] = mapped_column(ForeignKey("party_group.id"), index=True)
    group_name: Mapped[str] = mapped_column(String(60), default="")
    chair_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    chair_name: Mapped[str] = mapped_column(String(40), default="")
    recorder_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    recorder_name: Mapped[str] = mapped_column(String(40), default="")
    lecturer_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    lecturer_name: Mapped[str] = mapped_column(String(60), default="")
    topic: Mapped[str] = mapped_column(String(200), default="")
    theme: Mapped[str] = mapped_column(String(200), default="")
    study_minutes: Mapped[int | None] = mapped_column(Integer)
    observers: Mapped[list] = mapped_column(JSON, default=list)
    upper_attendees: Mapped[list] = mapped_column(JSON, default=list)
    agenda: Mapped[list] = mapped_column(JSON, default=list)
    content: Mapped[str] = mapped_column(Text, default="")
    prep_study: Mapped[str] = mapped_column(Text, default="")
    prep_talks: Mapped[str] = mapped_column(Text, default="")
    prep_opinions: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    ledger_seq: Mapped[int | None] = mapped_column(Integer, index=True)



class MeetingAttendance(Base):
    __tablename__ = "meeting_attendance"
    __table_args__ = (UniqueConstraint("meeting_id", "member_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(40))
    member_status: Mapped[MemberStatus] = mapped_column(enum_column(MemberStatus))
    status: Mapped[AttendanceStatus] = mapped_column(enum_column(AttendanceStatus))
    reason: Mapped[str] = mapped_column(Text, default="")


class MeetingResolution(Base):
    __tablename__ = "meeting_resolution"
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
    method: Mapped[VoteMethod] = mapped_column(enum_column(VoteMethod))
    votes_for: Mapped[int | None] = mapped_column(Integer)
    votes_against: Mapped[int | None] = mapped_column(Integer)
    votes_abstain: Mapped[int | None] = mapped_column(Integer)
    ballots_issued: Mapped[int | None] = mapped_column(Integer)
    ballots_returned: Mapped[int | None] = mapped_column(Integer)
    scrutineers: Mapped[list | None] = mapped_column(JSON)  # 监票人 as [[member id or null, name], …]
    tellers: Mapped[list | None] = mapped_column(JSON)  # 计票人, same form


class MeetingPersonNote(Base):
    """组织生活会: problems found and criticism/self-criticism for one person."""

    __tablename__ = "meeting_person_note"
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"))
    name: Mapped[str] = mapped_column(String(40))
    problems: Mapped[str] = mapped_column(Text, default="")
    criticism: Mapped[str] = mapped_column(Text, default="")


class Rectification(Base):
    """An item of a 整改清单. Part of its meeting's record when ``ledger_seq`` is NULL; else chained on its own."""

    __tablename__ = "rectification"
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    item: Mapped[str] = mapped_column(Text)
    measure: Mapped[str] = mapped_column(Text, default="")
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    owner_name: Mapped[str] = mapped_column(String(40), default="")
    due_on: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[RectificationStatus] = mapped_column(
        enum_column(RectificationStatus), default=RectificationStatus.OPEN, index=True)
    closed_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    ledger_seq: Mapped[int | None] = mapped_column(Integer, index=True)


class RectificationProgress(Base):
    """A dated follow-up step of a rectification; chained when recorded, never edited."""

    __tablename__ = "rectification_progress"
    id: Mapped[int] = mapped_column(primary_key=True)
    rectification_id: Mapped[int] = mapped_column(ForeignKey("rectification.id"), index=True)
    on: Mapped[date] = mapped_column(Date)
    status: Mapped[RectificationStatus] = mapped_column(enum_column(RectificationStatus))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    ledger_seq: Mapped[int | None] = mapped_column(Integer, index=True)


class HeartTalk(Base):
    __tablename__ = "heart_talk"
    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[RecordStatus] = mapped_column(enum_column(RecordStatus), default=RecordStatus.DRAFT, index=True)
    held_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    place: Mapped[str] = mapped_column(String(200), default="")
    others: Mapped[list] = mapped_column(JSON, default=list)
    topics: Mapped[str] = mapped_column(Text, default="")
    content: Mapped[str] = mapped_column(Text, default="")
    follow_up: Mapped[str] = mapped_column(Text, default="")
    interviewers: Mapped[list | None] = mapped_column(JSON)  # 谈话人 as [[member id or null, name], …]
    recorder_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    recorder_name: Mapped[str | None] = mapped_column(String(60))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    ledger_seq: Mapped[int | None] = mapped_column(Integer, index=True)



class HeartTalkParticipant(Base):
    __tablename__ = "heart_talk_participant"
    id: Mapped[int] = mapped_column(primary_key=True)
    talk_id: Mapped[int] = mapped_column(ForeignKey("heart_talk.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(40))


class Attachment(Base):
    """A file kept inside the book. Belongs to a record (owner) and, if added after 定稿, to an amendment."""

    __tablename__ = "attachment"
    __table_args__ = (Index("ix_attachment_owner", "owner_type", "owner_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    owner_type: Mapped[str] = mapped_column(String(32))
    owner_id: Mapped[int] = mapped_column(Integer)
    amendment_id: Mapped[int | None] = mapped_column(Integer, index=True)
    name: Mapped[str] = mapped_column(String(255))
    mime: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    has_thumbnail: Mapped[bool] = mapped_column(Boolean, default=False)
    added_at: Mapped[datetime] = mapped_column(DateTime)


class AttachmentBlob(Base):
    """The bytes, apart from the metadata so lists and chain verification never read them."""

    __tablename__ = "attachment_blob"
    attachment_id: Mapped[int] = mapped_column(ForeignKey("attachment.id", ondelete="CASCADE"), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    thumbnail: Mapped[bytes | None] = mapped_column(LargeBinary)
