"""The committee side of 报送 (``ws.committee`` on a committee book): keys, import, enrolment, receipts."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.changes import mutates
from desktop.errors import ZhibuError
from desktop.progress import CancelToken, Progress, no_progress
from desktop.storage import atomic
from desktop.storage.models import BookSetting
from desktop.storage.models_sync import (CommitteeBlob, CommitteeBranch, CommitteeEntry, CommitteeEvidence,
                                         CommitteeImport, CommitteePending, SyncIdentity)
from desktop.sync import chaincheck, importer, keys, receipts
from desktop.sync.mode import COMMITTEE_MODE, MODE_SETTING  # noqa: F401 - re-exported for callers
from desktop.sync.api import BranchRow, HeldEntry, ImportOutcome, KeyInfo, normalize_fingerprint

POLICY_SETTING = "committee.policy"
BATCH = 16  # bundles per transaction in an import (each in its own savepoint)


def create_identity(session: Session, name: str, now: datetime) -> None:
    private, public = keys.new_signing_key()
    secret, _recipient = keys.new_age_identity()
    session.add(SyncIdentity(role="committee", ident="", name=name, sign_private=private, sign_public=public,
                             age_identity=secret, created_at=now.replace(microsecond=0)))


class CommitteeDeskService:
    def __init__(self, ws):
        if not ws.is_committee:
            raise ZhibuError("这是支部纪实本，不是工委纪实本：不能导入数据包。请打开工委纪实本。")
        self.ws = ws

    def _now(self) -> datetime:
        return self.ws.ledger.now().replace(microsecond=0)

    def _identity(self, session: Session) -> SyncIdentity:
        row = session.get(SyncIdentity, "committee")
        if row is None:
            raise ZhibuError("工委纪实本缺少密钥，无法使用。请从备份恢复。")
        return row

    def _key(self, row: SyncIdentity) -> keys.CommitteeKey:
        import pyrage

        recipient = str(pyrage.x25519.Identity.from_str(row.age_identity).to_public())
        return keys.CommitteeKey(row.name, recipient, row.sign_public)

    def info(self) -> KeyInfo:
        with self.ws.session() as s:
            return self._key(self._identity(s)).info

    def export_public_key(self, dest: Path) -> Path:
        """The public key file, carrying the committee's policy signed by its key."""
        with self.ws.session() as s:
            ident = self._identity(s)
            full_id, at = self._policy(s)
            key = replace(self._key(ident), full_id=full_id, policy_at=at)
            private = ident.sign_private
        return keys.write_key_file(key, Path(dest), private)

    # ---- policy (what branches send) ---------------------------------------------------------------
    def _policy(self, s: Session) -> tuple[bool, str]:
        row = s.get(BookSetting, POLICY_SETTING)
        doc = json.loads(row.value) if row else {}
        return bool(doc.get("full_id", False)), str(doc.get("at", ""))

    def full_id_policy(self) -> bool:
        """True when this committee asks branches for full ID numbers (carried in its public key file)."""
        with self.ws.session() as s:
            return self._policy(s)[0]

    @mutates("settings", "sync")
    def set_full_id_policy(self, full_id: bool) -> None:
        """Takes effect for a branch once it trusts a key file exported after this change."""
        with self.ws.session() as s:
            if self._policy(s)[0] == bool(full_id):
                return
            doc = {"full_id": bool(full_id), "at": self._now().isoformat()}
            s.merge(BookSetting(key=POLICY_SETTING, value=json.dumps(doc)))
            self.ws.audit("committee.policy", "要求报送完整身份证号码" if full_id else "身份证号码只报送遮蔽号和密钥散列",
                          session=s)

    # ---- import -----------------------------------------------------------------------------------
    @mutates("sync")
    def import_bundles(self, files: Sequence[Path], receipts_dir: Path | None = None,
                       progress: Progress | None = None, cancel: CancelToken | None = None) -> list[ImportOutcome]:
        """Each bundle is applied all-or-nothing in its own savepoint; up to ``BATCH`` bundles share one
        transaction (one fsync), and receipts are written only after that transaction is durable."""
        progress = progress or no_progress
        if receipts_dir is not None and not Path(receipts_dir).is_dir():
            raise ZhibuError(f"回执文件夹不存在：{receipts_dir}。请选择一个已存在的文件夹。")
        files = [Path(f) for f in files]
        out: list[ImportOutcome] = []
        for first in range(0, len(files), BATCH):
            done: list[tuple[ImportOutcome, str | None]] = []
            with self.ws.session() as s:
                ident = self._identity(s)
                key = self._key(ident)
                for i, path in enumerate(files[first:first + BATCH], start=first):
                    if cancel is not None:
                        cancel.check()
                    progress(i, len(files), f"导入 {path.name}")
                    try:
                        sealed = importer.read_sealed(path)
                    except importer.BundleRejected as exc:
                        done.append((ImportOutcome(path, "rejected", str(exc)), None))
                        continue
                    with s.begin_nested():
                        done.append(self._import_one(s, ident, key, path, sealed))
            out += [self._with_receipt(o, text, receipts_dir) for o, text in done]
        progress(len(files), len(files), "完成")
        return out

    def _with_receipt(self, outcome: ImportOutcome, text: str | None, receipts_dir: Path | None) -> ImportOutcome:
        if text is None or receipts_dir is None:
            return outcome
        return replace(outcome, receipt_path=self._write_receipt(receipts_dir, text))

    def _import_one(self, s: Session, ident: SyncIdentity, key: keys.CommitteeKey, path: Path,
                    sealed: importer.Sealed) -> tuple[ImportOutcome, str | None]:
        """(outcome, receipt text to hand out) for one bundle, inside the caller's savepoint."""
        m = None
        try:
            opened = importer.open_sealed(sealed, ident.age_identity, key.fingerprint)
            m = opened.manifest
            branch = s.get(CommitteeBranch, m.branch_id)
            label = f"支部“{m.branch_name}”"
            rotation = importer.check_signature(opened, bytes.fromhex(branch.sign_public) if branch else None, label)
            content = importer.parse_content(opened, importer.read_members(opened))
            del opened
            if branch is None or not branch.enrolled:
                return self._keep_pending(s, path, sealed, m, branch), None
            verdict = chaincheck.judge(s, branch, m, content.entries)
        except importer.BundleRejected as exc:
            return ImportOutcome(path, "rejected", str(exc), m.branch_id if m else None,
                                 m.branch_name if m else None, m.seq if m else None), None
        result = dict(branch_id=m.branch_id, branch_name=m.branch_name, seq=m.seq)
        if verdict.status == "already":
            prior = s.scalars(select(CommitteeImport).where(CommitteeImport.branch_id == m.branch_id,
                                                            CommitteeImport.seq == m.seq)).one()
            return ImportOutcome(path, "already", verdict.message, **result), prior.receipt
        if verdict.status != "apply":
            if verdict.evidence:
                self._keep_evidence(s, branch, m, sealed, verdict)
            return ImportOutcome(path, "rejected", verdict.message, **result), None
        missing = importer.referenced_blobs(verdict.new_entries) - set(content.blobs)
        if missing:
            held = set(s.scalars(select(CommitteeBlob.sha256).where(CommitteeBlob.sha256.in_(sorted(missing)))))
            if missing - held:
                return ImportOutcome(path, "rejected", f"{label}第{m.seq}号数据包缺少纪实引用的"
                                     f"{len(missing - held)}个附件，已拒绝。请支部重新导出。", **result), None
        text = self._apply(s, ident, key, branch, m, sealed, content, verdict)
        note = "".join(verdict.notes) + self._switch_key(s, branch, rotation)
        return ImportOutcome(path, "accepted",
                             f"已导入{label}第{m.seq}号数据包：新增纪实{len(verdict.new_entries)}条，"
                             f"工委现保存至第{m.ledger_length}条。{note}", **result), text

    def _apply(self, s: Session, ident: SyncIdentity, key: keys.CommitteeKey, branch: CommitteeBranch, m,
               sealed, content, verdict) -> str:
        now = self._now()
        rows = [dict(branch_id=m.branch_id, seq=e.seq, hash=e.hash, prev_hash=e.prev_hash, canonical=e.canonical,
                     kind=e.kind, record_type=e.record_type, claimed_at=e.claimed_at, entered_at=e.entered_at,
                     first_seen_at=now, bundle_seq=m.seq) for e in verdict.new_entries]
        if rows:
            s.execute(CommitteeEntry.__table__.insert(), rows)
        if content.blobs:
            have = set(s.scalars(select(CommitteeBlob.sha256).where(CommitteeBlob.sha256.in_(sorted(content.blobs)))))
            fresh = [dict(sha256=sha, size=len(data), data=data)
                     for sha, data in content.blobs.items() if sha not in have]
            if fresh:
                s.execute(CommitteeBlob.__table__.insert(), fresh)
        branch.name = m.branch_name
        branch.last_seq = m.seq
        if m.ledger_length > branch.held_length:
            branch.held_length, branch.head = m.ledger_length, m.head
        branch.last_received_at = now
        roster = content.roster if self._policy(s)[0] else [  # not asked for: full ID numbers are not kept
            {k: v for k, v in row.items() if k != "id_number"} for row in content.roster]
        branch.roster = json.dumps(roster, ensure_ascii=False)
        branch.rule_summary = json.dumps(content.rules, ensure_ascii=False)
        from desktop.committee.review import for_receipt  # 审阅 results travel back signed (issue 10)

        receipt = receipts.Receipt(m.branch_id, m.branch_name, m.seq, sealed.sha256, branch.held_length, branch.head,
                                   now, key.name, key.fingerprint, for_receipt(s, m.branch_id, m.seq))
        text = receipts.make(receipt, ident.sign_private)
        s.add(CommitteeImport(branch_id=m.branch_id, seq=m.seq, head=m.head, ledger_length=m.ledger_length,
                              new_entries=len(rows), bundle_sha256=sealed.sha256, imported_at=now, receipt=text))
        self.ws.audit("committee.import", f"{m.branch_name} 第{m.seq}号，新增{len(rows)}条", session=s)
        from desktop.committee.on_import import after_apply  # compliance and alerts (issue 10)

        after_apply(self.ws, s, m, content, verdict.new_entries, sealed.sha256, now)
        return text

    def _switch_key(self, s: Session, branch: CommitteeBranch, rotation: list) -> str:
        """After an applied bundle signed by a new key: hold the new key, with an audit note naming both."""
        if not rotation:
            return ""
        old_fp = branch.fingerprint
        branch.sign_public = rotation[-1].new_public.hex()
        branch.fingerprint = keys.branch_fingerprint(rotation[-1].new_public)
        note = f"支部已按旧密钥签署的交接声明更换密钥：{old_fp} → {branch.fingerprint}。"
        self.ws.audit("committee.rekey", f"{branch.name} {note}", session=s)
        return note

    def _keep_pending(self, s: Session, path: Path, sealed, m, branch) -> ImportOutcome:
        now = self._now()
        if branch is None:
            branch = CommitteeBranch(branch_id=m.branch_id, name=m.branch_name, sign_public=m.sign_public.hex(),
                                     fingerprint=m.branch_fingerprint, enrolled=False, first_seen_at=now,
                                     held_length=0, roster="[]", rule_summary="{}")
            s.add(branch)
        known = s.scalars(select(CommitteePending).where(CommitteePending.bundle_sha256 == sealed.sha256)).first()
        if known is None:
            s.add(CommitteePending(branch_id=m.branch_id, seq=m.seq, file_name=path.name[:200],
                                   bundle_sha256=sealed.sha256, data=sealed.data, received_at=now))
        return ImportOutcome(path, "pending",
                             f"支部“{m.branch_name}”尚未登记：第{m.seq}号数据包已暂存，待核对支部密钥指纹"
                             f"（{m.branch_fingerprint}）并确认登记后导入。", m.branch_id, m.branch_name, m.seq)

    def _keep_evidence(self, s: Session, branch, m, sealed, verdict) -> None:
        exists = s.scalars(select(CommitteeEvidence.id).where(CommitteeEvidence.bundle_sha256 == sealed.sha256)).first()
        if exists is None:
            s.add(CommitteeEvidence(branch_id=m.branch_id, seq=m.seq, kind=verdict.status, message=verdict.message,
                                    bundle_sha256=sealed.sha256, data=sealed.data, received_at=self._now()))
            self.ws.audit("committee.alert", verdict.message, session=s)

    def _write_receipt(self, receipts_dir: Path, text: str) -> Path:
        r, _signed, _sig = receipts.parse(text.encode("utf-8"))
        path = Path(receipts_dir) / receipts.file_name(r)
        atomic.write_bytes(path, text.encode("utf-8"))
        return path

    # ---- enrolment and overview -------------------------------------------------------------------
    @mutates("sync")
    def enrol(self, branch_id: str, confirm_fingerprint: str,
              receipts_dir: Path | None = None) -> list[ImportOutcome]:
        with self.ws.session() as s:
            branch = s.get(CommitteeBranch, branch_id.strip())
            if branch is None:
                raise ZhibuError(f"没有编号为 {branch_id} 的支部数据包。请先导入该支部的第一个数据包。")
            if normalize_fingerprint(confirm_fingerprint) != normalize_fingerprint(branch.fingerprint):
                raise ZhibuError(f"输入的指纹与支部“{branch.name}”数据包中的密钥指纹不符，未登记。请与支部书记核对"
                                 "（支部的报送页面或数据包交接单上有指纹）；若确实不符，不要确认。")
            if not branch.enrolled:
                branch.enrolled, branch.enrolled_at = True, self._now()
                self.ws.audit("committee.enrol", f"{branch.name} {branch.fingerprint}", session=s)
            pending = s.scalars(select(CommitteePending).where(CommitteePending.branch_id == branch.branch_id)
                                .order_by(CommitteePending.seq, CommitteePending.id)).all()
            kept = [(p.id, p.file_name, p.data) for p in pending]
        out = []
        for pid, name, data in kept:
            with self.ws.session() as s:
                ident = self._identity(s)
                outcome, text = self._import_one(s, ident, self._key(ident), Path(name),
                                                 importer.Sealed(name, data))
                s.execute(CommitteePending.__table__.delete().where(CommitteePending.id == pid))
            out.append(self._with_receipt(outcome, text, receipts_dir))
        return out

    def entries(self, branch_id: str) -> list[HeldEntry]:
        t = CommitteeEntry.__table__
        cols = [t.c[c] for c in ("seq", "kind", "record_type", "claimed_at", "entered_at", "first_seen_at",
                                 "bundle_seq")]
        with self.ws.session() as s:
            rows = s.execute(select(*cols).where(t.c.branch_id == branch_id).order_by(t.c.seq)).all()
        return [HeldEntry(*r) for r in rows]

    def branches(self) -> list[BranchRow]:
        with self.ws.session() as s:
            rows = s.scalars(select(CommitteeBranch).order_by(CommitteeBranch.name)).all()
            evidence = s.execute(select(CommitteeEvidence.branch_id, CommitteeEvidence.message)
                                 .order_by(CommitteeEvidence.id)).all()
            pending = set(s.scalars(select(CommitteePending.branch_id)))
        alerts: dict[str, list[str]] = {}
        for bid, message in evidence:
            alerts.setdefault(bid, []).append(message)
        out = []
        for b in rows:
            extra = ["有数据包待确认登记。"] if b.branch_id in pending and not b.enrolled else []
            out.append(BranchRow(b.branch_id, b.name, b.fingerprint, b.enrolled, b.last_seq, b.held_length, b.head,
                                 b.last_received_at, alerts.get(b.branch_id, []) + extra))
        return out
