"""``zhibu-cli ledger …``: verify the 纪实 chain, list its entries, set the 补录 threshold."""

from __future__ import annotations

from desktop.cli.common import UsageError, open_book, print_json


def register(sub) -> None:
    p = sub.add_parser("ledger", help="纪实链：核验、查看条目、补录判定天数")
    p.set_defaults(func=_missing)
    cmds = p.add_subparsers(dest="ledger_command", metavar="子命令", parser_class=type(p))

    q = cmds.add_parser("verify", help="逐条核验纪实链；完好时退出码为 0")
    q.add_argument("book")
    q.add_argument("--deep", action="store_true", help="同时重新计算每个附件的 SHA-256")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_verify)

    q = cmds.add_parser("entries", help="列出纪实链条目")
    q.add_argument("book")
    q.add_argument("--offset", type=int, default=0)
    q.add_argument("--limit", type=int, default=100)
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_entries)

    q = cmds.add_parser("late-days", help="查看或设置补录判定天数（默认 7 天）")
    q.add_argument("book")
    q.add_argument("days", nargs="?", type=int)
    q.set_defaults(func=cmd_late_days)


def _missing(args) -> int:
    raise UsageError("请指定子命令：ledger verify | entries | late-days")


def cmd_verify(args) -> int:
    ws = open_book(args.book)
    try:
        report = ws.meetings.ledger.verify(deep=args.deep)
    finally:
        ws.close()
    if args.json:
        print_json(report.as_dict())
    else:
        state = "完好" if report.ok else f"发现问题（首个问题在第{report.first_bad_seq}条）"
        print(f"纪实链共{report.length}条，{state}。链头哈希：{report.head or '（空）'}")
        for p in report.problems:
            print(f"  {p.message}")
    return 0 if report.ok else 1


def cmd_entries(args) -> int:
    ws = open_book(args.book)
    try:
        entries = ws.meetings.ledger.entries(offset=args.offset, limit=args.limit)
    finally:
        ws.close()
    if args.json:
        print_json([{"seq": e.seq, "hash": e.hash, "kind": e.kind, "claimed_at": e.claimed_at,
                     "entered_at": e.entered_at, "lag_days": e.lag_days, "late_entry": e.late_entry,
                     "clock_anomaly": e.clock_anomaly} for e in entries])
        return 0
    for e in entries:
        flags = "".join(f"［{t}］" for t, on in (("补录", e.late_entry), ("时钟异常", e.clock_anomaly)) if on)
        print(f"{e.seq:>6}  {e.entered_at:%Y-%m-%d %H:%M}  {e.kind:<10}  {e.short_hash}{flags}")
    return 0


def cmd_late_days(args) -> int:
    ws = open_book(args.book)
    try:
        if args.days is not None:
            ws.meetings.ledger.set_late_after_days(args.days)
        print(ws.meetings.ledger.late_after_days())
    finally:
        ws.close()
    return 0
