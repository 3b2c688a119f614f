"""``zhibu-cli assess BOOK --year Y [--json]``: the year's 考评自评 against the book's rubric; ``--set ITEM
--score S`` enters a manual item (with ``--note`` and ``--evidence meeting:12,heart_talk:3``)."""

from __future__ import annotations

from desktop.cli.common import UsageError, cn_date, open_book, parse_date, print_json
from desktop.rules.rubric import fmt_points


def register(sub) -> None:
    p = sub.add_parser("assess", help="年度考评自评：自动计分项按记录计算，人工评分项可用 --set 填写")
    p.add_argument("book")
    p.add_argument("--year", type=int, required=True, help="考评年度，如 2026")
    p.add_argument("--on", help="按哪一天评分 YYYY-MM-DD，默认今天（未结束的期间不扣分）")
    p.add_argument("--set", metavar="ITEM", help="填写人工评分项（项目代号见输出）")
    p.add_argument("--score", help="与 --set 同用：得分")
    p.add_argument("--note", default="", help="与 --set 同用：评分说明")
    p.add_argument("--evidence", default="", help="与 --set 同用：佐证记录，如 meeting:12,heart_talk:3")
    p.add_argument("--clear", metavar="ITEM", help="清除某人工评分项的得分")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.set_defaults(func=cmd_assess)


def cmd_assess(args) -> int:
    if args.set and args.score is None:
        raise UsageError("--set 需要同时给出 --score 得分。")
    if args.score is not None and not args.set:
        raise UsageError("--score 需要与 --set 项目代号同用。")
    on = parse_date(args.on) if args.on else None
    evidence = [x.strip() for x in args.evidence.replace("，", ",").split(",") if x.strip()]
    with open_book(args.book) as ws:
        if args.clear:
            ws.assessment.clear_manual(args.year, args.clear)
        if args.set:
            ws.assessment.set_manual(args.year, args.set, args.score, args.note, evidence)
        view = ws.assessment.self_assessment(args.year, on)
    if args.json:
        print_json(view.as_dict())
        return 0
    r = view.rubric
    print(f"{view.year}年度{r['title']}（版本 {r['version']}，评分日期 {cn_date(view.as_of)}）")
    if r["notice"]:
        print(f"※ {r['notice']}")
    for section, items in view.sections():
        print(f"\n【{section}】")
        for i in items:
            score = "待填写" if i.score is None else f"{fmt_points(i.score)}"
            how = "自动" if i.scoring == "auto" else "人工"
            print(f"  {i.id}  {i.title}（{how}，满分{fmt_points(i.max_points)}）：{score}")
            text = i.explanation if i.scoring == "auto" else (i.note or i.explanation)
            if text:
                print(f"      {text}")
            if i.scoring == "manual" and i.evidence:
                print(f"      佐证：{'、'.join(i.evidence)}")
    state = "" if view.complete else f"（尚有{len(view.missing_manual)}项人工评分未填写：{'、'.join(view.missing_manual)}）"
    print(f"\n合计：{fmt_points(view.total)} / {fmt_points(view.max_total)} 分{state}")
    return 0
