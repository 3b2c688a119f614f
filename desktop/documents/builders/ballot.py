"""民主评议党员测评表: blank anonymous ballots, one per copy, each on its own page and all alike.

The names are the members of an evaluation round (the roster of its day) or, without a round, the branch's
members today, in the book's name order. Nothing on a ballot identifies the voter.
"""

from __future__ import annotations

from desktop.documents.builders.common import BLANK_DATE, Context, cn_date, num, order_people
from desktop.documents.model import Block, Cell, Document, FooterInfo, PageBreak, Paragraph, Spacer, Table
from desktop.domain.enums import MemberStatus
from desktop.errors import ValidationError

MAX_COPIES = 200
GRADES = ["优秀", "合格", "基本合格", "不合格"]
ROW_MM = 7  # room to tick; shrunk down to MIN_ROW_MM so that a copy fits on one sheet with its instructions
MIN_ROW_MM = 5.2
ROOM_MM = 170  # the form's type area (250 mm) less the four header rows, the spacer and the instructions


def font_size(count: int) -> float:
    """五号 (10.5 pt) text; 小五 (9 pt) for 27–34 names, which then still fit one sheet."""
    return 9.0 if 26 < count <= 34 else 10.5


def row_height(count: int) -> float:
    """The row height that puts ``count`` names on one A4 sheet, within [MIN_ROW_MM, ROW_MM]."""
    return round(max(MIN_ROW_MM, min(ROW_MM, ROOM_MM / max(count, 1))), 1)


def ballot_blocks(title: str, names: list[str], held_on: str, cap: str) -> list[Block]:
    """One ballot. Its title is the first row of the table so every copy looks the same (the document title is
    printed once, on the first page only)."""
    n = len(GRADES) + 3
    header = [
        [Cell(title, span=n, bold=True, align="center")],
        [Cell(f"测评日期：{held_on}", span=n - 2, align="left"), Cell("无记名", span=2, bold=True, align="center")],
        [Cell("序号", row_span=2), Cell("姓名", row_span=2), Cell("评议等次（在选定等次栏内划“√”）", span=len(GRADES)),
         Cell("存在问题", row_span=2)],
        ["", "", *GRADES, ""],
    ]
    rows = [[num(i), name, *[""] * len(GRADES), ""] for i, name in enumerate(names, start=1)]
    return [
        Table(widths=(0.6, 1.3, 0.8, 0.8, 1.0, 0.9, 3.0), header_rows=header, rows=rows,
              min_row_height_mm=row_height(len(names)), font_size=font_size(len(names)), compact=True),
        Spacer(1),
        Paragraph(f"说明：1. 每名党员只能在一个等次栏内划“√”，多划或不划视为弃权；2. 评为“优秀”的人数一般不超过"
                  f"参评党员人数的{cap}；3. 预备党员参加评议，不评定等次；4. 本表不署名，填好后投入票箱。", indent_first_line=False),
    ]


def build(ctx: Context, round_view=None, *, year: int | None = None, copies: int | None = None) -> Document:
    copies = 1 if copies is None else int(copies)
    if not 1 <= copies <= MAX_COPIES:
        raise ValidationError(f"份数应为 1 到 {MAX_COPIES} 之间的整数。", "copies")
    if round_view is not None:
        record = round_view.record
        year, held_on, cap = record.year, cn_date(record.held_on), record.excellent_cap
        # 预备党员 take part in the evaluation but are not graded: no row for them on the ballot
        names = order_people([m.name for m in record.members if m.member_status != MemberStatus.PROBATIONARY],
                             ctx.order, name=lambda x: x)
    else:
        year = year or ctx.today.year
        held_on, cap = BLANK_DATE, ctx.ws.evaluations.excellent_cap()
        names = [m.name for m in ctx.ws.members.list() if m.status != MemberStatus.PROBATIONARY]
    title = f"{ctx.branch}\n{year}年度民主评议党员测评表"
    blocks: list[Block] = []
    for copy in range(copies):
        if copy:
            blocks.append(PageBreak())
        blocks += ballot_blocks(title, names, held_on, cap)
    # No page numbers: nothing may tell one copy from another (无记名).
    return Document(title="", info_title=" ".join(title.split()), style="form", blocks=blocks,
                    footer=FooterInfo(ctx.branch), page_number_style="none")
