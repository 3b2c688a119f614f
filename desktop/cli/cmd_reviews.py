"""``zhibu-cli reviews BOOK``: the committee's 审阅 results on a branch book (carried back by receipts)."""

from __future__ import annotations

from desktop.cli.common import open_book, print_json


def register(sub) -> None:
    p = sub.add_parser("reviews", help="工委审阅结果（随回执送达）；退回的记录须更正或补充说明")
    p.add_argument("book")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_reviews)


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
