"""``zhibu-cli trust | export | receipt | bundles``: the branch side of 报送."""

from __future__ import annotations

from pathlib import Path

from desktop.cli.common import open_book, print_json


def register(sub) -> None:
    p = sub.add_parser("trust", help="信任工委公钥（显示指纹，请与工委核对）")
    p.add_argument("book")
    p.add_argument("key_file")
    p.add_argument("--replace", action="store_true", help="替换已信任的工委公钥（写入纪实链）")
    p.set_defaults(func=cmd_trust)

    p = sub.add_parser("rekey", help="更换本支部的签名密钥（旧密钥签署交接声明，随下一个数据包报送工委）")
    p.add_argument("book")
    p.set_defaults(func=cmd_rekey)

    p = sub.add_parser("export", help="导出报送数据包（自上次回执确认处起，签名并加密给工委）")
    p.add_argument("book")
    p.add_argument("-o", "--out", required=True, help="保存到的文件夹（如U盘）")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("receipt", help="导入工委回执（核验签名、支部和链头后记入纪实链）")
    p.add_argument("book")
    p.add_argument("file")
    p.set_defaults(func=cmd_receipt)

    p = sub.add_parser("bundles", help="列出已导出的数据包及工委确认情况")
    p.add_argument("book")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_bundles)


FULL_ID_NOTE = "注意：工委政策要求报送完整身份证号码，本支部的数据包将包含完整身份证号码。"


def _date(t) -> str:
    return f"{t.year}年{t.month}月{t.day}日" if t else ""


def cmd_trust(args) -> int:
    ws = open_book(args.book)
    try:
        info = ws.sync.read_key_file(Path(args.key_file))
        print(f"工委：{info.name}\n指纹：{info.fingerprint}\n请通过电话或纸面与工委核对以上指纹。")
        trusted = ws.sync.trust(Path(args.key_file), replace=args.replace)
        print(FULL_ID_NOTE if trusted.full_id else "身份证号码只报送遮蔽号和密钥散列。")
        print(f"已信任“{trusted.name}”。本支部密钥指纹（供工委登记时核对）：{ws.sync.identity().fingerprint}")
    finally:
        ws.close()
    return 0


def cmd_rekey(args) -> int:
    ws = open_book(args.book)
    try:
        old = ws.sync.identity().fingerprint
        new = ws.sync.rotate_key()
    finally:
        ws.close()
    print(f"已更换本支部签名密钥。\n旧指纹：{old}\n新指纹：{new.fingerprint}")
    print("交接声明已由旧密钥签署并记入纪实链，下一个数据包会带给工委；工委核验后改用新密钥。")
    return 0


def cmd_export(args) -> int:
    ws = open_book(args.book)
    try:
        r = ws.sync.export(Path(args.out))
        ident = ws.sync.identity()
        committee = ws.sync.committee()
    finally:
        ws.close()
    print(f"已导出第{r.seq}号数据包：{r.path}")
    print(f"数据包指纹：{r.fingerprint}")
    print(f"纪实条目 {r.entries} 条，纪实链共 {r.ledger_length} 条。支部密钥指纹：{ident.fingerprint}")
    if committee is not None and committee.full_id:
        print(FULL_ID_NOTE)
    print(f"打印交接单：zhibu-cli doc {args.book} handover {r.seq} -o 数据包交接单.pdf")
    return 0


def cmd_receipt(args) -> int:
    ws = open_book(args.book)
    try:
        r = ws.sync.import_receipt(Path(args.file))
        ack = ws.sync.ack_state()
    finally:
        ws.close()
    print(f"已导入回执：“{r.committee}”确认收到第{r.seq}号数据包，纪实第1–{r.ledger_length}条"
          f"（工委时间 {r.received_at:%Y-%m-%d %H:%M}）。")
    print(f"已报送 · 工委已确认 {_date(ack.received_at)}；尚未报送 {ack.pending_entries} 条。")
    return 0


def cmd_bundles(args) -> int:
    ws = open_book(args.book)
    try:
        rows = ws.sync.bundles()
        ack = ws.sync.ack_state()
        committee = ws.sync.committee()
    finally:
        ws.close()
    if args.json:
        print_json({"committee": None if committee is None else {"name": committee.name,
                                                                  "fingerprint": committee.fingerprint,
                                                                  "full_id": committee.full_id},
                    "acknowledged_length": ack.acknowledged_length, "received_at": ack.received_at,
                    "pending_entries": ack.pending_entries,
                    "bundles": [{"seq": b.seq, "created_at": b.created_at, "file_name": b.file_name,
                                 "fingerprint": b.fingerprint, "entries": b.entries,
                                 "ledger_length": b.ledger_length, "acknowledged": b.acknowledged,
                                 "received_at": b.received_at} for b in rows]})
        return 0
    print(f"工委：{committee.name}（{committee.fingerprint}）" if committee else "尚未信任工委公钥。")
    if committee is not None and committee.full_id:
        print(FULL_ID_NOTE)
    print(f"工委已确认至第{ack.acknowledged_length}条；{ack.pending_entries} 条记录尚未报送。")
    for b in rows:
        state = f"工委已确认 {_date(b.received_at)}" if b.acknowledged else "未确认"
        print(f"{b.seq:>4}  {b.created_at:%Y-%m-%d %H:%M}  {b.entries:>5} 条  {state}  {b.file_name}")
    return 0
