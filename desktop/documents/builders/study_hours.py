"""党员学习学时登记表 for a year: the summary per member (times, hours, whether the 32 hours are reached), then
each member's credited meetings (date, what, hours). Only finalized records count (desktop.services.study)."""

from __future__ import annotations

from desktop.documents.builders.common import Context, Sections, cn_date, hours_text, num, order_people, signatures
from desktop.documents.model import Block, Cell, Document, FooterInfo, Paragraph, Table
from desktop.services.study import TARGET_HOURS_PER_YEAR


def build(ctx: Context, year: int) -> Document:
    people = order_people(ctx.ws.meetings.study.hours(year, ctx.today), ctx.order)
    s = Sections()
    summary = [[num(i), p.name, str(len(p.credits)), hours_text(p.minutes),
                Cell("是" if p.meets_target else "否", align="center")] for i, p in enumerate(people, start=1)]
    blocks: list[Block] = [s.h1("学时汇总"), Table(widths=(0.6, 1.4, 1.2, 1.2, 1.2),
                                                  header_rows=[["序号", "姓名", "学习次数", "累计学时",
                                                                f"达到{TARGET_HOURS_PER_YEAR}学时"]],
                                                  rows=summary) if summary else
                           Paragraph("本年度没有党员。", indent_first_line=False),
                           s.h1("个人学时明细")]
    for p in people:
        rows = [[num(i), cn_date(c.start.date()), c.title, hours_text(c.minutes)]
                for i, c in enumerate(p.credits, start=1)]
        rows.append([Cell("合计", span=3, bold=True, align="center"), hours_text(p.minutes)])
        blocks += [s.h2(p.name), Table(widths=(0.6, 1.6, 4.2, 1.0),
                                       header_rows=[["序号", "日期", "学习内容", "学时"]], rows=rows)]
    blocks.append(signatures(["填表人", "支部书记"]))
    return Document(title=f"{ctx.branch}\n{year}年度党员学习学时登记表", style="form", blocks=blocks,
                    footer=FooterInfo(ctx.branch))
