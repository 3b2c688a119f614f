"""The branch side of 审阅 (``ws.reviews`` on a branch book): the committee's verdicts carried by the receipts
the branch imported (signed, kept in its chain), and which 退回 still wait for a 更正 or 补充说明."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select, text as sql

from desktop.domain.meeting_enums import AmendmentKind
from desktop.storage.models_ledger import Amendment

if TYPE_CHECKING:
    from desktop.committee.review import Review

ANSWERS = (AmendmentKind.CORRECTION, AmendmentKind.SUPPLEMENT)


class BranchReviewService:
    def __init__(self, ws):
        self.ws = ws

    def list(self) -> list[Review]:
        """Every review received, newest first; a 退回 is answered by an amendment chained after its receipt."""
        with self.ws.session() as s:
            # one plain query first: a book without receipts (the status of most books) needs neither the 报送
            # models nor the receipt parser and its signature stack (≈0.05 s of a read-only command)
            rows = s.execute(sql("SELECT text, ledger_seq FROM sync_receipt ORDER BY id")).all()
            if not rows:
                return []
            from desktop.committee.records import record_title
            from desktop.committee.review import from_wire, period_label
            from desktop.ledger.documents import build_one
            from desktop.sync import receipts

            got: dict[int, tuple[dict, int]] = {}
            branch_id = ""
            for text, seq in rows:
                r, _signed, _sig = receipts.parse(text.encode("utf-8"))
                branch_id = r.branch_id
                for x in r.reviews:
                    got.setdefault(x["id"], (x, seq or 0))
            out = []
            for x, seq in got.values():
                title, answered, answer = period_label(x["period"]), False, ""
                if x["record_type"] and x["record_id"] is not None:
                    try:
                        title = record_title(x["record_type"], build_one(s, x["record_type"], x["record_id"]))
                    except Exception:  # a record type this book cannot rebuild: keep the period/title empty
                        title = ""
                    a = Amendment.__table__
                    later = s.execute(select(a.c.kind, a.c.reason, a.c.note).where(
                        a.c.target_type == x["record_type"], a.c.target_id == x["record_id"],
                        a.c.kind.in_([k.value for k in ANSWERS]), a.c.ledger_seq > seq)
                        .order_by(a.c.ledger_seq)).first()
                    if later is not None:
                        kind = AmendmentKind(later.kind)
                        answered, answer = True, f"{kind.label}：{later.reason or later.note}"
                out.append(from_wire(branch_id, x, title, answered, answer))
        return sorted(out, key=lambda r: (r.reviewed_at, r.id), reverse=True)

    def open(self) -> list[Review]:
        """退回 not yet answered: shown on the dashboard ("工委退回：…")."""
        return [r for r in self.list() if r.open]

    def for_record(self, record_type: str, record_id: int) -> list[Review]:
        return [r for r in self.list() if r.record_type == record_type and r.record_id == record_id]
