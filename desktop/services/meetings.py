"""Meetings (三会一课, 主题党日, 组织生活会, 集中学习): drafts, checks, 定稿, corrections, voids, attachments.

Every method opens its own unit of work unless given ``session=`` (to batch, e.g. the demo). Results are
plain dataclasses; ORM objects never leave. The app never writes meeting content: it stores what the user typed.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from desktop.changes import RECORD, mutates
from desktop.domain.meeting_enums import AmendmentKind, AttendanceStatus, MeetingKind, RecordStatus
from desktop.domain.meeting_records import MeetingRecord
from desktop.domain.meeting_rules import (AttendanceCounts, Finding, MeetingInput, Quorum, attendance_counts,
                                          check_record, errors, quorum, resolution_passed)
from desktop.errors import ValidationError
from desktop.ledger import lifecycle
from desktop.ledger.canonical import plain
from desktop.ledger.lifecycle import AmendmentInfo, EntryInfo
from desktop.services import attachments as files
from desktop.services.attachments import AttachmentInfo, AttachmentService
from desktop.services.chained_records import ChainedRecordService, ChainedView, Current
from desktop.storage.models_ledger import Amendment
from desktop.storage.models_meetings import Meeting, MeetingAttendance

if TYPE_CHECKING:
    from desktop.services.meeting_roster import ExpectedAttendee


def _roster_findings(*args, **kwargs):
    """``meeting_checks.roster_findings``, loaded on first use: listing meetings (``zhibu-cli meetings list``, the
    list page) neither writes nor checks a record, so it skips the write side's modules (≈10 ms)."""
    from desktop.services.meeting_checks import roster_findings

    return roster_findings(*args, **kwargs)


def _input():
    """The input mapping (``desktop.services.meeting_input``), loaded by the methods that read or write input."""
    from desktop.services import meeting_input

    return meeting_input


@dataclass(frozen=True)
class MeetingCheck:
    """Live figures for the editor: the record as it would be saved, counts, quorum, vote outcomes, findings."""

    record: MeetingRecord
    counts: AttendanceCounts
    quorum: Quorum
    passed: tuple[bool | None, ...]  # per resolution
    findings: tuple[Finding, ...]

    @property
    def can_finalize(self) -> bool:
        return not errors(self.findings)


@dataclass(frozen=True)
class MeetingSummary:
    id: int
    kind: MeetingKind
    title: str
    start: datetime
    end: datetime | None
    place: str
    status: RecordStatus
    expected: int
    present: int
    late_entry: bool
    clock_anomaly: bool
    amended: bool
    ledger_seq: int | None

    def as_dict(self) -> dict:
        return {"id": self.id, "type": self.kind.value, "type_label": self.kind.label, "title": self.title,
                "start": self.start.isoformat(), "end": self.end.isoformat() if self.end else None,
                "place": self.place, "status": self.status.value, "status_label": self.status.label,
                "expected": self.expected, "present": self.present, "late_entry": self.late_entry,
                "clock_anomaly": self.clock_anomaly, "amended": self.amended, "ledger_seq": self.ledger_seq}


