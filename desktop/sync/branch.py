"""The branch side of 报送 (``ws.sync``): identity, trusted committee, export, receipts, acknowledgement."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.changes import mutates
from desktop.errors import ZhibuError
from desktop.ledger import chain
from desktop.ledger.lifecycle import late_after_days
from desktop.progress import CancelToken, Progress
from desktop.storage.models import BookSetting
from desktop.storage.models_ledger import LedgerEntry
from desktop.storage.models_sync import SyncExport, SyncIdentity, SyncReceipt, SyncTrust
from desktop.sync import keys, receipts
from desktop.sync.api import AckState, BranchIdentity, BundleRow, ExportResult, KeyInfo, ReceiptResult, TrustedCommittee
from desktop.sync.records import receipt_records, trust_records

SYNC_KINDS = ("export", "receipt", "trust", "handover")  # bookkeeping entries, not records the user counts as 未报送


@dataclass(frozen=True)
class HandoverFacts:
    """What the 数据包交接单 prints about one exported bundle."""

    seq: int
    created_at: datetime
    file_name: str
    sha256: str
    fingerprint: str  # the bundle file's SHA-256 as digit groups
    branch_id: str
    branch_fingerprint: str
    committee: str
    committee_fingerprint: str
    from_seq: int
    to_seq: int
    entries: int
    counts: list[tuple[str, int]]  # (record label, entries) in the carried range, bookkeeping excluded
    period_from: datetime | None
    period_to: datetime | None


POLICY_SETTING = "sync.committee_policy"


def full_id_policy(session: Session, committee_fingerprint: str) -> bool:
    """Whether the trusted committee's signed policy asks for full ID numbers (only for that committee)."""
    row = session.get(BookSetting, POLICY_SETTING)
    doc = json.loads(row.value) if row else {}
    return bool(doc.get("full_id")) and keys.same_fingerprint(doc.get("fingerprint", ""), committee_fingerprint)


def _take_policy(session: Session, key: keys.CommitteeKey) -> str | None:
    """Store the policy a key file carries (never an older one over a newer); a note for the audit log."""
    if not key.policy_at:
        return None
    row = session.get(BookSetting, POLICY_SETTING)
    doc = json.loads(row.value) if row else {}
    same = keys.same_fingerprint(doc.get("fingerprint", ""), key.fingerprint)
    if same and (doc.get("at", "") > key.policy_at or (doc.get("at") == key.policy_at)):
        return None
    session.merge(BookSetting(key=POLICY_SETTING, value=json.dumps(
        {"fingerprint": key.fingerprint, "full_id": key.full_id, "at": key.policy_at})))
    return "工委要求报送完整身份证号码" if key.full_id else "身份证号码只报送遮蔽号和密钥散列"


def trusted_row(session: Session) -> SyncTrust | None:
    return session.scalars(select(SyncTrust).order_by(SyncTrust.id.desc()).limit(1)).first()


def branch_identity(session: Session, branch_name: str, now) -> SyncIdentity:
    """The branch's id and Ed25519 key pair, created on first use (inside the caller's transaction)."""
    row = session.get(SyncIdentity, "branch")
    if row is None:
        private, public = keys.new_signing_key()
        row = SyncIdentity(role="branch", ident=str(uuid.uuid4()), name=branch_name, sign_private=private,
                           sign_public=public, age_identity="", created_at=now.replace(microsecond=0))
        session.add(row)
        session.flush()
    return row


def last_receipt(session: Session, committee_fingerprint: str) -> SyncReceipt | None:
    """The receipt of the trusted committee that covers the most of the chain."""
    q = (select(SyncReceipt).where(SyncReceipt.committee_fingerprint == committee_fingerprint)
         .order_by(SyncReceipt.ledger_length.desc(), SyncReceipt.received_at.desc()).limit(1))
    return session.scalars(q).first()


