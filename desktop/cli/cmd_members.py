"""``zhibu-cli members …``: list, add, import and export the 党员花名册."""

from __future__ import annotations

import sys
import unicodedata

from desktop.cli.common import UsageError, open_book, parse_date, print_json
from desktop.domain import ordering
from desktop.domain.enums import GENDERS
from desktop.domain.member_rules import MemberInput
from desktop.errors import ImportRejected


def register(sub) -> None:
    p = sub.add_parser("members", help="党员花名册：列出、添加、导入、导出")
    p.set_defaults(func=_missing_subcommand)
    members = p.add_subparsers(dest="members_command", metavar="子命令", parser_class=type(p))

    q = members.add_parser("list", help="列出本支部现有党员")
    q.add_argument("book")
    q.add_argument("--json", action="store_true", help="输出 JSON")
    q.add_argument("--full-id", action="store_true", help="显示完整身份证号（会记入操作日志）")
    q.add_argument("--order", choices=ordering.ORDERS, help="排序：stroke 姓氏笔画，pinyin 拼音，roster 花名册顺序")
    q.set_defaults(func=cmd_list)

    q = members.add_parser(
        "add", help="添加一名党员，输出其编号",
        description="添加一名党员。身份证号和电话写在命令行上时，本机其他用户能在进程列表中看到："
                    "请用 --id-number - / --phone - 在终端中输入（不回显）或从标准输入逐行读取，"
                    "或用 --private-json 文件（- 表示标准输入）提供 {\"id_number\": …, \"phone\": …}。")
    q.add_argument("book")
    q.add_argument("--name", required=True, help="姓名")
    q.add_argument("--gender", required=True, choices=GENDERS, help="性别")
    q.add_argument("--birth", required=True, help="出生日期 YYYY-MM-DD")
    q.add_argument("--joined", required=True, help="入党时间 YYYY-MM-DD")
    q.add_argument("--full-on", help="转正时间 YYYY-MM-DD（正式党员）")
    q.add_argument("--probationary", action="store_true", help="预备党员（没有转正时间）")
    q.add_argument("--id-number", help="18位身份证号；写 - 则在终端中输入（不回显）或从标准输入读一行")
    q.add_argument("--group", help="党小组名称（不存在时自动新建）")
    q.add_argument("--phone", default="", help="联系电话；写 - 则在终端中输入或从标准输入读一行")
    q.add_argument("--private-json", metavar="FILE", help="从 JSON 文件（- 为标准输入）读取 id_number 和 phone，"
                   "避免它们出现在进程列表中")
    q.add_argument("--ethnicity", default="汉族", help="民族，默认汉族")
    q.add_argument("--education", default="", help="学历")
    q.add_argument("--position", default="", help="工作岗位及职务")
    q.add_argument("--notes", default="", help="备注")
    q.add_argument("--transfer-in", help="从其他支部转入的日期 YYYY-MM-DD（不填则按入党时间加入本支部）")
    q.set_defaults(func=cmd_add)

    q = members.add_parser("import", help="从 Excel (.xlsx) 花名册导入；有任何一行出错则不导入")
    q.add_argument("book")
    q.add_argument("file")
    q.add_argument("--sheet", help="要导入的工作表名称（工作簿中有多个花名册工作表时必须指定）")
    q.set_defaults(func=cmd_import)

    q = members.add_parser("export", help="导出花名册为 Excel (.xlsx)")
    q.add_argument("book")
    q.add_argument("file")
    q.add_argument("--full-id", action="store_true", help="包含完整身份证号（会记入操作日志）")
    q.add_argument("--order", choices=ordering.ORDERS, help="排序方式，默认按本支部设置")
    q.set_defaults(func=cmd_export)


def _missing_subcommand(args) -> int:
    raise UsageError("请指定子命令：members list | add | import | export（加 -h 查看帮助）")


def _json_row(v, full_id: bool) -> dict:
    return {
        "id": v.id, "name": v.name, "gender": v.gender, "ethnicity": v.ethnicity, "birth_date": v.birth_date,
        "id_number": (v.id_number if full_id else v.id_masked) or None, "education": v.education,
        "joined_on": v.joined_on, "full_on": v.full_on, "status": v.status.value, "group": v.group_name or None,
        "position": v.position, "phone": v.phone,
    }


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _print_table(views, full_id: bool) -> None:
    headers = ["编号", "姓名", "性别", "出生日期", "身份证号", "入党时间", "转正时间", "类别", "党小组", "职务", "联系电话"]
    rows = [[str(v.id), v.name, v.gender, v.birth_date.isoformat(), (v.id_number if full_id else v.id_masked) or "",
             v.joined_on.isoformat(), v.full_on.isoformat() if v.full_on else "", v.status_label, v.group_name,
             v.position, v.phone] for v in views]
    widths = [max(_width(r[i]) for r in [headers, *rows]) for i in range(len(headers))]
    for row in [headers, *rows]:
        print("  ".join(_pad(cell, w) for cell, w in zip(row, widths)).rstrip())
    print(f"共 {len(views)} 人")


