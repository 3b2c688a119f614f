"""``zhibu-cli committee status | alerts | verify``: the committee's view over every branch (issue 10)."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from desktop.cli.common import open_book, parse_date, print_json

STATE_MARK = {"done": "✓", "due": "…", "overdue": "✗", "not_applicable": "-"}
STATE_LABELS = {"done": "已完成", "due": "待完成", "overdue": "已逾期", "not_applicable": "不适用"}
SEVERITY_LABELS = {"critical": "严重", "warning": "提醒", "info": "提示"}


def register(cmds) -> None:
    q = cmds.add_parser("status", help="落实情况：各支部 × 期间 × 规则（导入时按规则引擎计算）")
    q.add_argument("book")
    q.add_argument("--year", type=int, help="年度（默认今年）")
    q.add_argument("--rule", help="只看一条规则（规则编号）")
    q.add_argument("--state", choices=sorted(STATE_LABELS), help="只看某种状态")
    q.add_argument("--unit", help="只看某个上级党组织下的支部")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_status)

    q = cmds.add_parser("alerts", help="诚信预警：每条预警列出支部、类别、纪实和证据")
    q.add_argument("book")
    q.add_argument("--silent-days", type=int, help="多少天未报送算长期未报送（默认45）")
    q.add_argument("--kind", help="只看某类预警（如 clock_back、silent）")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_alerts)

    q = cmds.add_parser("verify", help="核验打印件：输入打印件上的纪实哈希")
    q.add_argument("book")
    q.add_argument("short_hash")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_verify)
    register_demo(cmds)

    q = cmds.add_parser("review", help="审阅：对一条记录（打印件上的哈希）或“支部:期间”给出通过/退回及意见")
    q.add_argument("book")
    q.add_argument("ref", metavar="RECORD_REF", help="记录哈希（至少8位），或 支部名称/编号:期间（如 第一支部:2026-Q1）")
    verdict = q.add_mutually_exclusive_group(required=True)
    verdict.add_argument("--pass", dest="verdict", action="store_const", const="pass", help="通过")
    verdict.add_argument("--return", dest="verdict", action="store_const", const="return", help="退回（须填写意见）")
    q.add_argument("--opinion", default="", help="审阅意见")
    q.set_defaults(func=cmd_review)

    q = cmds.add_parser("guidance", help="工作提示：生成工委签名的工作提示文件（可附文件、组织生活规则或考评细则）")
    q.add_argument("book")
    q.add_argument("--title", required=True)
    q.add_argument("--text", default="")
    q.add_argument("--deadline", type=parse_date, help="完成期限 YYYY-MM-DD")
    q.add_argument("--expires", type=parse_date, help="有效期至 YYYY-MM-DD（默认一年）")
    q.add_argument("--file", action="append", default=[], help="附件（可多次）")
    q.add_argument("--rules", help="随附的组织生活规则文件（.toml）")
    q.add_argument("--rubric", help="随附的考评细则文件（.toml）")
    q.add_argument("-o", "--out", required=True, help="输出文件或文件夹")
    q.set_defaults(func=cmd_guidance)

    q = cmds.add_parser("report", help="报表：compliance（落实情况统计表）、alerts（诚信预警清单）、reviews（审阅意见汇总）")
    q.add_argument("book")
    q.add_argument("kind", choices=["compliance", "alerts", "reviews"])
    q.add_argument("--year", type=int)
    q.add_argument("--quarter", type=int, choices=[1, 2, 3, 4], help="落实情况统计表只统计该季度")
    q.add_argument("-o", "--out", required=True, help="输出文件：.pdf、.docx 或 .xlsx")
    q.set_defaults(func=cmd_report)

    q = cmds.add_parser("reviews", help="审阅意见汇总：是否已随回执送达、退回的是否已更正或补充说明")
    q.add_argument("book")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_reviews)


def cmd_status(args) -> int:
    ws = open_book(args.book)
    try:
        table = ws.oversight.compliance(args.year, rule=args.rule, state=args.state, unit=args.unit)
    finally:
        ws.close()
    if args.json:
        print_json({"year": table.year, "at": table.at,
                    "rules": [asdict(r) for r in table.rules],
                    "branches": [{"branch_id": b.branch_id, "name": b.name, "unit": b.unit, "totals": b.totals,
                                  "cells": [asdict(c) for c in b.cells]} for b in table.branches],
                    "totals": table.totals})
        return 0
    print(f"{table.year}年落实情况（截至{table.at.year}年{table.at.month}月{table.at.day}日）："
          + "，".join(f"{STATE_LABELS[s]}{n}项" for s, n in sorted(table.totals.items())))
    print("图例：✓ 已完成  … 待完成  ✗ 已逾期  - 不适用")
    unit = None
    for b in table.branches:
        if b.unit != unit:
            unit = b.unit
            print(f"\n【{unit or '未填写上级党组织'}】")
        counts = "，".join(f"{STATE_LABELS[s]}{n}" for s, n in sorted(b.totals.items()))
        print(f"{b.name}（{b.branch_id[:8]}）：{counts}")
        for rule in table.rules:
            marks = "".join(STATE_MARK[c.state] for p in rule.periods if (c := b.cell(rule.rule_id, p)))
            if marks:
                print(f"    {rule.title:<14}{marks}")
    return 0


def cmd_alerts(args) -> int:
    ws = open_book(args.book)
    try:
        alerts = ws.oversight.alerts(silent_days=args.silent_days, kind=args.kind)
    finally:
        ws.close()
    if args.json:
        print_json([asdict(a) for a in alerts])
        return 0
    if not alerts:
        print("没有诚信预警。")
        return 0
    print(f"诚信预警 {len(alerts)} 条：")
    for a in alerts:
        where = f"，纪实第{a.entry_seq}条" if a.entry_seq else ""
        print(f"[{SEVERITY_LABELS[a.severity]}] {a.kind_label}（{a.kind}）· {a.branch_name}（{a.branch_id[:8]}）{where}")
        print(f"    {a.message}")
    return 0


def cmd_verify(args) -> int:
    ws = open_book(args.book)
    try:
        result = ws.oversight.verify(args.short_hash)
    finally:
        ws.close()
    if args.json:
        print_json(asdict(result))
    else:
        print(result.message)
    return 0 if result.state in ("held", "corrected") else 1


def register_demo(cmds) -> None:
    q = cmds.add_parser("demo", help="生成演示：工委纪实本和12个虚构支部一年的数据包（含迟报、调回时钟、分叉、停报）")
    q.add_argument("folder", help="存放演示数据的新文件夹")
    q.set_defaults(func=cmd_demo)


def cmd_demo(args) -> int:
    from desktop.committee import demo

    def progress(done, total, text):
        print(f"  [{done}/{total}] {text}", flush=True)

    result = demo.build(Path(args.folder), progress=progress)
    print(f"已生成工委纪实本：{result.committee}（口令：{demo.PASSPHRASE}）")
    print(f"12个支部纪实本在 {Path(args.folder) / '支部'}（口令相同）；导出数据包{result.bundles}个，回执{result.receipts}个。")
    for name, message in result.refused:
        print(f"  被拒绝：{name} — {message}")
    print(f"查看：ZHIBU_PASSPHRASE={demo.PASSPHRASE} zhibu-cli committee alerts {result.committee}")
    return 0


def review_dict(r) -> dict:
    return {**asdict(r), "verdict_label": r.verdict_label, "open": r.open, "line": r.line()}


def cmd_review(args) -> int:
    ws = open_book(args.book)
    try:
        r = ws.oversight.review(args.ref, args.verdict, args.opinion)
    finally:
        ws.close()
    print(f"已{r.verdict_label}：{r.title}。审阅结果将随该支部下一个数据包的回执送达支部。")
    return 0


def cmd_reviews(args) -> int:
    ws = open_book(args.book)
    try:
        names = {b.branch_id: b.name for b in ws.committee.branches()}
        rows = ws.oversight.reviews()
    finally:
        ws.close()
    if args.json:
        print_json([{**review_dict(r), "branch_name": names.get(r.branch_id, "")} for r in rows])
        return 0
    if not rows:
        print("还没有审阅记录。")
    for r in rows:
        state = "已随回执送达" if r.delivered else "待随下一份回执送达"
        print(f"{names.get(r.branch_id, '')}：{r.line()}（{state}）")
    return 0


def cmd_guidance(args) -> int:
    from desktop.committee import guidance

    ws = open_book(args.book)
    try:
        n = guidance.issue(ws, title=args.title, text=args.text, out=Path(args.out), deadline=args.deadline,
                           files=[Path(f) for f in args.file], expires_on=args.expires,
                           rules=Path(args.rules) if args.rules else None,
                           rubric=Path(args.rubric) if args.rubric else None)
    finally:
        ws.close()
    print(f"已生成工作提示第{n.version}号“{n.title}”（有效期至{n.expires_on.isoformat()}），请分发给各支部导入。")
    return 0


def cmd_report(args) -> int:
    from desktop.committee import reports

    ws = open_book(args.book)
    try:
        path = reports.write(ws, args.kind, Path(args.out), args.year, args.quarter)
    finally:
        ws.close()
    print(f"已生成{reports.KINDS[args.kind]}：{path}")
    return 0
