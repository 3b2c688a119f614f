"""表决票 of a 支部党员大会 vote (e.g. 接收预备党员, 预备党员转正): blank anonymous ballots, one sheet per copy,
all alike. The items are the meeting's recorded resolutions (or, before anything is recorded, its agenda)."""

from __future__ import annotations

from desktop.documents.builders.ballot import MAX_COPIES
from desktop.documents.builders.common import BLANK_DATE, Context, cn_date, num
from desktop.documents.builders.meeting_people import meeting_name
from desktop.documents.model import Block, Cell, Document, FooterInfo, PageBreak, Paragraph, Spacer, Table
from desktop.domain.meeting_enums import MeetingKind
from desktop.errors import ValidationError

CHOICES = ["同意", "不同意", "弃权"]


def sheet(title: str, items: list[str], held_on: str) -> list[Block]:
    n = len(CHOICES) + 2
    header = [
        [Cell(title, span=n, bold=True, align="center")],
        [Cell(f"表决日期：{held_on}", span=n - 2, align="left"), Cell("无记名", span=2, bold=True, align="center")],
        ["序号", "表决事项", *CHOICES],
    ]
    rows = [[num(i), item, "", "", ""] for i, item in enumerate(items, start=1)]
    return [
        Table(widths=(0.6, 4.2, 0.9, 0.9, 0.9), header_rows=header, rows=rows, min_row_height_mm=12, compact=True),
        Spacer(1),
        Paragraph("说明：1. 每一事项只能在“同意”“不同意”“弃权”中选一项划“√”，多划或不划视为弃权；2. 有表决权的"
                  "正式党员填写，预备党员不参加表决；3. 本票不署名，填好后投入票箱。", indent_first_line=False),
    ]


def build(ctx: Context, meeting_id: int, *, copies: int | None = None) -> Document:
    copies = 1 if copies is None else int(copies)
    if not 1 <= copies <= MAX_COPIES:
        raise ValidationError(f"份数应为 1 到 {MAX_COPIES} 之间的整数。", "copies")
    r = ctx.ws.meetings.get(meeting_id).record
    if r.kind != MeetingKind.GENERAL_ASSEMBLY:
        raise ValidationError("表决票用于支部党员大会的表决，请选择一次支部党员大会。", "record_id")
    items = [res.text for res in r.resolutions] or [a for a in r.agenda if a.strip()] or [""]
    title = f"{ctx.branch}\n{meeting_name(r)}表决票"
    blocks: list[Block] = []
    for copy in range(copies):
        if copy:
            blocks.append(PageBreak())
        blocks += sheet(title, items, cn_date(r.day) if r.day else BLANK_DATE)
    # No page numbers: nothing may tell one copy from another.
    return Document(title="", info_title=" ".join(title.split()), style="form", blocks=blocks,
                    footer=FooterInfo(ctx.branch), page_number_style="none")
