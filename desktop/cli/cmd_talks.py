"""``zhibu-cli talks …``: 谈心谈话 records — add, list, show, finalize, amend, void, delete, attach."""

from __future__ import annotations

import sys

from desktop.cli import meeting_json
from desktop.cli.cmd_meetings import report_findings
from desktop.cli.common import UsageError, open_book, print_json


def register(sub) -> None:
    p = sub.add_parser("talks", help="谈心谈话记录")
    p.set_defaults(func=_missing)
    cmds = p.add_subparsers(dest="talks_command", metavar="子命令", parser_class=type(p))

    q = cmds.add_parser("add", help="从 JSON 文件新建谈心谈话记录（草稿），输出其编号")
    q.add_argument("book")
    q.add_argument("--json", required=True, dest="json_file", metavar="FILE")
    q.add_argument("--finalize", action="store_true", help="新建后立即定稿")
    q.set_defaults(func=cmd_add)

    q = cmds.add_parser("list", help="列出谈心谈话记录")
    q.add_argument("book")
    q.add_argument("--year", type=int)
    q.add_argument("--member", help="只看某位党员（姓名或编号）参加的谈话")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_list)

    for name, helptext, func in (("show", "显示一条谈心谈话记录", cmd_show), ("finalize", "定稿", cmd_finalize),
                                 ("delete", "删除草稿", cmd_delete)):
        q = cmds.add_parser(name, help=helptext)
        q.add_argument("book")
        q.add_argument("id", type=int)
        if name == "show":
            q.add_argument("--json", action="store_true")
        q.set_defaults(func=func)

    q = cmds.add_parser("amend", help="更正或补充说明（JSON 只写需要改的字段；\"note\" 为补充说明）")
    q.add_argument("book")
    q.add_argument("id", type=int)
    q.add_argument("--json", required=True, dest="json_file", metavar="FILE")
    q.add_argument("--reason", required=True)
    q.set_defaults(func=cmd_amend)

    q = cmds.add_parser("void", help="作废已定稿的记录")
    q.add_argument("book")
    q.add_argument("id", type=int)
    q.add_argument("--reason", required=True)
    q.set_defaults(func=cmd_void)

    q = cmds.add_parser("attach", help="添加附件")
    q.add_argument("book")
    q.add_argument("id", type=int)
    q.add_argument("file")
    q.add_argument("--reason", default="")
    q.set_defaults(func=cmd_attach)


def _missing(args) -> int:
    raise UsageError("请指定子命令：talks add | list | show | finalize | amend | void | delete | attach")


def cmd_add(args) -> int:
    obj, folder = meeting_json.load(args.json_file)
    paths = meeting_json.attachment_paths(obj, folder)
    for path in paths:
        if not path.is_file():
            raise meeting_json.JsonInputError(f"找不到附件文件：{path}。")
    ws = open_book(args.book)
    try:
        view = ws.talks.create(meeting_json.talk_input(obj, ws.meetings.member_id))
        print(view.id)
        for path in paths:
            ws.talks.attach(view.id, path)
        if args.finalize:
            ws.talks.finalize(view.id)
        else:
            report_findings(view.findings)
    finally:
        ws.close()
    return 0


def cmd_list(args) -> int:
    ws = open_book(args.book)
    try:
        member = None
        if args.member:
            from datetime import date

            member = ws.meetings.member_id(args.member, date.today())
        rows = ws.talks.list(year=args.year, member_id=member)
    finally:
        ws.close()
    if args.json:
        print_json([r.as_dict() for r in rows])
        return 0
    for r in rows:
        flags = "".join(f"［{t}］" for t, on in (("补录", r.late_entry), ("时钟异常", r.clock_anomaly)) if on)
        print(f"{r.id:>5}  {r.held_at:%Y-%m-%d}  {r.status.label}  {'、'.join(r.participants)}  {r.topics[:30]}{flags}")
    if not rows:
        print("（没有符合条件的谈心谈话记录）", file=sys.stderr)
    return 0


def cmd_show(args) -> int:
    ws = open_book(args.book)
    try:
        v = ws.talks.get(args.id)
    finally:
        ws.close()
    if args.json:
        print_json(v.as_dict())
        return 0
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
    return 0


def cmd_finalize(args) -> int:
    ws = open_book(args.book)
    try:
        v = ws.talks.finalize(args.id)
    finally:
        ws.close()
    print(f"已定稿：第{v.entry.seq}条，哈希 {v.entry.hash}{'（补录）' if v.late_entry else ''}")
    return 0


def cmd_amend(args) -> int:
    obj, _folder = meeting_json.load(args.json_file)
    ws = open_book(args.book)
    try:
        note, fields = meeting_json.split_note(obj)
        data = meeting_json.talk_input(fields, ws.meetings.member_id, base=ws.talks.input_of(args.id)) if fields else None
        v = ws.talks.amend(args.id, data, reason=args.reason, note=note)
    finally:
        ws.close()
    am = v.amendments[-1]
    print(f"已{am.kind.label}：第{am.entry.seq}条，哈希 {am.entry.hash}")
    return 0


def cmd_void(args) -> int:
    ws = open_book(args.book)
    try:
        ws.talks.void(args.id, args.reason)
    finally:
        ws.close()
    print(f"已作废：谈心谈话记录 {args.id}")
    return 0


def cmd_delete(args) -> int:
    ws = open_book(args.book)
    try:
        ws.talks.delete_draft(args.id)
    finally:
        ws.close()
    print(f"已删除草稿：{args.id}")
    return 0


def cmd_attach(args) -> int:
    ws = open_book(args.book)
    try:
        info = ws.talks.attach(args.id, args.file, reason=args.reason)
    finally:
        ws.close()
    print(info.id)
    return 0
