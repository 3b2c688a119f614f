"""The record types the chain knows, and how each one's record is rebuilt from the current rows.

``BUILDERS[record_type](session, ids) -> {id: record}``; ``TABLES`` maps a record type to its table, used
to cross-check that every finalized row has its entry (a row flipped to 'final' by hand has none).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.evaluation_rules import EvaluationRecord, MemberEvaluationRecord, Tally
from desktop.domain.meeting_enums import AmendmentKind
from desktop.domain.meeting_records import AttachmentRef, ProgressRecord, RectificationRecord, Ref
from desktop.ledger.canonical import decode
from desktop.ledger.meeting_documents import (attachment_refs, chunks, meeting_records, ref, talk_records)
from desktop.storage.models_evaluations import EvaluationRound, MemberEvaluation
from desktop.storage.models_ledger import Amendment
from desktop.storage.models_meetings import HeartTalk, Meeting, Rectification, RectificationProgress


@dataclass(frozen=True)
class AmendmentRecord:
    """What an amendment entry chains: its kind, reason, the changed fields and any attachments it adds."""

    kind: AmendmentKind
    reason: str = ""
    note: str = ""
    changes: dict = field(default_factory=dict)
    attachments: tuple[AttachmentRef, ...] = ()


def _rows(session: Session, table, ids) -> list:
    rows = []
    for part in chunks(ids):
        rows += session.execute(select(table).where(table.c.id.in_(part))).all()
    return rows


def evaluation_records(session: Session, ids: Iterable[int]) -> dict[int, EvaluationRecord]:
    ids = list(ids)
    rounds = _rows(session, EvaluationRound.__table__, ids)
    t = MemberEvaluation.__table__
    members: dict[int, list] = {}
    for part in chunks(ids):
        q = select(t).where(t.c.round_id.in_(part)).order_by(t.c.round_id, t.c.position, t.c.id)
        for r in session.execute(q):
            members.setdefault(r.round_id, []).append(MemberEvaluationRecord(
                member_id=r.member_id, name=r.name, member_status=r.member_status,
                self_assessment=r.self_assessment, self_analysis=r.self_analysis,
                votes=Tally(r.votes_excellent, r.votes_qualified, r.votes_basically_qualified, r.votes_unqualified),
                proposed_grade=r.proposed_grade, final_grade=r.final_grade, follow_up=r.follow_up,
            ))
    return {
        r.id: EvaluationRecord(
            year=r.year, held_on=r.held_on, meeting=ref(r.meeting_id, r.meeting_title),
            ballots_issued=r.ballots_issued, ballots_returned=r.ballots_returned,
            excellent_cap=r.excellent_cap, notes=r.notes, members=tuple(members.get(r.id, ())),
        )
        for r in rounds
    }


def rectification_records(session: Session, ids: Iterable[int]) -> dict[int, RectificationRecord]:
    rows = _rows(session, Rectification.__table__, ids)
    meetings = {}
    meeting_ids = {r.meeting_id for r in rows if r.meeting_id is not None}
    m = Meeting.__table__
    for part in chunks(meeting_ids):
        meetings.update(session.execute(select(m.c.id, m.c.title).where(m.c.id.in_(part))).all())
    return {
        r.id: RectificationRecord(
            item=r.item, measure=r.measure, owner=ref(r.owner_id, r.owner_name), due_on=r.due_on,
            meeting=Ref(r.meeting_id, meetings.get(r.meeting_id, "")) if r.meeting_id is not None else None,
            source=r.source,
        )
        for r in rows
    }


def progress_records(session: Session, ids: Iterable[int]) -> dict[int, ProgressRecord]:
    ids = list(ids)
    rows = _rows(session, RectificationProgress.__table__, ids)
    files = attachment_refs(session, "rectification_progress", ids)
    return {
        r.id: ProgressRecord(r.rectification_id, r.on, r.status, r.note, tuple(files.get(r.id, ())))
        for r in rows
    }


def amendment_records(session: Session, ids: Iterable[int]) -> dict[int, AmendmentRecord]:
    ids = list(ids)
    rows = _rows(session, Amendment.__table__, ids)
    files = attachment_refs(session, "", ids, amendment=True)
    return {
        r.id: AmendmentRecord(r.kind, r.reason, r.note, decode(r.changes or "{}"), tuple(files.get(r.id, ())))
        for r in rows
    }


# The 报送 record types are built by desktop.sync, imported when one is first built or listed: reading meetings or
# the status never needs them (their models, the handover's signing helpers: ≈0.04 s of a read-only command).
def _sync_builder(module: str, name: str):
    def build(session: Session, ids):
        from importlib import import_module

        return getattr(import_module(module), name)(session, ids)

    build.__name__ = name
    return build


trust_records = _sync_builder("desktop.sync.records", "trust_records")
export_records = _sync_builder("desktop.sync.records", "export_records")
receipt_records = _sync_builder("desktop.sync.records", "receipt_records")
handover_records = _sync_builder("desktop.sync.handover", "handover_records")


class _Tables(Mapping):
    """Record type → mapped class; the 报送 classes are imported on first use."""

    @cached_property
    def _all(self) -> dict:
        from desktop.storage.models_sync import SyncExport, SyncReceipt, SyncTrust

        return {
            "meeting": Meeting,
            "heart_talk": HeartTalk,
            "evaluation": EvaluationRound,
            "rectification": Rectification,
            "rectification_progress": RectificationProgress,
            "amendment": Amendment,
            "sync_trust": SyncTrust,
            "sync_export": SyncExport,
            "sync_receipt": SyncReceipt,
        }

    def __getitem__(self, key):
        return self._all[key]

    def __iter__(self):
        return iter(self._all)

    def __len__(self) -> int:
        return len(self._all)


BUILDERS = {
    "meeting": meeting_records,
    "heart_talk": talk_records,
    "evaluation": evaluation_records,
    "rectification": rectification_records,
    "rectification_progress": progress_records,
    "amendment": amendment_records,
    "sync_trust": trust_records,
    "sync_export": export_records,
    "sync_receipt": receipt_records,
    "sync_handover": handover_records,
}

TABLES: Mapping = _Tables()

LABELS = {
    "meeting": "会议记录",
    "heart_talk": "谈心谈话记录",
    "evaluation": "民主评议",
    "rectification": "整改事项",
    "rectification_progress": "整改进展",
    "amendment": "更正/补充说明",
    "sync_trust": "信任工委公钥",
    "sync_export": "导出数据包",
    "sync_receipt": "工委回执",
    "sync_handover": "支部密钥交接",
}


def build_one(session: Session, record_type: str, record_id: int):
    return BUILDERS[record_type](session, [record_id]).get(record_id)
