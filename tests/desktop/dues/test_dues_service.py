"""Dues on a book: bases per year, payments, double payment, back-pay warning, arrears, alerts, sheets."""

from datetime import date

import pytest

from desktop.domain.enums import MembershipEventKind as K
from desktop.domain.member_rules import MemberInput
from desktop.errors import NotFound, ValidationError


def add(ws, name, joined, *, full=None, transfer_in=None, born=date(1985, 5, 5)):
    data = MemberInput(name=name, gender="男", birth_date=born, joined_on=joined, full_on=full)
    return ws.members.add(data, transfer_in_on=transfer_in).id


@pytest.fixture
def book(ws):
    """张三 (joined 2010), bases for 2024–2026 at 6500 (97.50/month)."""
    zs = add(ws, "张三", date(2010, 7, 1), full=date(2011, 7, 1))
    for year in (2024, 2025, 2026):
        ws.dues.set_base(zs, year, "6500")
    return ws, zs


def test_calc_needs_no_book(ws):
    q = ws.dues.calc("6500")
    assert (q.rate_label, q.monthly_fen, q.monthly_yuan) == ("1.5%", 9750, "97.50")
    assert ws.dues.calc("5000", retired=True).rate_label == "0.5%"
    assert ws.dues.calc("0", student=True).monthly_yuan == "0.20"


def test_set_base_keeps_history_per_year(book):
    ws, zs = book
    ws.dues.set_base(zs, 2025, "4000", category="retired")
    views = {b.year: b for b in ws.dues.bases(member_id=zs)}
    assert [views[y].monthly_yuan for y in (2024, 2025, 2026)] == ["97.50", "20.00", "97.50"]
    assert views[2025].category_label == "离退休" and views[2025].rules_version == "2008-1"


def test_set_base_refuses_year_before_joining(ws):
    mid = add(ws, "李四", date(2020, 3, 1))
    with pytest.raises(ValidationError, match="2019年不是本支部党员"):
        ws.dues.set_base(mid, 2019, "5000")
    with pytest.raises(NotFound):
        ws.dues.set_base(999, 2024, "5000")


def test_payment_must_match_due_unless_allowed(book):
    ws, zs = book
    with pytest.raises(ValidationError, match="与2024年1—3月应交的 292.50 元不符"):
        ws.dues.record_payment(zs, date(2024, 3, 5), "290", "2024-01..2024-03")
    with pytest.raises(ValidationError, match="备注"):
        ws.dues.record_payment(zs, date(2024, 3, 5), "300", "2024-01..2024-03", allow_difference=True)
    p = ws.dues.record_payment(zs, date(2024, 3, 5), "300", "2024-01..2024-03", allow_difference=True,
                               note="自愿多交")
    assert (p.amount_fen, p.due_fen, p.difference_fen) == (30000, 29250, 750)
    assert p.months == ((2024, 1), (2024, 2), (2024, 3)) and p.warnings == ()


def test_month_cannot_be_paid_twice(book):
    ws, zs = book
    ws.dues.record_payment(zs, date(2024, 2, 5), "195", [(2024, 1), (2024, 2)], proxy="王五")
    with pytest.raises(ValidationError, match="2024年2月的党费已经交过"):
        ws.dues.record_payment(zs, date(2024, 3, 5), "195", "2024-02..2024-03")
    assert [p.proxy for p in ws.dues.payments(member_id=zs)] == ["王五"]


def test_payment_refuses_months_without_base_or_outside_membership(book):
    ws, zs = book
    with pytest.raises(ValidationError, match="2023年的党费基数尚未核定"):
        ws.dues.record_payment(zs, date(2024, 1, 5), "97.50", "2023-12")
    late = add(ws, "赵六", date(2024, 5, 10))
    ws.dues.set_base(late, 2024, "3000")
    with pytest.raises(ValidationError, match="2024年4月不是本支部党员"):
        ws.dues.record_payment(late, date(2024, 6, 1), "30", "2024-04..2024-05")
    assert ws.dues.record_payment(late, date(2024, 6, 1), "15", "2024-05").amount_yuan == "15.00"


@pytest.mark.parametrize("paid_on, too_old", [
    (date(2024, 7, 31), False),  # January is 6 months before July: allowed
    (date(2024, 8, 1), True),  # 7 months: back-pay needs a reason in 备注, asked before registering
])
def test_back_pay_asks_for_a_reason_before_registering(book, paid_on, too_old):
    ws, zs = book
    if too_old:
        with pytest.raises(ValidationError, match="补交党费一般不超过6个月.*备注") as e:
            ws.dues.record_payment(zs, paid_on, "97.50", "2024-01")
        assert e.value.field == "note" and ws.dues.payments(member_id=zs) == []
        assert "check" not in str(e.value) and "待核" not in str(e.value)
    p = ws.dues.record_payment(zs, paid_on, "97.50", "2024-01", note="外派学习期间补交" if too_old else "")
    assert p.months == ((2024, 1),) and p.warnings == ()


