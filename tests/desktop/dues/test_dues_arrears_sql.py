"""Arrears and alerts read with SQL aggregates answer exactly what the per-month ORM reading answered.

``reference_arrears`` is the previous implementation (every member, base, payment and covered month loaded as
ORM objects), kept here verbatim as the oracle: the new reading must agree with it on the demo book and on
randomly generated books (transfers in and out, re-joining, years without a base, zero bases, months paid
outside membership), on many days.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from desktop.domain import dues_rules as R
from desktop.domain.dues_rules import DuesCategory
from desktop.domain.enums import MembershipEventKind as K
from desktop.services.dues import ArrearsView, _Book
from desktop.storage.models import Member, MembershipEvent
from desktop.storage.models_dues import DuesBase, DuesPayment, DuesPaymentMonth


def _old_stays(m):
    timeline = sorted((e.on, e.id or 0, e.kind) for e in m.events if e.kind.enters or e.kind.leaves)
    entries = [(on, kind.enters, kind.value == "transfer_in") for on, _, kind in timeline]
    if not any(enters for _, enters, _ in entries):
        entries.insert(0, (m.joined_on, True, False))
    return R.spans(entries)


def reference_arrears(ws, on: date) -> list[ArrearsView]:
    last = R.month_at(R.month_index(R.month_of(on)) - 1)
    with ws.session() as s:
        book = _Book(s)
        last_paid = dict(s.execute(select(DuesPayment.member_id, func.max(DuesPayment.paid_on))
                                   .where(DuesPayment.paid_on <= on).group_by(DuesPayment.member_id)).all())
        out = []
        for m in book.members:
            unpaid, missing, total = [], set(), 0
            owed = [] if book.first_year is None or R.month_index(last) < R.month_index((book.first_year, 1)) \
                else R.owed_months(_old_stays(m), (book.first_year, 1), last)
            for month in owed:
                if month in book.covered[m.id]:
                    continue
                base = book.bases.get((m.id, month[0]))
                if base is None:
                    missing.add(month[0])
                elif base.monthly_fen > 0:
                    unpaid.append(month)
                    total += base.monthly_fen
            if unpaid or missing:
                out.append(ArrearsView(m.id, m.name, tuple(unpaid), R.months_text(unpaid), total,
                                       R.format_yuan(total), max((len(r) for r in R.runs(unpaid)), default=0),
                                       tuple(sorted(missing)), last_paid.get(m.id)))
        return out


def _random_book(ws, rng: random.Random, members: int = 14, years: tuple[int, int] = (2019, 2026)) -> None:
    now = datetime(2026, 1, 1)
    first, last = years
    with ws.session() as s:
        people = []
        for i in range(members):
            joined = date(first - 2 + rng.randrange(0, 8), rng.randrange(1, 13), rng.randrange(1, 29))
            m = Member(name=f"成员{i:02d}", gender="男", birth_date=date(1980, 1, 1), joined_on=joined,
                       roster_order=rng.randrange(0, 5), created_at=now, updated_at=now)
            day, inside = joined, True
            shape = rng.random()
            if shape < 0.3:  # came by transfer
                m.events.append(MembershipEvent(kind=K.TRANSFER_IN, on=joined, created_at=now))
            elif shape < 0.9:
                m.events.append(MembershipEvent(kind=K.JOINED, on=joined, created_at=now))
            for _ in range(rng.randrange(0, 4)):  # leaving and coming back
                day += timedelta(days=rng.randrange(40, 900))
                kind = rng.choice((K.TRANSFER_OUT, K.LEFT)) if inside else rng.choice((K.TRANSFER_IN, K.JOINED))
                m.events.append(MembershipEvent(kind=kind, on=day, created_at=now))
                inside = not inside
                if rng.random() < 0.15:  # a same-day pair
                    m.events.append(MembershipEvent(kind=K.GROUP_CHANGED, on=day, created_at=now))
            people.append(m)
        s.add_all(people)
        s.flush()
        for m in people:
            for year in range(first, last + 1):
                if rng.random() < 0.85:
                    monthly = 0 if rng.random() < 0.05 else rng.choice((2000, 9750, 15000))
                    s.add(DuesBase(member_id=m.id, year=year, category=DuesCategory.EMPLOYED, base_fen=monthly * 60,
                                   rate_bp=150, monthly_fen=monthly, created_at=now, updated_at=now))
            for year in range(first, last + 1):
                for month in range(1, 13):
                    if rng.random() < 0.8:
                        paid = date(year, month, 1) + timedelta(days=rng.randrange(0, 80))
                        p = DuesPayment(member_id=m.id, paid_on=paid, amount_fen=100, created_at=now)
                        p.months.append(DuesPaymentMonth(member_id=m.id, year=year, month=month, due_fen=100,
                                                         paid_fen=100))
                        s.add(p)


def _days(rng: random.Random, first: int, last: int, n: int) -> list[date]:
    fixed = [date(first, 1, 1), date(first, 1, 31), date(first, 2, 1), date(last, 12, 31), date(last + 1, 3, 1),
             date(first - 1, 6, 1)]
    return fixed + [date(first, 1, 1) + timedelta(days=rng.randrange(0, 365 * (last - first + 1))) for _ in range(n)]


def test_same_arrears_and_alerts_on_generated_books(ws):
    rng = random.Random(13)
    _random_book(ws, rng, members=10, years=(2021, 2026))
    checked = 0
    for on in _days(rng, 2021, 2026, 14):
        expected = reference_arrears(ws, on)
        assert ws.dues.arrears(on) == expected, on
        checked += bool(expected)
    assert checked > 12  # the days asked about really have arrears to compare


def test_same_alerts_as_the_reference_reading(ws):
    """The alerts are built from the arrears; spot-check that they still carry the same months and amounts."""
    rng = random.Random(7)
    _random_book(ws, rng, members=8, years=(2022, 2025))
    on = date(2025, 7, 10)
    alerts = ws.dues.alerts(on)
    ref = {a.member_id: a for a in reference_arrears(ws, on)}
    assert alerts and all(ref[a.member_id].member_name == a.member_name for a in alerts)
    for a in alerts:
        if a.kind != "dues_base_missing":
            assert a.months == ref[a.member_id].longest_run and ref[a.member_id].months_text in a.message


def test_no_bases_means_no_arrears(ws):
    _random_book(ws, random.Random(3), members=3)
    with ws.session() as s:
        s.query(DuesBase).delete()
    assert ws.dues.arrears(date(2025, 1, 1)) == reference_arrears(ws, date(2025, 1, 1)) == []


def test_same_arrears_on_the_demo_book(demo_ws):
    today = date.today()
    for on in (today, today - timedelta(days=200), today.replace(day=1), date(today.year - 2, 1, 15),
               date(today.year - 1, 12, 31)):
        assert demo_ws.dues.arrears(on) == reference_arrears(demo_ws, on), on
    assert demo_ws.dues.arrears(today)  # the demo promises members in arrears
