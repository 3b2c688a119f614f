"""年度工作纪实汇编 (year book, for inspection): cover, table of contents with page numbers, every finalized record
of the year in date order (voided ones too, marked 已作废) with its amendments, the rectification follow-up, the
year's compliance summary from the rules engine, and the result of verifying the ledger.

Drafts are left out: they are not records yet. Long work: reports progress and can be cancelled between records.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from desktop.documents.builders import evaluation_summary, minutes, talk, yearbook_summary
from desktop.documents.builders.common import Context, cn_date, cn_datetime, meta_table, num, ref_name, signatures
from desktop.documents.model import (TOC, Block, Document, FooterInfo, Heading, PageBreak, Paragraph, Spacer,
                                     Table)
from desktop.domain.meeting_enums import RecordStatus
from desktop.progress import CancelToken, Progress, no_progress

if TYPE_CHECKING:  # pragma: no cover
    from desktop.workspace import Workspace

TYPE_ORDER = {"meeting": 0, "heart_talk": 1, "evaluation": 2}


@dataclass(frozen=True)
class Entry:
    """A record of the year to include, in date order."""

    at: datetime
    record_type: str
    record_id: int


def year_entries(ws: Workspace, year: int) -> list[Entry]:
    """Finalized (and voided) meetings, talks and evaluation rounds dated in ``year``, in date order."""
    out = [Entry(m.start, "meeting", m.id) for m in ws.meetings.list(year=year) if m.status != RecordStatus.DRAFT]
    out += [Entry(t.held_at, "heart_talk", t.id) for t in ws.talks.list(year=year) if t.status != RecordStatus.DRAFT]
    out += [Entry(datetime.combine(e.held_on, time(23, 59)), "evaluation", e.id) for e in ws.evaluations.list()
            if e.held_on.year == year and e.status != RecordStatus.DRAFT]
    return sorted(out, key=lambda e: (e.at, TYPE_ORDER[e.record_type], e.record_id))


def demote(blocks: list[Block]) -> list[Block]:
    """A record's own section headings sit below the record's heading in the book."""
    return [Heading(3, b.text) if isinstance(b, Heading) else b for b in blocks]


def record_blocks(ctx: Context, entry: Entry, n: int) -> tuple[str, list[Block], int | None]:
    """(TOC title, blocks, ledger seq) of one record: heading with its marks, its label/value table, its body."""
    if entry.record_type == "meeting":
        part = minutes.part(ctx, ctx.ws.meetings.get(entry.record_id))
    elif entry.record_type == "heart_talk":
        part = talk.part(ctx, ctx.ws.talks.get(entry.record_id))
    else:
        part = evaluation_summary.part(ctx, ctx.ws.evaluations.get(entry.record_id))
    marks = "".join(f"【{m}】" for m in part.state.marks)
    title = f"{n}. {cn_date(entry.at.date())}　{part.title}{marks}"
    seq = part.state.entry.seq if part.state.entry is not None else None
    return title, [Heading(2, title, anchor=f"record-{n}"), meta_table(part.meta), Spacer(2), *demote(part.blocks),
                   Spacer(6)], seq


def rectification_blocks(ctx: Context, year: int, meeting_ids: set[int]) -> list[Block]:
    """Items raised at the year's meetings, due in the year or followed up in it, with every follow-up step."""
    rows = []
    for r in ctx.ws.rectifications.list():
        steps = [p for p in r.progress if p.on.year == year]
        if not steps and r.meeting_id not in meeting_ids and not (r.due_on and r.due_on.year == year):
            continue
        progress = "\n".join(f"{cn_date(p.on)} {p.status.label}：{p.note}"
                             + (f"（纪实链第 {p.entry.seq} 条）" if p.entry else "") for p in r.progress)
        source = r.meeting_title or r.source or ""
        rows.append([num(len(rows) + 1), r.item, r.measure, ref_name(r.owner), cn_date(r.due_on), source,
                     r.status.label + ("（逾期）" if r.overdue else ""), progress or "（尚无进展记录）"])
    if not rows:
        return [Paragraph("本年度没有需要跟进的整改事项。", indent_first_line=False)]
    return [Table(widths=(0.65, 1.6, 1.6, 0.8, 1.1, 1.3, 0.9, 2.6), header_rows=[
        ["序号", "存在的问题", "整改措施", "责任人", "完成时限", "来源", "状态", "整改进展"]], rows=rows, font_size=9)]


def compliance_blocks(ctx: Context, year: int) -> list[Block]:
    """The rules engine's verdict for every period of the year."""
    results = ctx.ws.rules.year(year, min(ctx.today, date(year, 12, 31)))
    by_rule: dict[str, list] = {}
    for r in results:
        by_rule.setdefault(r.rule_id, []).append(r)
    rows = []
    for i, (_, items) in enumerate(by_rule.items(), start=1):
        applicable = [r for r in items if r.state != "not_applicable"]
        done = [r for r in applicable if r.state == "done"]
        missed = [f"{r.period.label_cn}（{r.state_label}）" for r in applicable if r.state != "done"]
        how = f"{len(done)} / {len(applicable)}" if applicable else "不适用"
        note = "；".join(missed) if len(items) > 1 else (items[-1].message if items[-1].state != "done" else "")
        rows.append([num(i), items[0].title, how, note or "—", items[0].source])
    intro = Paragraph(f"按本纪实本的组织生活规则逐期核对（核对日期 {cn_date(min(ctx.today, date(year, 12, 31)))}，"
                      "尚未结束的期间不计为逾期）。“完成”为已完成的期间数 / 应完成的期间数。", indent_first_line=False)
    if not rows:
        return [intro, Paragraph("没有适用的规则。", indent_first_line=False)]
    return [intro, Table(widths=(0.65, 2.2, 0.9, 3.4, 2.0), header_rows=[
        ["序号", "规则", "完成", "未完成的期间或说明", "依据"]], rows=rows, font_size=9.5)]


