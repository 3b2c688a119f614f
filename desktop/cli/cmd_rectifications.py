"""``zhibu-cli rectifications …``: the 整改清单 — list, show, add an item, record a follow-up step."""

from __future__ import annotations

from datetime import date

from desktop.cli import chained_commands as chained
from desktop.cli.common import UsageError, open_book, parse_date
from desktop.domain.meeting_enums import RectificationStatus
from desktop.domain.meeting_rules import RectificationInput


def register(sub) -> None:
    p = sub.add_parser("rectifications", help="整改清单：列出、新增、跟进")
    p.set_defaults(func=_missing)
    cmds = p.add_subparsers(dest="rectifications_command", metavar="子命令", parser_class=type(p))

    q = cmds.add_parser("list", help="列出整改事项（按完成期限排序）")
    q.add_argument("book")
    q.add_argument("--open", action="store_true", help="只列未完成的")
    q.add_argument("--meeting", type=int, help="只列某次会议提出的")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_list)

    chained.add_record_parser(cmds, "show", "显示一项整改及其全部进展", cmd_show, json=True)

    q = cmds.add_parser("add", help="单独新增一项整改（如上级检查反馈），输出其编号")
    q.add_argument("book")
    q.add_argument("--item", required=True, help="存在的问题")
    q.add_argument("--measure", default="", help="整改措施")
    q.add_argument("--owner", help="责任人（姓名或编号）")
    q.add_argument("--due", help="完成期限 YYYY-MM-DD")
    q.add_argument("--meeting", type=int, help="提出问题的会议记录编号（须已定稿）")
    q.add_argument("--source", default="", help="问题来源，如：2026年巡察反馈")
    q.set_defaults(func=cmd_add)

    q = cmds.add_parser("progress", help="记录一次整改进展（写入纪实链，不能修改）")
    q.add_argument("book")
    q.add_argument("id", type=int)
    q.add_argument("--status", required=True, help="in_progress（整改中）或 closed（已完成）")
    q.add_argument("--date", help="日期 YYYY-MM-DD，默认今天")
    q.add_argument("--note", default="", help="进展或完成情况")
    q.add_argument("--evidence", action="append", default=[], metavar="FILE", help="佐证材料（可重复）")
    q.set_defaults(func=cmd_progress)


def _missing(args) -> int:
    raise UsageError("请指定子命令：rectifications list | show | add | progress")


def _line(v) -> str:
    owner = v.owner.name if v.owner else "—"
    due = v.due_on.isoformat() if v.due_on else "无期限"
    flag = "［逾期］" if v.overdue else ""
    return f"{v.id:>5}  {v.status.label}  {due}  {owner}  {v.item}{flag}"


def cmd_list(args) -> int:
    with open_book(args.book) as ws:
        rows = ws.rectifications.list(open_only=args.open, meeting_id=args.meeting)
    return chained.print_rows(rows, args.json, _line, "（没有符合条件的整改事项）")


def _print_view(v) -> None:
    print(_line(v))
    print(f"整改措施：{v.measure}")
    if v.meeting_title:
        print(f"提出于：{v.meeting_title}")
    for p in v.progress:
        files = f"（佐证：{'、'.join(a.name for a in p.attachments)}）" if p.attachments else ""
        print(f"  {p.on}  {p.status.label}  {p.note}{files}")


cmd_show = chained.show_command("rectifications", _print_view)


def cmd_add(args) -> int:
    with open_book(args.book) as ws:
        owner = ws.meetings.member_id(args.owner, date.today()) if args.owner else None
        v = ws.rectifications.add(RectificationInput(args.item, args.measure, owner,
                                                     parse_date(args.due) if args.due else None),
                                  meeting_id=args.meeting, source=args.source)
    print(v.id)
    return 0


def cmd_progress(args) -> int:
    try:
        status = RectificationStatus.from_label(args.status)
    except ValueError:
        raise UsageError("--status 应为 in_progress（整改中）或 closed（已完成）") from None
    with open_book(args.book) as ws:
        v = ws.rectifications.record_progress(args.id, parse_date(args.date) if args.date else date.today(), status,
                                              args.note, evidence=args.evidence)
    print(f"已记录：{v.item} — {v.status.label}")
    return 0
