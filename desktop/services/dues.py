"""党费: yearly bases, payments with the months they cover, arrears, alerts and the yearly and monthly sheets.

A month is *owed* by a member who belonged to the branch on at least one of its days (from the month of
入党 — probationary members pay from the assembly's admission date — through the month of leaving; after a
转入 from the following month). Tracking starts with the earliest year that has any base in the book. A month
is *in arrears* once it has ended without being covered by a payment. Money is integer fen throughout.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from desktop.changes import mutates
from desktop.domain import dues_rules as R
from desktop.domain.dues_rules import DuesCategory, DuesQuote, Month
from desktop.errors import NotFound, ValidationError
from desktop.services.dues_arrears import ArrearsView, arrears_on, stays_from
from desktop.storage.models import Member
from desktop.storage.models_dues import DuesBase, DuesPayment, DuesPaymentMonth


def _today() -> date:
    return date.today()


def cn(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


@dataclass(frozen=True)
class BaseView:
    member_id: int
    member_name: str
    year: int
    category: DuesCategory
    category_label: str
    base_fen: int
    base_yuan: str
    rate_label: str
    rate_bp: int | None
    monthly_fen: int
    monthly_yuan: str
    rules_version: str
    note: str


@dataclass(frozen=True)
class PaymentView:
    id: int
    member_id: int
    member_name: str
    paid_on: date
    amount_fen: int
    amount_yuan: str
    months: tuple[Month, ...]
    months_text: str
    due_fen: int  # what the covered months were due
    difference_fen: int  # amount − due (non-zero only with allow_difference)
    proxy: str
    note: str
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Alert:
    kind: str  # "dues_unpaid_critical" | "dues_arrears" | "dues_base_missing"
    severity: str  # "critical" | "warning"
    member_id: int
    member_name: str
    message: str
    months: int = 0
    source: str = ""


@dataclass(frozen=True)
class YearRow:
    member_id: int
    member_name: str
    category_label: str
    base_fen: int | None
    rate_label: str
    monthly_fen: int | None
    months_owed: int
    due_fen: int  # the whole year's due (months with a base)
    paid_fen: int  # money received for this year's months
    arrears_fen: int  # ended, uncovered months as of the summary day
    arrears_months: tuple[Month, ...]


@dataclass(frozen=True)
class YearSummary:
    year: int
    at: date
    rows: tuple[YearRow, ...]
    due_fen: int
    paid_fen: int
    arrears_fen: int


@dataclass(frozen=True)
class SheetRow:
    member_id: int
    member_name: str
    category_label: str
    base_fen: int | None
    rate_label: str
    due_fen: int | None
    paid_fen: int
    paid_on: date | None
    proxy: str
    status: str  # "paid" | "unpaid" | "no_base" | "extra" (paid a month not owed, e.g. the 转入 month)
    status_label: str


@dataclass(frozen=True)
class MonthlySheet:
    year: int
    month: int
    rows: tuple[SheetRow, ...]
    due_fen: int
    paid_fen: int
    paid_count: int
    unpaid_count: int


_STATUS = {"paid": "已交", "unpaid": "未交", "no_base": "未核定基数", "extra": "已交（非应交月）"}


class _Book:
    """Everything the arrears and sheets need, read once per call."""

    def __init__(self, s: Session):
        self.members = s.scalars(select(Member).options(selectinload(Member.events))
                                 .order_by(Member.roster_order, Member.id)).all()
        self.bases = {(b.member_id, b.year): b for b in s.scalars(select(DuesBase))}
        self.covered: dict[int, dict[Month, DuesPaymentMonth]] = defaultdict(dict)
        for pm in s.scalars(select(DuesPaymentMonth).options(selectinload(DuesPaymentMonth.payment))):
            self.covered[pm.member_id][(pm.year, pm.month)] = pm
        self.first_year = min((year for _, year in self.bases), default=None)

    def owed(self, m: Member, last: Month) -> list[Month]:
        if self.first_year is None or R.month_index(last) < R.month_index((self.first_year, 1)):
            return []
        return R.owed_months(stays(m), (self.first_year, 1), last)


def stays(m: Member) -> list[R.Span]:
    """The member's stays in the branch, read from membership events like ``services.members.belongs_on``."""
    return stays_from(m.joined_on, ((e.on, e.id, e.kind) for e in m.events))


