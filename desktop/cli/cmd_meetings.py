"""``zhibu-cli meetings …``: add, list, show, finalize (定稿), amend (更正/补充说明), void (作废), attach."""

from __future__ import annotations

from desktop.cli import chained_commands as chained
from desktop.cli.chained_commands import report_findings
from desktop.cli.common import UsageError, open_book, print_json
from desktop.domain.meeting_enums import AttendanceStatus, MeetingKind, RecordStatus


def register(sub) -> None:
    p = sub.add_parser("meetings", help="组织生活记录（三会一课、主题党日、组织生活会、集中学习）")
    p.set_defaults(func=_missing)
    cmds = p.add_subparsers(dest="meetings_command", metavar="子命令", parser_class=type(p))

    chained.add_create_parser(cmds, "从 JSON 文件新建会议记录（草稿），输出其编号", cmd_add,
                              json_help="会议 JSON（字段见 docs/meetings.md）")

    q = cmds.add_parser("list", help="列出会议记录")
    q.add_argument("book")
    q.add_argument("--year", type=int)
    q.add_argument("--type", help="会议类型，如 committee_meeting 或 支部委员会会议")
    q.add_argument("--status", help="draft/final/void（草稿/已定稿/已作废）")
    q.add_argument("--late", action="store_true", help="只列出补录的记录")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_list)

    chained.add_record_parser(cmds, "show", "显示一条会议记录：出勤、人数、决议、纪实链信息、更正记录", cmd_show, json=True)
    chained.add_record_parser(cmds, "finalize", "定稿：写入纪实链，此后不能直接修改", cmd_finalize)
    chained.add_amend_parser(cmds, "更正或补充说明已定稿的记录（JSON 只写需要改的字段；\"note\" 为补充说明）", cmd_amend,
                             reason_help="更正原因")
    chained.add_void_parser(cmds, "作废已定稿的记录（保留在纪实链中）", cmd_void)
    chained.add_record_parser(cmds, "delete", "删除草稿（已定稿的记录只能作废）", cmd_delete)
    chained.add_attach_parser(cmds, "添加附件（照片、签到表扫描件、PDF），保存在加密的纪实本中", cmd_attach,
                              reason_help="已定稿记录添加附件时的说明")

    q = cmds.add_parser("save-attachment", help="把附件另存为未加密的文件（记入操作日志）")
    q.add_argument("book")
    q.add_argument("attachment_id", type=int)
    q.add_argument("dest")
    q.set_defaults(func=cmd_save_attachment)

    q = cmds.add_parser("study-hours", help="党员年度学时（党课、集中学习等）")
    q.add_argument("book")
    q.add_argument("--year", type=int, required=True)
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_study_hours)


def _missing(args) -> int:
    raise UsageError("请指定子命令：meetings add | list | show | finalize | amend | void | delete | attach（加 -h 查看帮助）")


def _enum(cls, text):
    if text is None:
        return None
    try:
        return cls.from_label(text)
    except ValueError:
        raise UsageError(f"无法识别“{text}”，可用：{'、'.join(f'{e.value}（{e.label}）' for e in cls)}") from None


def _groups(ws) -> dict[str, int]:
    return {g.name: g.id for g in ws.organization.groups()}


def cmd_add(args) -> int:
    meeting_json = chained.json_input()
    obj, folder = meeting_json.load(args.json_file)
    from desktop.cli import json_schema  # pydantic: only when a file is checked

    json_schema.check(json_schema.Meeting, obj, "会议 JSON ")  # file problems before the book is opened
    files = meeting_json.attachment_files(obj, folder)
    with open_book(args.book) as ws:
        data = meeting_json.meeting_input(obj, ws.meetings.member_id, _groups(ws))
        return chained.add_record(args, ws, ws.meetings, data, files,
                                  lambda view: ws.meetings.get(view.id).check.findings)


def _line(r) -> str:
    flags = "".join(f"［{t}］" for t, on in (("补录", r.late_entry), ("时钟异常", r.clock_anomaly),
                                             ("有更正", r.amended)) if on)
    return f"{r.id:>5}  {r.start:%Y-%m-%d %H:%M}  {r.status.label}  {r.title}  应到{r.expected} 实到{r.present}{flags}"


