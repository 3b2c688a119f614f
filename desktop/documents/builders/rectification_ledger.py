"""整改落实台账: every rectification item in force (from meetings or added on its own) with its measure, owner,
deadline, the progress recorded and the evidence (attached files), for a year or all of them."""

from __future__ import annotations

from desktop.documents.builders.common import Context, cn_date, num, ref_name, signatures
from desktop.documents.model import Cell, Document, FooterInfo, Paragraph, Table


def progress_text(view) -> str:
    lines = [f"{cn_date(p.on)} {p.status.label}" + (f"：{p.note.strip()}" if p.note.strip() else "")
             for p in view.progress]
    return "\n".join(lines) or "（尚无进展记录）"


def evidence_text(view) -> str:
    names = [a.name for p in view.progress for a in p.attachments]
    return "、".join(names) or "无"


def build(ctx: Context, year: int | None = None) -> Document:
    items = ctx.ws.rectifications.list(year=year)
    rows = []
    for i, v in enumerate(items, start=1):
        source = v.meeting_title or v.source or ""
        state = v.status.label + ("（已逾期）" if v.overdue else "")
        rows.append([num(i), v.item + (f"\n（来源：{source}）" if source else ""), v.measure, ref_name(v.owner),
                     cn_date(v.due_on), progress_text(v), evidence_text(v), Cell(state, align="center")])
    header = [["序号", "存在的问题", "整改措施", "责任人", "完成时限", "进展情况", "佐证材料", "状态"]]
    table = Table(widths=(10, 55, 55, 18, 26, 58, 32, 23), header_rows=header, rows=rows, font_size=10) \
        if rows else Paragraph("没有整改事项。", indent_first_line=False)
    closed = sum(1 for v in items if v.status.value == "closed")
    what = f"{year}年度" if year else ""
    return Document(title=f"{ctx.branch}\n{what}整改落实台账", subtitle=f"（截至{cn_date(ctx.today)}）", style="form",
                    blocks=[table, Paragraph(f"共 {len(items)} 项，已完成 {closed} 项。", indent_first_line=False),
                            signatures(["填表人", "支部书记"])],
                    footer=FooterInfo(ctx.branch), landscape=True)
