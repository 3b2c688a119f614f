"""Export (导出数据包): an incremental bundle from the last receipted position, signed then encrypted, written
atomically into the chosen folder, and chained as an ``export`` entry.

Incremental from the last *receipt*, not the last export: a lost or unimported bundle heals with the next one.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date
from pathlib import Path

from sqlalchemy import select

import desktop
from desktop.domain.idnumber import mask, normalize
from desktop.domain.member_rules import status_on
from desktop.errors import ZhibuError
from desktop.ledger import chain
from desktop.ledger.lifecycle import late_after_days
from desktop.progress import CancelToken, Progress, no_progress
from desktop.storage import atomic
from desktop.storage.models import Member, PartyGroup
from desktop.storage.models_ledger import LedgerEntry
from desktop.storage.models_meetings import Attachment, AttachmentBlob
from desktop.storage.models_sync import SyncExport
from desktop.committee import orgfacts
from desktop.sync import container, handover, keys, manifest, payload, strictjson
from desktop.sync.api import ExportResult
from desktop.sync.branch import branch_identity, full_id_policy, last_receipt, trusted_row
from desktop.sync.records import export_records

SUFFIX = ".zhibu-bundle"


def bundle_file_name(branch_name: str, seq: int) -> str:
    safe = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", branch_name).strip(" .") or "支部"
    return f"{safe[:40]}-数据包{seq:03d}{SUFFIX}"


def roster_snapshot(ws, committee_fingerprint: str, today: date, full_id: bool = False) -> list[dict]:
    """Current members, ID numbers masked and keyed-hashed; in clear too (``id_number``) only when the trusted
    committee's signed policy asks for them."""
    with ws.session() as s:
        groups = dict(s.execute(select(PartyGroup.id, PartyGroup.name)).all())
        rows = s.scalars(select(Member).order_by(Member.roster_order, Member.id)).all()
        out = []
        for m in rows:
            number = normalize(m.id_number) if m.id_number else ""
            out.append({"name": m.name, "gender": m.gender, "status": status_on(m.full_on, today).value,
                        "joined_on": m.joined_on.isoformat(), "full_on": m.full_on.isoformat() if m.full_on else None,
                        "group": groups.get(m.group_id, ""), "id_masked": mask(number) if number else "",
                        "id_hash": payload.id_keyed_hash(number, committee_fingerprint) if number else None})
            if full_id:
                out[-1]["id_number"] = number
        return out


def rule_summary(ws, today: date) -> dict:
    try:
        report = ws.rules.status(today, dues=False, recruitment=False)
    except ZhibuError:
        return {"at": today.isoformat(), "rules": []}
    return {"at": today.isoformat(), "rules": [
        {"rule_id": r.rule_id, "title": r.title, "which": r.which, "state": r.state, "count": r.count,
         "required": r.required, "due_on": r.due_on.isoformat(), "message": r.message} for r in report.rules]}


def _blobs(session, wanted: set[str]) -> dict[str, bytes]:
    a, b = Attachment.__table__, AttachmentBlob.__table__
    out: dict[str, bytes] = {}
    wanted = sorted(wanted)
    for i in range(0, len(wanted), 500):
        q = select(a.c.sha256, b.c.data).join(b, b.c.attachment_id == a.c.id).where(a.c.sha256.in_(wanted[i:i + 500]))
        for sha, data in session.execute(q):
            if sha not in out and hashlib.sha256(data).hexdigest() == sha:
                out[sha] = data
    missing = set(wanted) - set(out)
    if missing:
        raise ZhibuError(f"有 {len(missing)} 个附件的内容缺失或与登记的 SHA-256 不符，无法导出。"
                         "请先运行完整性检查（zhibu-cli ledger verify --deep）。")
    return out


