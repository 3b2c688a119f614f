"""What the services of chained records (meetings, talks, evaluations) share: the clock, units of work,
loading rows, the current text of records with their amendments, and the 定稿/更正/作废 transitions."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.changes import RECORD, mutates
from desktop.domain.meeting_enums import AmendmentKind, RecordStatus
from desktop.domain.meeting_rules import Finding, errors
from desktop.errors import NotFound, RecordLocked, ValidationError
from desktop.ledger import lifecycle
from desktop.ledger.lifecycle import AmendmentInfo, EntryInfo
from desktop.ledger.documents import BUILDERS
from desktop.ledger.service import LedgerService


class RecordIncomplete(ValidationError):
    """定稿 (or a correction) refused because of errors; ``findings`` lists them all."""

    def __init__(self, action: str, findings: list[Finding]):
        lines = "\n".join(f"{i}. {f.message}" for i, f in enumerate(errors(findings), 1))
        super().__init__(f"不能{action}，请先处理以下问题：\n{lines}")
        self.findings = list(findings)


class Current:
    """A record as it now reads, with what it was when finalized and how it got here."""

    def __init__(self, original, record, supplements, amendments, entry):
        self.original = original
        self.record = record
        self.supplements = supplements
        self.amendments = amendments
        self.entry = entry


class ChainedView:
    """Flags of a record's view read from its 定稿 entry (``entry`` is None for a draft)."""

    entry: EntryInfo | None

    @property
    def late_entry(self) -> bool:
        return bool(self.entry and self.entry.late_entry)

    @property
    def clock_anomaly(self) -> bool:
        return bool(self.entry and self.entry.clock_anomaly)


def ledger_dict(entry: EntryInfo | None) -> dict | None:
    """The ``ledger`` part of a talk's or an evaluation's JSON."""
    return None if entry is None else {"seq": entry.seq, "hash": entry.hash, "entered_at": entry.entered_at.isoformat(),
                                       "lag_days": entry.lag_days}


def amendment_dicts(amendments: tuple[AmendmentInfo, ...]) -> list[dict]:
    """The ``amendments`` part of a talk's or an evaluation's JSON."""
    return [{"id": a.id, "kind": a.kind.value, "reason": a.reason, "note": a.note, "changed_fields": sorted(a.changes),
             "seq": a.entry.seq if a.entry else None} for a in amendments]


