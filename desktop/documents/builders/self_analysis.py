"""党性分析材料: each member's own text, as the member wrote it; nothing is generated.

Lines of the text that the member numbered as headings (一、… / （一）…) print as headings. A member with no
text gets the standard headings with lines to write on by hand. One member per page.
"""

from __future__ import annotations

import re

from desktop.documents.builders.common import (Context, RecordState, cn_date, fill_lines, meta_table, order_people,
                                               signatures)
from desktop.documents.model import Block, Document, Heading, PageBreak, Paragraph, Spacer
from desktop.errors import NotFound

STANDARD_HEADINGS = ("一、存在的主要问题", "二、产生问题的原因", "三、今后的努力方向和整改措施")
FILL_LINES = 9
_H1 = re.compile(r"^[一二三四五六七八九十]+[、．.]")
_H2 = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")


def text_blocks(text: str, top: int) -> list[Block]:
    """The member's text; headings the member numbered become headings (level ``top`` and ``top + 1``)."""
    out: list[Block] = []
    lines: list[str] = []

    def flush():
        if lines:
            indented = any(line[:1] in (" ", "\u3000", "\t") for line in lines)
            out.append(Paragraph("\n".join(lines), indent_first_line=not indented))
            lines.clear()

    for line in text.strip("\n").split("\n"):
        bare = line.strip()
        level = top if _H1.match(bare) else top + 1 if _H2.match(bare) else None
        if level is not None and len(bare) <= 60 and level <= 3:
            flush()
            out.append(Heading(level, bare))
        else:
            lines.append(line)
    flush()
    return out


def body(m, top: int) -> list[Block]:
    """The member's text (or the standard headings with lines to write on) and the signature line."""
    if m.self_analysis.strip():
        blocks = text_blocks(m.self_analysis, top)
    else:
        blocks = []
        for heading in STANDARD_HEADINGS:
            blocks += [Heading(top, heading), fill_lines(FILL_LINES)]
    return [*blocks, signatures(["本人签字"])]


def meta_rows(record, m) -> list[tuple[str, str]]:
    return [("姓　　名", m.name), ("党员类别", m.member_status.label), ("评议年度", f"{record.year}年度"),
            ("评议日期", cn_date(record.held_on))]


def build(ctx: Context, round_id: int, member_id: int | None = None) -> Document:
    view = ctx.ws.evaluations.get(round_id)
    r = view.record
    state = RecordState.of(view)
    members = order_people(r.members, ctx.order)
    if member_id is not None:
        members = [m for m in members if m.member_id == member_id]
        if not members:
            raise NotFound(f"编号为{member_id}的党员不在这次民主评议（{r.year}年度）的名单中。")
    common = dict(style="form", footer=state.footer(ctx.branch), watermark=state.watermark)
    if len(members) == 1:
        m = members[0]
        return Document(title=f"{ctx.branch}\n{m.name}同志党性分析材料", meta=meta_rows(r, m), blocks=body(m, 1),
                        **common)
    blocks: list[Block] = []
    for i, m in enumerate(members):
        if i:
            blocks.append(PageBreak())
        blocks += [Heading(1, f"{m.name}同志党性分析材料"), meta_table(meta_rows(r, m)), Spacer(4), *body(m, 2)]
    return Document(title=f"{ctx.branch}\n{r.year}年度党性分析材料", **common,
                    blocks=blocks or [Paragraph("这次民主评议没有参评党员。", indent_first_line=False)])
