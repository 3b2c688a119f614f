"""``zhibu-cli evaluations …``: 民主评议党员 rounds — add, list, show, finalize, amend, void, delete."""

from __future__ import annotations

from desktop.cli import chained_commands as chained
from desktop.cli.chained_commands import report_findings
from desktop.cli.common import UsageError, open_book


def register(sub) -> None:
    p = sub.add_parser("evaluations", help="民主评议党员")
    p.set_defaults(func=_missing)
    cmds = p.add_subparsers(dest="evaluations_command", metavar="子命令", parser_class=type(p))

    chained.add_create_parser(cmds, "从 JSON 文件新建一次民主评议（草稿），输出其编号", cmd_add)

    q = cmds.add_parser("list", help="列出民主评议")
    q.add_argument("book")
    q.add_argument("--year", type=int)
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_list)

    chained.add_record_parser(cmds, "show", "显示一次民主评议：每名党员的得票和等次、优秀比例", cmd_show, json=True)
    chained.add_record_parser(cmds, "finalize", "定稿", cmd_finalize)
    chained.add_record_parser(cmds, "delete", "删除草稿", cmd_delete)
    chained.add_amend_parser(cmds, "更正或补充说明（JSON 只写需要改的字段；members 只列需要改的人）", cmd_amend)
    chained.add_void_parser(cmds, "作废已定稿的民主评议", cmd_void)

    q = cmds.add_parser("cap", help="查看或设置优秀比例上限（如 1/3）")
    q.add_argument("book")
    q.add_argument("value", nargs="?")
    q.set_defaults(func=cmd_cap)


def _missing(args) -> int:
    raise UsageError("请指定子命令：evaluations add | list | show | finalize | amend | void | delete | cap")


def cmd_add(args) -> int:
    meeting_json = chained.json_input()
    obj, _folder = meeting_json.load(args.json_file)
    from desktop.cli import json_schema  # pydantic: only when a file is checked

    json_schema.check(json_schema.Evaluation, obj, "民主评议 JSON ")  # file problems before the book is opened
    with open_book(args.book) as ws:
        data = meeting_json.evaluation_input(obj, ws.meetings.member_id)
        return chained.add_record(args, ws, ws.evaluations, data, findings=lambda view: view.findings)


def _line(r) -> str:
    cap = "［优秀超过上限］" if r.over_cap else ""
    return f"{r.id:>5}  {r.year}年度  {r.held_on}  {r.status.label}  {r.members}人，优秀{r.excellent}人{cap}"


def cmd_list(args) -> int:
    with open_book(args.book) as ws:
        rows = ws.evaluations.list(year=args.year)
    return chained.print_rows(rows, args.json, _line, "（没有民主评议记录）")


def _print_view(v) -> None:
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


cmd_show = chained.show_command("evaluations", _print_view)
cmd_finalize = chained.finalize_command(
    "evaluations", after=lambda v: report_findings([f for f in v.findings if f.level == "warning"]))
cmd_amend = chained.amend_command(
    "evaluations", lambda ws, fields, base: chained.json_input().evaluation_input(fields, ws.meetings.member_id, base=base))
cmd_void = chained.void_command("evaluations", "民主评议")
cmd_delete = chained.delete_command("evaluations")


def cmd_cap(args) -> int:
    with open_book(args.book) as ws:
        if args.value:
            ws.evaluations.set_excellent_cap(args.value)
        print(ws.evaluations.excellent_cap())
    return 0
