"""Parts of the year book beyond the records: the 支部基本情况 page (members, groups, committee as of the year's
end or today), and the study-hours and dues summaries of the year."""

from __future__ import annotations

from datetime import date

from desktop.documents.builders.common import Context, cn_date, hours_text, meta_table, num, order_people
from desktop.documents.model import Block, Cell, Paragraph, Table
from desktop.domain.enums import MemberStatus
from desktop.services.study import TARGET_HOURS_PER_YEAR


def basic_info_blocks(ctx: Context, year: int) -> list[Block]:
    as_of = min(date(year, 12, 31), ctx.today)
    members = ctx.ws.members.roster_on(as_of)  # status as it was that day
    full = sum(1 for m in members if m.status == MemberStatus.FULL)
    branch = ctx.ws.organization.branch_info()
    committee = ctx.ws.organization.current_committee(as_of)
    posts = "；".join(f"{p.role_label} {p.member_name}" for p in committee.posts) if committee else "（未录入）"
    term = (f"{cn_date(committee.term_start)}—{cn_date(committee.term_end)}" if committee else "")
    rows = [("支部名称", ctx.branch), ("上级党组织", branch.committee_name or ""),
            ("党员人数", f"{len(members)} 人（正式党员 {full} 人，预备党员 {len(members) - full} 人），截至{cn_date(as_of)}"),
            ("支部委员会", posts + (f"（任期 {term}）" if term else ""))]
    groups = ctx.ws.organization.groups()
    group_rows = [[num(i), g.name, g.leader_name or "", f"{g.member_count} 人"] for i, g in enumerate(groups, 1)]
    blocks: list[Block] = [meta_table(rows)]
    if group_rows:
        blocks.append(Table(widths=(0.6, 2.2, 1.6, 1.2), header_rows=[["序号", "党小组", "组长", "人数（目前）"]],
                            rows=group_rows))
    return blocks


def study_blocks(ctx: Context, year: int) -> list[Block]:
    people = order_people(ctx.ws.meetings.study.hours(year, ctx.today), ctx.order)
    if not people:
        return [Paragraph("本年度没有学时记录。", indent_first_line=False)]
    rows = [[num(i), p.name, str(len(p.credits)), hours_text(p.minutes),
             Cell("是" if p.meets_target else "否", align="center")] for i, p in enumerate(people, start=1)]
    short = sum(1 for p in people if not p.meets_target)
    return [Table(widths=(0.6, 1.4, 1.2, 1.2, 1.2), rows=rows,
                  header_rows=[["序号", "姓名", "学习次数", "累计学时", f"达到{TARGET_HOURS_PER_YEAR}学时"]]),
            Paragraph(f"共 {len(people)} 人，{short} 人未达到{TARGET_HOURS_PER_YEAR}学时。", indent_first_line=False)]


def dues_blocks(ctx: Context, year: int) -> list[Block]:
    summary = ctx.ws.dues.year_summary(year)

    def yuan(fen: int) -> str:
        return f"{fen / 100:.2f}"

    owing = [r for r in summary.rows if r.arrears_fen]
    rows = [("全年应交", f"{yuan(summary.due_fen)} 元"), ("已交", f"{yuan(summary.paid_fen)} 元"),
            ("欠交", f"{yuan(summary.arrears_fen)} 元" + (
                "（" + "、".join(r.member_name for r in owing) + "）" if owing else "")),
            ("统计截至", cn_date(summary.at))]
    return [meta_table(rows)]
