"""The audit log (操作日志) as a hash chain: ``h_i = SHA-256(domain ‖ id ‖ h_{i-1} ‖ canonical(at, action, detail))``.

Rows are numbered without gaps (id = previous id + 1), so a row deleted from the middle breaks the chain at
the next row (its ``prev_hash`` names a row that is gone), and an edited row no longer matches its hash. As with
the ledger, the *last* rows can be deleted without a local trace; only a copy held elsewhere can show that.
Rows written before the chain existed were chained by the audit-chain migration (0007) in id order.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.ledger.canonical import encode

DOMAIN = b"zhibu/audit/v1\x00"
GENESIS = "0" * 64


def row_hash(row_id: int, prev_hash: str, at: datetime, action: str, detail: str) -> str:
    body = encode({"at": at, "action": action, "detail": detail})
    return hashlib.sha256(DOMAIN + row_id.to_bytes(8, "big") + bytes.fromhex(prev_hash) + body).hexdigest()


def append(session: Session, action: str, detail: str = "", at: datetime | None = None):
    """Add one audit row, chained to the last one, in the caller's transaction."""
    from desktop.storage.models import AuditEntry

    session.flush()  # rows added earlier in this unit of work come first
    last = session.execute(select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)).first()
    row_id = last.id + 1 if last else 1
    prev = (last.hash or GENESIS) if last else GENESIS
    entry = AuditEntry(id=row_id, at=(at or datetime.now()).replace(microsecond=0), action=action, detail=detail)
    entry.prev_hash = prev
    entry.hash = row_hash(row_id, prev, entry.at, entry.action, entry.detail)  # after the text guard cleaned it
    session.add(entry)
    session.flush()
    return entry


def verify(session: Session) -> list:
    """Problems of the audit chain (``LedgerProblem`` with seq None and code ``audit_broken``)."""
    from desktop.ledger.verify import LedgerProblem
    from desktop.storage.models import AuditEntry

    t = AuditEntry.__table__
    problems = []
    prev_id, prev_hash = 0, GENESIS
    for row in session.execute(select(t).order_by(t.c.id)):
        if row.id != prev_id + 1:
            gap = f"第{prev_id + 1}条" if row.id == prev_id + 2 else f"第{prev_id + 1}–{row.id - 1}条"
            problems.append(LedgerProblem(None, "audit_broken", f"操作日志{gap}缺失：日志被直接删除。"))
        if row.prev_hash != prev_hash and row.id == prev_id + 1:
            problems.append(LedgerProblem(None, "audit_broken", f"操作日志第{row.id}条与前一条不衔接：日志被改动或删除。"))
        if row.hash != row_hash(row.id, row.prev_hash or GENESIS, row.at, row.action, row.detail):
            problems.append(LedgerProblem(None, "audit_broken", f"操作日志第{row.id}条的内容与其哈希不符：日志被直接改动。"))
        prev_id, prev_hash = row.id, row.hash
    return problems
