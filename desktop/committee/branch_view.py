"""The committee's branch view: one held record in full (as it now reads, every version, attachments) and the
branch's roster as the committee's policy allows (ID numbers masked; full numbers never leave this module).
Plain values only (typed domain records, no ORM objects), for the GUI's worker thread."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import select

from desktop.committee.records import held_records
from desktop.committee.service import row_of
from desktop.committee.api import HeldRecordRow
from desktop.errors import ZhibuError
from desktop.ledger.lifecycle import Version, apply_amendments, versions
from desktop.storage.models_sync import CommitteeBlob, CommitteeBranch

ROSTER_SHOWN = ("name", "gender", "status", "joined_on", "full_on", "group", "id_masked")


@dataclass(frozen=True)
class HeldDetail:
    row: HeldRecordRow
    record: object  # the typed record as it now reads (更正 applied)
    supplements: tuple[str, ...]
    history: tuple[Version, ...]  # the original, then each amendment with the record after it
    attachments: tuple  # AttachmentRef of the current record (files held by the committee)
    entry: object = None  # ledger.lifecycle.EntryInfo of its 定稿 (entered_at, 补录, clock reading and anomaly)


def detail(ws, branch_id: str, record_type: str, record_id: int) -> HeldDetail:
    from desktop.committee.printing import entry_of

    with ws.session() as s:
        h = held_records(s, branch_id, (record_type,)).get((record_type, record_id))
        if h is None:
            raise ZhibuError("工委没有保存这条记录（可能尚未报送）。请刷新后重试。")
        entry = entry_of(s, branch_id, h)
    record, supplements = apply_amendments(h.original, h.amendments)
    return HeldDetail(row_of(branch_id, h), record, supplements, tuple(versions(h.original, None, h.amendments)),
                      tuple(getattr(record, "attachments", ()) or ()), entry)


def roster(ws, branch_id: str) -> list[dict]:
    """The roster of the branch's last bundle: name, gender, status, dates, group and the masked ID number."""
    with ws.session() as s:
        branch = s.get(CommitteeBranch, branch_id)
        rows = json.loads(branch.roster) if branch and branch.roster else []
    return [{k: row.get(k) for k in ROSTER_SHOWN} for row in rows]


def attachment(ws, sha256: str) -> bytes:
    with ws.session() as s:
        data = s.scalar(select(CommitteeBlob.data).where(CommitteeBlob.sha256 == sha256))
    if data is None:
        raise ZhibuError("工委没有收到这个附件的文件内容（支部报送时可能未附带）。")
    return bytes(data)
