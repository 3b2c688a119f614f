"""签到表: printed before the meeting and signed on paper — one row per member due that day (from the roster of the
meeting day), rows for observers, and 应到/实到 boxes left blank for hand filling."""

from __future__ import annotations

from desktop.documents.builders.common import Context, RecordState, num, ref_name, time_range
from desktop.documents.builders.meeting_people import audience, expected, meeting_name
from desktop.documents.model import Cell, Document, FooterInfo, Heading, Paragraph, Table
from desktop.domain.meeting_enums import RecordStatus

ROW_MM = 10  # room for a signature
BLANK_OBSERVER_ROWS = 3


def _counts_box() -> Table:
    def person():
        return Cell("人", align="right")

    return Table(widths=(1.1, 1, 1.1, 1, 1.1, 1),
                 rows=[[Cell("应到人数", bold=True, align="center"), person(),
                        Cell("实到人数", bold=True, align="center"), person(),
                        Cell("请假/缺席", bold=True, align="center"), person()]],
                 repeat_header=False, min_row_height_mm=ROW_MM)


def build(ctx: Context, meeting_id: int) -> Document:
    view = ctx.ws.meetings.get(meeting_id)
    r = view.record
    state = RecordState.of(view)
    members = expected(ctx, r, final=state.final)
    member_rows = [[num(i), m.name, m.group_name, "", ""] for i, m in enumerate(members, start=1)]
    named = [(name, "列席") for name in r.observers] + [(name, "上级参加") for name in r.upper_attendees]
    if r.lecturer and r.lecturer.id is None:
        named.append((r.lecturer.name, "讲课人"))
    observer_rows = [[num(i), name, role, "", ""] for i, (name, role) in enumerate(named, start=1)]
    observer_rows += [[num(len(observer_rows) + i), "", "", "", ""] for i in range(1, BLANK_OBSERVER_ROWS + 1)]
    meta = [("时　　间", time_range(r.start, r.end)), ("地　　点", r.place or "")]
    if r.chair:
        meta.append(("主 持 人", ref_name(r.chair)))
    meta.append(("参加范围", audience(r)))
    widths = (0.6, 1.4, 1.6, 2.4, 1.4)
    blocks = [
        _counts_box(),
        Heading(1, "党员签到"),
        Table(widths=widths, header_rows=[["序号", "姓名", "党小组", "签名", "备注"]], rows=member_rows,
              min_row_height_mm=ROW_MM) if member_rows else
        Paragraph("该日期没有应参加的党员，请核对会议日期和类型。", indent_first_line=False),
        Heading(1, "列席及其他参加人员签到"),
        Table(widths=widths, header_rows=[["序号", "姓名", "身份或单位", "签名", "备注"]], rows=observer_rows,
              min_row_height_mm=ROW_MM),
    ]
    # Printed before the meeting, when the record is still a draft: no 草稿 watermark on a sheet to be signed.
    footer = state.footer(ctx.branch) if state.final else FooterInfo(ctx.branch)
    return Document(title=f"{ctx.branch}\n{meeting_name(r)}签到表", style="form", meta=meta, blocks=blocks,
                    footer=footer, watermark="已作废" if state.status == RecordStatus.VOID else None)
