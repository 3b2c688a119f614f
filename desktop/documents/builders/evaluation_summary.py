"""民主评议党员结果汇总表: per member the votes per grade, the committee's proposal and the final grade, with the
check of the share of 优秀 against the cap configured for the round."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.documents.builders.common import (Context, RecordState, Sections, amendment_blocks, cn_date, num,
                                               order_people, signatures, text_block)
from desktop.documents.model import Block, Cell, Document, Table
from desktop.domain.evaluation_rules import graded

FIELD_LABELS = {"year": "评议年度", "held_on": "评议日期", "meeting": "评议会议", "ballots_issued": "发出测评票",
                "ballots_returned": "收回测评票", "excellent_cap": "优秀比例上限", "notes": "情况说明",
                "members": "评议结果"}


@dataclass(frozen=True)
class EvaluationPart:
    title: str
    meta: list[tuple[str, str]]
    blocks: list[Block]
    state: RecordState


def cap_text(cap) -> str:
    share = f"{cap.excellent / cap.total:.1%}" if cap.total else "—"
    verdict = "超出上限，请核对或说明理由" if cap.over else "符合规定"
    return (f"评定为优秀 {cap.excellent} 人，占评定等次的正式党员 {cap.total} 人的 {share}；上限为 {cap.cap}"
            f"（即不超过 {cap.allowed} 人；预备党员不评定等次，不计入）：{verdict}")


def _grade(m) -> str:
    """The final grade; a 预备党员 is not graded unless the committee recorded one on purpose (with a reason)."""
    if m.final_grade is not None:
        return m.final_grade.label
    return "不评定等次" if not graded(m) else ""


def _n(v) -> str:
    return "—" if v is None else str(v)


def part(ctx: Context, view) -> EvaluationPart:
    r = view.record
    state = RecordState.of(view)
    meta = [("评议年度", f"{r.year}年度"), ("评议日期", cn_date(r.held_on))]
    if r.meeting:
        meta.append(("评议会议", r.meeting.name))
    meta += [("测 评 票", f"发出 {_n(r.ballots_issued)} 张，收回 {_n(r.ballots_returned)} 张"),
             ("优秀比例", cap_text(view.cap)), ("纪实信息", state.ledger_text("评议"))]
    members = order_people(r.members, ctx.order)
    rows = [[num(i), m.name, str(m.votes.excellent), str(m.votes.qualified), str(m.votes.basically_qualified),
             str(m.votes.unqualified), m.proposed_grade.label if m.proposed_grade else "",
             Cell(_grade(m), bold=True, align="center"),
             "；".join(x for x in (m.member_status.label if not graded(m) else "", m.follow_up) if x)]
            for i, m in enumerate(members, start=1)]
    table = Table(widths=(0.55, 1.1, 0.65, 0.65, 0.75, 0.75, 1.0, 1.0, 2.1), header_rows=[
        [Cell("序号", row_span=2), Cell("姓名", row_span=2), Cell("测评票数", span=4), Cell("支委会\n意见", row_span=2),
         Cell("评定\n等次", row_span=2), Cell("备注（帮助教育或\n组织处置措施）", row_span=2)],
        ["", "", "优秀", "合格", "基本\n合格", "不合格", "", "", ""],
    ], rows=rows)
    s = Sections()
    blocks: list[Block] = [s.h1("评议结果"), table, s.h1("情况说明"), text_block(r.notes)]
    blocks += amendment_blocks(state, view.original, FIELD_LABELS, s)
    return EvaluationPart(f"{r.year}年度民主评议党员结果汇总表", meta, blocks, state)


def build(ctx: Context, round_id: int) -> Document:
    view = ctx.ws.evaluations.get(round_id)
    p = part(ctx, view)
    return Document(title=f"{ctx.branch}\n{p.title}", style="form", meta=p.meta,
                    blocks=[*p.blocks, signatures(["支部书记签字"])],
                    footer=p.state.footer(ctx.branch), watermark=p.state.watermark)
