"""``zhibu-cli dues …``: rate calculator, yearly bases, payments, arrears, yearly summary and monthly sheet."""

from __future__ import annotations

import unicodedata
from datetime import date

from desktop.cli.common import UsageError, open_book, parse_date, print_json
from desktop.domain import dues_rules as R


def register(sub) -> None:
    p = sub.add_parser("dues", help="党费：计算、核定基数、登记交纳、欠交、年度汇总")
    p.set_defaults(func=_missing_subcommand)
    dues = p.add_subparsers(dest="dues_command", metavar="子命令", parser_class=type(p))

    q = dues.add_parser("calc", help="按基数计算交纳比例和每月应交党费（不需要支部纪实本）")
    q.add_argument("--base", required=True, help="月工资收入（离退休费）基数，单位：元")
    _category_flags(q)
    q.add_argument("--json", action="store_true", help="输出 JSON")
    q.set_defaults(func=cmd_calc)

    q = dues.add_parser("base", help="核定某党员某年度的党费基数")
    q.add_argument("book")
    q.add_argument("--member", required=True, help="党员姓名或编号")
    q.add_argument("--year", required=True, type=int, help="年度，如 2026")
    q.add_argument("--base", required=True, help="基数，单位：元")
    _category_flags(q)
    q.add_argument("--note", default="", help="备注")
    q.set_defaults(func=cmd_base)

    q = dues.add_parser("pay", help="登记一次党费交纳")
    q.add_argument("book")
    q.add_argument("--member", required=True, help="党员姓名或编号")
    q.add_argument("--amount", required=True, help="交纳金额，单位：元")
    q.add_argument("--months", required=True, help="所交月份：2026-01 或 2026-01,2026-02 或 2026-01..2026-03")
    q.add_argument("--date", help="交纳日期 YYYY-MM-DD，默认今天")
    q.add_argument("--proxy", help="代缴人姓名")
    q.add_argument("--note", default="", help="备注（金额与应交数不符、补交超过6个月时必填）")
    q.add_argument("--allow-difference", action="store_true", help="允许金额与应交数不符（须填写备注）")
    q.add_argument("--json", action="store_true", help="输出 JSON")
    q.set_defaults(func=cmd_pay)

    q = dues.add_parser("arrears", help="列出欠交党费的党员和提醒")
    q.add_argument("book")
    q.add_argument("--at", help="截至日期 YYYY-MM-DD，默认今天（当月尚未结束，不算欠交）")
    q.add_argument("--json", action="store_true", help="输出 JSON")
    q.set_defaults(func=cmd_arrears)

    q = dues.add_parser("summary", help="年度党费收缴汇总")
    q.add_argument("book")
    q.add_argument("--year", required=True, type=int, help="年度，如 2026")
    q.add_argument("--at", help="计算欠交的截至日期，默认今天")
    q.add_argument("--json", action="store_true", help="输出 JSON")
    q.set_defaults(func=cmd_summary)

    q = dues.add_parser("sheet", help="某月党费收缴登记表")
    q.add_argument("book")
    q.add_argument("--month", required=True, help="月份，如 2026-01")
    q.add_argument("--json", action="store_true", help="输出 JSON")
    q.set_defaults(func=cmd_sheet)


def _category_flags(q) -> None:
    group = q.add_mutually_exclusive_group()
    group.add_argument("--retired", action="store_true", help="离退休党员（按离退休费计算）")
    group.add_argument("--student", action="store_true", help="学生、下岗失业或享受低保的党员（每月定额）")


def _missing_subcommand(args) -> int:
    raise UsageError("请指定子命令：dues calc | base | pay | arrears | summary | sheet（加 -h 查看帮助）")


def _category(args) -> str:
    return "retired" if args.retired else "student" if args.student else "employed"


def _rate_text(rate_label: str) -> str:
    return "定额" if rate_label == R.FIXED_RATE_LABEL else f"比例 {rate_label}"


def cmd_calc(args) -> int:
    q = R.quote(R.parse_yuan(args.base, label="党费基数"), R.category_of(category=_category(args)), R.load_rules())
    if args.json:
        print_json({"base": q.base_yuan, "rate": q.rate_label, "monthly": q.monthly_yuan,
                    "monthly_fen": q.monthly_fen})
    else:
        print(f"{_rate_text(q.rate_label)}，每月应交 {q.monthly_yuan} 元")
    return 0


def cmd_base(args) -> int:
    with open_book(args.book) as ws:
        member_id = ws.dues.resolve_member(args.member)
        b = ws.dues.set_base(member_id, args.year, args.base, category=_category(args), note=args.note)
    print(f"已核定：{b.member_name} {b.year}年党费基数 {b.base_yuan} 元（{b.category_label}），"
          f"{_rate_text(b.rate_label)}，每月应交 {b.monthly_yuan} 元")
    return 0


def cmd_pay(args) -> int:
    paid_on = parse_date(args.date) if args.date else date.today()
    with open_book(args.book) as ws:
        member_id = ws.dues.resolve_member(args.member)
        p = ws.dues.record_payment(member_id, paid_on, args.amount, args.months, proxy=args.proxy, note=args.note,
                                   allow_difference=args.allow_difference)
    if args.json:
        print_json(_payment_json(p))
        return 0
    by = f"，代缴人：{p.proxy}" if p.proxy else ""
    print(f"已登记：{p.member_name} {R.format_yuan(p.amount_fen)} 元，{p.months_text}党费（{p.paid_on.isoformat()}{by}），"
          f"记录编号 {p.id}")
    for warning in p.warnings:
        print(f"提醒：{warning}")
    return 0