class BranchSyncService:
    def __init__(self, ws):
        self.ws = ws

    def _now(self):
        return self.ws.ledger.now()

    def _require_branch_book(self) -> None:
        if self.ws.is_committee:
            raise ZhibuError("这是工委纪实本，不能导出数据包；请打开支部纪实本。")

    # ---- identity and trust ---------------------------------------------------------------------
    def identity(self) -> BranchIdentity:
        self._require_branch_book()
        name = self.ws.branch().name
        with self.ws.session() as s:
            row = branch_identity(s, name, self._now())
            return BranchIdentity(row.ident, name, keys.branch_fingerprint(row.sign_public))

    @mutates("sync", "ledger")
    def rotate_key(self) -> BranchIdentity:
        """A new key pair for this branch, handed over by a statement signed by the old key (and the new one),
        written to the chain and carried in every later bundle; the old private key is discarded."""
        self._require_branch_book()
        from desktop.sync import handover

        name = self.ws.branch().name
        now = self._now()
        with self.ws.session() as s:
            row = branch_identity(s, name, now)
            old_fp = keys.branch_fingerprint(row.sign_public)
            private, public = keys.new_signing_key()
            doc = handover.make(row.ident, row.sign_private, row.sign_public, private, public, now)
            n = handover.store(s, doc)
            chain.append(s, kind="handover", record_type="sync_handover", record_id=n,
                         record=handover.handover_records(s, [n])[n], claimed_at=None, now=now,
                         late_after_days=late_after_days(s))
            row.sign_private, row.sign_public = private, public
            fp = keys.branch_fingerprint(public)
            self.ws.audit("sync.rekey", f"{old_fp} → {fp}", session=s)
            return BranchIdentity(row.ident, name, fp)

    def committee(self) -> TrustedCommittee | None:
        with self.ws.session() as s:
            row = trusted_row(s)
            return None if row is None else TrustedCommittee(row.name, row.fingerprint, row.trusted_at,
                                                             full_id_policy(s, row.fingerprint))

    def read_key_file(self, key_file: Path) -> KeyInfo:
        return keys.read_key_file(key_file).info

    @mutates("sync", "ledger")
    def trust(self, key_file: Path, *, replace: bool = False) -> TrustedCommittee:
        self._require_branch_book()
        key = keys.read_key_file(key_file)
        now = self._now()
        with self.ws.session() as s:
            current = trusted_row(s)
            if current is not None and keys.same_fingerprint(current.fingerprint, key.fingerprint):
                note = _take_policy(s, key)
                if note:
                    self.ws.audit("sync.policy", f"{key.name} {note}", session=s)
                return TrustedCommittee(current.name, current.fingerprint, current.trusted_at,
                                        full_id_policy(s, current.fingerprint))
            if current is not None and not replace:
                raise ZhibuError(f"本支部已信任“{current.name}”（指纹 {current.fingerprint}）。更换工委公钥会改变报送对象，"
                                 "请与工委核对新指纹后使用“更换”（命令行 --replace）。")
            row = SyncTrust(name=key.name, fingerprint=key.fingerprint, age_recipient=key.age_recipient,
                            sign_public=key.sign_public.hex(), replaces=current.fingerprint if current else "",
                            trusted_at=now.replace(microsecond=0))
            s.add(row)
            s.flush()
            record = trust_records(s, [row.id])[row.id]
            entry = chain.append(s, kind="trust", record_type="sync_trust", record_id=row.id, record=record,
                                 claimed_at=None, now=now, late_after_days=late_after_days(s))
            row.ledger_seq = entry.seq
            detail = f"{key.name} {key.fingerprint}" + (f"（替换 {current.fingerprint}）" if current else "")
            note = _take_policy(s, key)
            self.ws.audit("sync.trust", detail + (f"；{note}" if note else ""), session=s)
            return TrustedCommittee(row.name, row.fingerprint, row.trusted_at, full_id_policy(s, row.fingerprint))

    # ---- state ------------------------------------------------------------------------------------
    def ack_state(self) -> AckState:
        with self.ws.session() as s:
            trusted = trusted_row(s)
            receipt = last_receipt(s, trusted.fingerprint) if trusted else None
            acked = receipt.ledger_length if receipt else 0
            pending = s.scalar(select(func.count()).select_from(LedgerEntry).where(
                LedgerEntry.seq > acked, LedgerEntry.kind.not_in(SYNC_KINDS))) or 0
            return AckState(acked, receipt.received_at if receipt else None, pending)

    def bundles(self) -> list[BundleRow]:
        with self.ws.session() as s:
            got = s.execute(select(SyncReceipt.ledger_length, SyncReceipt.received_at)).all()
            rows = s.scalars(select(SyncExport).order_by(SyncExport.seq.desc())).all()
        out = []
        for r in rows:
            covering = [at for length, at in got if length >= r.ledger_length]
            out.append(BundleRow(r.seq, r.created_at, r.file_name, keys.hex_digits(r.sha256), r.entries,
                                 r.ledger_length, bool(covering), min(covering) if covering else None))
        return out

    def handover(self, seq: int | None = None) -> HandoverFacts:
        """The facts of an exported bundle (the latest when ``seq`` is None) for its handover slip."""
        from desktop.ledger.documents import LABELS

        ident = self.identity()
        with self.ws.session() as s:
            q = select(SyncExport).order_by(SyncExport.seq.desc()).limit(1) if seq is None else \
                select(SyncExport).where(SyncExport.seq == seq)
            row = s.scalars(q).first()
            if row is None:
                raise ZhibuError("还没有导出过数据包。" if seq is None else f"没有第{seq}号数据包。请用 bundles 命令查看已导出的数据包。")
            trust = s.scalars(select(SyncTrust).where(SyncTrust.fingerprint == row.committee_fingerprint)
                              .order_by(SyncTrust.id.desc())).first()
            t = LedgerEntry.__table__
            counts = s.execute(select(t.c.record_type, func.count()).where(
                t.c.seq >= row.from_seq, t.c.seq <= row.to_seq, t.c.kind.not_in(SYNC_KINDS))
                .group_by(t.c.record_type)).all()
        order = list(LABELS)
        counts = sorted(counts, key=lambda c: order.index(c[0]) if c[0] in order else len(order))
        return HandoverFacts(row.seq, row.created_at, row.file_name, row.sha256, keys.hex_digits(row.sha256),
                             ident.branch_id, ident.fingerprint, trust.name if trust else "",
                             row.committee_fingerprint, row.from_seq, row.to_seq, row.entries,
                             [(LABELS.get(rt, rt), n) for rt, n in counts], row.period_from, row.period_to)

    @mutates("sync", "ledger")
    def export(self, dest_dir: Path, progress: Progress | None = None,
               cancel: CancelToken | None = None) -> ExportResult:
        self._require_branch_book()
        from desktop.sync.export import export_bundle

        return export_bundle(self.ws, Path(dest_dir), progress, cancel)

    # ---- receipts ---------------------------------------------------------------------------------
    @mutates("sync", "ledger")
    def import_receipt(self, receipt_file: Path) -> ReceiptResult:
        self._require_branch_book()
        receipt_file = Path(receipt_file)
        try:
            if receipt_file.stat().st_size > receipts.MAX_RECEIPT:
                raise ZhibuError(f"{receipt_file.name} 太大，不是工委回执。")
            data = receipt_file.read_bytes()
        except OSError:
            raise ZhibuError(f"无法读取回执文件：{receipt_file}。请检查路径。") from None
        r, signed, signature = receipts.parse(data)
        ident = self.identity()
        now = self._now()
        with self.ws.session() as s:
            trusted = trusted_row(s)
            if trusted is None:
                raise ZhibuError("本支部尚未信任任何工委公钥，无法核验回执。请先导入工委公钥文件。")
            if not keys.same_fingerprint(r.committee_fingerprint, trusted.fingerprint) or not receipts.signature_ok(
                    signed, signature, bytes.fromhex(trusted.sign_public)):
                if keys.same_fingerprint(r.committee_fingerprint, trusted.fingerprint):
                    raise ZhibuError("回执的签名无效：文件被改动，或不是本支部信任的工委签发的。未导入。")
                raise ZhibuError(f"这份回执来自另一个工委（指纹 {r.committee_fingerprint}），不是本支部信任的"
                                 f"“{trusted.name}”（指纹 {trusted.fingerprint}）。未导入。")
            if r.branch_id != ident.branch_id:
                raise ZhibuError(f"这份回执是发给另一个支部（“{r.branch_name}”）的，不属于本支部。未导入。")
            at = s.get(LedgerEntry, r.ledger_length) if r.ledger_length else None
            if r.ledger_length and (at is None or at.hash != r.head):
                raise ZhibuError(f"回执确认的是第{r.ledger_length}条、链头 {str(r.head)[:12]}…，与本纪实本的纪实链不符"
                                 "（纪实本可能是从旧备份恢复的，或回执属于另一本纪实本）。未导入，请联系工委。")
            text = data.decode("utf-8")
            same = s.scalars(select(SyncReceipt).where(SyncReceipt.text == text)).first()
            if same is None:
                row = SyncReceipt(committee_fingerprint=trusted.fingerprint, bundle_seq=r.bundle_seq,
                                  ledger_length=r.ledger_length, head=r.head or "", received_at=r.received_at,
                                  text=text, imported_at=now.replace(microsecond=0))
                s.add(row)
                s.flush()
                record = receipt_records(s, [row.id])[row.id]
                entry = chain.append(s, kind="receipt", record_type="sync_receipt", record_id=row.id, record=record,
                                     claimed_at=None, now=now, late_after_days=late_after_days(s))
                row.ledger_seq = entry.seq
                floor = chain.clock_floor(s)
                if floor is None or r.received_at > floor:
                    s.merge(BookSetting(key=chain.CLOCK_FLOOR_SETTING, value=json.dumps(r.received_at.isoformat())))
                self.ws.audit("sync.receipt", f"第{r.bundle_seq}号数据包，确认至第{r.ledger_length}条", session=s)
            return ReceiptResult(trusted.name, r.bundle_seq, r.ledger_length, r.received_at)