def cmd_list(args) -> int:
    ws = open_book(args.book)
    try:
        views = ws.members.list(order=args.order)
        if args.full_id:
            ws.audit("full_id", f"命令行列出花名册含完整身份证号（{len(views)}人）")
    finally:
        ws.close()
    if args.json:
        print_json([_json_row(v, args.full_id) for v in views])
    else:
        _print_table(views, args.full_id)
    return 0


def cmd_add(args) -> int:
    if args.full_on and args.probationary:
        raise UsageError("--full-on 与 --probationary 不能同时使用：预备党员没有转正时间。")
    id_number, phone = _private_fields(args)
    data = MemberInput(
        name=args.name, gender=args.gender, birth_date=parse_date(args.birth), joined_on=parse_date(args.joined),
        full_on=parse_date(args.full_on) if args.full_on else None, id_number=id_number,
        ethnicity=args.ethnicity, education=args.education, group=args.group, position=args.position,
        phone=phone, notes=args.notes,
    )
    transfer_in = parse_date(args.transfer_in) if args.transfer_in else None
    ws = open_book(args.book)
    try:
        view = ws.members.add(data, transfer_in_on=transfer_in)
    finally:
        ws.close()
    print(view.id)
    for warning in view.warnings:
        print(f"提示：{warning}", file=sys.stderr)
    return 0


def _rejected(exc: ImportRejected) -> int:
    print(str(exc), file=sys.stderr)
    for row, reason in exc.problems:
        print(f"第{row}行：{reason}", file=sys.stderr)
    return 1


def _private_fields(args) -> tuple[str | None, str]:
    """ID number and phone from the command line, a prompt / stdin (``-``) or a JSON file (``--private-json``)."""
    id_number, phone = args.id_number, args.phone
    if args.private_json:
        import json

        try:
            text = sys.stdin.read() if args.private_json == "-" else open(args.private_json, encoding="utf-8").read()
            data = json.loads(text)
        except OSError as exc:
            raise UsageError(f"无法读取 {args.private_json}：{exc.strerror}") from None
        except ValueError:
            raise UsageError("--private-json 的内容不是有效的 JSON，应为 {\"id_number\": \"…\", \"phone\": \"…\"}。") from None
        if not isinstance(data, dict) or not all(isinstance(data.get(k, ""), str) for k in ("id_number", "phone")):
            raise UsageError("--private-json 应为一个对象，id_number 和 phone 都是文本，如 {\"id_number\": \"…\"}。")
        id_number = data.get("id_number") or id_number
        phone = data.get("phone") or phone
    if id_number == "-":
        id_number = _ask("身份证号（不回显）: ")
    if phone == "-":
        phone = _ask("联系电话（不回显）: ")
    return (id_number or None), (phone or "")


def _ask(prompt: str) -> str:
    import getpass

    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(prompt).strip()
    line = sys.stdin.readline() if sys.stdin is not None else ""
    return line.strip()


def cmd_import(args) -> int:
    from desktop.services import roster_excel

    try:  # the whole file is read and checked before the book is opened (and its write lock taken)
        loaded = roster_excel.load_roster(args.file, sheet=args.sheet)
    except ImportRejected as exc:
        return _rejected(exc)
    ws = open_book(args.book)
    try:
        result = ws.members.import_xlsx(loaded)
    except ImportRejected as exc:
        return _rejected(exc)
    finally:
        ws.close()
    print(f"已导入 {result.imported} 名党员（来自工作表“{result.sheet}”）。")
    for warning in result.warnings:
        print(f"提示：{warning}", file=sys.stderr)
    if result.groups_created:
        print(f"新建党小组：{'、'.join(result.groups_created)}")
    return 0


def cmd_export(args) -> int:
    ws = open_book(args.book)
    try:
        path = ws.members.export_xlsx(args.file, full_id=args.full_id, order=args.order)
        count = ws.members.count()
    finally:
        ws.close()
    note = "（含完整身份证号，已记入操作日志）" if args.full_id else "（身份证号已隐藏中间8位）"
    print(f"已导出 {count} 名党员到 {path}{note}")
    return 0
