"""``zhibu-cli evaluations …``: 民主评议党员 rounds — add, list, show, finalize, amend, void, delete."""

from __future__ import annotations

import sys

from desktop.cli import meeting_json
from desktop.cli.cmd_meetings import report_findings
from desktop.cli.common import UsageError, open_book, print_json


def register(sub) -> None:
    p = sub.add_parser("evaluations", help="民主评议党员")
    p.set_defaults(func=_missing)
    cmds = p.add_subparsers(dest="evaluations_command", metavar="子命令", parser_class=type(p))

    q = cmds.add_parser("add", help="从 JSON 文件新建一次民主评议（草稿），输出其编号")
    q.add_argument("book")
    q.add_argument("--json", required=True, dest="json_file", metavar="FILE")
    q.add_argument("--finalize", action="store_true", help="新建后立即定稿")
    q.set_defaults(func=cmd_add)

    q = cmds.add_parser("list", help="列出民主评议")
    q.add_argument("book")
    q.add_argument("--year", type=int)
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_list)

    for name, helptext, func in (("show", "显示一次民主评议：每名党员的得票和等次、优秀比例", cmd_show),
                                 ("finalize", "定稿", cmd_finalize), ("delete", "删除草稿", cmd_delete)):
        q = cmds.add_parser(name, help=helptext)
        q.add_argument("book")
        q.add_argument("id", type=int)
        if name == "show":
            q.add_argument("--json", action="store_true")
        q.set_defaults(func=func)

    q = cmds.add_parser("amend", help="更正或补充说明（JSON 只写需要改的字段；members 只列需要改的人）")
    q.add_argument("book")
    q.add_argument("id", type=int)
    q.add_argument("--json", required=True, dest="json_file", metavar="FILE")
    q.add_argument("--reason", required=True)
    q.set_defaults(func=cmd_amend)

    q = cmds.add_parser("void", help="作废已定稿的民主评议")
    q.add_argument("book")
    q.add_argument("id", type=int)
    q.add_argument("--reason", required=True)
    q.set_defaults(func=cmd_void)

    q = cmds.add_parser("cap", help="查看或设置优秀比例上限（如 1/3）")
    q.add_argument("book")
    q.add_argument("value", nargs="?")
    q.set_defaults(func=cmd_cap)


def _missing(args) -> int:
    raise UsageError("请指定子命令：evaluations add | list | show | finalize | amend | void | delete | cap")


def cmd_add(args) -> int:
    obj, _folder = meeting_json.load(args.json_file)
    ws = open_book(args.book)
    try:
        view = ws.evaluations.create(meeting_json.evaluation_input(obj, ws.meetings.member_id))
        print(view.id)
        if args.finalize:
            ws.evaluations.finalize(view.id)
        else:
            report_findings(view.findings)
    finally:
        ws.close()
    return 0


def cmd_list(args) -> int:
    ws = open_book(args.book)
    try:
        rows = ws.evaluations.list(year=args.year)
    finally:
        ws.close()
    if args.json:
        print_json([r.as_dict() for r in rows])
        return 0
    for r in rows:
        cap = "［优秀超过上限］" if r.over_cap else ""
        print(f"{r.id:>5}  {r.year}年度  {r.held_on}  {r.status.label}  {r.members}人，优秀{r.excellent}人{cap}")
    if not rows:
        print("（没有民主评议记录）", file=sys.stderr)
    return 0


def cmd_show(args) -> int:
    ws = open_book(args.book)
    try:
        v = ws.evaluations.get(args.id)
    finally:
        ws.close()
    if args.json:
        print_json(v.as_dict())
        return 0
    r = v.record
    print(f"{r.year}年度民主评议党员（{v.status.label}），评议日期 {r.held_on}")
    print(f"发出测评票{r.ballots_issued or '-'}张，收回{r.ballots_returned or '-'}张；"
          f"优秀{v.cap.excellent}/{v.cap.total}人（上限 {v.cap.cap}，即{v.cap.allowed}人）")
    for m in r.members:
        t = m.votes
        print(f"  {m.name}：优秀{t.excellent} 合格{t.qualified} 基本合格{t.basically_qualified} 不合格{t.unqualified}；"
              f"支委会意见 {m.proposed_grade.label if m.proposed_grade else '-'}，"
              f"评定 {m.final_grade.label if m.final_grade else '未定'}")
    if v.entry:
        print(f"纪实：第{v.entry.seq}条，哈希 {v.entry.hash}")
    report_findings(v.findings)
    return 0


def cmd_finalize(args) -> int:
    ws = open_book(args.book)
    try:
        v = ws.evaluations.finalize(args.id)
    finally:
        ws.close()
    print(f"已定稿：第{v.entry.seq}条，哈希 {v.entry.hash}")
    report_findings([f for f in v.findings if f.level == "warning"])
    return 0


def cmd_amend(args) -> int:
    obj, _folder = meeting_json.load(args.json_file)
    ws = open_book(args.book)
    try:
        note, fields = meeting_json.split_note(obj)
        data = meeting_json.evaluation_input(fields, ws.meetings.member_id,
                                             base=ws.evaluations.input_of(args.id)) if fields else None
        v = ws.evaluations.amend(args.id, data, reason=args.reason, note=note)
    finally:
        ws.close()
    am = v.amendments[-1]
    print(f"已{am.kind.label}：第{am.entry.seq}条，哈希 {am.entry.hash}")
    return 0


def cmd_void(args) -> int:
    ws = open_book(args.book)
    try:
        ws.evaluations.void(args.id, args.reason)
    finally:
        ws.close()
    print(f"已作废：民主评议 {args.id}")
    return 0


def cmd_delete(args) -> int:
    ws = open_book(args.book)
    try:
        ws.evaluations.delete_draft(args.id)
    finally:
        ws.close()
    print(f"已删除草稿：{args.id}")
    return 0


def cmd_cap(args) -> int:
    ws = open_book(args.book)
    try:
        if args.value:
            ws.evaluations.set_excellent_cap(args.value)
        print(ws.evaluations.excellent_cap())
    finally:
        ws.close()
    return 0