class ChainedRecordService:
    record_type = ""
    changes_kinds: tuple[str, ...] = ()  # the kinds of data its records are (desktop.changes)
    model = None
    label = ""
    supports_attachments = True
    fixed_fields: dict[str, str] | None = None  # fields a correction may not change, with their Chinese names

    def __init__(self, ws):
        self.ws = ws
        self.ledger: LedgerService = ws.service("ledger", LedgerService)

    # The clock is the ledger's, shared by every service of the workspace.
    @property
    def now(self) -> Callable[[], datetime]:
        return self.ledger.now

    @now.setter
    def now(self, clock: Callable[[], datetime]) -> None:
        self.ledger.now = clock

    @contextmanager
    def _uow(self, session: Session | None) -> Iterator[Session]:
        """The caller's session (to batch several operations in one transaction), else a new unit of work."""
        if session is not None:
            yield session
        else:
            with self.ws.session() as s:
                yield s

    def _row(self, s: Session, record_id: int):
        row = s.get(self.model, record_id)
        if row is None:
            raise NotFound(f"找不到编号为{record_id}的{self.label}，请用 list 命令查看现有记录的编号。")
        return row

    def _current(self, s: Session, ids) -> dict[int, Current]:
        ids = list(ids)
        records = BUILDERS[self.record_type](s, ids)
        t = self.model.__table__  # a Core select: listing records configures no ORM mappers
        rows = {r.id: r.ledger_seq for r in s.execute(select(t.c.id, t.c.ledger_seq).where(t.c.id.in_(ids)))}
        chained = [rid for rid, seq in rows.items() if seq is not None]  # drafts have no amendments
        amendments = lifecycle.amendments_of(s, self.record_type, chained) if chained else {}
        entries = lifecycle.entry_infos(s, rows.values())
        out = {}
        for rid, record in records.items():
            ams = amendments.get(rid, [])
            current, supplements = lifecycle.apply_amendments(record, ams)
            out[rid] = Current(record, current, supplements, tuple(ams), entries.get(rows.get(rid)))
        return out

    def get(self, record_id: int):
        with self.ws.session() as s:
            return self._view(s, record_id)

    # ---- shared transitions ---------------------------------------------------------------------
    @mutates(RECORD, "ledger")
    def finalize(self, record_id: int, *, session: Session | None = None):
        """定稿: refuse while there are errors; otherwise chain the record and lock it for good."""
        with self._uow(session) as s:
            row = self._row(s, record_id)
            lifecycle.require_draft(row, self.label)
            record = self._current(s, [record_id])[record_id].record
            now = self.now()
            findings = self._draft_findings(s, record_id, record, now)
            if errors(findings):
                raise RecordIncomplete("定稿", findings)
            entry = lifecycle.finalize(s, self.record_type, row, claimed_at=self._claimed_at(record), now=now,
                                       label=self.label, record=record)
            return self._view(s, record_id, Current(record, record, (), (), lifecycle.entry_info(entry)))

    @mutates(RECORD, "ledger")
    def amend(self, record_id: int, data=None, *, reason: str, note: str = "", session: Session | None = None):
        """更正 (``data`` = the corrected input; changed fields are recorded) or 补充说明 (``note`` only)."""
        with self._uow(session) as s:
            row = self._row(s, record_id)
            if row.status == RecordStatus.DRAFT:
                raise ValidationError(f"该{self.label}还是草稿，可以直接修改，无需更正。")
            cur = self._current(s, [record_id])[record_id]
            changes = {}
            if data is not None:
                new = self._corrected(s, cur.record, data)
                changes = lifecycle.changed_fields(cur.record, new, fixed=self.fixed_fields)
                findings = self._correction_findings(s, record_id, new) if changes else []
                if errors(findings):
                    raise RecordIncomplete("更正", findings)
            if not changes and not note.strip():
                raise ValidationError("没有任何改动：请修改需要更正的内容，或填写补充说明。")
            kind = AmendmentKind.CORRECTION if changes else AmendmentKind.SUPPLEMENT
            lifecycle.amend(s, self.record_type, row, kind=kind, reason=reason, note=note, changes=changes,
                            now=self.now(), label=self.label)
            return self._view(s, record_id)

    @mutates(RECORD, "attachments")
    def delete_draft(self, record_id: int, *, session: Session | None = None) -> None:
        """Drafts may be deleted; a finalized record can only be voided (作废) with a reason."""
        with self._uow(session) as s:
            row = self._row(s, record_id)
            lifecycle.require_draft(row, self.label)
            from desktop.services.attachments import delete_owned

            delete_owned(s, self.record_type, row.id)
            s.delete(row)

    @mutates(RECORD, "ledger")
    def void(self, record_id: int, reason: str, *, session: Session | None = None):
        """作废: the record stays in the chain and in views, marked void, with the reason."""
        with self._uow(session) as s:
            row = self._row(s, record_id)
            lifecycle.amend(s, self.record_type, row, kind=AmendmentKind.VOID, reason=reason, now=self.now(),
                            label=self.label)
            self.ws.audit("void", f"{self.record_type}#{record_id}: {reason}", session=s)
            return self._view(s, record_id)

    def history(self, record_id: int) -> list[lifecycle.Version]:
        """Each version of a record: as finalized, then after each amendment (entry time, lag and flags)."""
        with self.ws.session() as s:
            row = self._row(s, record_id)
            if row.status == RecordStatus.DRAFT:
                return []
            cur = self._current(s, [record_id])[record_id]
            return lifecycle.versions(cur.original, cur.entry, list(cur.amendments))

    @mutates(RECORD, "attachments", "ledger")
    def attach(self, record_id: int, source, name: str | None = None, *, reason: str = "",
               session: Session | None = None):
        """Add a file (a path, or bytes with ``name``). On a finalized record it comes as a 补充说明."""
        from desktop.services import attachments as files

        if not self.supports_attachments:
            raise ValidationError(f"{self.label}不支持附件。")
        data = source if isinstance(source, (bytes, bytearray)) else files.read_source(Path(source))
        name = name or Path(str(source)).name
        with self._uow(session) as s:
            row = self._row(s, record_id)
            if row.status == RecordStatus.VOID:
                raise RecordLocked(f"该{self.label}已作废，不能再添加附件。")
            att = files.add(s, self.record_type, record_id, bytes(data), name, self.now())
            if row.status == RecordStatus.FINAL:
                lifecycle.amend(s, self.record_type, row, kind=AmendmentKind.SUPPLEMENT, reason=reason or "补充附件",
                                now=self.now(), label=self.label, attachment_ids=[att.id])
            s.flush()
            return next(a for a in files.list_for(s, self.record_type, record_id) if a.id == att.id)

    # ---- what each kind of record supplies --------------------------------------------------------
    def _view(self, s: Session, record_id: int, cur: Current | None = None):  # pragma: no cover
        raise NotImplementedError

    def _claimed_at(self, record) -> datetime:  # pragma: no cover - when the record says it happened
        raise NotImplementedError

    def _draft_findings(self, s: Session, record_id: int, record, now: datetime) -> list[Finding]:  # pragma: no cover
        """What 定稿 checks: errors among them refuse it."""
        raise NotImplementedError

    def _corrected(self, s: Session, current, data):  # pragma: no cover - the record as ``data`` corrects it
        raise NotImplementedError

    def _correction_findings(self, s: Session, record_id: int, new) -> list[Finding]:  # pragma: no cover
        """What a 更正 checks on the corrected record: errors among them refuse it."""
        raise NotImplementedError
