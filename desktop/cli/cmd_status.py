"""``zhibu-cli status BOOK [--at DATE] [--json]``: what is done, due and overdue under the book's rules, and
the alerts (members, branch, rectifications, dues, recruitment) — the dashboard's answers on the command line."""

from __future__ import annotations

from datetime import date

from desktop.cli.common import cn_date, open_book, parse_date, print_json
from desktop.rules.results import DONE, DUE, NOT_APPLICABLE, OVERDUE

SECTIONS = ((OVERDUE, "已逾期", "✗"), (DUE, "待完成", "…"), (DONE, "已完成", "✓"), (NOT_APPLICABLE, "不适用", "–"))


def register(sub) -> None:
    p = sub.add_parser("status", help="按组织生活制度规则检查：已完成、待完成、已逾期的事项和各项提醒")
    p.add_argument("book")
    p.add_argument("--at", help="按哪一天检查 YYYY-MM-DD，默认今天")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.add_argument("--no-members", action="store_true", help="JSON 中不列出每名党员的情况")
    p.set_defaults(func=cmd_status)


def cmd_status(args) -> int:
    at = parse_date(args.at) if args.at else date.today()
    with open_book(args.book) as ws:
        report = ws.rules.status(at)
        returned = [] if ws.is_committee else ws.reviews.open()  # 工委退回 still waiting for the branch
    if args.json:
        print_json(report.as_dict(members=not args.no_members))
        return 0
    rs = report.ruleset
    print(f"{cn_date(at)} 支部工作状态（规则：{rs['title']}，版本 {rs['version']}）")
    ordered = report.urgent_first()
    for state, label, mark in SECTIONS:
        rows = [r for r in ordered if r.state == state]
        if not rows:
            continue
        print(f"\n【{label}】{len(rows)}项")
        for r in rows:
            local = "（地方规定）" if r.local else ""
            print(f"  {mark} {r.title}{local} {r.period.label_cn}：{r.message}")
    if report.alerts:
        print(f"\n【提醒】{len(report.alerts)}条")
        for a in report.alerts:
            print(f"  [{a.severity_label}] {a.message}")
    else:
        print("\n【提醒】无")
    if returned:
        print(f"\n【工委退回】{len(returned)}条")
        for r in returned:
            print(f"  {r.line()}")
    return 0