def test_arrears_across_year_boundary_and_six_month_alert(book):
    ws, zs = book
    ws.dues.record_payment(zs, date(2024, 8, 1), "780", "2024-01..2024-08", note="补交")  # 8 × 97.50
    # September 2024 … February 2025 unpaid = 6 consecutive months by March 2025
    a = ws.dues.arrears(date(2025, 3, 1))
    assert [(x.member_name, x.months_text, x.amount_yuan, x.longest_run) for x in a] == \
        [("张三", "2024年9月—2025年2月", "585.00", 6)]
    alerts = ws.dues.alerts(date(2025, 3, 1))
    assert [(x.kind, x.severity, x.months) for x in alerts] == [("dues_unpaid_critical", "critical", 6)]
    assert "按自行脱党处理" in alerts[0].message and alerts[0].source == "《中国共产党章程》第九条"
    # one month earlier: 5 months → a warning only; the current month is not yet in arrears
    assert [x.kind for x in ws.dues.alerts(date(2025, 2, 28))] == ["dues_arrears"]
    assert ws.dues.alerts(date(2024, 11, 30)) == []  # September, October: 2 months


def test_probationary_member_owes_from_admission_month(ws):
    ws.dues.set_base(add(ws, "老党员", date(2000, 1, 1), full=date(2001, 1, 1), born=date(1970, 1, 1)), 2025, "3000")
    new = add(ws, "新党员", date(2025, 4, 20))  # 预备党员 admitted 20 April
    ws.dues.set_base(new, 2025, "3000")
    arrears = {x.member_name: x for x in ws.dues.arrears(date(2025, 7, 1))}
    assert arrears["新党员"].months == ((2025, 4), (2025, 5), (2025, 6))
    assert arrears["老党员"].months[0] == (2025, 1)


def test_member_who_left_stops_owing_after_the_month_of_leaving(book):
    ws, zs = book
    ws.members.record_event(zs, K.TRANSFER_OUT, date(2025, 4, 10), "调出")
    a = ws.dues.arrears(date(2026, 1, 15))
    assert a[0].months[0] == (2024, 1) and a[0].months[-1] == (2025, 4)
    summary = ws.dues.year_summary(2025, on=date(2026, 1, 15))
    assert summary.rows[0].months_owed == 4


def test_transfer_in_owes_from_the_following_month(ws):
    mid = add(ws, "转入者", date(2015, 1, 1), full=date(2016, 1, 1), transfer_in=date(2025, 3, 10))
    ws.dues.set_base(mid, 2025, "5000")
    a = ws.dues.arrears(date(2025, 6, 1))
    assert a[0].months == ((2025, 4), (2025, 5))


def test_missing_base_is_flagged_not_counted(book):
    ws, zs = book
    other = add(ws, "无基数", date(2015, 1, 1), full=date(2016, 1, 1))
    ws.dues.set_base(other, 2024, "3000")
    a = {x.member_name: x for x in ws.dues.arrears(date(2025, 2, 1))}
    assert a["无基数"].missing_base_years == (2025,) and a["无基数"].months[-1] == (2024, 12)
    assert "dues_base_missing" in {x.kind for x in ws.dues.alerts(date(2025, 2, 1)) if x.member_name == "无基数"}


def test_year_summary_and_monthly_sheet(book):
    ws, zs = book
    li = add(ws, "李四", date(2024, 6, 3))
    ws.dues.set_base(li, 2024, "2999.99")  # 15.00
    ws.dues.record_payment(zs, date(2024, 12, 20), "1170", "2024-01..2024-12", note="年底补交")
    ws.dues.record_payment(li, date(2024, 9, 1), "45", "2024-06..2024-08", proxy="张三")
    s = ws.dues.year_summary(2024, on=date(2025, 1, 10))
    rows = {r.member_name: r for r in s.rows}
    assert (rows["张三"].due_fen, rows["张三"].paid_fen, rows["张三"].arrears_fen) == (117000, 117000, 0)
    assert (rows["李四"].months_owed, rows["李四"].due_fen, rows["李四"].paid_fen) == (7, 10500, 4500)
    assert rows["李四"].arrears_months == ((2024, 9), (2024, 10), (2024, 11), (2024, 12))
    assert (s.due_fen, s.paid_fen, s.arrears_fen) == (127500, 121500, 6000)
    sheet = ws.dues.monthly_sheet(2024, 8)
    assert [(r.member_name, r.status_label, r.paid_on, r.proxy) for r in sheet.rows] == \
        [("张三", "已交", date(2024, 12, 20), ""), ("李四", "已交", date(2024, 9, 1), "张三")]
    sheet = ws.dues.monthly_sheet(2024, 9)
    assert (sheet.paid_count, sheet.unpaid_count, sheet.due_fen, sheet.paid_fen) == (1, 1, 11250, 9750)


def test_cancel_payment_frees_the_months(book):
    ws, zs = book
    p = ws.dues.record_payment(zs, date(2024, 2, 1), "97.50", "2024-01")
    with pytest.raises(ValidationError):
        ws.dues.cancel_payment(p.id, "")
    ws.dues.cancel_payment(p.id, "录错了人")
    assert ws.dues.record_payment(zs, date(2024, 2, 1), "97.50", "2024-01").months == ((2024, 1),)


def test_resolve_member(book):
    ws, zs = book
    assert ws.dues.resolve_member("张三") == zs == ws.dues.resolve_member(str(zs))
    add(ws, "张三", date(2012, 1, 1), born=date(1990, 1, 1))
    with pytest.raises(ValidationError, match="都叫“张三”"):
        ws.dues.resolve_member("张三")
    with pytest.raises(NotFound):
        ws.dues.resolve_member("查无此人")