def cmd_list(args) -> int:
    with open_book(args.book) as ws:
        rows = ws.meetings.list(year=args.year, kind=_enum(MeetingKind, args.type),
                                status=_enum(RecordStatus, args.status), late_only=args.late)
    return chained.print_rows(rows, args.json, _line, "（没有符合条件的会议记录）")


def _print_view(v) -> None:
    r, c = v.record, v.check.counts
    print(f"{r.title}（{v.status.label}{'，补录' if v.late_entry else ''}{'，时钟异常' if v.clock_anomaly else ''}）")
    print(f"类型：{r.kind.label}")
    print(f"时间：{r.start:%Y-%m-%d %H:%M}–{r.end:%H:%M}" if r.end else f"时间：{r.start:%Y-%m-%d %H:%M}")
    print(f"地点：{r.place}")
    for label, ref in (("党小组", r.group), ("主持人", r.chair), ("记录人", r.recorder), ("讲课人", r.lecturer)):
        if ref:
            print(f"{label}：{ref.name}")
    for label, text in (("题目", r.topic), ("主题", r.theme)):
        if text:
            print(f"{label}：{text}")
    print(f"应到{c.expected}人，实到{c.present}人（正式党员{c.present_full}人，预备党员{c.present_probationary}人），"
          f"请假{c.on_leave}人，缺席{c.absent}人")
    if v.check.quorum.required:
        print(v.check.quorum.description)
    for a in r.attendance:
        if a.status != AttendanceStatus.PRESENT:
            print(f"  {a.name}：{a.status.label}{'（' + a.reason + '）' if a.reason else ''}")
    for label, items in (("列席人员", r.observers), ("上级参加人员", r.upper_attendees), ("议题", r.agenda)):
        if items:
            print(f"{label}：{'；'.join(items)}")
    print("内容：")
    print(r.content)
    for i, (res, ok) in enumerate(zip(r.resolutions, v.check.passed), 1):
        verdict = {True: "通过", False: "未通过", None: "未记录表决"}[ok]
        print(f"决议{i}：{res.text}（赞成{res.votes_for} 反对{res.votes_against} 弃权{res.votes_abstain}，{verdict}）")
    for i, item in enumerate(r.rectifications, 1):
        print(f"整改{i}：{item.item} — {item.measure}（{item.owner.name if item.owner else ''} {item.due_on or ''}）")
    for a in v.attachments:
        print(f"附件 #{a.id}：{a.name}（{a.size} 字节，SHA-256 {a.sha256[:16]}…）")
    if v.entry:
        e = v.entry
        print(f"纪实：第{e.seq}条，哈希 {e.hash}，录入于 {e.entered_at:%Y-%m-%d %H:%M}，滞后{e.lag_days}天")
    for am in v.amendments:
        what = f"，更正字段：{'、'.join(sorted(am.changes))}" if am.changes else ""
        print(f"{am.kind.label}（第{am.entry.seq if am.entry else '?'}条，{am.entry.entered_at:%Y-%m-%d} ）："
              f"{am.reason}{what}{'；' + am.note if am.note else ''}")
    report_findings(v.check.findings)


cmd_show = chained.show_command("meetings", _print_view)
cmd_finalize = chained.finalize_command(
    "meetings", lambda v: f"{'（补录）' if v.late_entry else ''}"
                          f"{'（时钟异常：系统时间早于上一条记录）' if v.clock_anomaly else ''}")
cmd_amend = chained.amend_command(
    "meetings", lambda ws, fields, base: chained.json_input().meeting_input(fields, ws.meetings.member_id, _groups(ws),
                                                                     base=base))
cmd_void = chained.void_command("meetings", "会议记录")
cmd_delete = chained.delete_command("meetings")
cmd_attach = chained.attach_command("meetings")


def cmd_save_attachment(args) -> int:
    with open_book(args.book) as ws:
        dest = ws.meetings.attachments.save_copy(args.attachment_id, args.dest)
    print(f"已另存（未加密）：{dest}")
    return 0


def cmd_study_hours(args) -> int:
    with open_book(args.book) as ws:
        rows = ws.meetings.study.hours(args.year)
    if args.json:
        print_json([{"member_id": h.member_id, "name": h.name, "minutes": h.minutes, "hours": h.hours,
                     "meets_target": h.meets_target, "sessions": len(h.credits)} for h in rows])
        return 0
    for h in rows:
        print(f"{h.member_id:>5}  {h.name}  {h.hours} 学时{'' if h.meets_target else '（未达32学时）'}")
    return 0

