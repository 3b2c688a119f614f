"""Meeting and 谈心谈话 records rebuilt from their rows, in bulk (a few queries for any number of records).

The same functions serve the views and the verifier, so what is shown is exactly what is chained.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.meeting_records import (AttachmentRef, Attendee, HeartTalkRecord, MeetingRecord, PersonNote,
                                            Preparation, RectificationItem, Ref, Resolution)
from desktop.storage.models_meetings import (Attachment, HeartTalk, HeartTalkParticipant, Meeting,
                                             MeetingAttendance, MeetingPersonNote, MeetingResolution, Rectification)

CHUNK = 500


def chunks(ids: Iterable[int]):
    ids = list(ids)
    for i in range(0, len(ids), CHUNK):
        yield ids[i:i + CHUNK]


def ref(id_, name) -> Ref | None:
    return Ref(id_, name) if id_ is not None or name else None


def refs(pairs) -> tuple[Ref, ...]:
    """People stored as a JSON list of [member id or null, name] (NULL: none recorded)."""
    return tuple(Ref(i, n) for i, n in pairs or ())


def ref_pairs(people) -> list | None:
    return [[p.id, p.name] for p in people] or None


def attachment_refs(session: Session, owner_type: str, ids, *, amendment: bool = False) -> dict[int, list]:
    """Attachments by owner id (or by amendment id when ``amendment``), in the order they were added."""
    t = Attachment.__table__
    key = t.c.amendment_id if amendment else t.c.owner_id
    out: dict[int, list] = defaultdict(list)
    for part in chunks(ids):
        q = select(key, t.c.sha256, t.c.name, t.c.size, t.c.mime).where(key.in_(part)).order_by(t.c.id)
        if not amendment:
            q = q.where(t.c.owner_type == owner_type, t.c.amendment_id.is_(None))
        for k, sha, name, size, mime in session.execute(q):
            out[k].append(AttachmentRef(sha, name, size, mime))
    return out


def _children(session: Session, table, fk, ids, *columns, where=None) -> dict[int, list]:
    out: dict[int, list] = defaultdict(list)
    for part in chunks(ids):
        q = select(table.c[fk], *[table.c[c] for c in columns]).where(table.c[fk].in_(part))
        if where is not None:
            q = q.where(where)
        for row in session.execute(q.order_by(table.c[fk], table.c.position, table.c.id)):
            out[row[0]].append(row[1:])
    return out


def meeting_records(session: Session, ids: Iterable[int]) -> dict[int, MeetingRecord]:
    ids = list(ids)
    m = Meeting.__table__
    rows = []
    for part in chunks(ids):
        rows += session.execute(select(m).where(m.c.id.in_(part))).all()
    att = _children(session, MeetingAttendance.__table__, "meeting_id", ids,
                    "member_id", "name", "member_status", "status", "reason")
    res = _children(session, MeetingResolution.__table__, "meeting_id", ids,
                    "text", "method", "votes_for", "votes_against", "votes_abstain", "ballots_issued",
                    "ballots_returned", "scrutineers", "tellers")
    notes = _children(session, MeetingPersonNote.__table__, "meeting_id", ids,
                      "member_id", "name", "problems", "criticism")
    rt = Rectification.__table__
    rect = _children(session, rt, "meeting_id", ids, "item", "measure", "owner_id", "owner_name", "due_on",
                     where=rt.c.ledger_seq.is_(None))
    files = attachment_refs(session, "meeting", ids)
    out = {}
    for r in rows:
        out[r.id] = MeetingRecord(
            kind=r.kind, title=r.title, start=r.start, end=r.end, place=r.place,
            group=ref(r.group_id, r.group_name), chair=ref(r.chair_id, r.chair_name),
            recorder=ref(r.recorder_id, r.recorder_name), lecturer=ref(r.lecturer_id, r.lecturer_name),
            topic=r.topic, theme=r.theme, study_minutes=r.study_minutes,
            observers=tuple(r.observers or ()), upper_attendees=tuple(r.upper_attendees or ()),
            agenda=tuple(r.agenda or ()), content=r.content,
            preparation=Preparation(r.prep_study, r.prep_talks, r.prep_opinions),
            attendance=tuple(Attendee(*a) for a in att.get(r.id, ())),
            resolutions=tuple(Resolution(*x[:7], scrutineers=refs(x[7]), tellers=refs(x[8]))
                              for x in res.get(r.id, ())),
            notes=tuple(PersonNote(*n) for n in notes.get(r.id, ())),
            rectifications=tuple(RectificationItem(item, measure, ref(oid, oname), due)
                                 for item, measure, oid, oname, due in rect.get(r.id, ())),
            attachments=tuple(files.get(r.id, ())),
        )
    return out


def talk_records(session: Session, ids: Iterable[int]) -> dict[int, HeartTalkRecord]:
    ids = list(ids)
    t = HeartTalk.__table__
    rows = []
    for part in chunks(ids):
        rows += session.execute(select(t).where(t.c.id.in_(part))).all()
    people = _children(session, HeartTalkParticipant.__table__, "talk_id", ids, "member_id", "name")
    files = attachment_refs(session, "heart_talk", ids)
    return {
        r.id: HeartTalkRecord(
            held_at=r.held_at, place=r.place, participants=tuple(Ref(i, n) for i, n in people.get(r.id, ())),
            others=tuple(r.others or ()), topics=r.topics, content=r.content, follow_up=r.follow_up,
            attachments=tuple(files.get(r.id, ())),
            interviewers=refs(r.interviewers), recorder=ref(r.recorder_id, r.recorder_name or ""),
        )
        for r in rows
    }
