"""会议记录 for every meeting type (支部党员大会, 支委会, 党小组会, 党课, 主题党日, 组织生活会, 集中学习).

One layout with the parts each type needs: 党课 adds the lecturer, topic and study hours; 主题党日 the theme,
participants and photos; 组织生活会 the preparation, the problems raised per person and the rectification list.
The content is the recorder's text, verbatim.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.documents.builders.common import (NONE_TEXT, Context, RecordState, Sections, amendment_blocks,
                                               attachment_lines, cn_date, duration_text, hours_text, join_names, num,
                                               numbered, order_people, ref_name, signatures, text_block, time_range)
from desktop.documents.model import Block, Document, Paragraph, QRCode, Table
from desktop.domain.meeting_enums import AttendanceStatus, MeetingKind, VoteMethod
from desktop.domain.meeting_records import MeetingRecord, Resolution
from desktop.domain.meeting_rules import default_title

FIELD_LABELS = {
    "title": "标题", "start": "开始时间", "end": "结束时间", "place": "地点", "group": "党小组", "chair": "主持人",
    "recorder": "记录人", "lecturer": "讲课人", "topic": "主题", "theme": "活动主题", "study_minutes": "学时",
    "observers": "列席人员", "upper_attendees": "上级参加人员", "agenda": "议题", "content": "会议内容",
    "preparation": "会前准备情况", "attendance": "出席情况", "resolutions": "决议及表决情况",
    "notes": "查摆问题及批评意见", "rectifications": "整改事项", "attachments": "附件",
}

AGENDA_LABEL = {MeetingKind.THEME_DAY: "活动安排", MeetingKind.PARTY_LECTURE: "党课安排",
                MeetingKind.STUDY_SESSION: "学习安排"}
CONTENT_LABEL = {MeetingKind.THEME_DAY: "活动情况", MeetingKind.PARTY_LECTURE: "党课内容",
                 MeetingKind.STUDY_SESSION: "学习内容"}
TOPIC_LABEL = {MeetingKind.PARTY_LECTURE: "党课题目", MeetingKind.STUDY_SESSION: "学习主题"}
# Kinds that take decisions: their minutes always show the 决议 section (with 无 when there were none).
DECIDING = {MeetingKind.GENERAL_ASSEMBLY, MeetingKind.COMMITTEE_MEETING, MeetingKind.GROUP_MEETING,
            MeetingKind.ORG_LIFE_MEETING}


@dataclass(frozen=True)
class MeetingPart:
    """A meeting record laid out: its title, the label/value rows and the body (shared with the year book)."""

    title: str
    meta: list[tuple[str, str]]
    blocks: list[Block]
    state: RecordState


def record_title(record: MeetingRecord, suffix: str = "记录") -> str:
    """"2026年3月 支部委员会会议记录" (the record's own title plus 记录; 主题党日 → 主题党日活动记录)."""
    base = (record.title or default_title(record.kind, record.start, ref_name(record.group))).strip()
    if base.endswith("记录"):
        return base
    if record.kind == MeetingKind.THEME_DAY and base.endswith("主题党日") and suffix == "记录":
        suffix = "活动记录"
    return base + suffix


def attendance_text(view) -> str:
    """应到/实到 as counted, and for a 支部党员大会 or 支委会 the quorum as the app computes it."""
    from desktop.domain.meeting_rules import quorum

    c = view.check.counts
    text = (f"应到 {c.expected} 人，实到 {c.present} 人（正式党员 {c.present_full} 人，"
            f"预备党员 {c.present_probationary} 人）")
    text += f"，未登记 {c.unmarked} 人" if c.unmarked else ""
    q = quorum(view.record, c)
    return text + (f"。{q.description}" if q.required and q.description else "")


def absentees_text(record: MeetingRecord, order: str) -> str:
    away = order_people([a for a in record.attendance if a.status != AttendanceStatus.PRESENT], order)
    parts = [f"{a.name}（{a.status.label}{'：' + a.reason.strip() if a.reason.strip() else ''}）" for a in away]
    return "；".join(parts) if parts else NONE_TEXT


def present_names(record: MeetingRecord, order: str) -> list[str]:
    return [a.name for a in order_people([a for a in record.attendance if a.status == AttendanceStatus.PRESENT],
                                         order)]


def meta_rows(ctx: Context, view, state: RecordState) -> list[tuple[str, str]]:
    r: MeetingRecord = view.record
    rows: list[tuple[str, str]] = []
    if r.kind == MeetingKind.GROUP_MEETING and r.group:
        rows.append(("党 小 组", r.group.name))
    rows += [("时　　间", time_range(r.start, r.end)), ("地　　点", r.place or "")]
    rows += [("主 持 人", ref_name(r.chair)), ("记 录 人", ref_name(r.recorder))]
    if r.kind == MeetingKind.PARTY_LECTURE or r.lecturer:
        rows.append(("讲 课 人", ref_name(r.lecturer)))
    if r.kind == MeetingKind.THEME_DAY or r.theme:
        rows.append(("活动主题", r.theme))
    if r.topic or r.kind in TOPIC_LABEL:
        rows.append((TOPIC_LABEL.get(r.kind, "主　　题"), r.topic))
    if r.kind.credits_study or r.study_minutes is not None:
        parts = []
        if r.end and r.end > r.start:
            parts.append(f"时长 {duration_text(int((r.end - r.start).total_seconds() // 60))}")
        parts.append(f"计入学时 {hours_text(r.credited_minutes)} 学时")
        rows.append(("学　　时", "，".join(parts)))
    rows.append(("出席情况", attendance_text(view)))
    rows.append(("缺席人员\n及原因", absentees_text(r, ctx.order)))
    if r.kind == MeetingKind.THEME_DAY:
        rows.append(("参加人员", join_names(present_names(r, ctx.order))))
    rows.append(("列席人员", join_names(list(r.observers))))
    rows.append(("上级参加\n人员", join_names(list(r.upper_attendees))))
    rows.append(("纪实信息", state.ledger_text()))
    return rows


def vote_text(res: Resolution) -> str:
    def n(v):
        return "—" if v is None else str(v)

    votes = f"反对 {n(res.votes_against)} 票，弃权 {n(res.votes_abstain)} 票"
    people = "".join(f"；{label}：{join_names([p.name for p in refs])}"
                     for label, refs in (("监票人", res.scrutineers), ("计票人", res.tellers)) if refs)
    if res.method == VoteMethod.BALLOT:
        return (f"发出选票 {n(res.ballots_issued)} 张，收回 {n(res.ballots_returned)} 张；"
                f"同意 {n(res.votes_for)} 票，{votes}{people}")
    return f"赞成 {n(res.votes_for)} 票，{votes}{people}"


def resolutions_table(record: MeetingRecord) -> Table:
    return Table(widths=(0.55, 3.2, 1.1, 2.6), header_rows=[["序号", "决议事项", "表决方式", "表决情况"]],
                 rows=[[num(i), r.text, r.method.label, vote_text(r)] for i, r in enumerate(record.resolutions, 1)])


def rectifications_table(items) -> Table:
    return Table(widths=(0.7, 2.3, 2.3, 0.9, 1.7),
                 header_rows=[["序号", "存在的问题", "整改措施", "责任人", "完成时限"]],
                 rows=[[num(i), it.item, it.measure, ref_name(it.owner), cn_date(it.due_on)]
                       for i, it in enumerate(items, 1)])


def person_notes_table(record: MeetingRecord, order: str) -> Table:
    notes = order_people(record.notes, order)
    return Table(widths=(0.55, 1.0, 3.0, 3.0), header_rows=[["序号", "姓名", "查摆的问题", "批评与自我批评"]],
                 rows=[[num(i), n.name, n.problems or "", n.criticism or ""] for i, n in enumerate(notes, 1)])


def body_blocks(ctx: Context, view, state: RecordState, sections: Sections) -> list[Block]:
    r: MeetingRecord = view.record
    out: list[Block] = []
    if r.kind == MeetingKind.ORG_LIFE_MEETING:
        out.append(sections.h1("会前准备情况"))
        for label, text in (("学习研讨", r.preparation.study), ("谈心谈话", r.preparation.talks),
                            ("征求意见", r.preparation.opinions)):
            out += [sections.h2(label), text_block(text)]
    out += [sections.h1(AGENDA_LABEL.get(r.kind, "议题")), *numbered(list(r.agenda))]
    out += [sections.h1(CONTENT_LABEL.get(r.kind, "会议内容")), text_block(r.content)]
    if r.kind == MeetingKind.ORG_LIFE_MEETING or r.notes:
        out.append(sections.h1("查摆问题及批评与自我批评"))
        out.append(person_notes_table(r, ctx.order) if r.notes else Paragraph(NONE_TEXT, indent_first_line=False))
    if r.kind in DECIDING or r.resolutions:
        out.append(sections.h1("决议及表决情况"))
        out.append(resolutions_table(r) if r.resolutions else Paragraph(NONE_TEXT, indent_first_line=False))
    if r.kind == MeetingKind.ORG_LIFE_MEETING or r.rectifications:
        out.append(sections.h1("整改事项"))
        out.append(rectifications_table(r.rectifications) if r.rectifications
                   else Paragraph(NONE_TEXT, indent_first_line=False))
    files = getattr(view, "attachments", ()) or ()
    if files or r.kind == MeetingKind.THEME_DAY:
        out.append(sections.h1("活动照片及附件" if r.kind == MeetingKind.THEME_DAY else "附件"))
        out += attachment_lines(files)
    out += amendment_blocks(state, view.original, FIELD_LABELS, sections)
    return out


def part(ctx: Context, view) -> MeetingPart:
    state = RecordState.of(view)
    return MeetingPart(record_title(view.record), meta_rows(ctx, view, state),
                       body_blocks(ctx, view, state, Sections()), state)


def build(ctx: Context, meeting_id: int) -> Document:
    view = ctx.ws.meetings.get(meeting_id)
    p = part(ctx, view)
    labels = ["主持人签字", "记录人签字"]
    if view.record.kind == MeetingKind.PARTY_LECTURE:
        labels.append("讲课人签字")
    blocks = [*p.blocks, signatures(labels)]
    if p.state.short_hash:  # the full hash, so the committee can scan it (zhibu-cli committee verify)
        blocks.append(QRCode(p.state.entry.hash, size_mm=16, caption=f"纪实哈希 {p.state.entry.hash}"))
    return Document(title=f"{ctx.branch}\n{p.title}", style="form", meta=p.meta, blocks=blocks,
                    footer=p.state.footer(ctx.branch), watermark=p.state.watermark)


