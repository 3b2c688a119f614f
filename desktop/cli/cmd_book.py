"""Book-level commands: init, demo, backup, restore, passwd, check."""

from __future__ import annotations

import json
import os
from pathlib import Path

from desktop.cli.common import open_book, print_json, read_passphrase
from desktop.errors import ZhibuError
from desktop.workspace import Workspace, restore_backup


def register(sub) -> None:
    p = sub.add_parser("init", help="新建一本支部纪实本")
    p.add_argument("book")
    p.add_argument("--branch", required=True, help="支部名称，如：市财政局机关第一党支部")
    p.add_argument("--committee", default="", help="上级党组织名称")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("demo", help="生成一本演示用的支部纪实本（虚构数据）")
    p.add_argument("book")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("backup", help="备份到指定文件（加密，校验后写入）")
    p.add_argument("book")
    p.add_argument("dest")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help="用备份文件替换支部纪实本（替换前先备份当前文件）")
    p.add_argument("backup")
    p.add_argument("book")
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("passwd", help="更换口令（新口令取自 ZHIBU_NEW_PASSPHRASE 或终端输入）")
    p.add_argument("book")
    p.set_defaults(func=cmd_passwd)

    p = sub.add_parser("check", help="完整性检查；健康时退出码为 0")
    p.add_argument("book")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_check)


def _new_passphrase(env: str) -> str:
    value = read_passphrase("新口令: ", env=env, confirm=not os.environ.get(env))
    if len(value) < 6:
        raise ZhibuError("口令太短：至少 6 个字符，建议 10 个以上并混合字母、数字和符号。")
    return value


def cmd_init(args) -> int:
    passphrase = _new_passphrase("ZHIBU_PASSPHRASE")
    ws = Workspace.create(args.book, passphrase, args.branch, committee_name=args.committee)
    ws.close()
    print(f"已新建：{args.book}（{args.branch}）")
    return 0


def cmd_demo(args) -> int:
    from desktop.demo import create_demo_book

    passphrase = os.environ.get("ZHIBU_PASSPHRASE")
    path, passphrase = create_demo_book(Path(args.book), passphrase)
    print(f"已生成演示支部纪实本：{path}")
    print(f"口令：{passphrase}")
    return 0


def cmd_backup(args) -> int:
    ws = open_book(args.book)
    try:
        dest = ws.backup(Path(args.dest))
    finally:
        ws.close()
    print(f"已备份并校验：{dest}")
    return 0


def cmd_restore(args) -> int:
    restore_backup(Path(args.backup), Path(args.book), read_passphrase())
    print(f"已从 {args.backup} 恢复到 {args.book}（原文件已先行备份）。")
    return 0


def cmd_passwd(args) -> int:
    ws = open_book(args.book)
    try:
        ws.change_passphrase(_new_passphrase("ZHIBU_NEW_PASSPHRASE"))
    finally:
        ws.close()
    print("口令已更换。请牢记新口令：忘记口令将无法打开数据。")
    return 0


def cmd_check(args) -> int:
    ws = open_book(args.book)
    try:
        report = ws.check()
    finally:
        ws.close()
    if args.json:
        print_json(report)
    else:
        print(_format_check(report))
    return 0 if report["ok"] else 1


def _format_check(report: dict) -> str:
    lines = ["检查结果：" + ("健康" if report["ok"] else "发现问题")]
    lines.append(f"  数据库完整性：{'正常' if report['integrity_check'] == ['ok'] else report['integrity_check']}")
    lines.append(f"  加密页校验：{'正常' if not report['cipher_integrity_check'] else report['cipher_integrity_check']}")
    schema = report["schema"]
    lines.append(f"  数据结构版本：{schema['current']}（最新 {schema['head']}）")
    ledger = report.get("ledger")
    if ledger is not None:
        state = "正常" if ledger.get("ok") else "异常"
        lines.append(f"  纪实链：{state}，共 {ledger.get('length', 0)} 条")
        for problem in ledger.get("problems", [])[:20]:
            lines.append(f"    - {problem if isinstance(problem, str) else json.dumps(problem, ensure_ascii=False)}")
    guards = report.get("guards")
    if guards is not None:
        if guards["ok"]:
            lines.append("  保护触发器：齐全")
        else:
            lines.append(f"  保护触发器：缺少 {'、'.join(guards['missing'])}。有人绕过本软件直接修改过数据库："
                         "请核对纪实链和操作日志，必要时从备份恢复。")
    return "\n".join(lines)