def ledger_blocks(ctx: Context, entries_seqs: list[int], cancel: CancelToken | None) -> tuple[list[Block], str]:
    """The verification of the whole chain (it is one chain: a year cannot be checked alone), and a summary."""
    report = ctx.ws.meetings.ledger.verify(cancel=cancel)
    rows = [("核验时间", cn_datetime(datetime.now())), ("纪实链条目", f"共 {report.length} 条"),
            ("链头哈希", report.head or "（空）"),
            ("核验结果", "完好：每一条都与前一条衔接，内容与定稿时一致" if report.ok else
             f"发现 {len(report.problems)} 个问题（首个问题在第 {report.first_bad_seq} 条）")]
    if entries_seqs:
        rows.append(("本汇编记录",
                     f"纪实链第 {min(entries_seqs)}–{max(entries_seqs)} 条之间的 {len(entries_seqs)} 份记录"))
    blocks: list[Block] = [meta_table(rows)]
    if report.problems:
        blocks += [Spacer(3), Table(widths=(0.6, 1, 6), header_rows=[["序号", "条目", "问题"]], rows=[
            [num(i), f"第 {p.seq} 条" if p.seq else "—", p.message] for i, p in enumerate(report.problems, 1)])]
    summary = f"完好（共 {report.length} 条）" if report.ok else f"发现 {len(report.problems)} 个问题，详见第四部分"
    return blocks, summary


def build(ctx: Context, year: int, *, progress: Progress = no_progress,
          cancel: CancelToken | None = None) -> Document:
    def check():
        if cancel is not None:
            cancel.check()

    progress(0, 1, "读取本年度记录")
    entries = year_entries(ctx.ws, year)
    total = len(entries) + 3
    records: list[Block] = []
    toc: list[tuple[str, str]] = [("一、全年纪实记录", "part-records")]
    seqs = []
    for n, entry in enumerate(entries, start=1):
        check()
        title, blocks, seq = record_blocks(ctx, entry, n)
        toc.append((title, f"record-{n}"))
        records += blocks
        if seq is not None:
            seqs.append(seq)
        progress(n, total, f"整理记录 {n}/{len(entries)}")
    check()
    rect = rectification_blocks(ctx, year, {e.record_id for e in entries if e.record_type == "meeting"})
    progress(len(entries) + 1, total, "整理整改落实情况")
    check()
    compliance = compliance_blocks(ctx, year)
    progress(len(entries) + 2, total, "核对年度合规情况")
    check()
    ledger, verdict = ledger_blocks(ctx, seqs, cancel)
    progress(total, total, "核验纪实链")
    toc += [("二、整改落实情况", "part-rect"), ("三、年度合规情况", "part-rules"),
            ("四、纪实链核验结果", "part-ledger"), ("五、学习学时情况", "part-study"), ("六、党费收缴情况", "part-dues")]
    toc.insert(0, ("支部基本情况", "part-basic"))
    counts = {t: sum(1 for e in entries if e.record_type == t) for t in TYPE_ORDER}
    branch = ctx.ws.organization.branch_info()
    cover = [("支部名称", ctx.branch), ("上级党组织", branch.committee_name or ""), ("汇编年度", f"{year}年"),
             ("收录记录", f"共 {len(entries)} 份：会议记录 {counts['meeting']} 份，谈心谈话记录 "
                      f"{counts['heart_talk']} 份，民主评议 {counts['evaluation']} 份（草稿不收录；已作废的记录"
                      "收录并注明）"),
             ("纪实链核验", verdict), ("编印日期", cn_date(ctx.today))]
    blocks: list[Block] = [
        signatures(["编制", "审核"]),
        PageBreak(), TOC(toc), PageBreak(),
        Heading(1, "支部基本情况", anchor="part-basic"), *yearbook_summary.basic_info_blocks(ctx, year), PageBreak(),
        Heading(1, "一、全年纪实记录", anchor="part-records"),
        *(records or [Paragraph(f"{year}年没有已定稿的纪实记录。", indent_first_line=False)]),
        PageBreak(), Heading(1, "二、整改落实情况", anchor="part-rect"), *rect,
        Heading(1, "三、年度合规情况", anchor="part-rules"), *compliance,
        Heading(1, "四、纪实链核验结果", anchor="part-ledger"), *ledger,
        Heading(1, "五、学习学时情况", anchor="part-study"), *yearbook_summary.study_blocks(ctx, year),
        Heading(1, "六、党费收缴情况", anchor="part-dues"), *yearbook_summary.dues_blocks(ctx, year),
    ]
    return Document(title=f"{ctx.branch}\n{year}年度工作纪实汇编", style="form",
                    meta=cover, blocks=blocks, footer=FooterInfo(ctx.branch))
