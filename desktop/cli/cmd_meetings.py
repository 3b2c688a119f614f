"""``zhibu-cli meetings …``: add, list, show, finalize (定稿), amend (更正/补充说明), void (作废), attach."""

from __future__ import annotations

import sys

from desktop.cli import meeting_json
from desktop.cli.common import UsageError, open_book, print_json
from desktop.domain.meeting_enums import AttendanceStatus, MeetingKind, RecordStatus


def register(sub) -> None:
    p = sub.add_parser("meetings", help="组织生活记录（三会一课、主题党日、组织生活会、集中学习）")
    p.set_defaults(func=_missing)
    cmds = p.add_subparsers(dest="meetings_command", metavar="子命令", parser_class=type(p))

    q = cmds.add_parser("add", help="从 JSON 文件新建会议记录（草稿），输出其编号")
    q.add_argument("book")
    q.add_argument("--json", required=True, dest="json_file", metavar="FILE", help="会议 JSON（字段见 docs/meetings.md）")
    q.add_argument("--finalize", action="store_true", help="新建后立即定稿")
    q.set_defaults(func=cmd_add)

    q = cmds.add_parser("list", help="列出会议记录")
    q.add_argument("book")
    q.add_argument("--year", type=int)
    q.add_argument("--type", help="会议类型，如 committee_meeting 或 支部委员会会议")
    q.add_argument("--status", help="draft/final/void（草稿/已定稿/已作废）")
    q.add_argument("--late", action="store_true", help="只列出补录的记录")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_list)

    q = cmds.add_parser("show", help="显示一条会议记录：出勤、人数、决议、纪实链信息、更正记录")
    q.add_argument("book")
    q.add_argument("id", type=int)
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_show)

    q = cmds.add_parser("finalize", help="定稿：写入纪实链，此后不能直接修改")
    q.add_argument("book")
    q.add_argument("id", type=int)
    q.set_defaults(func=cmd_finalize)

    q = cmds.add_parser("amend", help="更正或补充说明已定稿的记录（JSON 只写需要改的字段；\"note\" 为补充说明）")
    q.add_argument("book")
    q.add_argument("id", type=int)
    q.add_argument("--json", required=True, dest="json_file", metavar="FILE")
    q.add_argument("--reason", required=True, help="更正原因")
    q.set_defaults(func=cmd_amend)

    q = cmds.add_parser("void", help="作废已定稿的记录（保留在纪实链中）")
    q.add_argument("book")
    q.add_argument("id", type=int)
    q.add_argument("--reason", required=True)
    q.set_defaults(func=cmd_void)

    q = cmds.add_parser("delete", help="删除草稿（已定稿的记录只能作废）")
    q.add_argument("book")
    q.add_argument("id", type=int)
    q.set_defaults(func=cmd_delete)

    q = cmds.add_parser("attach", help="添加附件（照片、签到表扫描件、PDF），保存在加密的纪实本中")
    q.add_argument("book")
    q.add_argument("id", type=int)
    q.add_argument("file")
    q.add_argument("--reason", default="", help="已定稿记录添加附件时的说明")
    q.set_defaults(func=cmd_attach)

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


def report_findings(findings) -> None:
    for f in findings:
        print(f"{'问题' if f.level == 'error' else '提示'}：{f.message}", file=sys.stderr)


def _groups(ws) -> dict[str, int]:
    return {g.name: g.id for g in ws.organization.groups()}


def cmd_add(args) -> int:
    obj, folder = meeting_json.load(args.json_file)
    ws = open_book(args.book)
    try:
        data = meeting_json.meeting_input(obj, ws.meetings.member_id, _groups(ws))
        paths = meeting_json.attachment_paths(obj, folder)
        for path in paths:
            if not path.is_file():
                raise meeting_json.JsonInputError(f"找不到附件文件：{path}。")
        view = ws.meetings.create(data)
        print(view.id)
        for path in paths:
            ws.meetings.attach(view.id, path)
        if args.finalize:
            ws.meetings.finalize(view.id)
        else:
            report_findings(ws.meetings.get(view.id).check.findings)
    finally:
        ws.close()
    return 0


