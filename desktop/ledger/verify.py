"""Walk the chain and recompute everything from the rows as they are now.

For each entry: the seq follows the previous one, ``prev_hash`` is the previous entry's hash, the stored hash
matches the stored canonical bytes, and the canonical bytes match what the *current* record rows encode to.
Then every finalized row must have its entry, and no draft may have one. Entries that refer to another must
carry its real hash, and the 补录/时钟异常 flags must follow from the stored times (``consistency``). The audit
log is a chain of its own (``audit_chain``). Nothing here trusts the triggers; ``Workspace.check`` reports a
missing guard trigger (``desktop.storage.guards``) besides this report.

Not detectable locally: deleting the *last* entries of the chain and setting their records back to draft
leaves a shorter chain that is consistent in itself. The committee's receipt for a submitted bundle (which
names the chain head it saw) detects that; see docs/meetings.md, "What verification cannot see".
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import asdict, dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.meeting_enums import RecordStatus, RectificationStatus
from desktop.ledger import audit_chain, consistency
from desktop.ledger.canonical import decode, encode
from desktop.ledger.chain import GENESIS, entry_hash, envelope, meta_of
from desktop.ledger.documents import BUILDERS, LABELS, TABLES
from desktop.progress import CancelToken, Progress, no_progress
from desktop.storage.models_ledger import LedgerEntry
from desktop.storage.models_meetings import Attachment, AttachmentBlob, Rectification, RectificationProgress


@dataclass(frozen=True)
class LedgerProblem:
    seq: int | None  # the entry concerned (None when only a row is concerned)
    code: str  # missing_seq | reordered | prev_mismatch | hash_mismatch | record_edited | record_missing |
    #            entry_missing | status_mismatch | time_backwards | attachment_altered | unknown_type |
    #            ref_mismatch | flag_mismatch | audit_broken
    message: str


@dataclass(frozen=True)
class VerifyReport:
    ok: bool
    length: int
    head: str | None
    first_bad_seq: int | None
    problems: tuple[LedgerProblem, ...]
    attachments_checked: int = 0

    def as_dict(self) -> dict:
        return {"ok": self.ok, "length": self.length, "head": self.head, "first_bad_seq": self.first_bad_seq,
                "problems": [asdict(p) for p in self.problems], "attachments_checked": self.attachments_checked}


def _differences(expected: bytes, stored: bytes) -> tuple[list[str], list[str]]:
    """(entry fields, record fields) that differ between two envelopes."""
    try:
        a, b = decode(expected), decode(stored)
    except ValueError:
        return ["canonical"], []
    outer = sorted(k for k in set(a) | set(b) if k != "record" and a.get(k) != b.get(k))
    ra, rb = a.get("record") or {}, b.get("record") or {}
    inner = sorted(k for k in set(ra) | set(rb) if ra.get(k) != rb.get(k))
    return outer, inner


def _record_label(record_type: str, record_id: int, record) -> str:
    title = getattr(record, "title", "") if record is not None else ""
    return f"{LABELS.get(record_type, record_type)}（编号{record_id}{'，' + title if title else ''}）"


def _walk(entries, records, problems: list, progress: Progress, cancel: CancelToken | None) -> None:
    by_hash = {e.hash: e.seq for e in entries}
    prev_hash, prev_seq, prev_time = GENESIS, 0, None
    total = len(entries)
    for i, e in enumerate(entries):
        if cancel is not None and i % 200 == 0:
            cancel.check()
        if e.seq != prev_seq + 1:
            gap = f"第{prev_seq + 1}条" if e.seq == prev_seq + 2 else f"第{prev_seq + 1}–{e.seq - 1}条"
            problems.append(LedgerProblem(prev_seq + 1, "missing_seq", f"纪实{gap}缺失：条目被直接删除。"))
        if e.prev_hash != prev_hash:
            origin = by_hash.get(e.prev_hash)
            if origin is not None and origin != prev_seq:
                problems.append(LedgerProblem(e.seq, "reordered",
                                              f"第{e.seq}条原本接在第{origin}条之后：条目顺序被调换。"))
            elif e.seq == prev_seq + 1:
                problems.append(LedgerProblem(e.seq, "prev_mismatch",
                                              f"第{e.seq}条与前一条不衔接：前一条被改动、插入或删除。"))
        if entry_hash(e.seq, e.prev_hash, e.canonical) != e.hash:
            problems.append(LedgerProblem(e.seq, "hash_mismatch", f"第{e.seq}条的哈希值与内容不符：纪实条目被直接改动。"))
        record = records.get(e.record_type, {}).get(e.record_id)
        if e.record_type not in BUILDERS:
            problems.append(LedgerProblem(e.seq, "unknown_type", f"第{e.seq}条的记录类型“{e.record_type}”无法识别。"))
        elif record is None:
            problems.append(LedgerProblem(e.seq, "record_missing",
                                          f"第{e.seq}条对应的{_record_label(e.record_type, e.record_id, None)}"
                                          "已不存在：记录被直接删除。"))
        else:
            expected = encode(envelope(meta_of(e), record))
            if expected != e.canonical:
                outer, inner = _differences(expected, e.canonical)
                what = []
                if inner:
                    what.append(f"内容字段 {'、'.join(inner)}")
                if outer:
                    what.append(f"条目字段 {'、'.join(outer)}")
                problems.append(LedgerProblem(
                    e.seq, "record_edited",
                    f"第{e.seq}条：{_record_label(e.record_type, e.record_id, record)}的{'，'.join(what)}"
                    "与定稿时不一致：数据被直接改动。"))
        if prev_time is not None and e.entered_at < prev_time:
            problems.append(LedgerProblem(e.seq, "time_backwards", f"第{e.seq}条的录入时间早于前一条：录入时间被改动。"))
        prev_hash, prev_seq, prev_time = e.hash, e.seq, e.entered_at
        if i % 200 == 0:
            progress(i, total, "核验纪实链")


def _cross_check(session: Session, entries, problems: list) -> None:
    """Every chained row has its entry and its status agrees with the chain."""
    by_seq = {e.seq: e for e in entries}
    voided = {(e.target_type, e.target_id) for e in entries if e.kind == "void"}
    finalized = {(e.record_type, e.record_id): e.seq for e in entries
                 if e.kind == "finalize" or e.record_type in ("amendment", "rectification_progress")}
    for record_type, model in TABLES.items():
        t = model.__table__
        has_status = "status" in t.c and record_type != "rectification_progress" and record_type != "rectification"
        cols = [t.c.id, t.c.ledger_seq] + ([t.c.status] if has_status else [])
        q = select(*cols)
        if record_type == "rectification":
            q = q.where(t.c.ledger_seq.is_not(None))
        for row in session.execute(q):
            rid, seq = row[0], row[1]
            status = row[2] if has_status else RecordStatus.FINAL
            label = _record_label(record_type, rid, None)
            chained = finalized.get((record_type, rid))
            if status == RecordStatus.DRAFT:
                if chained is not None:
                    problems.append(LedgerProblem(chained, "status_mismatch",
                                                  f"{label}已定稿（第{chained}条），却被直接改回草稿。"))
                continue
            entry = by_seq.get(seq) if seq is not None else None
            if entry is None or (entry.record_type, entry.record_id) != (record_type, rid):
                problems.append(LedgerProblem(seq, "entry_missing",
                                              f"{label}标记为已定稿，但纪实链中没有对应条目（第{seq}条）："
                                              "条目被删除，或记录被直接改为定稿。"))
            if has_status and (status == RecordStatus.VOID) != ((record_type, rid) in voided):
                problems.append(LedgerProblem(seq, "status_mismatch",
                                              f"{label}的作废状态与纪实链不符：状态被直接改动。"))


def _check_rectification_status(session: Session, problems: list) -> None:
    """The cached status of a rectification must be the status of its last progress entry."""
    p = RectificationProgress.__table__
    last: dict[int, RectificationStatus] = {}
    for rid, status in session.execute(select(p.c.rectification_id, p.c.status).order_by(p.c.ledger_seq, p.c.id)):
        last[rid] = status
    r = Rectification.__table__
    for rid, status, item in session.execute(select(r.c.id, r.c.status, r.c.item)):
        if status != last.get(rid, RectificationStatus.OPEN):
            problems.append(LedgerProblem(None, "status_mismatch",
                                          f"整改事项（编号{rid}，{item[:20]}）的状态与整改进展记录不符：状态被直接改动。"))


def _check_blobs(session: Session, problems: list, cancel: CancelToken | None) -> int:
    a, b = Attachment.__table__, AttachmentBlob.__table__
    q = select(a.c.id, a.c.name, a.c.sha256, a.c.size, b.c.data).join(b, b.c.attachment_id == a.c.id, isouter=True)
    n = 0
    for att_id, name, sha, size, data in session.execute(q):
        n += 1
        if cancel is not None and n % 50 == 0:
            cancel.check()
        if data is None or len(data) != size or hashlib.sha256(data).hexdigest() != sha:
            problems.append(LedgerProblem(None, "attachment_altered",
                                          f"附件“{name}”（编号{att_id}）的内容与登记的 SHA-256 不符：附件被直接改动或删除。"))
    return n


def verify(session: Session, *, deep: bool = False, progress: Progress = no_progress,
           cancel: CancelToken | None = None) -> VerifyReport:
    """Check the whole chain. ``deep`` also re-hashes every attachment's bytes."""
    t = LedgerEntry.__table__
    entries = session.execute(select(t).order_by(t.c.seq)).all()
    ids: dict[str, list[int]] = defaultdict(list)
    for e in entries:
        ids[e.record_type].append(e.record_id)
    records = {rt: BUILDERS[rt](session, rids) for rt, rids in ids.items() if rt in BUILDERS}
    problems: list[LedgerProblem] = []
    _walk(entries, records, problems, progress, cancel)
    problems.extend(consistency.check_refs(entries))
    problems.extend(consistency.check_flags(entries))
    _cross_check(session, entries, problems)
    _check_rectification_status(session, problems)
    checked = _check_blobs(session, problems, cancel) if deep else 0
    problems.extend(audit_chain.verify(session))
    progress(len(entries), len(entries), "核验纪实链")
    seqs = [p.seq for p in problems if p.seq is not None]
    first = min(seqs) if seqs else None
    return VerifyReport(not problems, len(entries), entries[-1].hash if entries else None, first,
                        tuple(problems), checked)
