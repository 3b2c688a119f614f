"""The adapter between the committee's store and the rules engine: a branch's records as the branch sees them.

The committee holds each branch's chain entries (``committee_entry``). Here they are read back into the typed
records the branch chained, amendments applied in chain order with the ledger's own ``apply_amendments``
(更正 rewrites fields, 作废 drops the record), and turned into the engine's ``BookFacts`` together with the
organisation snapshot (:mod:`desktop.committee.orgfacts`). Nothing here judges anything: the engine does.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.evaluation_rules import EvaluationRecord
from desktop.domain.meeting_enums import AmendmentKind, AttendanceStatus, MeetingKind
from desktop.domain.meeting_records import HeartTalkRecord, MeetingRecord
from desktop.ledger.canonical import restore
from desktop.ledger.documents import AmendmentRecord
from desktop.ledger.lifecycle import AmendmentInfo, apply_amendments
from desktop.rules.facts import FINAL, Activity, BookFacts, Evaluation, Talk, _credited
from desktop.storage.models_sync import CommitteeEntry
from desktop.committee.orgfacts import OrgFacts

RECORD_CLASSES = {"meeting": MeetingRecord, "heart_talk": HeartTalkRecord, "evaluation": EvaluationRecord}
TYPE_LABELS = {"meeting": "会议", "heart_talk": "谈心谈话", "evaluation": "民主评议", "rectification": "整改事项",
               "rectification_progress": "整改进展", "amendment": "更正/补充/作废", "sync_trust": "信任工委",
               "sync_export": "导出数据包", "sync_receipt": "导入回执"}


def record_title(record_type: str, r) -> str:
    if isinstance(r, MeetingRecord):
        return r.title or MeetingKind(r.kind).label
    if isinstance(r, HeartTalkRecord):
        return "谈心谈话：" + "、".join(p.name for p in r.participants)
    if isinstance(r, EvaluationRecord):
        return f"{r.year}年度民主评议党员"
    return TYPE_LABELS.get(record_type, record_type)


@dataclass
class Change:
    """An amendment as the committee holds it."""

    seq: int
    hash: str
    kind: str  # correction | supplement | void
    reason: str
    note: str
    first_seen_at: datetime


@dataclass
class HeldRecord:
    """One chained record of a branch: its plain chained form, and (typed, built on first use) as first chained
    (``original``) and as it now reads with its amendments applied (``record``)."""

    record_type: str
    record_id: int
    seq: int  # its finalize entry
    hash: str
    claimed_at: datetime | None
    entered_at: datetime | None
    first_seen_at: datetime
    bundle_seq: int
    plain: dict
    changes: list[Change] = field(default_factory=list)
    amendments: list[AmendmentInfo] = field(default_factory=list)
    _record: object = None

    @property
    def original(self):
        return restore(RECORD_CLASSES[self.record_type], self.plain)

    @property
    def record(self):
        if self._record is None:
            self._record, _ = apply_amendments(self.original, self.amendments)
        return self._record

    @property
    def voided(self) -> bool:
        return any(c.kind == AmendmentKind.VOID.value for c in self.changes)

    @property
    def corrected(self) -> bool:
        return any(c.kind == AmendmentKind.CORRECTION.value for c in self.changes)

    @property
    def short_hash(self) -> str:
        return self.hash[:12]

    @property
    def title(self) -> str:
        return record_title(self.record_type, self.record)

    @property
    def day(self) -> date | None:
        return self.claimed_at.date() if self.claimed_at else None


def held_records(session: Session, branch_id: str, types=tuple(RECORD_CLASSES)) -> dict[tuple[str, int], HeldRecord]:
    """Every record of ``types`` the committee holds for the branch, amendments applied (voided ones kept, marked)."""
    t = CommitteeEntry.__table__
    rows = session.execute(select(t.c.seq, t.c.hash, t.c.canonical, t.c.kind, t.c.record_type, t.c.claimed_at,
                                  t.c.entered_at, t.c.first_seen_at, t.c.bundle_seq)
                           .where(t.c.branch_id == branch_id, t.c.record_type.in_(list(types) + ["amendment"]))
                           .order_by(t.c.seq)).all()
    out: dict[tuple[str, int], HeldRecord] = {}
    for r in rows:
        env = json.loads(r.canonical)
        if r.record_type == "amendment":
            target = env.get("target") or {}
            key = (target.get("type"), target.get("id"))
            if key[0] not in types:
                continue
            am = restore(AmendmentRecord, env["record"])
            info = AmendmentInfo(env["record_id"], am.kind, am.reason, am.note, am.changes, am.attachments, None)
            held = out.get(key)
            if held is not None:
                held.amendments.append(info)
                held.changes.append(Change(r.seq, r.hash, am.kind.value, am.reason, am.note, r.first_seen_at))
            continue
        if r.kind != "finalize":
            continue
        key = (r.record_type, env["record_id"])
        out[key] = HeldRecord(r.record_type, env["record_id"], r.seq, r.hash, r.claimed_at, r.entered_at,
                              r.first_seen_at, r.bundle_seq, env["record"])
    return out


def _time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _fact(h: HeldRecord):
    """(day-or-start, engine value) of a record; read from the plain form unless a 更正 changed it."""
    rid = h.record_id
    if h.corrected:
        r = h.record
        if h.record_type == "meeting":
            return r.start, Activity(rid, MeetingKind(r.kind).value, FINAL, r.start, r.group.id if r.group else None,
                                     r.lecturer.id if r.lecturer else None, r.credited_minutes,
                                     tuple((a.member_id, AttendanceStatus(a.status).value) for a in r.attendance))
        if h.record_type == "heart_talk":
            return r.held_at, Talk(rid, FINAL, r.held_at.date(),
                                   frozenset(p.id for p in r.participants if p.id is not None))
        return r.year, Evaluation(rid, FINAL, r.year, r.held_on)
    p = h.plain
    if h.record_type == "meeting":
        start, end = _time(p["start"]), _time(p.get("end"))
        group, lecturer = p.get("group"), p.get("lecturer")
        return start, Activity(rid, p["kind"], FINAL, start, group["id"] if group else None,
                               lecturer["id"] if lecturer else None,
                               _credited(p["kind"], start, end, p.get("study_minutes")),
                               tuple((a["member_id"], a["status"]) for a in p.get("attendance", ())))
    if h.record_type == "heart_talk":
        held = _time(p["held_at"])
        return held, Talk(rid, FINAL, held.date(),
                          frozenset(x["id"] for x in p.get("participants", ()) if x.get("id") is not None))
    held_on = date.fromisoformat(p["held_on"]) if p.get("held_on") else None
    return p["year"], Evaluation(rid, FINAL, p["year"], held_on)


def book_facts(held: dict[tuple[str, int], HeldRecord], org: OrgFacts, start: date, end: date) -> BookFacts:
    """What ``desktop.rules.facts.load_facts(session, start, end)`` would give on the branch's own book, for
    finalized records (drafts never leave the branch; they are never counted anyway)."""
    lo = datetime.combine(start, datetime.min.time())
    hi = datetime.combine(end + timedelta(days=1), datetime.min.time())
    meetings, talks, evaluations = [], [], []
    for (rtype, _rid), h in held.items():
        if h.voided:
            continue
        when, value = _fact(h)
        if rtype == "meeting" and lo <= when < hi:
            meetings.append(value)
        elif rtype == "heart_talk" and lo <= when < hi:
            talks.append(value)
        elif rtype == "evaluation" and start.year <= when <= end.year:
            evaluations.append(value)
    meetings.sort(key=lambda x: (x.start, x.id))
    talks.sort(key=lambda x: (x.day, x.id))
    return BookFacts(start, end, org.members, org.groups, org.terms, meetings, talks, evaluations, [],
                     org.recruit_members)
