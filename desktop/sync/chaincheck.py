"""Does a verified bundle extend what the committee holds? already / replay / gap / fork / rollback / apply.

SECURITY.md: identity of a bundle is (branch, seq, head). Same again → already imported; lower seq → replay;
a chain that rewrites held history → fork; shorter than what was receipted, or diverging after an older
receipt than the committee last issued (an old backup restored) → rollback. Fork and rollback keep the bundle
as evidence; nothing is applied in any refused case.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.storage.models_sync import CommitteeBranch, CommitteeEntry, CommitteeImport
from desktop.sync.manifest import Manifest
from desktop.sync.payload import Entry


@dataclass
class Verdict:
    status: str  # apply | already | replay | gap | fork | rollback
    message: str = ""
    new_entries: list[Entry] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def evidence(self) -> bool:
        return self.status in ("fork", "rollback")


def _held_hashes(session: Session, branch_id: str, lo: int, hi: int) -> dict[int, tuple[str, bytes]]:
    t = CommitteeEntry.__table__
    q = select(t.c.seq, t.c.hash, t.c.canonical).where(t.c.branch_id == branch_id, t.c.seq >= lo, t.c.seq <= hi)
    return {seq: (h, c) for seq, h, c in session.execute(q)}


def judge(session: Session, branch: CommitteeBranch | None, m: Manifest, entries: list[Entry]) -> Verdict:
    label = f"“{m.branch_name}”第{m.seq}号数据包"
    held = branch.held_length if branch else 0
    last_seq = branch.last_seq if branch else None
    prior = None
    if branch is not None:
        prior = session.scalars(select(CommitteeImport).where(CommitteeImport.branch_id == m.branch_id,
                                                              CommitteeImport.seq == m.seq)).first()
    if prior is not None and prior.head == m.head and prior.ledger_length == m.ledger_length:
        if m.seq == last_seq:
            return Verdict("already", f"{label}已导入过，未做任何改动。")
        return Verdict("replay", f"{label}是已导入过的旧数据包（之后已收到第{last_seq}号），属于重放，已拒绝。")
    # what the committee holds vs what the bundle says
    if m.ledger_from > held + 1:
        missing = f"第{held + 1}条" if m.ledger_from == held + 2 else f"第{held + 1}–{m.ledger_from - 1}条"
        return Verdict("gap", f"{label}从纪实第{m.ledger_from}条开始，工委只保存到第{held}条，中间缺少{missing}"
                              f"（缺少第{(last_seq or 0) + 1}号及之后的数据包）。请支部重新导出，已拒绝。")
    overlap = _held_hashes(session, m.branch_id, m.ledger_from - 1, min(held, m.ledger_to)) if branch else {}
    diverge = None
    for e in entries:
        if e.seq > held:
            break
        h = overlap.get(e.seq)
        if h is None or h[0] != e.hash or h[1] != e.canonical:
            diverge = e.seq
            break
    if diverge is None and entries and entries[0].seq == held + 1 and held > 0:
        before = overlap.get(held)
        if before is None or entries[0].prev_hash != before[0]:
            diverge = held + 1
    receipted = last_issued_length(session, m.branch_id) if branch else 0
    older_receipt = (m.last_receipt.length if m.last_receipt else 0) < receipted
    if diverge is None and m.ledger_length < held:
        return Verdict("rollback", f"{label}的纪实只有{m.ledger_length}条，少于工委已确认的{held}条："
                                   "支部纪实本可能被恢复到了旧备份。未导入，已留存为证据。")
    if diverge is not None and older_receipt:
        return Verdict("rollback", f"{label}从第{diverge}条起与工委已确认的纪实不同，且只带有较早的回执"
                                   f"（工委已确认到第{receipted}条）：支部纪实本可能被恢复到旧备份后继续录入。"
                                   "未导入，已留存为证据。")
    if diverge is not None:
        return Verdict("fork", f"{label}的纪实第{diverge}条与工委已保存的内容不一致：已确认的历史被改写（分叉）。"
                               "未导入，已留存为证据。")
    if last_seq is not None and m.seq < last_seq:
        return Verdict("replay", f"{label}的序号小于已收到的第{last_seq}号，属于旧数据包重放，已拒绝。")
    if last_seq is not None and m.seq == last_seq:
        return Verdict("fork", f"{label}与已导入的同号数据包内容不同（分叉）。未导入，已留存为证据。")
    notes = []
    if last_seq is not None and m.seq > last_seq + 1:
        lost = f"第{last_seq + 1}号" if m.seq == last_seq + 2 else f"第{last_seq + 1}–{m.seq - 1}号"
        notes.append(f"{lost}数据包未收到，其内容已由本包补齐。")
    return Verdict("apply", new_entries=[e for e in entries if e.seq > held], notes=notes)


def last_issued_length(session: Session, branch_id: str) -> int:
    q = select(CommitteeImport.ledger_length).where(CommitteeImport.branch_id == branch_id)
    return max(session.scalars(q).all(), default=0)
