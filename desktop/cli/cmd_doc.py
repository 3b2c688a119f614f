"""``zhibu-cli doc BOOK KIND [RECORD_ID] [--year Y] [--month M] [--copies N] [--full-id] -o OUT.pdf|OUT.docx``:
print any standard document to PDF or Word (the format comes from the extension)."""

from __future__ import annotations

import argparse

from desktop.cli.common import UsageError, open_book
from desktop.services.documents import available_kinds, check_format


def _kinds_help() -> str:
    lines = ["文档类型 KIND："]
    for k in available_kinds():
        what = {"meeting": "会议编号", "heart_talk": "谈心谈话编号", "evaluation": "民主评议编号"}
        need = "、".join(what[t] for t in k.record_types)
        if k.meeting_kinds:
            need = "组织生活会的" + need
        if need:
            need = f"RECORD_ID 为{need}" + ("" if k.needs_record else "，可不填")
        if "bundle_seq" in k.options:
            need = "RECORD_ID 为数据包序号，不填为最新一个"
        opts = "、".join({"year": "--year", "month": "--month", "copies": "--copies", "full_id": "--full-id",
                         "member_id": ""}[o] for o in k.options if o not in ("member_id", "bundle_seq"))
        extra = "；".join(x for x in (need, f"选项 {opts}" if opts else "") if x)
        lines.append(f"  {k.name:<20}{k.label}" + (f"（{extra}）" if extra else ""))
    lines.append("")
    lines.append("输出格式由 -o 的扩展名决定：.pdf 或 .docx。例：zhibu-cli doc 支部.zhibu minutes 12 -o 会议记录.pdf")
    return "\n".join(lines)


def register(sub) -> None:
    kinds = [k.name for k in available_kinds()]
    p = sub.add_parser("doc", help="生成标准文档（会议记录、签到表、花名册、年度纪实汇编等）为 PDF 或 Word",
                       description="生成标准文档为 PDF 或 Word (.docx)。", epilog=_kinds_help(),
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("book", help="支部纪实本文件")
    p.add_argument("kind", choices=kinds, metavar="KIND", help="文档类型（见下表）")
    p.add_argument("record_id", nargs="?", type=int, metavar="RECORD_ID", help="记录编号（会议、谈话、评议）或数据包序号")
    p.add_argument("--year", type=int, help="年度（测评表、年度纪实汇编、党费登记表、考评自评表）")
    p.add_argument("--month", type=int, help="月份（党费收缴登记表按月；不填为全年）")
    p.add_argument("--copies", type=int, help="份数（测评表，每份一页起）")
    p.add_argument("--full-id", action="store_true", help="花名册显示完整身份证号（会记入操作日志）")
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="输出文件：以 .pdf 或 .docx 结尾")
    p.set_defaults(func=cmd_doc)


def cmd_doc(args) -> int:
    check_format(args.output)  # before asking for the passphrase: exit 1 with a Chinese message
    info = next(k for k in available_kinds() if k.name == args.kind)
    if info.needs_record and args.record_id is None:
        raise UsageError(f"“{info.label}”（{info.name}）需要记录编号 RECORD_ID。")
    if args.record_id is not None and not info.record_types and "bundle_seq" not in info.options:
        raise UsageError(f"“{info.label}”（{info.name}）不需要记录编号。")
    if args.copies is not None and "copies" not in info.options:
        raise UsageError("--copies 只用于测评表（ballot）。")
    if args.month is not None and "month" not in info.options:
        raise UsageError("--month 只用于党费收缴登记表（dues-sheet）。")
    if args.full_id and "full_id" not in info.options:
        raise UsageError("--full-id 只用于党员花名册（roster）。")
    with open_book(args.book) as ws:
        path = ws.documents.export(args.kind, args.output, args.record_id, year=args.year, copies=args.copies,
                                   full_id=args.full_id, month=args.month)
    print(f"已生成{info.label}：{path}")
    return 0
