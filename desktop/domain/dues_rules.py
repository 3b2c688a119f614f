"""党费 arithmetic: money in integer fen, rates from the band table in ``resources/rules/dues.toml``.

Decimal appears only where text becomes money (``parse_yuan``) or money becomes text (``format_yuan``);
everything in between is ``int`` fen. Rates are basis points (1.5% = 150) so the monthly amount is exact
integer arithmetic rounded half-up to the fen.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

from desktop.domain.enums import LabelledEnum
from desktop.errors import ValidationError

FEN_PER_YUAN = 100
BASIS = 10_000  # basis points in 1
FIXED_RATE_LABEL = "定额"

Month = tuple[int, int]  # (year, month)


class DuesCategory(LabelledEnum):
    EMPLOYED = ("employed", "在职")
    RETIRED = ("retired", "离退休")
    STUDENT = ("student", "学生")
    UNEMPLOYED = ("unemployed", "下岗失业")
    RELIEF = ("relief", "享受最低生活保障")


# ---- money ----------------------------------------------------------------------------------
def parse_yuan(value, *, label: str = "金额") -> int:
    """元 as typed (``"6500"``, ``"97.5元"``, ``"1,234.56"``, ``Decimal``, ``int``) → fen, half-up to the fen.

    Floats are refused: a float cannot say exactly which amount was meant.
    """
    if isinstance(value, bool) or isinstance(value, float):
        raise ValidationError(f"{label}应以文本或精确小数给出（如“97.50”），不能使用浮点数。", "amount")
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, Decimal):
        amount = value
    else:
        text = str(value or "").strip().replace(",", "").replace("，", "").replace(" ", "")
        text = text.removesuffix("元").removeprefix("¥").removeprefix("￥")
        if not text:
            raise ValidationError(f"请填写{label}（单位：元）。", "amount")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise ValidationError(f"{label}“{value}”不是有效的数字，请按“1234.56”的格式填写（单位：元）。",
                                  "amount") from None
    if not amount.is_finite():
        raise ValidationError(f"{label}“{value}”不是有效的数字，请按“1234.56”的格式填写（单位：元）。", "amount")
    if amount < 0:
        raise ValidationError(f"{label}不能为负数，请核对。", "amount")
    return int((amount * FEN_PER_YUAN).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def format_yuan(fen: int) -> str:
    """Fen → ``"97.50"`` (``"-3.20"`` for a negative difference)."""
    sign = "-" if fen < 0 else ""
    yuan, rest = divmod(abs(int(fen)), FEN_PER_YUAN)
    return f"{sign}{yuan}.{rest:02d}"


def yuan_decimal(fen: int) -> Decimal:
    return Decimal(int(fen)) / FEN_PER_YUAN


def parse_percent(text: str) -> int:
    """``"1.5%"`` → 150 basis points."""
    value = Decimal(str(text).strip().removesuffix("%")) * 100
    if value != value.to_integral_value() or value < 0:
        raise ValueError(f"rate {text!r} is not a whole number of basis points")
    return int(value)


def percent_label(bp: int) -> str:
    """150 → ``"1.5%"``, 100 → ``"1%"``."""
    text = format(Decimal(bp) / 100, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}%"


def monthly_from_rate(base_fen: int, bp: int) -> int:
    """Base × rate, rounded half-up to the fen, in integers only (both are non-negative)."""
    return (base_fen * bp * 2 + BASIS) // (2 * BASIS)


# ---- the rule set ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Band:
    category: DuesCategory
    up_to_fen: int | None  # inclusive upper bound; None = no limit
    rate_bp: int
    source: str


@dataclass(frozen=True)
class DuesRules:
    version: str
    source: str
    bands: tuple[Band, ...]
    fixed_fen: dict  # DuesCategory → monthly fen
    fixed_source: str
    back_pay_months: int
    warn_unpaid_months: int
    critical_unpaid_months: int
    critical_source: str
    back_pay_source: str


def default_rules_path() -> Path:
    from desktop.paths import resource_path

    return resource_path("rules", "dues.toml")


def load_rules(path: Path | None = None) -> DuesRules:
    return _load_rules(str(path or default_rules_path()))


@lru_cache(maxsize=8)
def _load_rules(path: str) -> DuesRules:
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    bands = tuple(
        Band(DuesCategory(b["category"]), parse_yuan(b["up_to"]) if "up_to" in b else None,
             parse_percent(b["rate"]), b.get("source", data["source"]))
        for b in data["bands"]
    )
    fixed, fixed_source = {}, data["source"]
    for row in data.get("fixed", []):
        for category in row["categories"]:
            fixed[DuesCategory(category)] = parse_yuan(row["monthly"])
        fixed_source = row.get("source", fixed_source)
    pay = data["payment"]
    for category in DuesCategory:
        if category not in fixed and not any(b.category == category for b in bands):
            raise ValueError(f"dues rules {path}: no rate for category {category.value}")
    return DuesRules(
        version=str(data["version"]), source=data["source"], bands=bands, fixed_fen=fixed,
        fixed_source=fixed_source, back_pay_months=int(pay["back_pay_months"]),
        warn_unpaid_months=int(pay["warn_unpaid_months"]), critical_unpaid_months=int(pay["critical_unpaid_months"]),
        critical_source=pay.get("critical_source", data["source"]),
        back_pay_source=pay.get("back_pay_source", data["source"]),
    )


@dataclass(frozen=True)
class DuesQuote:
    """What one member pays per month for a base and category."""

    base_fen: int
    base_yuan: str
    category: DuesCategory
    rate_label: str  # "1.5%", or "定额" for the fixed amount
    rate: Decimal | None  # 0.015; None for the fixed amount
    rate_bp: int | None  # 150; None for the fixed amount
    monthly_fen: int
    monthly_yuan: str
    source: str


def category_of(*, retired: bool = False, student: bool = False, category=None) -> DuesCategory:
    if category is not None:
        try:
            return DuesCategory.from_label(str(getattr(category, "value", category)))
        except ValueError:
            names = "、".join(f"{c.value}（{c.label}）" for c in DuesCategory)
            raise ValidationError(f"党费类别“{category}”无效，应为：{names}。", "category") from None
    if retired and student:
        raise ValidationError("“离退休”和“学生”只能选一个。", "category")
    return DuesCategory.RETIRED if retired else DuesCategory.STUDENT if student else DuesCategory.EMPLOYED


def quote(base_fen: int, category: DuesCategory, rules: DuesRules) -> DuesQuote:
    if category in rules.fixed_fen:
        monthly = rules.fixed_fen[category]
        return DuesQuote(base_fen, format_yuan(base_fen), category, FIXED_RATE_LABEL, None, None, monthly,
                         format_yuan(monthly), rules.fixed_source)
    for band in rules.bands:
        if band.category == category and (band.up_to_fen is None or base_fen <= band.up_to_fen):
            monthly = monthly_from_rate(base_fen, band.rate_bp)
            return DuesQuote(base_fen, format_yuan(base_fen), category, percent_label(band.rate_bp),
                             Decimal(band.rate_bp) / BASIS, band.rate_bp, monthly, format_yuan(monthly), band.source)
    raise ValidationError(f"党费规则中没有适用于{category.label}、基数 {format_yuan(base_fen)} 元的比例，请检查规则文件。")


# ---- months ---------------------------------------------------------------------------------
def month_of(day: date) -> Month:
    return (day.year, day.month)


def month_index(m: Month) -> int:
    return m[0] * 12 + m[1] - 1


def month_at(index: int) -> Month:
    return (index // 12, index % 12 + 1)


def month_range(first: Month, last: Month) -> list[Month]:
    return [month_at(i) for i in range(month_index(first), month_index(last) + 1)]


def month_key(m: Month) -> str:
    return f"{m[0]:04d}-{m[1]:02d}"


_MONTH = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?\s*$")


def parse_month(text: str) -> Month:
    match = _MONTH.match(str(text))
    if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1900:
        raise ValidationError(f"月份“{text}”格式不对，请写成“2026-01”。", "months")
    return (int(match.group(1)), int(match.group(2)))


def parse_months(text: str) -> list[Month]:
    """``"2026-01"``, ``"2026-01,2026-03"``, ``"2026-01..2026-03"`` (mixable) → sorted months, no repeats."""
    months: list[Month] = []
    parts = [p for p in re.split(r"[,，、;；\s]+", str(text or "").strip()) if p]
    if not parts:
        raise ValidationError("请填写所交党费的月份，如“2026-01”或“2026-01..2026-03”。", "months")
    for part in parts:
        if ".." in part or "至" in part or "~" in part:
            first, _, last = re.split(r"(\.\.|至|~)", part, maxsplit=1)
            a, b = parse_month(first), parse_month(last)
            if month_index(b) < month_index(a):
                raise ValidationError(f"月份范围“{part}”的起止颠倒了，请写成“较早月份..较晚月份”。", "months")
            months.extend(month_range(a, b))
        else:
            months.append(parse_month(part))
    return check_months(months)


def check_months(months) -> list[Month]:
    seen: set[Month] = set()
    for m in months:
        if m in seen:
            raise ValidationError(f"月份 {month_key(m)} 重复填写了，请删去重复的月份。", "months")
        seen.add(m)
    if not seen:
        raise ValidationError("请至少选择一个月份。", "months")
    return sorted(seen)


def runs(months) -> list[list[Month]]:
    """Consecutive runs of months, in order."""
    out: list[list[Month]] = []
    for m in sorted(set(months)):
        if out and month_index(out[-1][-1]) + 1 == month_index(m):
            out[-1].append(m)
        else:
            out.append([m])
    return out


def months_text(months) -> str:
    """Chinese list of months with ranges: ``2025年12月—2026年2月、2026年5月``."""
    parts = []
    for run in runs(months):
        a, b = run[0], run[-1]
        if a == b:
            parts.append(f"{a[0]}年{a[1]}月")
        elif a[0] == b[0]:
            parts.append(f"{a[0]}年{a[1]}—{b[1]}月")
        else:
            parts.append(f"{a[0]}年{a[1]}月—{b[0]}年{b[1]}月")
    return "、".join(parts)


# ---- which months a member owes -------------------------------------------------------------
@dataclass(frozen=True)
class Span:
    """One stay in the branch: from ``start`` (入党 or 转入) to ``end`` (转出/去世/出党), inclusive months."""

    start: date
    end: date | None
    transferred_in: bool


def spans(timeline) -> list[Span]:
    """Stays from a date-ordered timeline of ``(on, enters: bool, is_transfer_in: bool)``.

    Same reading as ``desktop.services.members.belongs_on``: an entering event while outside opens a stay, a
    leaving event while inside closes it.
    """
    out: list[Span] = []
    start: tuple[date, bool] | None = None
    for on, enters, transfer in timeline:
        if enters and start is None:
            start = (on, transfer)
        elif not enters and start is not None:
            out.append(Span(start[0], on, start[1]))
            start = None
    if start is not None:
        out.append(Span(start[0], None, start[1]))
    return out


def payable_months(stays, first: Month, last: Month) -> list[Month]:
    """Months within [first, last] during which the member belonged to the branch on at least one day."""
    lo, hi = month_index(first), month_index(last)
    found: set[int] = set()
    for stay in stays:
        a = max(lo, month_index(month_of(stay.start)))
        b = min(hi, month_index(month_of(stay.end)) if stay.end else hi)
        found.update(range(a, b + 1))
    return [month_at(i) for i in sorted(found)]


def owed_months(stays, first: Month, last: Month) -> list[Month]:
    """Payable months, less the month of a 转入: the sending branch collects dues for the month of transfer
    (its letter states 党费交至该月), so this branch starts with the following month."""
    skip = {month_of(s.start) for s in stays if s.transferred_in}
    return [m for m in payable_months(stays, first, last) if m not in skip]
