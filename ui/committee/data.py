"""Worker side of the committee pages: reads through ``ws.committee`` (:class:`desktop.sync.api.CommitteeDesk`)
and the texts every committee page shows the same way. Nothing from Qt."""

from __future__ import annotations

from dataclasses import dataclass

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
