"""Demo 党费 and 发展党员 data for the demo branch (fictional, deterministic for a given ``rng``).

Call ``add_demo_recruits`` before ``add_demo_dues``: the recruit approved as 预备党员 joins the roster and then
gets dues bases like everyone else.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from desktop.domain import dues_rules as R
from desktop.domain.recruitment_rules import add_months
from desktop.storage.models import Member


def add_demo_dues(ws, today: date, rng: random.Random) -> None:
    """Bases for the last three years for every member; payments mostly on time, some by a proxy; one member
    3 months behind (warning) and one 7 months behind (critical alert)."""
    from desktop.services.dues import stays

    first = (today.year - 2, 1)
    last = R.month_at(R.month_index(R.month_of(today)) - 1)  # the last month that has ended
    with ws.session() as s:
        members = s.scalars(select(Member).options(selectinload(Member.events))
                            .order_by(Member.roster_order, Member.id)).all()
        plans = [(m.id, m.name, m.birth_date, R.payable_months(stays(m), first, (today.year, 12)),
                  R.owed_months(stays(m), first, last)) for m in members]
    monthly: dict[tuple[int, int], int] = {}
    for member_id, _, birth, payable, _ in plans:
        salary = rng.randrange(380, 1150) * 10
        for year in sorted({y for y, _ in payable}):
            retired = year - birth.year >= 60
            base = salary * 7 // 10 if retired else salary
            view = ws.dues.set_base(member_id, year, str(base), category="retired" if retired else "employed")
            monthly[(member_id, year)] = view.monthly_fen
            salary = salary * 103 // 1000 * 10  # a yearly raise, rounded to 10 元
    current = [p for p in plans if p[4] and p[4][-1] == last]
    settled = [p for p in current if len(p[4]) >= 12]  # long enough in the branch to be 7 months behind
    behind = {}
    if len(settled) >= 2:
        picked = rng.sample(settled, 2)
        behind = {picked[0][0]: 7, picked[1][0]: 3}
    names = [p[1] for p in current]
    for member_id, name, _, _, owed in plans:
        months = owed[:len(owed) - behind.get(member_id, 0)]
        i = 0
        while i < len(months):
            size = rng.choices((1, 2, 3, 6), weights=(6, 2, 3, 1))[0]
            chunk = _consecutive(months[i:i + size])
            i += len(chunk)
            paid_on = _pay_day(chunk[-1], today, rng)
            due = sum(monthly[(member_id, y)] for y, _ in chunk)
            proxy = rng.choice([n for n in names if n != name]) if rng.random() < 0.1 and len(names) > 1 else None
            ws.dues.record_payment(member_id, paid_on, R.format_yuan(due), chunk, proxy=proxy)


def _consecutive(months: list) -> list:
    out = months[:1]
    for m in months[1:]:
        if R.month_index(m) != R.month_index(out[-1]) + 1:
            break
        out.append(m)
    return out


def _pay_day(month, today: date, rng: random.Random) -> date:
    """Mostly within the month (5th–25th), sometimes the first days of the next one; never after today."""
    year, mon = month
    day = date(year, mon, rng.randint(5, 25))
    if rng.random() < 0.2:
        day = add_months(date(year, mon, 1), 1) + timedelta(days=rng.randint(0, 6))
    return min(day, today)


def add_demo_recruits(ws, today: date, rng: random.Random) -> None:
    """Four people at different stages: a fresh applicant (talk due soon), an activist whose half-yearly review is
    overdue, a 发展对象 ready for the assembly, and a 预备党员 (admitted, approved, now on the roster)."""
    rs = ws.recruitment
    active = {m.id for m in ws.members.list(order="roster")}
    full = [m for m in ws.members.roster_on(today - timedelta(days=4 * 365), order="roster")
            if m.status.value == "full" and m.id in active]  # in the branch and full for the whole story
    if len(full) < 3:
        return
    contact, intro1, intro2 = rng.sample(full, 3)

    def born() -> date:
        return date(rng.randint(1994, 2002), rng.randint(1, 12), rng.randint(1, 28))

    applicant = rs.add("陆思远", "男", born(), today - timedelta(days=20), unit="市直机关示范局", position="办公室科员",
                       education="大学本科")
    assert applicant.next_step == "talked"

    activist = rs.add("苏晓雯", "女", born(), today - timedelta(days=430), unit="市直机关示范局",
                      position="财务科科员", education="研究生")
    rs.record_step(activist.id, "talked", today - timedelta(days=412))
    rs.record_step(activist.id, "activist", today - timedelta(days=300), contacts=[contact.id])  # review overdue

    candidate = rs.add("贺文博", "男", born(), add_months(today, -36), unit="市直机关示范局", position="信息中心工程师",
                       education="大学本科")
    start = add_months(today, -36)
    rs.record_step(candidate.id, "talked", start + timedelta(days=14))
    activist_on = add_months(today, -30)
    rs.record_step(candidate.id, "activist", activist_on, contacts=[contact.id])
    for k in (1, 2, 3):
        rs.record_step(candidate.id, "review", add_months(activist_on, 6 * k) - timedelta(days=3))
    rs.record_step(candidate.id, "candidate", add_months(activist_on, 18), introducers=[intro1.id, intro2.id])
    rs.record_step(candidate.id, "political_review", add_months(activist_on, 19))
    rs.record_step(candidate.id, "training", add_months(activist_on, 20), days=3, hours=24)

    probationary = rs.add("龙欣然", "女", born(), add_months(today, -44), unit="市直机关示范局",
                          position="行政审批科科员", education="大学本科")
    start = add_months(today, -44)
    rs.record_step(probationary.id, "talked", start + timedelta(days=10))
    activist_on = add_months(start, 2)
    rs.record_step(probationary.id, "activist", activist_on, contacts=[contact.id, intro1.id])
    for k in (1, 2, 3):
        rs.record_step(probationary.id, "review", add_months(activist_on, 6 * k) - timedelta(days=5))
    candidate_on = add_months(activist_on, 18)
    rs.record_step(probationary.id, "candidate", candidate_on, introducers=[intro1.id, intro2.id])
    rs.record_step(probationary.id, "political_review", add_months(candidate_on, 1))
    rs.record_step(probationary.id, "training", add_months(candidate_on, 2), days=3)
    assembly = add_months(today, -8)
    rs.record_step(probationary.id, "admitted", assembly, votes_for=len(full), votes_against=0, votes_abstain=0)
    rs.record_step(probationary.id, "approved", add_months(assembly, 1) + timedelta(days=6))
