"""Worker side of the 报送 page: everything the page shows, read in one call through ``ws.sync``.

Only the public contract of :mod:`desktop.sync.api`; nothing from Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from desktop.sync.api import AckState, BranchIdentity, BundleRow, TrustedCommittee

if TYPE_CHECKING:  # pragma: no cover
    from desktop.workspace import Workspace


@dataclass(frozen=True)
class SyncOverview:
    identity: BranchIdentity
    committee: TrustedCommittee | None
    ack: AckState
    bundles: list[BundleRow]


def load_overview(ws: Workspace) -> SyncOverview:
    sync = ws.sync
    identity = sync.identity()  # creates the branch id and key pair on first use
    return SyncOverview(identity, sync.committee(), sync.ack_state(), list(sync.bundles()))


def receipt_text(row: BundleRow) -> str:
    from ui.display import fmt_date

    if row.acknowledged:
        return f"已确认 {fmt_date(row.received_at)}" if row.received_at else "已确认"
    return "等待回执"


@dataclass(frozen=True)
class AckView:
    """What a record list needs to mark records the committee holds: chain entries with seq ≤ ``length`` are
    acknowledged; ``steps`` (ledger length, committee time) say from which receipt on (the earliest covering)."""

    length: int
    received_at: object  # datetime | None, of the latest receipt
    steps: tuple = ()
    reviews: dict = field(default_factory=dict)  # (record_type, record_id) -> the latest committee Review

    def confirmed(self, ledger_seq: int | None):
        """The committee time the entry was first confirmed at (a datetime), True when held but undated, or None."""
        if not ledger_seq or ledger_seq > self.length:
            return None
        for length, when in self.steps:
            if ledger_seq <= length and when is not None:
                return when
        return self.received_at or True


def load_ack(ws: Workspace) -> AckView:
    sync = ws.sync
    ack = sync.ack_state()
    steps = sorted((b.ledger_length, b.received_at) for b in sync.bundles() if b.acknowledged and b.received_at)
    reviews = {}
    for r in ws.reviews.list():  # newest first: the first one per record is its current verdict
        if r.record_type and r.record_id is not None:
            reviews.setdefault((r.record_type, r.record_id), r)
    return AckView(ack.acknowledged_length, ack.received_at, tuple(steps), reviews)


def review_text(ack: AckView | None, record_type: str, record_id: int) -> tuple[str, str]:
    """The committee's 审阅 of a record as a list shows it: ("工委退回：意见", tooltip) or ("工委已审阅通过", …),
    ("", "") when none. A 退回 answered by a 更正 or 补充说明 says so."""
    r = ack.reviews.get((record_type, record_id)) if ack is not None else None
    if r is None:
        return "", ""
    from ui.display import fmt_date

    when = f"工委{fmt_date(r.reviewed_at)}审阅"
    if r.verdict == "pass":
        return "工委已审阅通过", f"{when}：通过" + (f"。意见：{r.opinion}" if r.opinion else "")
    if r.answered:
        return f"工委退回（已{r.answer.split('：')[0]}）", f"{when}：退回。意见：{r.opinion}\n支部已{r.answer}"
    return f"工委退回：{r.opinion}", f"{when}：退回。意见：{r.opinion}\n请打开记录添加更正或补充说明。"


def ack_text(status_value: str, ledger_seq: int | None, ack: AckView | None) -> str:
    """The 报送 state of a finalized record: "已报送 · 工委已确认 2026年12月4日", "待工委确认", or "" (drafts)."""
    if ack is None or status_value == "draft" or not ledger_seq:
        return ""
    when = ack.confirmed(ledger_seq)
    if when is None:
        return "待工委确认" if status_value == "final" else ""
    from ui.display import fmt_date

    return "已报送 · 工委已确认" + (f" {fmt_date(when)}" if when is not True else "")
