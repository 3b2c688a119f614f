"""Printing a branch's record from the committee side: the branch's own document builders (会议记录, 谈心谈话记录,
民主评议党员结果汇总表)
fed with the record as the committee holds it, marked 工委留存 the way a branch printout is marked 补录/已更正.

The builders read ``ctx.ws.meetings.get(id)`` / ``ctx.ws.talks.get(id)``; here a small stand-in answers those
calls with a view built from the held chain entries (record as it now reads, the original, amendments, the
entry's ledger facts), so nothing of the builders is copied.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from types import SimpleNamespace

from sqlalchemy import select

from desktop.committee.records import HeldRecord, held_records
from desktop.documents.builders.common import Context
from desktop.documents.model import Document
from desktop.domain.meeting_enums import RecordStatus
from desktop.errors import ZhibuError
from desktop.ledger.lifecycle import EntryInfo, apply_amendments
from desktop.storage.models_sync import CommitteeBranch, CommitteeEntry

COPY_MARK = "工委留存"
PRINTABLE = {"meeting": "会议记录", "heart_talk": "谈心谈话记录", "evaluation": "民主评议党员结果汇总表"}


def _dt(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def entry_of(session, branch_id: str, h: HeldRecord) -> EntryInfo:
    """The finalize entry's ledger facts (补录, clock) as the branch chained them."""
    t = CommitteeEntry.__table__
    canonical = session.execute(select(t.c.canonical).where(t.c.branch_id == branch_id, t.c.seq == h.seq)).scalar()
    env = json.loads(canonical) if canonical else {}
    return EntryInfo(h.seq, h.hash, "finalize", h.claimed_at, h.entered_at or h.first_seen_at,
                     bool(env.get("late_entry")), bool(env.get("clock_anomaly")), _dt(env.get("clock_reading")),
                     int(env.get("late_after_days") or 0))


def held_view(h: HeldRecord, entry: EntryInfo, now: datetime):
    """What ``ws.meetings.get`` / ``ws.talks.get`` return on the branch, for the fields the builders read."""
    record, supplements = apply_amendments(h.original, h.amendments)
    view = SimpleNamespace(record=record, original=h.original, entry=entry, amendments=tuple(h.amendments),
                           supplements=supplements, attachments=tuple(getattr(record, "attachments", ()) or ()),
                           status=RecordStatus.VOID if h.voided else RecordStatus.FINAL, copy_mark=COPY_MARK)
    if h.record_type == "meeting":
        from desktop.services.meetings import evaluate

        view.check = evaluate(record, now)
    if h.record_type == "evaluation":
        from desktop.domain.evaluation_rules import cap_check

        view.cap = cap_check(record)
    return view


@dataclass
class _Views:
    views: dict

    def get(self, record_id: int):
        return self.views[record_id]


def record_document(ws, branch_id: str, record_type: str, record_id: int) -> Document:
    """The branch's document of one held record, marked 工委留存 (footer and the page's mark box)."""
    if record_type not in PRINTABLE:
        raise ZhibuError("这类记录在工委端没有可打印的文档：可打印会议记录、谈心谈话记录和民主评议党员结果汇总表。")
    with ws.session() as s:
        branch = s.get(CommitteeBranch, branch_id)
        h = held_records(s, branch_id, (record_type,)).get((record_type, record_id))
        if branch is None or h is None:
            raise ZhibuError("工委没有保存这条记录（可能尚未报送）。请刷新后重试。")
        entry = entry_of(s, branch_id, h)
    view = held_view(h, entry, ws.ledger.now())
    views = _Views({record_id: view})
    stand_in = SimpleNamespace(meetings=views, talks=views, evaluations=views)
    ctx = Context(stand_in, branch.name, "roster", date.today())
    if record_type == "meeting":
        from desktop.documents.builders.minutes import build
    elif record_type == "heart_talk":
        from desktop.documents.builders.talk import build
    else:
        from desktop.documents.builders.evaluation_summary import build
    return build(ctx, record_id)