class DuesService:
    def __init__(self, ws, rules: R.DuesRules | None = None):
        self.ws = ws
        self.rules = rules or R.load_rules()

    # ---- rates ------------------------------------------------------------------------------
    def calc(self, base_yuan, *, retired: bool = False, student: bool = False, category=None) -> DuesQuote:
        """The rate and monthly amount for a base in 元 (no book needed)."""
        cat = R.category_of(retired=retired, student=student, category=category)
        return R.quote(R.parse_yuan(base_yuan, label="党费基数"), cat, self.rules)

    # ---- members ----------------------------------------------------------------------------
    def _member(self, s: Session, member_id: int) -> Member:
        m = s.get(Member, member_id)
        if m is None:
            raise NotFound(f"找不到编号为 {member_id} 的党员，请先在“党员”中查看编号。")
        return m

    def resolve_member(self, ref) -> int:
        """A member id from an id or an exact name; an ambiguous name lists the candidates."""
        text = str(ref).strip()
        with self.ws.session() as s:
            if text.isdigit():
                return self._member(s, int(text)).id
            found = s.scalars(select(Member).where(Member.name == text).order_by(Member.id)).all()
        if not found:
            raise NotFound(f"找不到名为“{text}”的党员，请核对姓名或改用编号。")
        if len(found) > 1:
            ids = "、".join(f"{m.id}（{m.birth_date:%Y年%m月}生）" for m in found)
            raise ValidationError(f"有{len(found)}名党员都叫“{text}”，请改用编号：{ids}。", "member")
        return found[0].id

    # ---- bases ------------------------------------------------------------------------------
    @mutates("dues")
    def set_base(self, member_id: int, year: int, base_yuan, category="employed", note: str = "") -> BaseView:
        """Fix (or correct) the member's base for a year; rate and monthly amount are fixed with it."""
        cat = R.category_of(category=category)
        fen = R.parse_yuan(base_yuan, label="党费基数")
        if not isinstance(year, int) or not 1949 <= year <= _today().year + 1:
            raise ValidationError(f"年度“{year}”无效，请填写四位年份（不晚于明年）。", "year")
        q = R.quote(fen, cat, self.rules)
        now = datetime.now()
        with self.ws.session() as s:
            m = self._member(s, member_id)
            if not R.payable_months(stays(m), (year, 1), (year, 12)):
                raise ValidationError(f"{m.name}在{year}年不是本支部党员，不能核定该年的党费基数。", "year")
            row = s.scalar(select(DuesBase).where(DuesBase.member_id == member_id, DuesBase.year == year))
            if row is None:
                row = DuesBase(member_id=member_id, year=year, created_at=now)
                s.add(row)
            elif (row.base_fen, row.category) != (fen, cat):
                self.ws.audit("dues_base_correct", f"{m.name} {year}年党费基数由{R.format_yuan(row.base_fen)}元"
                              f"（{row.category.label}）改为{q.base_yuan}元（{cat.label}）", session=s)
            row.category, row.base_fen, row.rate_bp, row.monthly_fen = cat, fen, q.rate_bp, q.monthly_fen
            row.rules_version, row.note, row.updated_at = self.rules.version, (note or "").strip(), now
            s.flush()
            return _base_view(row, m.name)

    def bases(self, *, year: int | None = None, member_id: int | None = None) -> list[BaseView]:
        with self.ws.session() as s:
            q = select(DuesBase, Member.name).join(Member).order_by(DuesBase.year, Member.roster_order, Member.id)
            if year is not None:
                q = q.where(DuesBase.year == year)
            if member_id is not None:
                q = q.where(DuesBase.member_id == member_id)
            return [_base_view(b, name) for b, name in s.execute(q)]

    # ---- payments ---------------------------------------------------------------------------
    @mutates("dues")
    def record_payment(self, member_id: int, paid_on: date, amount_yuan, months, proxy: str | None = None,
                       note: str = "", *, allow_difference: bool = False) -> PaymentView:
        """Record dues handed over for ``months`` (list of (year, month), or text like ``2026-01..2026-03``).

        The amount must equal what those months are due unless ``allow_difference`` is set with a note.
        Covering a month more than ``back_pay_months`` before the month of payment needs a note giving the
        reason (refused without one, so the reason is asked for before anything is registered).
        """
        months = R.parse_months(months) if isinstance(months, str) else R.check_months(tuple(m) for m in months)
        amount = R.parse_yuan(amount_yuan, label="交纳金额")
        proxy, note = (proxy or "").strip(), (note or "").strip()
        if not isinstance(paid_on, date):
            raise ValidationError("请填写交纳日期。", "paid_on")
        if paid_on > _today():
            raise ValidationError(f"交纳日期（{cn(paid_on)}）晚于今天，请核对。", "paid_on")
        if len(proxy) > 40:
            raise ValidationError("代缴人姓名太长（最多40个字），请精简。", "proxy")
        with self.ws.session() as s:
            m = self._member(s, member_id)
            payable = set(R.payable_months(stays(m), months[0], months[-1]))
            outside = [x for x in months if x not in payable]
            if outside:
                raise ValidationError(f"{m.name}在{R.months_text(outside)}不是本支部党员，不应在本支部交纳这些月份的党费。"
                                      "请核对月份或党员的入党、转入、转出日期。", "months")
            bases = {b.year: b for b in s.scalars(select(DuesBase).where(DuesBase.member_id == member_id))}
            missing = sorted({y for y, _ in months if y not in bases})
            if missing:
                years = "、".join(f"{y}年" for y in missing)
                raise ValidationError(f"{m.name}{years}的党费基数尚未核定，请先核定基数再登记交纳。", "months")
            wanted = set(months)
            taken = [pm for pm in s.scalars(
                select(DuesPaymentMonth).options(selectinload(DuesPaymentMonth.payment)).where(
                    DuesPaymentMonth.member_id == member_id, DuesPaymentMonth.year.in_({y for y, _ in months})))
                if (pm.year, pm.month) in wanted]
            if taken:
                first = min(taken, key=lambda pm: (pm.year, pm.month))
                raise ValidationError(
                    f"{m.name}{R.months_text([(pm.year, pm.month) for pm in taken])}的党费已经交过"
                    f"（{cn(first.payment.paid_on)}登记），不能重复交纳。请去掉这些月份后再登记。", "months")
            dues = [bases[y].monthly_fen for y, _ in months]
            due = sum(dues)
            if amount != due:
                if not allow_difference:
                    raise ValidationError(
                        f"交纳金额 {R.format_yuan(amount)} 元与{R.months_text(months)}应交的 {R.format_yuan(due)} 元不符。"
                        "请核对金额；如确需多交或少交，请选择“允许差额”并在备注中说明原因。", "amount")
                if not note:
                    raise ValidationError("金额与应交数不符时，请在备注中说明原因（如自愿多交党费）。", "note")
            warnings = self._back_pay_warnings(paid_on, months)
            if warnings and not note:  # ask for the reason before anything is registered
                raise ValidationError(warnings[0], "note")
            warnings = []  # the reason is in the note: nothing left to warn about
            payment = DuesPayment(member_id=member_id, paid_on=paid_on, amount_fen=amount, proxy=proxy, note=note,
                                  created_at=datetime.now())
            left = amount
            for i, ((y, mo), d) in enumerate(zip(months, dues)):
                share = left if i == len(months) - 1 else min(left, d)
                left -= share
                payment.months.append(DuesPaymentMonth(member_id=member_id, year=y, month=mo, due_fen=d,
                                                       paid_fen=share))
            s.add(payment)
            s.flush()
            self.ws.audit("dues_pay", f"{m.name} {R.months_text(months)} {R.format_yuan(amount)}元"
                          + (f"，代缴人{proxy}" if proxy else ""), session=s)
            return _payment_view(payment, m.name, tuple(warnings))

    def _back_pay_warnings(self, paid_on: date, months: list[Month]) -> list[str]:
        limit = self.rules.back_pay_months
        old = [x for x in months if R.month_index(R.month_of(paid_on)) - R.month_index(x) > limit]
        if not old:
            return []
        source = f"（依据：{self.rules.back_pay_source}）" if self.rules.back_pay_source else ""
        return [f"补交了{R.months_text(old)}的党费，距交纳时已超过{limit}个月。补交党费一般不超过{limit}个月，"
                f"请在备注中写明补交原因后再登记{source}。"]

    def payments(self, *, member_id: int | None = None, year: int | None = None) -> list[PaymentView]:
        with self.ws.session() as s:
            q = select(DuesPayment, Member.name).join(Member).options(selectinload(DuesPayment.months)) \
                .order_by(DuesPayment.paid_on, DuesPayment.id)
            if member_id is not None:
                q = q.where(DuesPayment.member_id == member_id)
            views = [_payment_view(p, name) for p, name in s.execute(q)]
        return [v for v in views if year is None or any(y == year for y, _ in v.months)]

    @mutates("dues")
    def cancel_payment(self, payment_id: int, reason: str) -> None:
        """Remove a payment entered by mistake; the reason goes to the audit log."""
        if not (reason or "").strip():
            raise ValidationError("请填写撤销原因。", "reason")
        with self.ws.session() as s:
            p = s.get(DuesPayment, payment_id)
            if p is None:
                raise NotFound(f"找不到编号为 {payment_id} 的交纳记录。")
            months = [(pm.year, pm.month) for pm in p.months]
            self.ws.audit("dues_pay_cancel", f"{p.member.name} {cn(p.paid_on)} {R.format_yuan(p.amount_fen)}元"
                          f"（{R.months_text(months)}）：{reason.strip()}", session=s)
            s.delete(p)

    # ---- arrears and alerts -----------------------------------------------------------------
    def arrears(self, on: date | None = None) -> list[ArrearsView]:
        """Members with ended, uncovered months (or owed years without a base) as of ``on``."""
        with self.ws.session() as s:
            return arrears_on(s, on or _today())

    def alerts(self, on: date | None = None) -> list[Alert]:
        """Critical: ≥6 consecutive months unpaid (党章第九条); warnings: ≥3 months, owed years with no base."""
        on = on or _today()
        rules, out = self.rules, []
        for a in self.arrears(on):
            if a.longest_run >= rules.critical_unpaid_months:
                out.append(Alert("dues_unpaid_critical", "critical", a.member_id, a.member_name,
                                 f"{a.member_name}已连续{a.longest_run}个月未交纳党费（{a.months_text}，共{a.amount_yuan}元）。"
                                 f"无正当理由连续{rules.critical_unpaid_months}个月不交纳党费的，按自行脱党处理，"
                                 "请尽快谈话提醒并督促补交。", a.longest_run, rules.critical_source))
            elif a.longest_run >= rules.warn_unpaid_months:
                out.append(Alert("dues_arrears", "warning", a.member_id, a.member_name,
                                 f"{a.member_name}已连续{a.longest_run}个月未交纳党费（{a.months_text}，共{a.amount_yuan}元），"
                                 "请提醒按月交纳。", a.longest_run, rules.source))
            if a.missing_base_years:
                years = "、".join(f"{y}年" for y in a.missing_base_years)
                out.append(Alert("dues_base_missing", "warning", a.member_id, a.member_name,
                                 f"{a.member_name}{years}的党费基数尚未核定，无法计算应交党费，请核定基数。",
                                 0, rules.source))
        order = {"critical": 0, "warning": 1}
        return sorted(out, key=lambda x: order[x.severity])

    # ---- sheets -----------------------------------------------------------------------------
    def year_summary(self, year: int, on: date | None = None) -> YearSummary:
        """Per member for ``year``: base, rate, the year's due, money received, arrears as of ``on``."""
        on = on or _today()
        last_ended = R.month_at(R.month_index(R.month_of(on)) - 1)
        rows = []
        with self.ws.session() as s:
            book = _Book(s)
            for m in book.members:
                owed = book.owed(m, (year, 12))
                owed = [x for x in owed if x[0] == year]
                paid = {k: v for k, v in book.covered[m.id].items() if k[0] == year}
                if not owed and not paid:
                    continue
                base = book.bases.get((m.id, year))
                monthly = base.monthly_fen if base else 0
                ended = [x for x in owed if R.month_index(x) <= R.month_index(last_ended) and x not in paid]
                arrears = ended if base else []
                rows.append(YearRow(
                    m.id, m.name, base.category.label if base else "", base.base_fen if base else None,
                    _rate_label(base), base.monthly_fen if base else None, len(owed), monthly * len(owed),
                    sum(pm.paid_fen for pm in paid.values()), monthly * len(arrears), tuple(arrears)))
        return YearSummary(year, on, tuple(rows), sum(r.due_fen for r in rows), sum(r.paid_fen for r in rows),
                           sum(r.arrears_fen for r in rows))

    def monthly_sheet(self, year: int, month: int) -> MonthlySheet:
        """党费收缴登记表 for one month: every member who owed or paid that month."""
        target = (year, month)
        rows = []
        with self.ws.session() as s:
            book = _Book(s)
            for m in book.members:
                owes = target in book.owed(m, target)
                pm = book.covered[m.id].get(target)
                if not owes and pm is None:
                    continue
                base = book.bases.get((m.id, year))
                status = "extra" if not owes else "paid" if pm else "unpaid" if base else "no_base"
                rows.append(SheetRow(
                    m.id, m.name, base.category.label if base else "", base.base_fen if base else None,
                    _rate_label(base), base.monthly_fen if base and owes else None, pm.paid_fen if pm else 0,
                    pm.payment.paid_on if pm else None, pm.payment.proxy if pm else "", status, _STATUS[status]))
        return MonthlySheet(year, month, tuple(rows), sum(r.due_fen or 0 for r in rows),
                            sum(r.paid_fen for r in rows), sum(r.status in ("paid", "extra") for r in rows),
                            sum(r.status in ("unpaid", "no_base") for r in rows))


def _rate_label(base: DuesBase | None) -> str:
    if base is None:
        return ""
    return R.FIXED_RATE_LABEL if base.rate_bp is None else R.percent_label(base.rate_bp)


def _base_view(b: DuesBase, name: str) -> BaseView:
    return BaseView(b.member_id, name, b.year, b.category, b.category.label, b.base_fen, R.format_yuan(b.base_fen),
                    _rate_label(b), b.rate_bp, b.monthly_fen, R.format_yuan(b.monthly_fen), b.rules_version, b.note)


def _payment_view(p: DuesPayment, name: str, warnings: tuple[str, ...] = ()) -> PaymentView:
    months = tuple(sorted((pm.year, pm.month) for pm in p.months))
    due = sum(pm.due_fen for pm in p.months)
    return PaymentView(p.id, p.member_id, name, p.paid_on, p.amount_fen, R.format_yuan(p.amount_fen), months,
                       R.months_text(months), due, p.amount_fen - due, p.proxy, p.note, warnings)