@dataclass(frozen=True)
class MeetingView(ChainedView):
    """A meeting as shown: the current text (amendments applied), the original, derived figures, history."""

    id: int
    status: RecordStatus
    record: MeetingRecord
    original: MeetingRecord
    check: MeetingCheck
    entry: EntryInfo | None  # the 定稿 entry: seq, hash, entered_at, lag, flags
    amendments: tuple[AmendmentInfo, ...]
    supplements: tuple[str, ...]
    attachments: tuple[AttachmentInfo, ...]

    @property
    def clock_anomaly(self) -> bool:  # an amendment entered with the clock set back counts too
        return bool(self.entry and self.entry.clock_anomaly) or any(
            a.entry is not None and a.entry.clock_anomaly for a in self.amendments)

    def as_dict(self) -> dict:
        c = self.check.counts
        return {
            "id": self.id, "type": self.record.kind.value, "type_label": self.record.kind.label,
            "status": self.status.value, "status_label": self.status.label,
            "late_entry": self.late_entry, "clock_anomaly": self.clock_anomaly,
            "record": plain(self.record),
            "counts": dataclasses.asdict(c),
            "quorum": dataclasses.asdict(self.check.quorum),
            "resolutions_passed": list(self.check.passed),
            "findings": [dataclasses.asdict(f) for f in self.check.findings],
            "ledger": None if self.entry is None else {
                "seq": self.entry.seq, "hash": self.entry.hash, "entered_at": self.entry.entered_at.isoformat(),
                "lag_days": self.entry.lag_days, "late_after_days": self.entry.late_after_days,
                "clock_reading": self.entry.clock_reading.isoformat() if self.entry.clock_reading else None},
            "amendments": [{"id": a.id, "kind": a.kind.value, "kind_label": a.kind.label, "reason": a.reason,
                            "note": a.note, "changed_fields": sorted(a.changes),
                            "attachments": [x.name for x in a.attachments],
                            "seq": a.entry.seq if a.entry else None, "hash": a.entry.hash if a.entry else None,
                            "entered_at": a.entry.entered_at.isoformat() if a.entry else None}
                           for a in self.amendments],
            "supplements": list(self.supplements),
            "attachments": [{"id": a.id, "name": a.name, "mime": a.mime, "size": a.size, "sha256": a.sha256,
                             "amendment_id": a.amendment_id} for a in self.attachments],
        }


def evaluate(record: MeetingRecord, now: datetime, extra: list[Finding] = ()) -> MeetingCheck:
    counts = attendance_counts(record)
    return MeetingCheck(record, counts, quorum(record, counts),
                        tuple(resolution_passed(record, r, counts) for r in record.resolutions),
                        tuple(check_record(record, now) + list(extra)))


