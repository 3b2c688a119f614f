"""The columns of the 党费 tables: the month sheet, arrears, the year summary and the payments."""

from __future__ import annotations

from ui.display import fmt_date
from ui.dues.rows_model import Column, yuan

RED, AMBER, GREEN, GREY = "#b3261e", "#8a5a00", "#1e6b34", "#8a8a8a"
STATUS_COLOURS = {"paid": GREEN, "extra": GREEN, "unpaid": RED, "no_base": AMBER}


def sheet_columns(arrears_by_member: dict, ended: bool = True) -> tuple[Column, ...]:
    """党费收缴登记表 of a month; the last column is the member's arrears today (all months). ``ended``: the month
    is over (未交 is then arrears, in red; during the month it is only 未交 yet)."""
    colours = dict(STATUS_COLOURS, unpaid=RED if ended else AMBER)

    def owed(r):
        return arrears_by_member.get(r.member_id)

    return (
        Column("姓名", lambda r: r.member_name, width=90),
        Column("类别", lambda r: r.category_label, width=80),
        Column("月基数", lambda r: yuan(r.base_fen), lambda r: r.base_fen or 0, 100, "right"),
        Column("比例", lambda r: r.rate_label, width=60, align="center"),
        Column("应交", lambda r: yuan(r.due_fen), lambda r: r.due_fen or 0, 90, "right"),
        Column("已交", lambda r: yuan(r.paid_fen) if r.paid_fen or r.status in ("paid", "extra") else "",
               lambda r: r.paid_fen, 90, "right"),
        Column("交纳日期", lambda r: fmt_date(r.paid_on), lambda r: r.paid_on.toordinal() if r.paid_on else 0, 120),
        Column("代缴人", lambda r: r.proxy, width=70),
        Column("状态", lambda r: r.status_label, width=110, colour=lambda r: colours.get(r.status)),
        Column("累计欠缴", lambda r: f"{yuan(owed(r).amount_fen)}（{len(owed(r).months)}个月）" if owed(r) and
               owed(r).months else "", lambda r: owed(r).amount_fen if owed(r) else 0, 150, "right",
               colour=lambda r: RED, tip=lambda r: owed(r).months_text if owed(r) else ""),
    )


ARREARS_COLUMNS: tuple[Column, ...] = (
    Column("姓名", lambda a: a.member_name, width=90),
    Column("欠缴月份", lambda a: a.months_text, lambda a: len(a.months), 240, tip=lambda a: a.months_text),
    Column("欠缴金额", lambda a: yuan(a.amount_fen), lambda a: a.amount_fen, 100, "right", colour=lambda a: RED),
    Column("最长连续未交", lambda a: f"{a.longest_run}个月" if a.longest_run else "", lambda a: a.longest_run, 110,
           "center", colour=lambda a: RED if a.longest_run >= 6 else AMBER if a.longest_run >= 3 else None),
    Column("基数未核定", lambda a: "、".join(f"{y}年" for y in a.missing_base_years), width=120,
           colour=lambda a: AMBER),
    Column("最近一次交纳", lambda a: fmt_date(a.last_paid_on, "从未交纳"),
           lambda a: a.last_paid_on.toordinal() if a.last_paid_on else 0, 130),
)

SUMMARY_COLUMNS: tuple[Column, ...] = (
    Column("姓名", lambda r: r.member_name, width=90),
    Column("类别", lambda r: r.category_label or "未核定", width=80,
           colour=lambda r: None if r.base_fen is not None else AMBER),
    Column("月基数", lambda r: yuan(r.base_fen), lambda r: r.base_fen or 0, 100, "right"),
    Column("比例", lambda r: r.rate_label, width=60, align="center"),
    Column("每月应交", lambda r: yuan(r.monthly_fen), lambda r: r.monthly_fen or 0, 90, "right"),
    Column("应交月数", lambda r: str(r.months_owed), lambda r: r.months_owed, 80, "center"),
    Column("全年应交", lambda r: yuan(r.due_fen), lambda r: r.due_fen, 100, "right"),
    Column("已交", lambda r: yuan(r.paid_fen), lambda r: r.paid_fen, 100, "right"),
    Column("欠缴", lambda r: yuan(r.arrears_fen) if r.arrears_fen else "", lambda r: r.arrears_fen, 100, "right",
           colour=lambda r: RED),
)

PAYMENT_COLUMNS: tuple[Column, ...] = (
    Column("交纳日期", lambda p: fmt_date(p.paid_on), lambda p: (p.paid_on.toordinal(), p.id), 120),
    Column("姓名", lambda p: p.member_name, width=90),
    Column("所交月份", lambda p: p.months_text, lambda p: p.months[0] if p.months else (0, 0), 200),
    Column("金额", lambda p: yuan(p.amount_fen), lambda p: p.amount_fen, 90, "right"),
    Column("与应交差额", lambda p: yuan(p.difference_fen) if p.difference_fen else "", lambda p: p.difference_fen,
           100, "right"),
    Column("代缴人", lambda p: p.proxy, width=80),
    Column("备注", lambda p: p.note, width=200, tip=lambda p: p.note),
)
