"""考评自评表: the committee's rubric items with the score claimed (automatic items computed from the records,
manual ones as the secretary entered them), the explanation or note, the supporting records, and the totals."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.documents.builders.common import Context, Sections, cn_date, num, signatures
from desktop.documents.model import Block, Cell, Document, FooterInfo, Paragraph, Table

if TYPE_CHECKING:  # pragma: no cover
    from desktop.workspace import Workspace

MAX_EVIDENCE = 6  # records named per item; the rest are counted
LABELS = {"meeting": "会议记录", "heart_talk": "谈心谈话记录", "evaluation": "民主评议", "rectification": "整改事项"}


def _points(value) -> str:
    from desktop.rules.rubric import fmt_points

    return "待填写" if value is None else fmt_points(value)


def evidence_names(ws: Workspace, year: int) -> dict[str, str]:
    """"meeting:12" → "2025年3月4日 2025年3月 支部委员会会议" for the records of the year (others by number)."""
    names = {f"meeting:{m.id}": f"{cn_date(m.start.date())} {m.title}" for m in ws.meetings.list(year=year)}
    names.update({f"heart_talk:{t.id}": f"{cn_date(t.held_at.date())} 谈心谈话（{'、'.join(t.participants)}）"
                  for t in ws.talks.list(year=year)})
    names.update({f"evaluation:{e.id}": f"{cn_date(e.held_on)} {e.year}年度民主评议" for e in ws.evaluations.list()})
    names.update({f"rectification:{r.id}": f"整改事项：{r.item[:30]}" for r in ws.rectifications.list()})
    return names


def evidence_text(refs, names: dict[str, str]) -> str:
    def name(ref: str) -> str:
        kind, _, rid = ref.partition(":")
        return names.get(ref) or f"{LABELS.get(kind, kind)}（编号{rid}）"

    shown = [name(r) for r in refs[:MAX_EVIDENCE]]
    more = f"等 {len(refs)} 份" if len(refs) > MAX_EVIDENCE else ""
    return "佐证：" + "；".join(shown) + more if shown else ""


def build(ctx: Context, year: int) -> Document:
    view = ctx.ws.assessment.self_assessment(year)
    names = evidence_names(ctx.ws, year)
    rubric = view.rubric
    s = Sections()
    blocks: list[Block] = []
    if rubric.get("notice"):
        blocks.append(Paragraph(f"※ {rubric['notice']}", indent_first_line=False))
    for section, items in view.sections():
        rows = []
        for i, item in enumerate(items, start=1):
            text = item.explanation if item.scoring == "auto" else (item.note or item.explanation)
            detail = "\n".join(x for x in (text, evidence_text(list(item.evidence), names)) if x)
            rows.append([num(i), item.title, Cell(_points(item.max_points), align="center"),
                         Cell(_points(item.score), bold=True, align="center"),
                         "自动" if item.scoring == "auto" else "人工", detail])
        zero = type(view.total)(0)
        subtotal = sum((i.score for i in items if i.score is not None), start=zero)
        rows.append([Cell("小计", span=2, bold=True, align="center"),
                     Cell(_points(sum((i.max_points for i in items), start=zero)), align="center"),
                     Cell(_points(subtotal), bold=True, align="center"), "", ""])
        blocks += [s.h1(section), Table(widths=(0.6, 2.2, 0.7, 1.0, 0.7, 3.8), header_rows=[
            ["序号", "考评项目", "满分", "自评得分", "计分", "评分说明及佐证"]], rows=rows, font_size=10)]
    titles = {i.id: i.title for i in view.items}
    unscored = "、".join(titles.get(m, m) for m in view.missing_manual)
    missing = (f"尚有 {len(view.missing_manual)} 项人工评分未填写：{unscored}"
               if view.missing_manual else "全部项目已评分")
    meta = [("考评年度", f"{year}年度"), ("评分日期", cn_date(view.as_of)),
            ("考评细则", f"{rubric.get('title', '')}（版本 {rubric.get('version', '')}，{rubric.get('issuer', '')}）"),
            ("自评总分", f"{_points(view.total)} / {_points(view.max_total)} 分（自动计分 "
                     f"{_points(view.auto_total)} 分，人工评分 {_points(view.manual_total)} 分）；{missing}")]
    blocks.append(signatures(["支部书记签字"]))
    return Document(title=f"{ctx.branch}\n{year}年度考评自评表", style="form", meta=meta, blocks=blocks,
                    footer=FooterInfo(ctx.branch, None, None if view.complete else "人工评分未完成"))
