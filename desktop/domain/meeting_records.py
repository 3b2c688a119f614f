"""What a meeting record *says*: the snapshot that is shown, printed and chained when finalized.

Names and a member's status are copied into the record when it is saved, so a later rename or 转正 never
changes a finalized record. These dataclasses are also the canonical ledger payload (see ledger.canonical).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from desktop.domain.enums import MemberStatus
from desktop.domain.meeting_enums import AttendanceStatus, MeetingKind, RectificationStatus, VoteMethod
from desktop.domain.fields import omit_if_empty


@dataclass(frozen=True)
class Ref:
    """A person or group named in a record: its id (None for someone outside the branch) and its name then."""

    id: int | None
    name: str


@dataclass(frozen=True)
class Attendee:
    member_id: int
    name: str
    member_status: MemberStatus  # on the meeting day
    status: AttendanceStatus
    reason: str = ""


@dataclass(frozen=True)
class Resolution:
    """A decision and its vote. For a ballot, ``votes_for`` is 同意, with 发出/收回 in ballots_issued/returned,
    and the 监票人 (scrutineers) and 计票人 (tellers) who oversaw and counted it (members, or by name only)."""

    text: str
    method: VoteMethod = VoteMethod.SHOW_OF_HANDS
    votes_for: int | None = None
    votes_against: int | None = None
    votes_abstain: int | None = None
    ballots_issued: int | None = None
    ballots_returned: int | None = None
    scrutineers: tuple[Ref, ...] = omit_if_empty(())  # added in schema 0008: left out of the chain while empty
    tellers: tuple[Ref, ...] = omit_if_empty(())


@dataclass(frozen=True)
class PersonNote:
    """组织生活会: problems found by/for one person, and the criticism and self-criticism as recorded."""

    member_id: int
    name: str
    problems: str = ""
    criticism: str = ""


@dataclass(frozen=True)
class RectificationItem:
    item: str
    measure: str = ""
    owner: Ref | None = None
    due_on: date | None = None


@dataclass(frozen=True)
class AttachmentRef:
    sha256: str
    name: str
    size: int
    mime: str


@dataclass(frozen=True)
class Preparation:
    """组织生活会 preparation: study done, talks held, opinions collected (as the user recorded them)."""

    study: str = ""
    talks: str = ""
    opinions: str = ""


@dataclass(frozen=True)
class MeetingRecord:
    kind: MeetingKind
    title: str
    start: datetime
    end: datetime | None = None
    place: str = ""
    group: Ref | None = None
    chair: Ref | None = None
    recorder: Ref | None = None
    lecturer: Ref | None = None
    topic: str = ""
    theme: str = ""
    study_minutes: int | None = None
    observers: tuple[str, ...] = ()
    upper_attendees: tuple[str, ...] = ()
    agenda: tuple[str, ...] = ()
    content: str = ""
    preparation: Preparation = field(default_factory=Preparation)
    attendance: tuple[Attendee, ...] = ()
    resolutions: tuple[Resolution, ...] = ()
    notes: tuple[PersonNote, ...] = ()
    rectifications: tuple[RectificationItem, ...] = ()
    attachments: tuple[AttachmentRef, ...] = ()

    @property
    def day(self) -> date:
        return self.start.date()

    @property
    def credited_minutes(self) -> int:
        """Study minutes credited to each attendee: the recorded figure, else the duration for 党课/集中学习."""
        if self.study_minutes is not None:
            return self.study_minutes
        if self.kind.credits_study and self.end and self.end > self.start:
            return int((self.end - self.start).total_seconds() // 60)
        return 0


@dataclass(frozen=True)
class HeartTalkRecord:
    """谈心谈话: who talked, when and where, topics, what was said and the follow-up (the user's words).

    ``interviewers`` (谈话人) are some of the participants (a member by id, someone in ``others`` by name with
    id None); everyone else taking part is a 谈话对象. A record without them names all as participants.
    """

    held_at: datetime
    place: str = ""
    participants: tuple[Ref, ...] = ()
    others: tuple[str, ...] = ()  # participants from outside the branch, e.g. an upper-level leader
    topics: str = ""
    content: str = ""
    follow_up: str = ""
    attachments: tuple[AttachmentRef, ...] = ()
    interviewers: tuple[Ref, ...] = omit_if_empty(())  # added in schema 0008: left out of the chain while empty
    recorder: Ref | None = omit_if_empty(None)

    def is_interviewer(self, ref: Ref | str) -> bool:
        if isinstance(ref, str):
            return any(i.id is None and i.name == ref for i in self.interviewers)
        return any(i.id == ref.id for i in self.interviewers if i.id is not None)

    @property
    def interviewees(self) -> tuple[str, ...]:
        """谈话对象: the names of everyone taking part who is not a 谈话人 (empty when none is marked)."""
        if not self.interviewers:
            return ()
        return tuple([p.name for p in self.participants if not self.is_interviewer(p)]
                     + [o for o in self.others if not self.is_interviewer(o)])


@dataclass(frozen=True)
class RectificationRecord:
    """A rectification item added on its own (not as part of a meeting's record), e.g. after an inspection."""

    item: str
    measure: str = ""
    owner: Ref | None = None
    due_on: date | None = None
    meeting: Ref | None = None  # the meeting it came from, if any
    source: str = ""  # where the problem was raised, in the user's words


@dataclass(frozen=True)
class ProgressRecord:
    """A dated follow-up of a rectification item: its status after this step and the evidence described."""

    rectification_id: int
    on: date
    status: RectificationStatus
    note: str = ""
    attachments: tuple[AttachmentRef, ...] = ()
