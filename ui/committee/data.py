"""Worker side of the committee pages: reads through ``ws.committee`` (:class:`desktop.sync.api.CommitteeDesk`)
and the texts every committee page shows the same way. Nothing from Qt."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desktop.sync.api import BranchRow, ImportOutcome, KeyInfo

STATUS_TEXT = {"accepted": "已接收", "already": "已导入过", "pending": "待确认登记", "rejected": "已拒绝"}
STATUS_COLOR = {"accepted": "#2e7d32", "already": "#6b6b6b", "pending": "#8a5a00", "rejected": "#b3261e"}


@dataclass(frozen=True)
class BranchesData:
    info: KeyInfo
    branches: list[BranchRow]


def load_branches(ws) -> BranchesData:
    desk = ws.committee
    return BranchesData(desk.info(), sorted(desk.branches(), key=lambda b: (b.enrolled, b.name)))


def enrolment_text(row: BranchRow) -> str:
    return "已登记" if row.enrolled else "待确认登记"


def summary(outcomes: list[ImportOutcome]) -> str:
    """"共 5 个文件：已接收 3 个，已拒绝 1 个，…" in a fixed order."""
    counts = {k: sum(1 for o in outcomes if o.status == k) for k in STATUS_TEXT}
    parts = [f"{STATUS_TEXT[k]} {n} 个" for k, n in counts.items() if n]
    return f"共 {len(outcomes)} 个文件：" + "，".join(parts) + "。" if outcomes else "没有选择文件。"


# ---- the branch view (worker side) -----------------------------------------------------------------------------
@dataclass(frozen=True)
class BranchViewData:
    branch: BranchRow
    unit: str
    records: list  # HeldRecordRow
    roster: list  # dicts, ID numbers masked
    status: object  # BranchCompliance of this year, or None
    rules: tuple  # RuleColumn of the year
    reviews: list  # Review given to this branch


def load_branch_view(ws, branch_id: str, year: int | None = None) -> BranchViewData:
    from desktop.committee import branch_view

    branch = next((b for b in ws.committee.branches() if b.branch_id == branch_id), None)
    if branch is None:
        from desktop.errors import ZhibuError

        raise ZhibuError("工委没有这个支部的数据。请刷新后重试。")
    table = ws.oversight.compliance(year)
    row = next((b for b in table.branches if b.branch_id == branch_id), None)
    return BranchViewData(branch, row.unit if row else "", ws.oversight.records(branch_id),
                          branch_view.roster(ws, branch_id), row, table.rules, ws.oversight.reviews(branch_id))


def save_record(ws, branch_id: str, record_type: str, record_id: int, out: Path) -> Path:
    """The record's document as the branch prints it, marked 工委留存, to ``out`` (.pdf or .docx)."""
    from desktop.committee.printing import record_document
    from desktop.documents.render import render

    return render(record_document(ws, branch_id, record_type, record_id), out)


def save_attachment(ws, sha256: str, out: Path) -> Path:
    from desktop.committee.branch_view import attachment
    from desktop.storage import atomic

    atomic.write_bytes(out, attachment(ws, sha256))
    return out


# ---- 总览 (worker side) ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class OverviewData:
    branches: list  # BranchRow
    table: object  # ComplianceTable of this year
    alerts: list  # IntegrityAlert, most serious first
    reviews: list  # Review


def load_overview(ws) -> OverviewData:
    return OverviewData(ws.committee.branches(), ws.oversight.compliance(), ws.oversight.alerts(),
                        ws.oversight.reviews())
