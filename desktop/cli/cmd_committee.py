"""``zhibu-cli committee init | pubkey | policy | enrol | import | branches``: the committee book (工委纪实本)."""

from __future__ import annotations

from pathlib import Path

from desktop.cli.cmd_book import _new_passphrase
from desktop.cli.common import UsageError, open_book, print_json
from desktop.workspace import Workspace

STATUS = {"accepted": "已导入", "already": "已导入过", "pending": "待确认登记", "rejected": "已拒绝"}


def register(sub) -> None:
    p = sub.add_parser("committee", help="工委纪实本：新建、公钥、导入数据包、登记支部、支部列表")
    p.set_defaults(func=_missing)
    cmds = p.add_subparsers(dest="committee_command", metavar="子命令", parser_class=type(p))

    q = cmds.add_parser("init", help="新建工委纪实本（生成工委密钥，只保存在加密的纪实本中）")
    q.add_argument("book")
    q.add_argument("--name", required=True, help="工委名称，如：市直机关工委")
    q.set_defaults(func=cmd_init)

    q = cmds.add_parser("pubkey", help="导出工委公钥文件（发给各支部）")
    q.add_argument("book")
    q.add_argument("-o", "--out", required=True, help="公钥文件或文件夹")
    q.set_defaults(func=cmd_pubkey)

    q = cmds.add_parser("policy", help="工委政策：是否要求支部报送完整身份证号码（随公钥文件签名下发）")
    q.add_argument("book")
    q.add_argument("--full-id", choices=("on", "off"), help="on：数据包带完整身份证号码；off：只带遮蔽号和密钥散列")
    q.set_defaults(func=cmd_policy)

    q = cmds.add_parser("enrol", help="核对指纹后登记支部，并导入其暂存的数据包")
    q.add_argument("book")
    q.add_argument("branch_id")
    q.add_argument("--confirm", required=True, metavar="FINGERPRINT", help="支部密钥指纹（可带空格或短横线）")
    q.add_argument("--receipts", help="回执保存到的文件夹")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_enrol)

    q = cmds.add_parser("import", help="导入支部数据包；有被拒绝的数据包时退出码为 1")
    q.add_argument("book")
    q.add_argument("bundles", nargs="+")
    q.add_argument("--receipts", help="回执保存到的文件夹")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_import)

    q = cmds.add_parser("branches", help="列出支部：登记状态、最新数据包、保存的纪实、警示")
    q.add_argument("book")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_branches)

    from desktop.cli import cmd_oversight  # status | alerts | verify … (issue 10)

    cmd_oversight.register(cmds)


def _missing(args) -> int:
    raise UsageError("请指定子命令：committee init | pubkey | policy | enrol | import | branches")


def cmd_init(args) -> int:
    ws = Workspace.create_committee(args.book, _new_passphrase("ZHIBU_PASSPHRASE"), args.name)
    try:
        info = ws.committee.info()
    finally:
        ws.close()
    print(f"已新建工委纪实本：{args.book}（{info.name}）\n工委公钥指纹：{info.fingerprint}")
    return 0


def cmd_policy(args) -> int:
    ws = open_book(args.book)
    try:
        before = ws.committee.full_id_policy()
        if args.full_id is not None:
            ws.committee.set_full_id_policy(args.full_id == "on")
        now = ws.committee.full_id_policy()
    finally:
        ws.close()
    print("本工委要求支部报送完整身份证号码。" if now else "本工委只接收遮蔽的身份证号码和密钥散列（默认）。")
    if now != before:
        print(f"政策已更改。请重新导出公钥文件（zhibu-cli committee pubkey {args.book} -o 文件）交给各支部，"
              "支部导入后生效。")
    return 0


def cmd_pubkey(args) -> int:
    ws = open_book(args.book)
    try:
        path = ws.committee.export_public_key(Path(args.out))
        info = ws.committee.info()
    finally:
        ws.close()
    print(f"已导出工委公钥：{path}\n指纹：{info.fingerprint}（支部导入时请与其核对）")
    return 0


def _print_outcomes(outcomes, as_json: bool) -> int:
    if as_json:
        print_json([{"path": str(o.path), "status": o.status, "message": o.message, "branch_id": o.branch_id,
                     "branch_name": o.branch_name, "seq": o.seq,
                     "receipt_path": str(o.receipt_path) if o.receipt_path else None} for o in outcomes])
    else:
        for o in outcomes:
            print(f"{STATUS[o.status]}：{o.path.name} — {o.message}")
            if o.receipt_path:
                print(f"    回执：{o.receipt_path}")
    return 1 if any(o.status == "rejected" for o in outcomes) else 0


def cmd_import(args) -> int:
    ws = open_book(args.book)
    try:
        outcomes = ws.committee.import_bundles([Path(b) for b in args.bundles],
                                               Path(args.receipts) if args.receipts else None)
    finally:
        ws.close()
    return _print_outcomes(outcomes, args.json)


def cmd_enrol(args) -> int:
    ws = open_book(args.book)
    try:
        outcomes = ws.committee.enrol(args.branch_id, args.confirm, Path(args.receipts) if args.receipts else None)
    finally:
        ws.close()
    if not args.json:
        print(f"已登记支部 {args.branch_id}，导入暂存的数据包 {len(outcomes)} 个。")
    return _print_outcomes(outcomes, args.json)


def cmd_branches(args) -> int:
    ws = open_book(args.book)
    try:
        rows = ws.committee.branches()
    finally:
        ws.close()
    if args.json:
        print_json([{"branch_id": b.branch_id, "name": b.name, "fingerprint": b.fingerprint, "enrolled": b.enrolled,
                     "last_seq": b.last_seq, "held_length": b.held_length, "head": b.head,
                     "last_received_at": b.last_received_at, "alerts": b.alerts} for b in rows])
        return 0
    for b in rows:
        state = "已登记" if b.enrolled else "待确认登记"
        last = f"第{b.last_seq}号" if b.last_seq else "—"
        print(f"{b.name}  {state}  最新数据包 {last}  保存至第{b.held_length}条  {b.branch_id}")
        print(f"    指纹 {b.fingerprint}")
        for a in b.alerts:
            print(f"    ⚠ {a}")
    return 0
