"""Worker functions of the 党费 page: each returns plain data (the service's frozen views) for one screen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dataclasses import dataclass, field
from datetime import date

from desktop.changes import mutates
from desktop.errors import ZhibuError

if TYPE_CHECKING:
    from desktop.workspace import Workspace


@dataclass(frozen=True)
class DuesData:
    year: int
    month: int
    at: date
    sheet: object  # MonthlySheet
    arrears: tuple  # ArrearsView, …
    summary: object  # YearSummary
    payments: tuple  # PaymentView of the year, newest first
    members: tuple  # (id, name) of members who can pay: in the branch, or with arrears
    years: tuple[int, ...]  # years with a base, and this year


def load_dues(ws: Workspace, year: int, month: int, at: date | None = None) -> DuesData:
    at = at or date.today()
    arrears = tuple(ws.dues.arrears(at))
    owing = {a.member_id for a in arrears}
    members = tuple((m.id, m.name) for m in ws.members.list(include_left=True) if m.active or m.id in owing)
    years = sorted({b.year for b in ws.dues.bases()} | {at.year, year}, reverse=True)
    payments = tuple(sorted(ws.dues.payments(year=year), key=lambda p: (p.paid_on, p.id), reverse=True))
    return DuesData(year, month, at, ws.dues.monthly_sheet(year, month), arrears, ws.dues.year_summary(year, at),
                    payments, members, tuple(years))


@dataclass(frozen=True)
class MemberDues:
    """What the payment dialog needs for one member: the monthly amount per year and the months paid."""

    member_id: int
    name: str
    monthly: dict = field(hash=False)  # year -> monthly fen (years with a base)
    paid: frozenset = frozenset()  # (year, month) already covered
    arrears: tuple = ()  # (year, month) ended and unpaid
    joined_on: date | None = None
    left_on: date | None = None


def load_member_dues(ws: Workspace, member_id: int, at: date | None = None) -> MemberDues:
    at = at or date.today()
    member = ws.members.get(member_id)
    monthly = {b.year: b.monthly_fen for b in ws.dues.bases(member_id=member_id)}
    paid = frozenset(m for p in ws.dues.payments(member_id=member_id) for m in p.months)
    arrears = next((a.months for a in ws.dues.arrears(at) if a.member_id == member_id), ())
    return MemberDues(member_id, member.name, monthly, paid, tuple(arrears), member.joined_on, member.left_on)


@dataclass(frozen=True)
class BaseRow:
    member_id: int
    name: str
    base: object | None  # BaseView of the year, if fixed
    last_year: object | None  # BaseView of the year before (to copy from)


def load_bases(ws: Workspace, year: int) -> list[BaseRow]:
    """Members who belonged to the branch at some time in ``year``, with their base of the year (if any)."""
    this = {b.member_id: b for b in ws.dues.bases(year=year)}
    last = {b.member_id: b for b in ws.dues.bases(year=year - 1)}
    rows = []
    for m in ws.members.list(include_left=True):
        in_year = m.joined_on.year <= year and (m.left_on is None or m.left_on.year >= year)
        if in_year or m.id in this:
            rows.append(BaseRow(m.id, m.name, this.get(m.id), last.get(m.id)))
    return rows


@mutates("dues")
def save_bases(ws: Workspace, year: int, entries: list[tuple[int, str, str]]) -> tuple[int, dict[int, str]]:
    """Fix each (member_id, base text, category); returns (number saved, {member_id: error message})."""
    saved, errors = 0, {}
    for member_id, base_text, category in entries:
        try:
            ws.dues.set_base(member_id, year, base_text, category)
            saved += 1
        except ZhibuError as exc:
            errors[member_id] = str(exc)
    return saved, errors
