"""整改清单 (Rectification): items raised at a 组织生活会 (or added on their own), followed up until closed.

An item is part of its meeting's record, or — when added on its own — chained when added. Each follow-up
step (date, status, what was done, evidence files) is chained when recorded and never edited; the item's
status is that of its last step. Open items show on the dashboard until closed.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from desktop.changes import mutates
from desktop.domain.meeting_enums import RecordStatus, RectificationStatus
from desktop.domain.meeting_records import Ref
from desktop.domain.meeting_rules import RectificationInput, clean_text
from desktop.errors import NotFound, ValidationError
from desktop.ledger import lifecycle
from desktop.ledger.chain import Target
from desktop.ledger.lifecycle import EntryInfo
from desktop.ledger.service import LedgerService
from desktop.services import attachments as files
from desktop.services.attachments import AttachmentInfo
from desktop.services.meeting_roster import get_members
from desktop.storage.models_meetings import Meeting, Rectification, RectificationProgress


@dataclass(frozen=True)
class ProgressInfo:
    id: int
    on: date
    status: RectificationStatus
    note: str
    attachments: tuple[AttachmentInfo, ...]
    entry: EntryInfo | None


@dataclass(frozen=True)
class RectificationView:
    id: int
    item: str
    measure: str
    owner: Ref | None
    due_on: date | None
    status: RectificationStatus
    closed_on: date | None
    meeting_id: int | None
    meeting_title: str
    source: str
    overdue: bool
    progress: tuple[ProgressInfo, ...]

    def as_dict(self) -> dict:
        return {
            "id": self.id, "item": self.item, "measure": self.measure,
            "owner": None if self.owner is None else {"id": self.owner.id, "name": self.owner.name},
            "due_on": self.due_on.isoformat() if self.due_on else None, "status": self.status.value,
            "status_label": self.status.label, "closed_on": self.closed_on.isoformat() if self.closed_on else None,
            "meeting_id": self.meeting_id, "meeting_title": self.meeting_title, "source": self.source,
            "overdue": self.overdue,
            "progress": [{"id": p.id, "on": p.on.isoformat(), "status": p.status.value, "note": p.note,
                          "attachments": [a.name for a in p.attachments],
                          "seq": p.entry.seq if p.entry else None, "hash": p.entry.hash if p.entry else None}
                         for p in self.progress],
        }


class RectificationService:
    label = "整改事项"

    def __init__(self, ws):
        self.ws = ws
        self.ledger: LedgerService = ws.service("ledger", LedgerService)

    @property
    def now(self):
        return self.ledger.now

    @now.setter
    def now(self, clock) -> None:
        self.ledger.now = clock

    @contextmanager
    def _uow(self, session: Session | None):
        if session is not None:
            yield session
        else:
            with self.ws.session() as s:
                yield s

    def _row(self, s: Session, rect_id: int) -> Rectification:
        row = s.get(Rectification, rect_id)
        if row is None:
            raise NotFound(f"找不到编号为{rect_id}的整改事项，请用 rectifications list 查看编号。")
        return row

    def _anchor(self, s: Session, row: Rectification) -> Target | None:
        """The chain entry an item belongs to: its own, or its meeting's 定稿 entry (None while a draft)."""
        if row.ledger_seq is not None:
            return lifecycle.target_of(s, "rectification", row)
        meeting = s.get(Meeting, row.meeting_id) if row.meeting_id is not None else None
        if meeting is None or meeting.status != RecordStatus.FINAL:
            return None
        t = lifecycle.target_of(s, "meeting", meeting)
        return Target("rectification", row.id, t.seq, t.hash)

    # ---- adding and following up --------------------------------------------------------------------
    @mutates("rectifications", "ledger")  # chained at once: 报送 counts it
    def add(self, data: RectificationInput, *, meeting_id: int | None = None, source: str = "",
            session: Session | None = None) -> RectificationView:
        """An item on its own (e.g. from an inspection, or found after a meeting was finalized); chained now."""
        item = clean_text(data.item).strip()
        if not item:
            raise ValidationError("请填写整改事项（存在的问题）。", "item")
        with self._uow(session) as s:
            if meeting_id is not None:
                meeting = s.get(Meeting, meeting_id)
                if meeting is None:
                    raise NotFound(f"找不到编号为{meeting_id}的会议记录。")
                if meeting.status != RecordStatus.FINAL:
                    raise ValidationError("该会议记录还未定稿（或已作废）：草稿中的整改事项请直接在会议记录中填写。", "meeting")
            owner = get_members(s, [data.owner_id])[data.owner_id] if data.owner_id is not None else None
            now = self.now()
            row = Rectification(meeting_id=meeting_id, item=item, measure=clean_text(data.measure).strip(),
                                owner_id=owner.id if owner else None, owner_name=owner.name if owner else "",
                                due_on=data.due_on, source=clean_text(source).strip(),
                                status=RectificationStatus.OPEN, created_at=now)
            s.add(row)
            s.flush()
            lifecycle.chain_row(s, "rectification", row, claimed_at=None, now=now)
            return self._views(s, [row.id], now.date())[0]

    @mutates("rectifications", "ledger")  # chained at once: 报送 counts it
    def record_progress(self, rect_id: int, on: date, status: RectificationStatus, note: str = "",
                        evidence=(), *, session: Session | None = None) -> RectificationView:
        """A dated follow-up step; ``evidence`` is paths or (name, bytes) pairs, kept inside the book."""
        status = RectificationStatus(status)
        note = clean_text(note).strip()
        now = self.now()
        if not isinstance(on, date) or on > now.date():
            raise ValidationError("整改进展的日期不能晚于今天，请核对。", "on")
        if status == RectificationStatus.CLOSED and not (note or evidence):
            raise ValidationError("标记为已完成时，请填写整改完成情况或添加佐证材料。", "note")
        with self._uow(session) as s:
            row = self._row(s, rect_id)
            target = self._anchor(s, row)
            if target is None:
                meeting = s.get(Meeting, row.meeting_id) if row.meeting_id is not None else None
                if meeting is not None and meeting.status == RecordStatus.VOID:
                    raise ValidationError("该整改事项所在的会议记录已作废，不再跟进。", "rectification")
                raise ValidationError("该整改事项所在的会议记录还未定稿，定稿后才能跟进整改。", "rectification")
            if row.status == RectificationStatus.CLOSED:
                raise ValidationError("该整改事项已完成。如发现新问题，请新增一条整改事项。", "status")
            meeting = s.get(Meeting, row.meeting_id) if row.meeting_id is not None else None
            if meeting is not None and on < meeting.start.date():
                raise ValidationError(f"整改进展的日期早于提出问题的会议（{meeting.start.date()}），请核对。", "on")
            step = RectificationProgress(rectification_id=row.id, on=on, status=status, note=note, created_at=now)
            s.add(step)
            s.flush()
            for source in evidence:
                name, data = (source if isinstance(source, tuple) else
                              (Path(source).name, files.read_source(Path(source))))
                files.add(s, "rectification_progress", step.id, data, name, now)
            lifecycle.chain_row(s, "rectification_progress", step, claimed_at=datetime.combine(on, time()), now=now,
                                kind="progress", target=target)
            row.status = status
            row.closed_on = on if status == RectificationStatus.CLOSED else None
            return self._views(s, [row.id], now.date())[0]

    # ---- reading ----------------------------------------------------------------------------------
    def _views(self, s: Session, ids, today: date) -> list[RectificationView]:
        ids = list(ids)
        rows = {r.id: r for r in s.scalars(select(Rectification).where(Rectification.id.in_(ids)))}
        titles = dict(s.execute(select(Meeting.id, Meeting.title).where(
            Meeting.id.in_({r.meeting_id for r in rows.values() if r.meeting_id}))).all())
        steps: dict[int, list] = {}
        for p in s.scalars(select(RectificationProgress).where(RectificationProgress.rectification_id.in_(ids))
                           .order_by(RectificationProgress.ledger_seq, RectificationProgress.id)):
            steps.setdefault(p.rectification_id, []).append(p)
        entries = lifecycle.entry_infos(s, [p.ledger_seq for ps in steps.values() for p in ps])
        out = []
        for rid in ids:
            r = rows[rid]
            progress = tuple(ProgressInfo(p.id, p.on, p.status, p.note,
                                          tuple(files.list_for(s, "rectification_progress", p.id)),
                                          entries.get(p.ledger_seq)) for p in steps.get(rid, ()))
            overdue = r.status != RectificationStatus.CLOSED and r.due_on is not None and r.due_on < today
            out.append(RectificationView(r.id, r.item, r.measure, Ref(r.owner_id, r.owner_name) if r.owner_name else None,
                                         r.due_on, r.status, r.closed_on, r.meeting_id, titles.get(r.meeting_id, ""),
                                         r.source, overdue, progress))
        return out

    def get(self, rect_id: int) -> RectificationView:
        with self.ws.session() as s:
            self._row(s, rect_id)
            return self._views(s, [rect_id], self.now().date())[0]

    def list(self, *, open_only: bool = False, year: int | None = None,
             meeting_id: int | None = None) -> list[RectificationView]:
        """Items in force: added on their own, or from a finalized (not voided) meeting; by due date."""
        r, m = Rectification.__table__, Meeting.__table__
        final_meetings = select(m.c.id).where(m.c.status == RecordStatus.FINAL)
        q = select(r.c.id).where(or_(r.c.ledger_seq.is_not(None), r.c.meeting_id.in_(final_meetings)))
        if open_only:
            q = q.where(r.c.status != RectificationStatus.CLOSED)
        if meeting_id is not None:
            q = q.where(r.c.meeting_id == meeting_id)
        if year is not None:
            q = q.where(r.c.created_at >= datetime(year, 1, 1), r.c.created_at < datetime(year + 1, 1, 1))
        with self.ws.session() as s:
            ids = list(s.scalars(q))
            views = self._views(s, ids, self.now().date())
        return sorted(views, key=lambda v: (v.due_on or date.max, v.id))

    def open_items(self) -> list[RectificationView]:
        """For the dashboard: every item not yet closed, overdue ones flagged."""
        return self.list(open_only=True)