def _payment_json(p) -> dict:
    return {"id": p.id, "member_id": p.member_id, "name": p.member_name, "paid_on": p.paid_on,
            "amount": p.amount_yuan, "amount_fen": p.amount_fen, "months": [R.month_key(m) for m in p.months],
            "due_fen": p.due_fen, "difference_fen": p.difference_fen, "proxy": p.proxy or None, "note": p.note,
            "warnings": list(p.warnings)}


def cmd_arrears(args) -> int:
    at = parse_date(args.at) if args.at else date.today()
    with open_book(args.book) as ws:
        rows, alerts = ws.dues.arrears(at), ws.dues.alerts(at)
    total = sum(a.amount_fen for a in rows)
    if args.json:
        print_json({
            "at": at, "total": R.format_yuan(total), "total_fen": total,
            "members": [{"member_id": a.member_id, "name": a.member_name, "months": [R.month_key(m) for m in a.months],
                         "amount": a.amount_yuan, "amount_fen": a.amount_fen, "longest_run": a.longest_run,
                         "missing_base_years": list(a.missing_base_years), "last_paid_on": a.last_paid_on}
                        for a in rows],
            "alerts": [{"kind": x.kind, "severity": x.severity, "member_id": x.member_id, "name": x.member_name,
                        "months": x.months, "message": x.message, "source": x.source} for x in alerts],
        })
        return 0
    if not rows:
        print(f"截至{at.isoformat()}，没有欠交党费的党员。")
        return 0
    _table(["编号", "姓名", "欠交月份", "欠交金额(元)", "最后交纳"],
           [[str(a.member_id), a.member_name, a.months_text or "—", a.amount_yuan,
             a.last_paid_on.isoformat() if a.last_paid_on else "—"] for a in rows])
    print(f"合计欠交 {R.format_yuan(total)} 元（截至{at.isoformat()}，当月不计）")
    for x in alerts:
        print(("【严重】" if x.severity == "critical" else "【提醒】") + x.message)
    return 0


def cmd_summary(args) -> int:
    at = parse_date(args.at) if args.at else date.today()
    with open_book(args.book) as ws:
        s = ws.dues.year_summary(args.year, on=at)

    def yuan(fen):
        return R.format_yuan(fen) if fen is not None else None

    if args.json:
        print_json({
            "year": s.year, "at": s.at,
            "rows": [{"member_id": r.member_id, "name": r.member_name, "category": r.category_label or None,
                      "base": yuan(r.base_fen), "rate": r.rate_label or None, "monthly": yuan(r.monthly_fen),
                      "months_owed": r.months_owed, "due": yuan(r.due_fen), "due_fen": r.due_fen,
                      "paid": yuan(r.paid_fen), "paid_fen": r.paid_fen, "arrears": yuan(r.arrears_fen),
                      "arrears_fen": r.arrears_fen, "arrears_months": [R.month_key(m) for m in r.arrears_months]}
                     for r in s.rows],
            "totals": {"due": yuan(s.due_fen), "due_fen": s.due_fen, "paid": yuan(s.paid_fen), "paid_fen": s.paid_fen,
                       "arrears": yuan(s.arrears_fen), "arrears_fen": s.arrears_fen},
        })
        return 0
    _table(["编号", "姓名", "类别", "基数", "比例", "月交", "应交月数", "全年应交", "已交", "欠交"],
           [[str(r.member_id), r.member_name, r.category_label or "—", yuan(r.base_fen) or "未核定",
             r.rate_label or "—", yuan(r.monthly_fen) or "—", str(r.months_owed), yuan(r.due_fen), yuan(r.paid_fen),
             yuan(r.arrears_fen)] for r in s.rows])
    print(f"{s.year}年合计：应交 {yuan(s.due_fen)} 元，已交 {yuan(s.paid_fen)} 元，欠交 {yuan(s.arrears_fen)} 元"
          f"（欠交截至{s.at.isoformat()}）")
    return 0


def cmd_sheet(args) -> int:
    year, month = R.parse_month(args.month)
    with open_book(args.book) as ws:
        s = ws.dues.monthly_sheet(year, month)

    def yuan(fen):
        return R.format_yuan(fen) if fen is not None else None

    if args.json:
        print_json({"month": R.month_key((year, month)), "due": yuan(s.due_fen), "paid": yuan(s.paid_fen),
                    "paid_count": s.paid_count, "unpaid_count": s.unpaid_count,
                    "rows": [{"member_id": r.member_id, "name": r.member_name, "category": r.category_label or None,
                              "base": yuan(r.base_fen), "rate": r.rate_label or None, "due": yuan(r.due_fen),
                              "paid": yuan(r.paid_fen), "paid_on": r.paid_on, "proxy": r.proxy or None,
                              "status": r.status} for r in s.rows]})
        return 0
    _table(["编号", "姓名", "基数", "比例", "应交", "实交", "交纳日期", "代缴人", "状态"],
           [[str(r.member_id), r.member_name, yuan(r.base_fen) or "—", r.rate_label or "—", yuan(r.due_fen) or "—",
             yuan(r.paid_fen), r.paid_on.isoformat() if r.paid_on else "—", r.proxy or "—", r.status_label]
            for r in s.rows])
    print(f"{year}年{month}月：应交 {yuan(s.due_fen)} 元，实交 {yuan(s.paid_fen)} 元；"
          f"已交 {s.paid_count} 人，未交 {s.unpaid_count} 人")
    return 0


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _table(headers: list[str], rows: list[list[str]]) -> None:
    widths = [max(_width(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    for row in [headers, *rows]:
        print("  ".join(str(c) + " " * (w - _width(str(c))) for c, w in zip(row, widths)).rstrip())
