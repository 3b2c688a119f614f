"""``zhibu-cli reviews BOOK`` and ``guidance BOOK FILE``: what comes back from the committee to a branch book."""

from __future__ import annotations

from desktop.cli.common import open_book, print_json


def register(sub) -> None:
    p = sub.add_parser("reviews", help="工委审阅结果（随回执送达）；退回的记录须更正或补充说明")
    p.add_argument("book")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_reviews)

    p = sub.add_parser("guidance", help="导入工委工作提示文件（核验工委签名、版本和有效期）")
    p.add_argument("book")
    p.add_argument("file")
    p.set_defaults(func=cmd_guidance)


def cmd_reviews(args) -> int:
    from desktop.cli.cmd_oversight import review_dict

    ws = open_book(args.book)
    try:
        rows = ws.reviews.list()
    finally:
        ws.close()
    if args.json:
        print_json([review_dict(r) for r in rows])
        return 0
    if not rows:
        print("没有工委审阅结果。")
    for r in rows:
        print(r.line())
    return 0


def cmd_guidance(args) -> int:
    from pathlib import Path

    from desktop.committee import guidance

    ws = open_book(args.book)
    try:
        n = guidance.import_file(ws, Path(args.file))
    finally:
        ws.close()
    print(f"已导入工委工作提示第{n.version}号：{n.title}" + (f"（完成期限{n.deadline.isoformat()}）" if n.deadline else ""))
    for what, name in (("组织生活规则", n.rules), ("考评细则", n.rubric)):
        if name:
            print(f"已启用工委下发的{what}：{name}")
    return 0
