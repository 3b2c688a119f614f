"""``zhibu-cli recruits …``: the 发展党员 pipeline — add a person, record a step, list stages and deadlines."""

from __future__ import annotations

from datetime import date

from desktop.cli.cmd_dues import _table
from desktop.cli.common import UsageError, open_book, parse_date, print_json
from desktop.domain import recruitment_rules as RR
from desktop.domain.enums import GENDERS


def register(sub) -> None:
    p = sub.add_parser("recruits", help="发展党员：登记入党申请人、记录各步骤、查看进度和时限")
    p.set_defaults(func=_missing_subcommand)
    rec = p.add_subparsers(dest="recruits_command", metavar="子命令", parser_class=type(p))
    steps = RR.load_rules().steps

    q = rec.add_parser("add", help="登记一名递交入党申请书的人，输出其编号")
    q.add_argument("book")
    q.add_argument("--name", required=True, help="姓名")
    q.add_argument("--gender", required=True, choices=GENDERS, help="性别")
    q.add_argument("--birth", required=True, help="出生日期 YYYY-MM-DD")
    q.add_argument("--applied", required=True, help="递交入党申请书日期 YYYY-MM-DD")
    q.add_argument("--id-number", help="18位身份证号")
    q.add_argument("--unit", default="", help="工作单位")
    q.add_argument("--position", default="", help="岗位职务")
    q.add_argument("--phone", default="", help="联系电话")
    q.add_argument("--education", default="", help="学历")
    q.add_argument("--notes", default="", help="备注")
    q.set_defaults(func=cmd_add)

    q = rec.add_parser("step", help="记录一个步骤；步骤：" + "，".join(f"{k} {s.label}" for k, s in steps.items()))
    q.add_argument("book")
    q.add_argument("id", type=int, help="编号（recruits list 中可查）")
    q.add_argument("step", choices=list(steps), metavar="STEP", help="步骤代号，见上")
    q.add_argument("--date", required=True, help="日期 YYYY-MM-DD")
    q.add_argument("--contacts", help="培养联系人（姓名或编号，逗号分隔；确定积极分子时填写1至2名）")
    q.add_argument("--introducers", help="入党介绍人（姓名或编号，逗号分隔；共2名）")
    q.add_argument("--hours", help="培训学时")
    q.add_argument("--days", help="培训天数")
    q.add_argument("--months", help="延长预备期的月数（6至12）")
    q.add_argument("--votes-for", help="赞成票")
    q.add_argument("--votes-against", help="反对票")
    q.add_argument("--votes-abstain", help="弃权票")
    q.add_argument("--reason", help="停止发展的原因")
    q.add_argument("--note", default="", help="备注")
    q.set_defaults(func=cmd_step)

    q = rec.add_parser("list", help="列出发展党员进度：阶段、下一步、截止日期、是否逾期")
    q.add_argument("book")
    q.add_argument("--at", help="按哪一天计算，默认今天")
    q.add_argument("--all", action="store_true", help="包括已转正和已停止发展的人")
    q.add_argument("--json", action="store_true", help="输出 JSON")
    q.set_defaults(func=cmd_list)

    q = rec.add_parser("deadlines", help="已逾期和即将到期的步骤")
    q.add_argument("book")
    q.add_argument("--at", help="按哪一天计算，默认今天")
    q.add_argument("--within", type=int, default=30, help="列出多少天内到期的步骤，默认30")
    q.add_argument("--json", action="store_true", help="输出 JSON")
    q.set_defaults(func=cmd_deadlines)


def _missing_subcommand(args) -> int:
    raise UsageError("请指定子命令：recruits add | step | list | deadlines（加 -h 查看帮助）")


def cmd_add(args) -> int:
    with open_book(args.book) as ws:
        v = ws.recruitment.add(args.name, args.gender, parse_date(args.birth), parse_date(args.applied),
                               id_number=args.id_number, unit=args.unit, position=args.position, phone=args.phone,
                               education=args.education, notes=args.notes)
    print(v.id)
    return 0


