"""What the engine reads from a book, loaded in a few queries for a window of days, as plain Python values.

Records are taken as they now read: voided ones are left out, corrected ones (更正) are rebuilt with their
amendments applied (usually a handful). Everything else works from rows through Core selects, so a ten-year
book costs what the window holds, not what the book holds.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import cached_property
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.enums import CommitteeRole, MembershipEventKind, MemberStatus
from desktop.domain.meeting_enums import AmendmentKind, AttendanceStatus, MeetingKind, RecordStatus
from desktop.domain.meeting_records import MeetingRecord
from desktop.domain.member_rules import add_years
from desktop.rules.periods import add_months
from desktop.storage.models import BranchCommittee, CommitteePost, Member, MembershipEvent, PartyGroup
from desktop.storage.models_evaluations import EvaluationRound
from desktop.storage.models_ledger import Amendment
from desktop.storage.models_meetings import (HeartTalk, HeartTalkParticipant, Meeting, MeetingAttendance,
                                             Rectification)
from desktop.storage.models_recruitment import Recruit

FINAL, DRAFT = RecordStatus.FINAL.value, RecordStatus.DRAFT.value
_MONTHS = re.compile(r"(\d{1,2})\s*个月")


@dataclass
class MemberFact:
    id: int
    name: str
    joined_on: date
    full_on: date | None
    group_id: int | None
    id_number: str | None
    phone: str
    roster_order: int
    spans: list[tuple[date, date | None]] = field(default_factory=list)  # [entered, left) stays in the branch
    extension_months: list[int] = field(default_factory=list)  # 延长预备期 events (months; 6 when not stated)

    def belongs_on(self, day: date) -> bool:
        return any(start <= day and (end is None or day < end) for start, end in self.spans)

    def status_on(self, day: date) -> MemberStatus:
        return MemberStatus.FULL if self.full_on is not None and self.full_on <= day else MemberStatus.PROBATIONARY

    def days_in(self, start: date, end: date) -> int:
        """Days of ``[start, end]`` on which the member belonged to the branch."""
        total = 0
        for s, e in self.spans:
            last = min(end, (e - timedelta(days=1)) if e else end)
            if last >= max(start, s):
                total += (last - max(start, s)).days + 1
        return total

    def entered_on(self, day: date) -> date | None:
        """When the stay that covers ``day`` began."""
        return next((s for s, e in self.spans if s <= day and (e is None or day < e)), None)

    @property
    def probation_end(self) -> date:
        """One year from admission (党章第七条), plus each recorded extension."""
        end = add_years(self.joined_on, 1)
        for months in self.extension_months:
            end = add_months(end, months)
        return end


@dataclass(frozen=True)
class Activity:
    """A meeting as it now reads (only what the rules need)."""

    id: int
    kind: str
    status: str  # final | draft
    start: datetime
    group_id: int | None
    lecturer_id: int | None
    credited_minutes: int
    attendance: tuple[tuple[int, str], ...]  # (member id, attendance status)

    @cached_property  # asked for per member and rule: computed once per record
    def day(self) -> date:
        return self.start.date()


@dataclass(frozen=True)
class Talk:
    id: int
    status: str
    day: date
    participants: frozenset[int]


@dataclass(frozen=True)
class Evaluation:
    id: int
    status: str
    year: int
    held_on: date


@dataclass(frozen=True)
class Term:
    id: int
    start: date
    years: int
    posts: tuple[tuple[int, str], ...]  # (member id, role)

    @property
    def end(self) -> date:
        return add_years(self.start, self.years)


@dataclass(frozen=True)
class OpenItem:
    """A rectification item in force (its meeting finalized, or chained on its own)."""

    id: int
    item: str
    owner_name: str
    due_on: date | None
    status: str
    closed_on: date | None
    created_on: date  # the day it was raised


@dataclass
class BookFacts:
    start: date
    end: date
    members: list[MemberFact]
    groups: dict[int, tuple[str, int | None]]  # id -> (name, leader id)
    terms: list[Term]  # by start
    meetings: list[Activity]  # in the window, by start
    talks: list[Talk]
    evaluations: list[Evaluation]
    rectifications: list[OpenItem]
    recruit_members: set[int]  # members created from a recruit (the recruitment rules follow their 转正)

    def members_on(self, day: date) -> list[MemberFact]:
        return [m for m in self.members if m.belongs_on(day)]

    def full_members_on(self, day: date) -> list[MemberFact]:
        return [m for m in self.members_on(day) if m.status_on(day) == MemberStatus.FULL]

    def term_on(self, day: date) -> Term | None:
        current = None
        for t in self.terms:
            if t.start <= day:
                current = t
        return current

    def committee_on(self, day: date) -> dict[int, str]:
        """Committee members in office on ``day`` who belonged to the branch then → role."""
        term = self.term_on(day)
        if term is None:
            return {}
        here = {m.id for m in self.members_on(day)}
        return {mid: role for mid, role in term.posts if mid in here}

    def secretary_on(self, day: date) -> int | None:
        return next((mid for mid, role in self.committee_on(day).items() if role == CommitteeRole.SECRETARY.value),
                    None)

    def groups_on(self, day: date) -> dict[int, list[MemberFact]]:
        """Party groups that have members on ``day`` → their members (a member's current group)."""
        out: dict[int, list[MemberFact]] = defaultdict(list)
        for m in self.members_on(day):
            if m.group_id is not None and m.group_id in self.groups:
                out[m.group_id].append(m)
        return dict(out)

    def name(self, member_id: int) -> str:
        return next((m.name for m in self.members if m.id == member_id), f"编号{member_id}")

    def within(self, start: date, end: date) -> BookFacts:
        """What :func:`load_facts` gives for ``[start, end]``, taken from these facts (one read of the book
        answers several windows inside it: the 首页 asks for four)."""
        if start < self.start or end > self.end:
            raise ValueError(f"window {start}–{end} is not inside the facts' {self.start}–{self.end}")
        if (start, end) == (self.start, self.end):
            return self
        lo, hi = _bounds(start, end)
        return replace(self, start=start, end=end, meetings=[m for m in self.meetings if lo <= m.start < hi],
                       talks=[t for t in self.talks if start <= t.day <= end],
                       evaluations=[e for e in self.evaluations if start.year <= e.year <= end.year])


def _members(s: Session) -> list[MemberFact]:
    m = Member.__table__
    facts = {r.id: MemberFact(r.id, r.name, r.joined_on, r.full_on, r.group_id, r.id_number, r.phone or "",
                              r.roster_order or 0)
             for r in s.execute(select(m.c.id, m.c.name, m.c.joined_on, m.c.full_on, m.c.group_id, m.c.id_number,
                                       m.c.phone, m.c.roster_order))}
    e = MembershipEvent.__table__
    events = defaultdict(list)
    for r in s.execute(select(e.c.member_id, e.c.kind, e.c.on, e.c.id, e.c.note).order_by(e.c.on, e.c.id)):
        events[r.member_id].append(r)
    for mid, f in facts.items():
        inside: date | None = None
        kinds = [(r.on, MembershipEventKind(r.kind)) for r in events[mid]]
        if not any(k.enters for _, k in kinds):  # same rule as services.members: joined_on counts as entering
            kinds.insert(0, (f.joined_on, MembershipEventKind.JOINED))
        for on, kind in kinds:
            if kind.enters and inside is None:
                inside = on
            elif kind.leaves and inside is not None:
                f.spans.append((inside, on))
                inside = None
        if inside is not None:
            f.spans.append((inside, None))
        for r in events[mid]:
            if MembershipEventKind(r.kind) == MembershipEventKind.PROBATION_EXTENDED:
                found = _MONTHS.search(r.note or "")
                f.extension_months.append(int(found.group(1)) if found else 6)
    return sorted(facts.values(), key=lambda f: (f.roster_order, f.id))


def _terms(s: Session) -> list[Term]:
    posts = defaultdict(list)
    p = CommitteePost.__table__
    for r in s.execute(select(p.c.committee_id, p.c.member_id, p.c.role).order_by(p.c.id)):
        posts[r.committee_id].append((r.member_id, CommitteeRole(r.role).value))
    c = BranchCommittee.__table__
    rows = s.execute(select(c.c.id, c.c.term_start, c.c.term_years).order_by(c.c.term_start, c.c.id)).all()
    return [Term(r.id, r.term_start, r.term_years, tuple(posts[r.id])) for r in rows]


def _credited(kind: str, start: datetime, end: datetime | None, study_minutes: int | None) -> int:
    """The 学时 rule of ``MeetingRecord.credited_minutes`` (one source of truth)."""
    return MeetingRecord(kind=MeetingKind(kind), title="", start=start, end=end,
                         study_minutes=study_minutes).credited_minutes


def _corrected(s: Session) -> dict[str, list[int]]:
    """Ids of corrected (更正) meetings and talks by record type, in one query for both."""
    a = Amendment.__table__
    out: dict[str, list[int]] = {"meeting": [], "heart_talk": []}
    for target_type, target_id in s.execute(select(a.c.target_type, a.c.target_id).distinct().where(
            a.c.target_type.in_(tuple(out)), a.c.kind == AmendmentKind.CORRECTION)):
        out[target_type].append(target_id)
    return out


def _meetings(s: Session, lo: datetime, hi: datetime, corrected: list[int]) -> list[Activity]:
    m, a = Meeting.__table__, MeetingAttendance.__table__
    live = m.c.status != RecordStatus.VOID
    rows = s.execute(select(m.c.id, m.c.kind, m.c.status, m.c.start, m.c.end, m.c.group_id, m.c.lecturer_id,
                            m.c.study_minutes).where(live, m.c.start >= lo, m.c.start < hi)).all()
    att = defaultdict(list)
    value = {status: status.value for status in AttendanceStatus}
    for meeting_id, member_id, status in s.execute(
            select(a.c.meeting_id, a.c.member_id, a.c.status).join(m, m.c.id == a.c.meeting_id)
            .where(live, m.c.start >= lo, m.c.start < hi)):
        att[meeting_id].append((member_id, value[status]))
    out = {r.id: Activity(r.id, MeetingKind(r.kind).value, RecordStatus(r.status).value, r.start, r.group_id,
                          r.lecturer_id, _credited(r.kind, r.start, r.end, r.study_minutes), tuple(att[r.id]))
           for r in rows}
    if corrected:
        from desktop.ledger import lifecycle
        from desktop.ledger.meeting_documents import meeting_records

        status = dict(s.execute(select(m.c.id, m.c.status).where(m.c.id.in_(corrected))).all())
        amendments = lifecycle.amendments_of(s, "meeting", corrected)
        for rid, record in meeting_records(s, corrected).items():
            out.pop(rid, None)
            record, _ = lifecycle.apply_amendments(record, amendments.get(rid, []))
            if status[rid] == RecordStatus.VOID or not (lo <= record.start < hi):
                continue
            out[rid] = Activity(rid, record.kind.value, RecordStatus(status[rid]).value, record.start,
                                record.group.id if record.group else None,
                                record.lecturer.id if record.lecturer else None, record.credited_minutes,
                                tuple((x.member_id, AttendanceStatus(x.status).value) for x in record.attendance))
    return sorted(out.values(), key=lambda x: (x.start, x.id))


def _talks(s: Session, lo: datetime, hi: datetime, corrected: list[int]) -> list[Talk]:
    t, p = HeartTalk.__table__, HeartTalkParticipant.__table__
    live = t.c.status != RecordStatus.VOID
    people = defaultdict(set)
    for r in s.execute(select(p.c.talk_id, p.c.member_id).join(t, t.c.id == p.c.talk_id)
                       .where(live, t.c.held_at >= lo, t.c.held_at < hi)):
        people[r.talk_id].add(r.member_id)
    out = {r.id: Talk(r.id, RecordStatus(r.status).value, r.held_at.date(), frozenset(people[r.id]))
           for r in s.execute(select(t.c.id, t.c.status, t.c.held_at).where(live, t.c.held_at >= lo,
                                                                              t.c.held_at < hi))}
    if corrected:
        from desktop.ledger import lifecycle
        from desktop.ledger.meeting_documents import talk_records

        status = dict(s.execute(select(t.c.id, t.c.status).where(t.c.id.in_(corrected))).all())
        amendments = lifecycle.amendments_of(s, "heart_talk", corrected)
        for rid, record in talk_records(s, corrected).items():
            out.pop(rid, None)
            record, _ = lifecycle.apply_amendments(record, amendments.get(rid, []))
            if status[rid] != RecordStatus.VOID and lo <= record.held_at < hi:
                out[rid] = Talk(rid, RecordStatus(status[rid]).value, record.held_at.date(),
                                frozenset(x.id for x in record.participants if x.id is not None))
    return sorted(out.values(), key=lambda x: (x.day, x.id))


def _evaluations(s: Session, start: date, end: date) -> list[Evaluation]:
    t = EvaluationRound.__table__
    rows = s.execute(select(t.c.id, t.c.status, t.c.year, t.c.held_on).where(
        t.c.status != RecordStatus.VOID, t.c.year >= start.year, t.c.year <= end.year)).all()
    return [Evaluation(r.id, RecordStatus(r.status).value, r.year, r.held_on) for r in rows]


def _rectifications(s: Session) -> list[OpenItem]:
    """Items in force that are not closed, or were closed (kept so a past day can be evaluated)."""
    r, m = Rectification.__table__, Meeting.__table__
    final = select(m.c.id).where(m.c.status == RecordStatus.FINAL)
    rows = s.execute(select(r.c.id, r.c.item, r.c.owner_name, r.c.due_on, r.c.status, r.c.closed_on, r.c.created_at,
                            m.c.start).outerjoin(m, m.c.id == r.c.meeting_id)
                     .where((r.c.ledger_seq.is_not(None)) | (r.c.meeting_id.in_(final)))
                     .where(r.c.due_on.is_not(None))).all()
    # An item raised at a meeting exists from the meeting's day; one added on its own from when it was entered.
    return [OpenItem(x.id, x.item, x.owner_name, x.due_on, str(getattr(x.status, "value", x.status)), x.closed_on,
                     min(x.start.date(), x.created_at.date()) if x.start else x.created_at.date()) for x in rows]


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """The days ``[start, end]`` as the half-open range of datetimes ``[lo, hi)`` records are selected by."""
    return datetime.combine(start, datetime.min.time()), datetime.combine(end + timedelta(days=1),
                                                                          datetime.min.time())


def load_facts(session: Session, start: date, end: date) -> BookFacts:
    """Members, groups, terms and open items (all), and the records dated in ``[start, end]``."""
    lo, hi = _bounds(start, end)
    g = PartyGroup.__table__
    groups = {r.id: (r.name, r.leader_id) for r in session.execute(
        select(g.c.id, g.c.name, g.c.leader_id).order_by(g.c.sort_order, g.c.id))}
    r = Recruit.__table__
    recruits = set(session.scalars(select(r.c.member_id).where(r.c.member_id.is_not(None))))
    corrected = _corrected(session)
    return BookFacts(start, end, _members(session), groups, _terms(session),
                     _meetings(session, lo, hi, corrected["meeting"]), _talks(session, lo, hi, corrected["heart_talk"]),
                     _evaluations(session, start, end), _rectifications(session), recruits)
