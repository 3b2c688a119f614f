"""审阅: the committee marks a record (or a branch's period) 通过 or 退回 with an opinion.

A review is the committee's own data, never an edit of a branch record. It travels back inside the next
receipt the committee signs for that branch (``reviews`` in the receipt body, covered by the signature), so the
branch keeps it in its chain with the receipt. A 退回 record stays open on both sides until the branch adds a
更正 or a 补充说明 to it after the review: the branch sees that from its own chain, the committee from the
amendment in a later bundle.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import ValidationError
from desktop.storage.models_committee import CommitteeReview

VERDICTS = {"pass": "通过", "return": "退回"}
WIRE_FIELDS = {"id", "record_type", "record_id", "record_hash", "period", "verdict", "opinion", "reviewed_at"}
MAX_OPINION = 500


@dataclass(frozen=True)
class Review:
    """A review as either side shows it."""

    id: int
    branch_id: str
    record_type: str  # "" for a period review
    record_id: int | None
    record_hash: str
    period: str
    verdict: str  # pass | return
    opinion: str
    reviewed_at: datetime
    title: str = ""  # the record's title (or the period)
    answered: bool = False  # a 退回 answered by a 更正 or 补充说明 after the review
    answer: str = ""  # "更正：…" / "补充说明：…"
    delivered: bool = False  # committee side: carried by a receipt

    @property
    def verdict_label(self) -> str:
        return VERDICTS[self.verdict]

    @property
    def open(self) -> bool:
        """A returned record waits for a 更正 or 补充说明 (a returned period is the committee's remark only)."""
        return self.verdict == "return" and bool(self.record_type) and not self.answered

    def line(self) -> str:
        """工委退回：“2026年3月支部委员会会议”— 意见：… (the branch dashboard line)."""
        what = f"“{self.title}”" if self.title else period_label(self.period)
        sep = "" if self.opinion[-1:] in "。！？；.!?;" else "，"  # an opinion that ends its sentence: no "。，"
        tail = f"（已{self.answer.split('：')[0]}）" if self.answered else (f"{sep}请更正或补充说明" if self.open else "")
        return f"工委{self.verdict_label}：{what} — 意见：{self.opinion or '无'}{tail}"


def period_label(period: str) -> str:
    from desktop.rules.periods import parse_label

    try:
        return parse_label(period).label_cn if period else ""
    except ValueError:
        return period


def check_opinion(verdict: str, opinion: str) -> str:
    if verdict not in VERDICTS:
        raise ValidationError("审阅结论只能是“通过”或“退回”。", "verdict")
    opinion = (opinion or "").strip()
    if verdict == "return" and not opinion:
        raise ValidationError("退回时请填写审阅意见，说明需要支部更正或补充什么。", "opinion")
    if len(opinion) > MAX_OPINION:
        raise ValidationError(f"审阅意见不能超过{MAX_OPINION}字。", "opinion")
    return opinion


def to_wire(r: CommitteeReview) -> dict:
    return {"id": r.id, "record_type": r.record_type, "record_id": r.record_id, "record_hash": r.record_hash,
            "period": r.period, "verdict": r.verdict, "opinion": r.opinion,
            "reviewed_at": r.reviewed_at.replace(microsecond=0).isoformat()}


def check_wire(x) -> dict:
    """Strict shape of one review inside a receipt (raises AssertionError/ValueError for the receipt parser)."""
    assert isinstance(x, dict) and set(x) == WIRE_FIELDS
    assert type(x["id"]) is int and x["verdict"] in VERDICTS
    assert x["record_id"] is None or type(x["record_id"]) is int
    assert all(isinstance(x[k], str) for k in ("record_type", "record_hash", "period", "opinion"))
    assert len(x["opinion"]) <= MAX_OPINION and len(x["record_type"]) <= 32 and len(x["period"]) <= 10
    datetime.fromisoformat(x["reviewed_at"])
    return x


def for_receipt(session: Session, branch_id: str, bundle_seq: int) -> tuple[dict, ...]:
    """Reviews not yet carried by a receipt; they are marked as carried by this bundle's receipt."""
    rows = session.scalars(select(CommitteeReview).where(CommitteeReview.branch_id == branch_id,
                                                         CommitteeReview.sent_in_seq.is_(None))
                           .order_by(CommitteeReview.id)).all()
    for r in rows:
        r.sent_in_seq = bundle_seq
    return tuple(to_wire(r) for r in rows)


def from_wire(branch_id: str, x: dict, title: str = "", answered: bool = False, answer: str = "") -> Review:
    return Review(x["id"], branch_id, x["record_type"], x["record_id"], x["record_hash"], x["period"], x["verdict"],
                  x["opinion"], datetime.fromisoformat(x["reviewed_at"]), title, answered, answer, True)


def dumps(reviews) -> str:
    return json.dumps(list(reviews), ensure_ascii=False)