def cmd_step(args) -> int:
    on = parse_date(args.date)
    details = {key: getattr(args, key) for key in ("hours", "days", "months", "votes_for", "votes_against",
                                                   "votes_abstain", "reason") if getattr(args, key) not in (None, "")}
    with open_book(args.book) as ws:
        for key in ("contacts", "introducers"):
            text = getattr(args, key)
            if text:
                details[key] = [ws.dues.resolve_member(x) for x in text.replace("，", ",").split(",") if x.strip()]
        v = ws.recruitment.record_step(args.id, args.step, on, note=args.note, **details)
    label = ws.recruitment.rules.steps[args.step].label
    print(f"已登记：{v.name} {on.isoformat()} {label}。现为{v.stage_label}。" + _next_text(v))
    if v.member_id and args.step == "approved":
        print(f"已加入党员名册（编号 {v.member_id}），入党时间为支部大会通过之日。")
    for warning in v.warnings:
        print(f"提醒：{warning}")
    return 0


def _next_text(v) -> str:
    if not v.next_step:
        return ""
    if v.next_due is None:
        return f"下一步：{v.next_step_label}。"
    if any(d.step == v.next_step and d.kind == "earliest" for d in v.earliest) and not v.deadlines:
        return f"下一步：{v.next_step_label}（{v.next_due.isoformat()}起可办）。"
    state = f"已逾期{-v.days_left}天" if v.overdue else f"还有{v.days_left}天"
    return f"下一步：{v.next_step_label}（{v.next_due.isoformat()}前，{state}）。"


def _due_kind(v) -> str | None:
    if v.next_due is None:
        return None
    return "deadline" if any(d.step == v.next_step and d.due == v.next_due for d in v.deadlines) else "earliest"


def cmd_list(args) -> int:
    at = parse_date(args.at) if args.at else date.today()
    with open_book(args.book) as ws:
        views = ws.recruitment.pipeline(at, include_closed=args.all)
    if args.json:
        print_json([{
            "id": v.id, "name": v.name, "stage": v.stage.value, "stage_label": v.stage_label,
            "next_step": v.next_step, "next_step_label": v.next_step_label or None, "next_due": v.next_due,
            "due_kind": _due_kind(v), "overdue": v.overdue, "days_left": v.days_left,
            "probation_end": v.probation_end, "member_id": v.member_id, "problems": list(v.problems),
            "deadlines": [_deadline_json(d) for d in v.deadlines],
        } for v in views])
        return 0
    if not views:
        print("没有正在发展中的人员。")
        return 0
    _table(["编号", "姓名", "阶段", "下一步", "日期", "状态", "问题"],
           [[str(v.id), v.name, v.stage_label, v.next_step_label or "—",
             v.next_due.isoformat() if v.next_due else "—", _state(v), str(len(v.problems)) if v.problems else ""]
            for v in views])
    for v in views:
        for problem in v.problems:
            print(f"【{v.name}】{problem}")
    return 0


def _state(v) -> str:
    if v.next_due is None:
        return ""
    if _due_kind(v) == "earliest":
        return "起可办"
    return f"逾期{-v.days_left}天" if v.overdue else f"剩{v.days_left}天"


def _deadline_json(d) -> dict:
    return {"recruit_id": d.recruit_id, "name": d.recruit_name, "step": d.step, "step_label": d.step_label,
            "due": d.due, "overdue": d.overdue, "days_left": d.days_left, "rule": d.rule_id, "source": d.source}


def cmd_deadlines(args) -> int:
    at = parse_date(args.at) if args.at else date.today()
    with open_book(args.book) as ws:
        items = ws.recruitment.deadlines(at, within_days=args.within)
    if args.json:
        print_json({"at": at, "deadlines": [_deadline_json(d) for d in items]})
        return 0
    if not items:
        print(f"{args.within}天内没有到期的发展党员步骤。")
        return 0
    _table(["编号", "姓名", "步骤", "截止日期", "状态", "依据"],
           [[str(d.recruit_id), d.recruit_name, d.step_label, d.due.isoformat(),
             f"逾期{-d.days_left}天" if d.overdue else f"剩{d.days_left}天", d.source] for d in items])
    return 0
