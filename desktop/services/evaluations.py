"""民主评议党员 (MemberEvaluation): one round a year — each member's own texts, the tallied anonymous votes,
the committee's proposal and the final grade, the 优秀 cap warning and follow-up for 基本合格/不合格.

Members evaluated are the roster on the evaluation day. The texts are the members' own words; the app
never drafts a self-assessment or a 党性分析.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.changes import RECORD, mutates
from desktop.domain.evaluation_rules import (DEFAULT_EXCELLENT_CAP, CapCheck, EvaluationInput, EvaluationRecord,
                                             MemberEvaluationInput, MemberEvaluationRecord, Tally, cap_check,
                                             check_evaluation, parse_cap)
from desktop.domain.meeting_enums import EvaluationGrade, RecordStatus
from desktop.domain.meeting_records import Ref
from desktop.domain.meeting_rules import WARNING, Finding, clean_text, errors
from desktop.errors import ValidationError
from desktop.ledger import lifecycle
from desktop.ledger.canonical import plain
from desktop.ledger.lifecycle import AmendmentInfo, EntryInfo
from desktop.services.chained_records import (ChainedRecordService, ChainedView, Current, RecordIncomplete,
                                              amendment_dicts, ledger_dict)
from desktop.services.meeting_input import replace_children
from desktop.services.meeting_roster import belonging, get_members, not_belonging_message, status_on
from desktop.storage.models import BookSetting
from desktop.storage.models_evaluations import EvaluationRound, MemberEvaluation
from desktop.storage.models_meetings import Meeting

CAP_SETTING = "evaluation.excellent_cap"


@dataclass(frozen=True)
class EvaluationSummary:
    id: int
    year: int
    held_on: date
    status: RecordStatus
    members: int
    excellent: int
    over_cap: bool
    late_entry: bool
    clock_anomaly: bool
    ledger_seq: int | None

    def as_dict(self) -> dict:
        return {"id": self.id, "type": "member_evaluation", "title": f"{self.year}年度民主评议党员",
                "year": self.year, "start": self.held_on.isoformat(), "status": self.status.value,
                "members": self.members, "excellent": self.excellent, "over_cap": self.over_cap,
                "late_entry": self.late_entry, "clock_anomaly": self.clock_anomaly, "ledger_seq": self.ledger_seq}


@dataclass(frozen=True)
class EvaluationView(ChainedView):
    id: int
    status: RecordStatus
    record: EvaluationRecord  # current (corrections applied)
    original: EvaluationRecord
    cap: CapCheck
    findings: tuple[Finding, ...]
    entry: EntryInfo | None
    amendments: tuple[AmendmentInfo, ...]
    supplements: tuple[str, ...]

    def as_dict(self) -> dict:
        return {
            "id": self.id, "type": "member_evaluation", "status": self.status.value, "late_entry": self.late_entry,
            "clock_anomaly": self.clock_anomaly, "record": plain(self.record), "cap": dataclasses.asdict(self.cap),
            "findings": [dataclasses.asdict(f) for f in self.findings],
            "ledger": ledger_dict(self.entry),
            "amendments": amendment_dicts(self.amendments),
            "supplements": list(self.supplements),
        }


def _cap_setting(session: Session) -> str:
    import json

    row = session.get(BookSetting, CAP_SETTING)
    return json.loads(row.value) if row else DEFAULT_EXCELLENT_CAP


def evaluation_record(session: Session, data: EvaluationInput, cap: str,
                      previous: EvaluationRecord | None = None) -> EvaluationRecord:
    if not isinstance(data.held_on, date):
        raise ValidationError("请填写评议日期。", "held_on")
    here = belonging(session, data.held_on)
    given: dict[int, MemberEvaluationInput] = {}
    for m in data.members:
        if m.member_id in given:
            raise ValidationError(f"编号为{m.member_id}的党员重复出现，请删除重复项。", "members")
        given[m.member_id] = m
    strangers = [i for i in given if i not in here]
    if strangers:
        members = get_members(session, strangers)
        raise ValidationError("".join(not_belonging_message(members[i], data.held_on, "评议对象") for i in strangers),
                              "members")
    meeting = None
    if data.meeting_id is not None:
        row = session.get(Meeting, data.meeting_id)
        if row is None:
            raise ValidationError(f"找不到编号为{data.meeting_id}的会议记录。", "meeting")
        meeting = Ref(row.id, row.title)
    old = {m.member_id: m for m in previous.members} if previous else {}
    rows = []
    for m in sorted(here.values(), key=lambda x: (x.roster_order or 0, x.id)):
        g = given.get(m.id) or MemberEvaluationInput(m.id)
        v = g.votes
        rows.append(MemberEvaluationRecord(
            member_id=m.id, name=old[m.id].name if m.id in old else m.name, member_status=status_on(m, data.held_on),
            self_assessment=clean_text(g.self_assessment), self_analysis=clean_text(g.self_analysis),
            votes=Tally(int(v.excellent), int(v.qualified), int(v.basically_qualified), int(v.unqualified)),
            proposed_grade=EvaluationGrade(g.proposed_grade) if g.proposed_grade else None,
            final_grade=EvaluationGrade(g.final_grade) if g.final_grade else None,
            follow_up=clean_text(g.follow_up)))
    return EvaluationRecord(year=int(data.year), held_on=data.held_on, meeting=meeting,
                            ballots_issued=data.ballots_issued, ballots_returned=data.ballots_returned,
                            excellent_cap=cap, notes=clean_text(data.notes), members=tuple(rows))


class EvaluationService(ChainedRecordService):
    record_type = "evaluation"
    changes_kinds: tuple[str, ...] = ("evaluations",)
    model = EvaluationRound
    label = "民主评议"
    supports_attachments = False
    fixed_fields = {"year": "评议年度"}

    # ---- settings ---------------------------------------------------------------------------------
    def excellent_cap(self) -> str:
        with self.ws.session() as s:
            return _cap_setting(s)

    @mutates("settings", "evaluations")
    def set_excellent_cap(self, cap: str) -> None:
        """The share of 优秀 above which a warning shows (e.g. "1/3"); rounds keep the cap they were saved with."""
        parse_cap(cap)
        self.ws.set_setting(CAP_SETTING, str(cap).strip())

    # ---- drafts -----------------------------------------------------------------------------------
    def _write(self, s: Session, row: EvaluationRound, r: EvaluationRecord) -> None:
        now = self.now()
        row.year, row.held_on, row.ballots_issued, row.ballots_returned = r.year, r.held_on, r.ballots_issued, \
            r.ballots_returned
        row.meeting_id, row.meeting_title = (r.meeting.id, r.meeting.name) if r.meeting else (None, "")
        row.excellent_cap, row.notes, row.updated_at = r.excellent_cap, r.notes, now
        if row.id is None:
            row.created_at = now
            s.add(row)
        s.flush()
        replace_children(s, MemberEvaluation, "round_id", row.id, [dict(
            member_id=m.member_id, name=m.name, member_status=m.member_status, self_assessment=m.self_assessment,
            self_analysis=m.self_analysis, votes_excellent=m.votes.excellent, votes_qualified=m.votes.qualified,
            votes_basically_qualified=m.votes.basically_qualified, votes_unqualified=m.votes.unqualified,
            proposed_grade=m.proposed_grade, final_grade=m.final_grade, follow_up=m.follow_up) for m in r.members])

    @mutates(RECORD)
    def create(self, data: EvaluationInput, *, session: Session | None = None) -> EvaluationView:
        with self._uow(session) as s:
            row = EvaluationRound(status=RecordStatus.DRAFT)
            self._write(s, row, evaluation_record(s, data, _cap_setting(s)))
            return self._view(s, row.id)

    @mutates(RECORD)
    def save_draft(self, round_id: int, data: EvaluationInput, *, session: Session | None = None) -> EvaluationView:
        with self._uow(session) as s:
            row = self._row(s, round_id)
            lifecycle.require_draft(row, self.label)
            self._write(s, row, evaluation_record(s, data, _cap_setting(s)))
            return self._view(s, round_id)

    def input_of(self, round_id: int, *, session: Session | None = None) -> EvaluationInput:
        """Editor input for a round: a draft's content, or a finalized round's current text (for a correction)."""
        with self._uow(session) as s:
            self._row(s, round_id)
            return self._input_of_record(self._current(s, [round_id])[round_id].record)

    # ---- reading ----------------------------------------------------------------------------------
    def _findings(self, s: Session, round_id: int, record: EvaluationRecord) -> list[Finding]:
        found = check_evaluation(record, self.now())
        t = EvaluationRound.__table__
        others = s.scalars(select(t.c.id).where(t.c.year == record.year, t.c.id != round_id,
                                                t.c.status != RecordStatus.VOID)).all()
        if others:
            found.append(Finding(WARNING, "duplicate_year", f"{record.year}年度已有一次民主评议记录（编号"
                                                            f"{'、'.join(map(str, others))}），请核对年度。", "year"))
        return found

    def _view(self, s: Session, round_id: int, cur: Current | None = None) -> EvaluationView:
        row = self._row(s, round_id)
        cur = cur or self._current(s, [round_id])[round_id]
        return EvaluationView(round_id, row.status, cur.record, cur.original, cap_check(cur.record),
                              tuple(self._findings(s, round_id, cur.record)), cur.entry, cur.amendments,
                              cur.supplements)

    def list(self, *, year: int | None = None) -> list[EvaluationSummary]:
        t = EvaluationRound.__table__
        q = select(t.c.id, t.c.status, t.c.ledger_seq).order_by(t.c.year, t.c.id)
        if year is not None:
            q = q.where(t.c.year == year)
        with self.ws.session() as s:
            rows = s.execute(q).all()
            current = self._current(s, [r.id for r in rows])
        out = []
        for r in rows:
            cur = current[r.id]
            cap, e = cap_check(cur.record), cur.entry
            out.append(EvaluationSummary(r.id, cur.record.year, cur.record.held_on, r.status, cap.total, cap.excellent,
                                         cap.over, bool(e and e.late_entry), bool(e and e.clock_anomaly), r.ledger_seq))
        return out

    # ---- the ledger -------------------------------------------------------------------------------
    @mutates(RECORD, "ledger")
    def finalize(self, round_id: int, *, session: Session | None = None) -> EvaluationView:
        """定稿 as the base does, but the roster must still match and the ledger builds the record itself."""
        with self._uow(session) as s:
            row = self._row(s, round_id)
            lifecycle.require_draft(row, self.label)
            record = self._current(s, [round_id])[round_id].record
            fresh = evaluation_record(s, self._input_of_record(record), record.excellent_cap, record)
            if [m.member_id for m in fresh.members] != [m.member_id for m in record.members]:
                raise ValidationError(f"评议名单与{record.held_on}的党员名册不一致，请重新保存草稿以更新名单。", "members")
            findings = self._findings(s, round_id, record)
            if errors(findings):
                raise RecordIncomplete("定稿", findings)
            lifecycle.finalize(s, self.record_type, row, claimed_at=datetime.combine(record.held_on, time()),
                               now=self.now(), label=self.label)
            return self._view(s, round_id)

    @staticmethod
    def _input_of_record(r: EvaluationRecord) -> EvaluationInput:
        return EvaluationInput(r.year, r.held_on, r.meeting.id if r.meeting else None, r.ballots_issued,
                               r.ballots_returned, r.notes,
                               [MemberEvaluationInput(m.member_id, m.self_assessment, m.self_analysis, m.votes,
                                                      m.proposed_grade, m.final_grade, m.follow_up)
                                for m in r.members])

    def _corrected(self, s: Session, current: EvaluationRecord, data: EvaluationInput) -> EvaluationRecord:
        return evaluation_record(s, data, current.excellent_cap, current)

    def _correction_findings(self, s: Session, round_id: int, new: EvaluationRecord) -> list[Finding]:
        return self._findings(s, round_id, new)
