"""谈心谈话 (HeartTalk): who talked with whom, when and where, the topics, what was said and the follow-up.

Same life as a meeting record: draft → 定稿 (chained) → 更正 / 补充说明 / 作废. The content is the user's own.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.changes import RECORD, mutates
from desktop.domain.meeting_enums import RecordStatus
from desktop.domain.meeting_records import HeartTalkRecord, Ref
from desktop.domain.meeting_rules import ERROR, Finding, HeartTalkInput, check_talk, clean_text
from desktop.errors import ValidationError
from desktop.ledger import lifecycle
from desktop.ledger.canonical import plain
from desktop.ledger.lifecycle import AmendmentInfo, EntryInfo
from desktop.ledger.meeting_documents import ref_pairs
from desktop.services import attachments as files
from desktop.services.attachments import AttachmentInfo
from desktop.services.chained_records import ChainedRecordService, ChainedView, Current, amendment_dicts, ledger_dict
from desktop.services.meeting_input import replace_children
from desktop.services.meeting_roster import belonging, get_members, not_belonging_message
from desktop.storage.models_ledger import Amendment
from desktop.storage.models_meetings import HeartTalk, HeartTalkParticipant


@dataclass(frozen=True)
class TalkSummary:
    id: int
    held_at: datetime
    participants: tuple[str, ...]
    topics: str
    status: RecordStatus
    late_entry: bool
    clock_anomaly: bool
    amended: bool
    ledger_seq: int | None

    def as_dict(self) -> dict:
        return {"id": self.id, "type": "heart_talk", "title": f"谈心谈话：{'、'.join(self.participants)}",
                "start": self.held_at.isoformat(), "participants": list(self.participants), "topics": self.topics,
                "status": self.status.value, "status_label": self.status.label, "late_entry": self.late_entry,
                "clock_anomaly": self.clock_anomaly, "amended": self.amended, "ledger_seq": self.ledger_seq}


@dataclass(frozen=True)
class TalkView(ChainedView):
    id: int
    status: RecordStatus
    record: HeartTalkRecord  # current text
    original: HeartTalkRecord
    findings: tuple[Finding, ...]
    entry: EntryInfo | None
    amendments: tuple[AmendmentInfo, ...]
    supplements: tuple[str, ...]
    attachments: tuple[AttachmentInfo, ...]

    def as_dict(self) -> dict:
        return {
            "id": self.id, "type": "heart_talk", "status": self.status.value, "late_entry": self.late_entry,
            "clock_anomaly": self.clock_anomaly, "record": plain(self.record),
            "findings": [dataclasses.asdict(f) for f in self.findings],
            "ledger": ledger_dict(self.entry),
            "amendments": amendment_dicts(self.amendments),
            "supplements": list(self.supplements),
            "attachments": [{"id": a.id, "name": a.name, "size": a.size, "sha256": a.sha256} for a in self.attachments],
        }


def talk_record(session: Session, data: HeartTalkInput, previous: HeartTalkRecord | None = None) -> HeartTalkRecord:
    if not isinstance(data.held_at, datetime):
        raise ValidationError("请填写谈话时间。", "held_at")
    ids = list(dict.fromkeys(data.participant_ids))
    members = get_members(session, ids + [data.recorder_id])
    known = {p.id: p.name for p in previous.participants} if previous else {}
    if previous and previous.recorder and previous.recorder.id is not None:
        known.setdefault(previous.recorder.id, previous.recorder.name)
    participants = tuple(Ref(i, known.get(i, members[i].name)) for i in ids)
    others = tuple(dict.fromkeys(t for t in (clean_text(o).strip() for o in data.others) if t))
    recorder = None
    if data.recorder_id is not None:
        recorder = Ref(data.recorder_id, known.get(data.recorder_id, members[data.recorder_id].name))
    elif clean_text(data.recorder_name).strip():
        recorder = Ref(None, clean_text(data.recorder_name).strip())
    return HeartTalkRecord(
        held_at=data.held_at.replace(microsecond=0), place=clean_text(data.place).strip(),
        participants=participants, others=others,
        topics=clean_text(data.topics), content=clean_text(data.content), follow_up=clean_text(data.follow_up),
        attachments=previous.attachments if previous else (),
        interviewers=_interviewers(data.interviewers, participants, others), recorder=recorder,
    )


def _interviewers(given, participants: tuple[Ref, ...], others: tuple[str, ...]) -> tuple[Ref, ...]:
    """谈话人 among those taking part: a member id among the participants, or a name among ``others``."""
    by_id = {p.id: p for p in participants}
    out = []
    for who in given:
        if isinstance(who, int) and not isinstance(who, bool):
            if who not in by_id:
                raise ValidationError(f"谈话人（编号{who}）不在参加谈话的党员中，请先把他（她）加入参加人员。",
                                      "interviewers")
            ref = by_id[who]
        else:
            name = clean_text(str(who)).strip()
            if name not in others:
                raise ValidationError(f"谈话人“{name}”不在参加谈话的人员中，请先把他（她）加入参加人员"
                                      "（本支部党员）或其他参加人员。", "interviewers")
            ref = Ref(None, name)
        if ref not in out:
            out.append(ref)
    return tuple(out)


def talk_findings(session: Session, record: HeartTalkRecord, now: datetime) -> list[Finding]:
    found = check_talk(record, now)
    day = record.held_at.date()
    here = belonging(session, day)
    outsiders = [p.id for p in record.participants if p.id not in here]
    if record.recorder and record.recorder.id is not None and record.recorder.id not in here:
        members = get_members(session, [record.recorder.id])
        found.append(Finding(ERROR, "not_member", not_belonging_message(members[record.recorder.id], day, "记录人"),
                             "recorder"))
    if outsiders:
        members = get_members(session, outsiders)
        found += [Finding(ERROR, "not_member", not_belonging_message(members[i], day, "谈话人"), "participants")
                  for i in outsiders]
    return found


class TalkService(ChainedRecordService):
    record_type = "heart_talk"
    changes_kinds: tuple[str, ...] = ("talks",)
    model = HeartTalk
    label = "谈心谈话记录"

    def _write(self, s: Session, row: HeartTalk, record: HeartTalkRecord) -> None:
        now = self.now()
        row.held_at, row.place, row.others = record.held_at, record.place, list(record.others)
        row.topics, row.content, row.follow_up, row.updated_at = record.topics, record.content, record.follow_up, now
        row.interviewers = ref_pairs(record.interviewers)
        row.recorder_id = record.recorder.id if record.recorder else None
        row.recorder_name = record.recorder.name if record.recorder else None
        if row.id is None:
            row.created_at = now
            s.add(row)
        s.flush()
        replace_children(s, HeartTalkParticipant, "talk_id", row.id,
                         [{"member_id": p.id, "name": p.name} for p in record.participants])

    @mutates(RECORD)
    def create(self, data: HeartTalkInput, *, session: Session | None = None) -> TalkView:
        with self._uow(session) as s:
            row = HeartTalk(status=RecordStatus.DRAFT)
            record = talk_record(s, data)
            self._write(s, row, record)
            return self._view(s, row.id, Current(record, record, (), (), None))

    @mutates(RECORD)
    def save_draft(self, talk_id: int, data: HeartTalkInput, *, session: Session | None = None) -> TalkView:
        with self._uow(session) as s:
            row = self._row(s, talk_id)
            lifecycle.require_draft(row, self.label)
            self._write(s, row, talk_record(s, data))
            return self._view(s, talk_id)

    def input_of(self, talk_id: int, *, session: Session | None = None) -> HeartTalkInput:
        """Editor input for a talk: a draft's content, or a finalized talk's current text (for a correction)."""
        with self._uow(session) as s:
            self._row(s, talk_id)
            r = self._current(s, [talk_id])[talk_id].record
            return HeartTalkInput(r.held_at, r.place, [p.id for p in r.participants], list(r.others), r.topics,
                                  r.content, r.follow_up, [i.id if i.id is not None else i.name for i in r.interviewers],
                                  r.recorder.id if r.recorder else None,
                                  r.recorder.name if r.recorder and r.recorder.id is None else "")

    def _view(self, s: Session, talk_id: int, cur: Current | None = None) -> TalkView:
        row = self._row(s, talk_id)
        cur = cur or self._current(s, [talk_id])[talk_id]
        findings = talk_findings(s, cur.record, self.now()) if row.status == RecordStatus.DRAFT else check_talk(
            cur.record, self.now())
        return TalkView(talk_id, row.status, cur.record, cur.original, tuple(findings), cur.entry, cur.amendments,
                        cur.supplements, tuple(files.list_for(s, self.record_type, talk_id)))

    def list(self, *, year: int | None = None, member_id: int | None = None,
             status: RecordStatus | None = None) -> list[TalkSummary]:
        t, p = HeartTalk.__table__, HeartTalkParticipant.__table__
        q = select(t.c.id, t.c.held_at, t.c.topics, t.c.status, t.c.ledger_seq)
        if year is not None:
            q = q.where(t.c.held_at >= datetime(year, 1, 1), t.c.held_at < datetime(year + 1, 1, 1))
        if status is not None:
            q = q.where(t.c.status == RecordStatus(status))
        if member_id is not None:
            q = q.where(t.c.id.in_(select(p.c.talk_id).where(p.c.member_id == member_id)))
        with self.ws.session() as s:
            rows = s.execute(q.order_by(t.c.held_at, t.c.id)).all()
            ids = [r.id for r in rows]
            current = self._current(s, ids)
            am = Amendment.__table__
            amended = set(s.scalars(select(am.c.target_id).where(am.c.target_type == self.record_type).distinct()))
        out = []
        for r in rows:
            cur = current[r.id]
            e = cur.entry
            out.append(TalkSummary(r.id, cur.record.held_at, tuple(x.name for x in cur.record.participants),
                                   cur.record.topics.strip()[:60], r.status, bool(e and e.late_entry),
                                   bool(e and e.clock_anomaly), r.id in amended, r.ledger_seq))
        return out

    # ---- what 定稿 and 更正 check (the transitions are ChainedRecordService's) --------------------------
    def _claimed_at(self, record: HeartTalkRecord) -> datetime:
        return record.held_at

    def _draft_findings(self, s: Session, talk_id: int, record: HeartTalkRecord, now: datetime) -> list[Finding]:
        return talk_findings(s, record, now)

    def _corrected(self, s: Session, current: HeartTalkRecord, data: HeartTalkInput) -> HeartTalkRecord:
        return dataclasses.replace(talk_record(s, data, current), attachments=current.attachments)

    def _correction_findings(self, s: Session, talk_id: int, new: HeartTalkRecord) -> list[Finding]:
        return talk_findings(s, new, self.now())
