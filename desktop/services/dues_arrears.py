"""党费 arrears as of a day, read with SQL aggregates (the 首页 and ``status`` ask for them on every load).

Per member and year the covered months come back as one 12-bit mask (``SUM(1 << (month - 1))``; a month is
unique per member, so the sum is the bitwise union), the bases as plain (member, year, monthly) rows and the
last payment day as ``MAX(paid_on)``: a few hundred small rows instead of an ORM object per payment and per
month. The reading of the months owed is :mod:`desktop.domain.dues_rules`' own, the same as the sheets'.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from desktop.domain import dues_rules as R
from desktop.domain.dues_rules import Month
from desktop.storage.models import Member, MembershipEvent
from desktop.storage.models_dues import DuesBase, DuesPayment


@dataclass(frozen=True)
class ArrearsView:
    member_id: int
    member_name: str
    months: tuple[Month, ...]  # ended, owed, not covered, with a base
    months_text: str
    amount_fen: int
    amount_yuan: str
    longest_run: int  # longest stretch of consecutive unpaid months
    missing_base_years: tuple[int, ...]  # owed years with no base fixed (amount unknown)
    last_paid_on: date | None


_COVERED = text("SELECT member_id, year, SUM(1 << (month - 1)) FROM dues_payment_month "
                "WHERE year BETWEEN :first AND :last GROUP BY member_id, year")


def stays_from(joined_on: date, events) -> list[R.Span]:
    """Stays from ``(on, id, kind)`` membership events, read like ``services.members.belongs_on``."""
    timeline = sorted((on, eid or 0, kind) for on, eid, kind in events if kind.enters or kind.leaves)
    entries = [(on, kind.enters, kind.value == "transfer_in") for on, _, kind in timeline]
    if not any(enters for _, enters, _ in entries):
        entries.insert(0, (joined_on, True, False))
    return R.spans(entries)


def arrears_on(s: Session, on: date) -> list[ArrearsView]:
    """Members with ended, uncovered months (or owed years without a base) as of ``on``, in roster order."""
    last = R.month_at(R.month_index(R.month_of(on)) - 1)
    # Core selects of columns: the 首页 and ``status`` configure no ORM mappers for them
    b, p, e, m = DuesBase.__table__, DuesPayment.__table__, MembershipEvent.__table__, Member.__table__
    first_year = s.scalar(select(func.min(b.c.year)))
    if first_year is None or R.month_index(last) < R.month_index((first_year, 1)):
        return []  # tracking has not begun: nothing is owed yet
    bases = {(mid, year): monthly for mid, year, monthly in
             s.execute(select(b.c.member_id, b.c.year, b.c.monthly_fen))}
    covered = {(mid, year): mask for mid, year, mask in s.execute(_COVERED, {"first": first_year, "last": last[0]})}
    last_paid = dict(s.execute(select(p.c.member_id, func.max(p.c.paid_on))
                               .where(p.c.paid_on <= on).group_by(p.c.member_id)).all())
    events = defaultdict(list)
    for mid, day, eid, kind in s.execute(select(e.c.member_id, e.c.on, e.c.id, e.c.kind)):
        events[mid].append((day, eid, kind))
    out = []
    for mid, name, joined_on in s.execute(select(m.c.id, m.c.name, m.c.joined_on).order_by(m.c.roster_order, m.c.id)):
        unpaid, missing, total = [], set(), 0
        for year, month in R.owed_months(stays_from(joined_on, events[mid]), (first_year, 1), last):
            if covered.get((mid, year), 0) >> (month - 1) & 1:
                continue
            monthly = bases.get((mid, year))
            if monthly is None:
                missing.add(year)
            elif monthly > 0:
                unpaid.append((year, month))
                total += monthly
        if unpaid or missing:
            out.append(ArrearsView(mid, name, tuple(unpaid), R.months_text(unpaid), total, R.format_yuan(total),
                                   max((len(r) for r in R.runs(unpaid)), default=0), tuple(sorted(missing)),
                                   last_paid.get(mid)))
    return out