class MeetingService(ChainedRecordService):
    record_type = "meeting"
    changes_kinds: tuple[str, ...] = ("meetings", "rectifications")  # an org-life meeting carries 整改事项
    model = Meeting
    label = "会议记录"
    fixed_fields = {"kind": "会议类型"}

    def __init__(self, ws):
        super().__init__(ws)
        self.attachments = AttachmentService(ws)
        from desktop.services.study import StudyService

        self.study = StudyService(ws)

    # ---- editor support ---------------------------------------------------------------------------
    def expected_attendance(self, kind: MeetingKind, day, group_id: int | None = None) -> list[ExpectedAttendee]:
        """The attendance grid's rows: who belonged (and was due) on that day."""
        from desktop.services.meeting_roster import expected_attendees

        with self.ws.session() as s:
            return expected_attendees(s, MeetingKind(kind), day, group_id)

    def preview(self, data: MeetingInput, meeting_id: int | None = None) -> MeetingCheck:
        """Counts, quorum and findings for unsaved input (nothing is written)."""
        with self.ws.session() as s:
            record = _input().record_from_input(s, data)
            return evaluate(record, self.now(), _roster_findings(s, record, meeting_id, draft=False))

    def member_id(self, ref, day) -> int:
        """Resolve a member given by id or by name (for scripts and JSON files); ambiguity is an error."""
        from desktop.services.meeting_roster import resolve_member

        with self.ws.session() as s:
            return resolve_member(s, ref, day)

    def input_of(self, meeting_id: int, *, session: Session | None = None) -> MeetingInput:
        """Editor input for a record: a draft's content, or a finalized record's current text (for a correction)."""
        with self._uow(session) as s:
            self._row(s, meeting_id)
            return _input().input_from_record(self._current(s, [meeting_id])[meeting_id].record)

    # ---- drafts -----------------------------------------------------------------------------------
    @mutates(RECORD)
    def create(self, data: MeetingInput, *, session: Session | None = None) -> MeetingView:
        with self._uow(session) as s:
            row = Meeting(status=RecordStatus.DRAFT)
            record = _input().record_from_input(s, data)
            _input().write_rows(s, row, record, self.now())
            return self._view(s, row.id, Current(record, record, (), (), None))

    @mutates(RECORD)
    def save_draft(self, meeting_id: int, data: MeetingInput, *, session: Session | None = None) -> MeetingView:
        """Replace a draft's content (autosave). Finalized records raise RecordLocked."""
        with self._uow(session) as s:
            row = self._row(s, meeting_id)
            lifecycle.require_draft(row, self.label)
            _input().write_rows(s, row, _input().record_from_input(s, data), self.now())
            return self._view(s, meeting_id)

    # ---- reading ----------------------------------------------------------------------------------
    def list(self, *, year: int | None = None, kind: MeetingKind | None = None,
             status: RecordStatus | None = None, late_only: bool = False) -> list[MeetingSummary]:
        """Meetings in date order; ``status``/``late_only`` filter as the list page does (草稿/已定稿/补录)."""
        m, a = Meeting.__table__, MeetingAttendance.__table__
        q = select(m.c.id, m.c.kind, m.c.title, m.c.start, m.c.end, m.c.place, m.c.status, m.c.ledger_seq)
        if year is not None:
            q = q.where(m.c.start >= datetime(year, 1, 1), m.c.start < datetime(year + 1, 1, 1))
        if kind is not None:
            q = q.where(m.c.kind == MeetingKind(kind))
        if status is not None:
            q = q.where(m.c.status == RecordStatus(status))
        with self.ws.session() as s:
            rows = s.execute(q.order_by(m.c.start, m.c.id)).all()
            ids = [r.id for r in rows]
            counts = {}
            for i in range(0, len(ids), 500):
                counts.update({r[0]: (r[1], r[2] or 0) for r in s.execute(
                    select(a.c.meeting_id, func.count(),
                           func.sum(case((a.c.status == AttendanceStatus.PRESENT, 1), else_=0)))
                    .where(a.c.meeting_id.in_(ids[i:i + 500])).group_by(a.c.meeting_id))})
            am = Amendment.__table__
            amended = dict(s.execute(select(am.c.target_id, func.max(case(
                (am.c.kind == AmendmentKind.CORRECTION, 1), else_=0))).where(am.c.target_type == "meeting")
                .group_by(am.c.target_id)).all())
            corrected = [i for i in ids if amended.get(i)]
            current = {rid: cur.record for rid, cur in self._current(s, corrected).items()}
            for rid, record in current.items():
                c = attendance_counts(record)
                counts[rid] = (c.expected, c.present)
            entries = lifecycle.entry_infos(s, [r.ledger_seq for r in rows])
        out = []
        for r in rows:
            e = entries.get(r.ledger_seq)
            expected, present = counts.get(r.id, (0, 0))
            late = bool(e and e.late_entry)
            if late_only and not late:
                continue
            rec = current.get(r.id) or r
            out.append(MeetingSummary(r.id, r.kind, rec.title, rec.start, rec.end, rec.place, r.status, expected,
                                      present, late, bool(e and e.clock_anomaly), r.id in amended, r.ledger_seq))
        return out

    def _view(self, s: Session, meeting_id: int, cur: Current | None = None) -> MeetingView:
        row = self._row(s, meeting_id)
        cur = cur or self._current(s, [meeting_id])[meeting_id]
        extra = _roster_findings(s, cur.record, meeting_id, draft=True) if row.status == RecordStatus.DRAFT else []
        return MeetingView(meeting_id, row.status, cur.record, cur.original, evaluate(cur.record, self.now(), extra),
                           cur.entry, cur.amendments, cur.supplements,
                           tuple(files.list_for(s, self.record_type, meeting_id)))

    # ---- what 定稿 and 更正 check (the transitions are ChainedRecordService's) --------------------------
    def _claimed_at(self, record: MeetingRecord) -> datetime:
        return record.start

    def _draft_findings(self, s: Session, meeting_id: int, record: MeetingRecord, now: datetime) -> list[Finding]:
        return list(evaluate(record, now, _roster_findings(s, record, meeting_id, draft=True)).findings)

    def _corrected(self, s: Session, current: MeetingRecord, data: MeetingInput) -> MeetingRecord:
        new = dataclasses.replace(_input().record_from_input(s, data, current), attachments=current.attachments)
        if plain(new.rectifications) != plain(current.rectifications):
            raise ValidationError("已定稿会议的整改事项不能通过更正修改。新的整改事项请在整改清单中单独添加，"
                                  "整改进展请在整改跟进中记录。", "rectifications")
        return new

    def _correction_findings(self, s: Session, meeting_id: int, new: MeetingRecord) -> list[Finding]:
        return list(evaluate(new, self.now(), _roster_findings(s, new, meeting_id, draft=False)).findings)
