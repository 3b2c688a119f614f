"""组织生活会情况报告 (公文 style), to the committee above: the meeting's facts, the preparation done, the problems
raised per person with the criticism, and the rectification measures with owners and dates — all as recorded
in the 组织生活会 record. The framing sentences are labels; the substance is the record's."""

from __future__ import annotations

from desktop.documents.builders.common import (BLANK_DATE, NONE_TEXT, Context, RecordState, Sections,
                                               amendment_blocks, join_names, numbered, order_people, ref_name,
                                               text_block, time_range)
from desktop.documents.builders.meeting_people import meeting_name
from desktop.documents.builders.minutes import (FIELD_LABELS, absentees_text, attendance_text,
                                                rectifications_table)
from desktop.documents.model import Block, Document, Paragraph, Spacer
from desktop.domain.meeting_enums import MeetingKind
from desktop.errors import ValidationError


def _line(label: str, value: str) -> Paragraph:
    return Paragraph(f"{label}：{value or NONE_TEXT}")


def build(ctx: Context, meeting_id: int) -> Document:
    view = ctx.ws.meetings.get(meeting_id)
    r = view.record
    if r.kind != MeetingKind.ORG_LIFE_MEETING:
        raise ValidationError(f"编号为{meeting_id}的记录是{r.kind.label}，不是组织生活会。组织生活会情况报告只能"
                              "根据组织生活会记录生成，请选择组织生活会的记录。", "record_id")
    state = RecordState.of(view)
    name = meeting_name(r).replace(" ", "")
    upper = ctx.ws.organization.branch_info().committee_name
    s = Sections()
    blocks: list[Block] = [
        Paragraph(f"{upper or '＿' * 10}：", indent_first_line=False),
        Paragraph(f"现将{ctx.branch}召开{name}的情况报告如下。"),
        s.h1("基本情况"),
        _line("会议时间", time_range(r.start, r.end)),
        _line("会议地点", r.place),
        _line("主持人", ref_name(r.chair)),
        _line("出席情况", attendance_text(view)),
        _line("缺席人员及原因", absentees_text(r, ctx.order)),
        _line("上级参加人员", join_names(list(r.upper_attendees))),
        _line("列席人员", join_names(list(r.observers))),
        s.h1("会前准备情况"),
    ]
    for label, text in (("学习研讨", r.preparation.study), ("谈心谈话", r.preparation.talks),
                        ("征求意见", r.preparation.opinions)):
        blocks += [s.h2(label), text_block(text)]
    blocks += [s.h1("会议情况"), Paragraph("会议议程：", indent_first_line=True),
               *numbered(list(r.agenda), indent=True), text_block(r.content, empty="")]
    blocks.append(s.h1("查摆问题及批评与自我批评情况"))
    notes = order_people(r.notes, ctx.order)
    if not notes:
        blocks.append(Paragraph(NONE_TEXT))
    for n in notes:
        blocks += [s.h2(n.name), Paragraph(f"查摆的问题：{n.problems or NONE_TEXT}"),
                   Paragraph(f"批评与自我批评：{n.criticism or NONE_TEXT}")]
    blocks.append(s.h1("整改措施"))
    blocks.append(rectifications_table(r.rectifications) if r.rectifications else Paragraph(NONE_TEXT))
    blocks += amendment_blocks(state, view.original, FIELD_LABELS, s)
    blocks += [Spacer(10), Paragraph(f"{ctx.branch}\n{BLANK_DATE}", align="right", indent_first_line=False)]
    return Document(title=f"关于召开{name}情况的报告", style="official", blocks=blocks,
                    footer=state.footer(ctx.branch), watermark=state.watermark)
