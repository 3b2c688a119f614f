"""Dues arithmetic without a book: every band boundary, retirees, students, rounding, months."""

from datetime import date
from decimal import Decimal

import pytest

from desktop.domain import dues_rules as R
from desktop.domain.dues_rules import DuesCategory as C
from desktop.errors import ValidationError

RULES = R.load_rules()


@pytest.mark.parametrize("base, category, rate, monthly", [
    ("0", C.EMPLOYED, "0.5%", "0.00"),
    ("2999.99", C.EMPLOYED, "0.5%", "15.00"),  # 14.99995 → 15.00 (half-up)
    ("3000", C.EMPLOYED, "0.5%", "15.00"),
    ("3000.01", C.EMPLOYED, "1%", "30.00"),  # 30.0001 → 30.00
    ("3333.33", C.EMPLOYED, "1%", "33.33"),
    ("5000", C.EMPLOYED, "1%", "50.00"),
    ("5000.01", C.EMPLOYED, "1.5%", "75.00"),  # 75.00015 → 75.00
    ("6500", C.EMPLOYED, "1.5%", "97.50"),
    ("10000", C.EMPLOYED, "1.5%", "150.00"),
    ("10000.01", C.EMPLOYED, "2%", "200.00"),  # 200.0002 → 200.00
    ("12345.67", C.EMPLOYED, "2%", "246.91"),  # 246.9134
    ("4000", C.RETIRED, "0.5%", "20.00"),
    ("5000", C.RETIRED, "0.5%", "25.00"),
    ("5000.01", C.RETIRED, "1%", "50.00"),
    ("8000", C.RETIRED, "1%", "80.00"),
    ("0", C.STUDENT, "定额", "0.20"),
    ("20000", C.STUDENT, "定额", "0.20"),
    ("0", C.UNEMPLOYED, "定额", "0.20"),
    ("0", C.RELIEF, "定额", "0.20"),
])
def test_band_table(base, category, rate, monthly):
    q = R.quote(R.parse_yuan(base), category, RULES)
    assert (q.rate_label, q.monthly_yuan) == (rate, monthly)
    assert q.monthly_fen == int(Decimal(monthly) * 100)


@pytest.mark.parametrize("base_fen, bp, fen", [
    (299999, 50, 1500),  # 1499.995 fen → 1500
    (299990, 50, 1500),  # 1499.95 → 1500
    (299899, 50, 1499),  # 1499.495 → 1499
    (100, 50, 1),  # 0.5 fen → 1 (half-up)
    (99, 50, 0),  # 0.495 fen → 0
    (333333, 100, 3333),
    (1000001, 150, 15000),
])
def test_rounding_half_up_to_the_fen(base_fen, bp, fen):
    assert R.monthly_from_rate(base_fen, bp) == fen


@pytest.mark.parametrize("text, fen", [
    ("6500", 650000), ("97.5", 9750), ("97.50元", 9750), ("1,234.56", 123456), (" 0.2 ", 20),
    ("3000.005", 300001), ("3000.004", 300000), (Decimal("12.345"), 1235), (7, 700),
])
def test_parse_yuan(text, fen):
    assert R.parse_yuan(text) == fen


@pytest.mark.parametrize("bad", ["", "abc", "-1", "NaN", "Infinity", 97.5, True])
def test_parse_yuan_refuses(bad):
    with pytest.raises(ValidationError):
        R.parse_yuan(bad)


@pytest.mark.parametrize("fen, text", [(0, "0.00"), (5, "0.05"), (9750, "97.50"), (-320, "-3.20"), (123456, "1234.56")])
def test_format_yuan(fen, text):
    assert R.format_yuan(fen) == text


def test_rate_is_exact_decimal():
    q = R.quote(650000, C.EMPLOYED, RULES)
    assert q.rate == Decimal("0.015") and q.rate_bp == 150
    assert R.quote(0, C.STUDENT, RULES).rate is None


def test_category_flags():
    assert R.category_of() == C.EMPLOYED
    assert R.category_of(retired=True) == C.RETIRED
    assert R.category_of(student=True) == C.STUDENT
    assert R.category_of(category="离退休") == C.RETIRED
    with pytest.raises(ValidationError):
        R.category_of(retired=True, student=True)
    with pytest.raises(ValidationError, match="党费类别"):
        R.category_of(category="soldier")


@pytest.mark.parametrize("text, months", [
    ("2026-01", [(2026, 1)]),
    ("2026-1", [(2026, 1)]),
    ("2026-03,2026-01", [(2026, 1), (2026, 3)]),
    ("2025-11..2026-02", [(2025, 11), (2025, 12), (2026, 1), (2026, 2)]),
    ("2026-01..2026-02, 2026-05", [(2026, 1), (2026, 2), (2026, 5)]),
    ("2026年3月", [(2026, 3)]),
])
def test_parse_months(text, months):
    assert R.parse_months(text) == months


@pytest.mark.parametrize("bad", ["", "2026-13", "2026", "26-01", "2026-03..2026-01", "2026-01,2026-01"])
def test_parse_months_refuses(bad):
    with pytest.raises(ValidationError):
        R.parse_months(bad)


def test_months_text_groups_runs():
    months = [(2025, 12), (2026, 1), (2026, 2), (2026, 5), (2026, 7), (2026, 8)]
    assert R.months_text(months) == "2025年12月—2026年2月、2026年5月、2026年7—8月"


def test_spans_and_owed_months():
    timeline = [(date(2024, 3, 10), True, False), (date(2025, 2, 1), False, False),
                (date(2025, 6, 15), True, True)]
    stays = R.spans(timeline)
    assert [(s.start, s.end) for s in stays] == [(date(2024, 3, 10), date(2025, 2, 1)), (date(2025, 6, 15), None)]
    owed = R.owed_months(stays, (2024, 1), (2025, 8))
    assert owed[0] == (2024, 3) and (2025, 2) in owed  # the month of leaving is still owed
    assert (2025, 3) not in owed and (2025, 5) not in owed
    assert (2025, 6) not in owed  # transfer-in month: the sending branch collected it
    assert (2025, 6) in R.payable_months(stays, (2024, 1), (2025, 8))
    assert owed[-2:] == [(2025, 7), (2025, 8)]