def cmd_list(args) -> int:
    ws = open_book(args.book)
    try:
        rows = ws.meetings.list(year=args.year, kind=_enum(MeetingKind, args.type),
                                status=_enum(RecordStatus, args.status), late_only=args.late)
    finally:
        ws.close()
    if args.json:
        print_json([r.as_dict() for r in rows])
        return 0
    for r in rows:
        flags = "".join(f"［{t}］" for t, on in (("补录", r.late_entry), ("时钟异常", r.clock_anomaly),
                                                 ("有更正", r.amended)) if on)
        print(f"{r.id:>5}  {r.start:%Y-%m-%d %H:%M}  {r.status.label}  {r.title}  应到{r.expected} 实到{r.present}{flags}")
    if not rows:
        print("（没有符合条件的会议记录）", file=sys.stderr)
    return 0


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


def cmd_show(args) -> int:
    ws = open_book(args.book)
    try:
        view = ws.meetings.get(args.id)
    finally:
        ws.close()
    if args.json:
        print_json(view.as_dict())
    else:
        _print_view(view)
    return 0


def cmd_finalize(args) -> int:
    ws = open_book(args.book)
    try:
        v = ws.meetings.finalize(args.id)
    finally:
        ws.close()
    print(f"已定稿：第{v.entry.seq}条，哈希 {v.entry.hash}{'（补录）' if v.late_entry else ''}"
          f"{'（时钟异常：系统时间早于上一条记录）' if v.clock_anomaly else ''}")
    return 0


def cmd_amend(args) -> int:
    obj, _folder = meeting_json.load(args.json_file)
    ws = open_book(args.book)
    try:
        note, fields = meeting_json.split_note(obj)
        data = None
        if fields:
            data = meeting_json.meeting_input(fields, ws.meetings.member_id, _groups(ws),
                                              base=ws.meetings.input_of(args.id))
        v = ws.meetings.amend(args.id, data, reason=args.reason, note=note)
    finally:
        ws.close()
    am = v.amendments[-1]
    print(f"已{am.kind.label}：第{am.entry.seq}条，哈希 {am.entry.hash}")
    return 0


def cmd_void(args) -> int:
    ws = open_book(args.book)
    try:
        ws.meetings.void(args.id, args.reason)
    finally:
        ws.close()
    print(f"已作废：会议记录 {args.id}")
    return 0


def cmd_delete(args) -> int:
    ws = open_book(args.book)
    try:
        ws.meetings.delete_draft(args.id)
    finally:
        ws.close()
    print(f"已删除草稿：{args.id}")
    return 0


def cmd_attach(args) -> int:
    ws = open_book(args.book)
    try:
        info = ws.meetings.attach(args.id, args.file, reason=args.reason)
    finally:
        ws.close()
    print(info.id)
    return 0


def cmd_save_attachment(args) -> int:
    ws = open_book(args.book)
    try:
        dest = ws.meetings.attachments.save_copy(args.attachment_id, args.dest)
    finally:
        ws.close()
    print(f"已另存（未加密）：{dest}")
    return 0


def cmd_study_hours(args) -> int:
    ws = open_book(args.book)
    try:
        rows = ws.meetings.study.hours(args.year)
    finally:
        ws.close()
    if args.json:
        print_json([{"member_id": h.member_id, "name": h.name, "minutes": h.minutes, "hours": h.hours,
                     "meets_target": h.meets_target, "sessions": len(h.credits)} for h in rows])
        return 0
    for h in rows:
        print(f"{h.member_id:>5}  {h.name}  {h.hours} 学时{'' if h.meets_target else '（未达32学时）'}")
    return 0

