"""会议通知 (公文 style): meeting type, time, place, who attends, the agenda and what to prepare.

Everything comes from the meeting's record (usually a draft made before the meeting); the preparation requests
are not recorded anywhere, so the notice leaves lines for them. The date of issue is left for the secretary.
"""

from __future__ import annotations

from desktop.documents.builders.common import (BLANK_DATE, Context, RecordState, Sections, fill_lines, join_names,
                                               numbered, ref_name, time_range)
from desktop.documents.builders.meeting_people import audience, expected, meeting_name
from desktop.documents.model import Document, FooterInfo, Paragraph, Spacer
from desktop.domain.meeting_enums import MeetingKind, RecordStatus

FILL = "＿" * 28  # one official line: 28 characters


def notice_title(name: str) -> str:
    """"关于召开…的通知", never "关于召开关于…" or "…的通知的通知" when the meeting's own title already says so."""
    name = name.replace(" ", "")
    for prefix in ("关于召开", "关于", "召开"):
        name = name.removeprefix(prefix)
    name = name.removesuffix("的通知").removesuffix("通知")
    return f"关于召开{name}的通知"


def build(ctx: Context, meeting_id: int) -> Document:
    view = ctx.ws.meetings.get(meeting_id)
    r = view.record
    state = RecordState.of(view)
    people = expected(ctx, r, final=state.final)
    s = Sections()
    who = f"{audience(r)}（{len(people)} 人）：{join_names([m.name for m in people], '（无）')}"
    blocks = [
        Paragraph(f"{'各位支部委员' if r.kind == MeetingKind.COMMITTEE_MEETING else '各位党员'}：",
                  indent_first_line=False),
        Paragraph(f"现将召开{meeting_name(r).replace(' ', '')}的有关事项通知如下："),
        s.h1("会议时间"), Paragraph(time_range(r.start, r.end)),
        s.h1("会议地点"), Paragraph(r.place or FILL[:14]),
        s.h1("参加人员"), Paragraph(who),
    ]
    if r.observers:
        blocks.append(Paragraph(f"列席人员：{join_names(list(r.observers))}"))
    if r.upper_attendees:
        blocks.append(Paragraph(f"上级参加人员：{join_names(list(r.upper_attendees))}"))
    blocks.append(s.h1("活动安排" if r.kind == MeetingKind.THEME_DAY else "会议议题"))
    if r.kind == MeetingKind.PARTY_LECTURE or r.lecturer:
        blocks.append(Paragraph(f"讲课人：{ref_name(r.lecturer) or FILL[:8]}"))
    if r.theme:
        blocks.append(Paragraph(f"活动主题：{r.theme}"))
    if r.topic:
        blocks.append(Paragraph(f"{'党课题目' if r.kind == MeetingKind.PARTY_LECTURE else '主题'}：{r.topic}"))
    if r.agenda or not (r.topic or r.theme):
        blocks += numbered(list(r.agenda), empty=FILL, indent=True)
    blocks += [s.h1("会前准备"), fill_lines(3, FILL)]
    blocks += [Spacer(10), Paragraph(f"{ctx.branch}\n{BLANK_DATE}", align="right", indent_first_line=False,
                                     keep_with_previous=True)]
    footer = state.footer(ctx.branch) if state.final else FooterInfo(ctx.branch)
    return Document(title=notice_title(meeting_name(r)), style="official", blocks=blocks,
                    footer=footer, watermark="已作废" if state.status == RecordStatus.VOID else None)
