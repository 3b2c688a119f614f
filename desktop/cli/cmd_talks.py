"""``zhibu-cli talks …``: 谈心谈话 records — add, list, show, finalize, amend, void, delete, attach."""

from __future__ import annotations

from desktop.cli import chained_commands as chained
from desktop.cli.chained_commands import report_findings
from desktop.cli.common import UsageError, open_book


def register(sub) -> None:
    p = sub.add_parser("talks", help="谈心谈话记录")
    p.set_defaults(func=_missing)
    cmds = p.add_subparsers(dest="talks_command", metavar="子命令", parser_class=type(p))

    chained.add_create_parser(cmds, "从 JSON 文件新建谈心谈话记录（草稿），输出其编号", cmd_add)

    q = cmds.add_parser("list", help="列出谈心谈话记录")
    q.add_argument("book")
    q.add_argument("--year", type=int)
    q.add_argument("--member", help="只看某位党员（姓名或编号）参加的谈话")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_list)

    chained.add_record_parser(cmds, "show", "显示一条谈心谈话记录", cmd_show, json=True)
    chained.add_record_parser(cmds, "finalize", "定稿", cmd_finalize)
    chained.add_record_parser(cmds, "delete", "删除草稿", cmd_delete)
    chained.add_amend_parser(cmds, "更正或补充说明（JSON 只写需要改的字段；\"note\" 为补充说明）", cmd_amend)
    chained.add_void_parser(cmds, "作废已定稿的记录", cmd_void)
    chained.add_attach_parser(cmds, "添加附件", cmd_attach)


def _missing(args) -> int:
    raise UsageError("请指定子命令：talks add | list | show | finalize | amend | void | delete | attach")


def cmd_add(args) -> int:
    meeting_json = chained.json_input()
    obj, folder = meeting_json.load(args.json_file)
    from desktop.cli import json_schema  # pydantic: only when a file is checked

    json_schema.check(json_schema.Talk, obj, "谈心谈话 JSON ")  # file problems before the book is opened
    files = meeting_json.attachment_files(obj, folder)
    with open_book(args.book) as ws:
        data = meeting_json.talk_input(obj, ws.meetings.member_id)
        return chained.add_record(args, ws, ws.talks, data, files, lambda view: view.findings)


def _line(r) -> str:
    flags = "".join(f"［{t}］" for t, on in (("补录", r.late_entry), ("时钟异常", r.clock_anomaly)) if on)
    return f"{r.id:>5}  {r.held_at:%Y-%m-%d}  {r.status.label}  {'、'.join(r.participants)}  {r.topics[:30]}{flags}"


def cmd_list(args) -> int:
    with open_book(args.book) as ws:
        member = None
        if args.member:
            from datetime import date

            member = ws.meetings.member_id(args.member, date.today())
        rows = ws.talks.list(year=args.year, member_id=member)
    return chained.print_rows(rows, args.json, _line, "（没有符合条件的谈心谈话记录）")


def _print_view(v) -> None:
    r = v.record
    print(f"谈心谈话（{v.status.label}{'，补录' if v.late_entry else ''}{'，时钟异常' if v.clock_anomaly else ''}）")
    print(f"时间：{r.held_at:%Y-%m-%d %H:%M}　地点：{r.place}")
    print(f"谈话人：{'、'.join([p.name for p in r.participants] + list(r.others))}")
    print(f"主题：{r.topics}\n内容：\n{r.content}\n后续跟进：{r.follow_up}")
    if v.entry:
        print(f"纪实：第{v.entry.seq}条，哈希 {v.entry.hash}")
    for am in v.amendments:
        print(f"{am.kind.label}：{am.reason}{'；' + am.note if am.note else ''}")
    report_findings(v.findings)


cmd_show = chained.show_command("talks", _print_view)
cmd_finalize = chained.finalize_command("talks", lambda v: "（补录）" if v.late_entry else "")
cmd_amend = chained.amend_command(
    "talks", lambda ws, fields, base: chained.json_input().talk_input(fields, ws.meetings.member_id, base=base))
cmd_void = chained.void_command("talks", "谈心谈话记录")
cmd_delete = chained.delete_command("talks")
cmd_attach = chained.attach_command("talks")