def export_bundle(ws, dest_dir: Path, progress: Progress | None, cancel: CancelToken | None) -> ExportResult:
    progress = progress or no_progress
    if not dest_dir.is_dir():
        raise ZhibuError(f"导出文件夹不存在：{dest_dir}。请选择一个已存在的文件夹（例如U盘）。")
    now = ws.ledger.now()
    branch_name = ws.branch().name
    with ws.session() as s:
        trusted = trusted_row(s)
        if trusted is None:
            raise ZhibuError("尚未信任工委公钥，无法导出数据包。请先导入工委提供的公钥文件并核对指纹。")
        fingerprint = trusted.fingerprint
        full_id = full_id_policy(s, fingerprint)
    progress(0, 4, "整理花名册和制度执行情况")
    roster = strictjson.dumps(roster_snapshot(ws, fingerprint, now.date(), full_id))
    rules = strictjson.dumps(rule_summary(ws, now.date()))
    with ws.session() as s:
        org = strictjson.dumps(orgfacts.snapshot(s, lambda number: payload.id_keyed_hash(number, fingerprint)))
    if cancel is not None:
        cancel.check()
    with ws.session() as s:  # one write transaction: the export entry and the file agree
        ident = branch_identity(s, branch_name, now)
        trusted = trusted_row(s)
        receipt = last_receipt(s, trusted.fingerprint)
        start = (receipt.ledger_length if receipt else 0) + 1
        last = chain.head(s)
        length = last.seq if last else 0
        rows = s.scalars(select(LedgerEntry).where(LedgerEntry.seq >= start).order_by(LedgerEntry.seq)).all()
        progress(1, 4, "收集纪实条目和附件")
        wanted: set[str] = set()
        claimed = []
        for r in rows:
            env = json.loads(r.canonical)
            payload.attachment_hashes(env.get("record"), wanted)
            if r.claimed_at is not None:
                claimed.append(r.claimed_at)
        blobs = _blobs(s, wanted)
        if cancel is not None:
            cancel.check()
        members = [(container.ENTRIES, payload.entries_bytes(rows)), (container.ROSTER, roster),
                   (container.RULES, rules), (container.ORG, org)]
        handovers = handover.member_bytes(s)
        if handovers is not None:  # every key handover, so the committee can walk from the key it holds
            members.append((container.HANDOVERS, handovers))
        members += [(container.ATTACHMENT_PREFIX + sha, data) for sha, data in sorted(blobs.items())]
        prev = s.scalars(select(SyncExport).order_by(SyncExport.seq.desc()).limit(1)).first()
        seq = prev.seq + 1 if prev else 1
        m = manifest.Manifest(
            ident.ident, branch_name, ident.sign_public, trusted.fingerprint, seq, now, prev.sha256 if prev else None,
            start, length, length, last.hash if last else None,
            None if receipt is None else manifest.LastReceipt(receipt.bundle_seq, receipt.ledger_length,
                                                              receipt.head, receipt.received_at),
            desktop.__version__, {name: (hashlib.sha256(data).hexdigest(), len(data)) for name, data in members})
        manifest_bytes = manifest.to_bytes(m)
        signature = manifest.sign(manifest_bytes, ident.sign_private)
        progress(2, 4, "签名并加密")
        zipped = container.build([(container.MANIFEST, manifest_bytes), (container.SIGNATURE, signature)] + members)
        del members, blobs
        sealed = keys.encrypt(zipped, trusted.age_recipient)
        del zipped
        sha = hashlib.sha256(sealed).hexdigest()
        name = bundle_file_name(branch_name, seq)
        if cancel is not None:
            cancel.check()
        row = SyncExport(seq=seq, created_at=now.replace(microsecond=0), file_name=name, sha256=sha,
                         committee_fingerprint=trusted.fingerprint, from_seq=start, to_seq=length,
                         ledger_length=length, head=last.hash if last else None, entries=len(rows),
                         period_from=min(claimed) if claimed else None, period_to=max(claimed) if claimed else None)
        s.add(row)
        s.flush()
        entry = chain.append(s, kind="export", record_type="sync_export", record_id=row.id,
                             record=export_records(s, [row.id])[row.id], claimed_at=None, now=now,
                             late_after_days=late_after_days(s))
        row.ledger_seq = entry.seq
        progress(3, 4, "写入文件")
        path = dest_dir / name
        atomic.write_bytes(path, sealed)  # before commit: a failed write rolls the export entry back
        ws.audit("sync.export", f"第{seq}号数据包 {name}，纪实第{start}–{length}条", session=s)
    progress(4, 4, "完成")
    return ExportResult(path, seq, keys.hex_digits(sha), len(rows), length, row.period_from, row.period_to)
