"""The committee's reports: 各支部组织生活落实情况统计表, 诚信预警清单, 审阅意见汇总 — Word and PDF through the
documents machinery (one neutral model), and .xlsx (one sheet of the same rows) with openpyxl."""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from desktop.committee.alerts import SEVERITY_ORDER
from desktop.documents.model import Cell, Document, Heading, Paragraph, Table
from desktop.errors import ZhibuError
from desktop.progress import no_progress
from desktop.storage import atomic

KINDS = {"compliance": "各支部组织生活落实情况统计表", "alerts": "诚信预警清单", "reviews": "审阅意见汇总"}
STATES = (("done", "已完成"), ("due", "待完成"), ("overdue", "已逾期"), ("not_applicable", "不适用"))
SEVERITY_LABELS = {"critical": "严重", "warning": "提醒", "info": "提示"}


@dataclass(frozen=True)
class Sheet:
    """One report's rows: what the Word/PDF table and the .xlsx sheet both show."""

    title: str
    subtitle: str
    header: list[str]
    rows: list[list]
    widths: tuple[float, ...]
    extra: list = None  # further (title, header, rows, widths) tables on the printed report


def _cn(d) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def in_quarter(period: str, quarter: int | None) -> bool:
    """Whether a period label ("2026-03", "2026-Q1", "2026-H1", "2026") lies within quarter ``quarter`` (1–4)."""
    if quarter is None:
        return True
    if "-Q" in period:
        return int(period[-1]) == quarter
    if "-H" in period or "-" not in period:
        return False  # a half year or the year is not judged within one quarter
    return (int(period.split("-")[1]) - 1) // 3 + 1 == quarter


def compliance_sheet(ws, year: int | None, quarter: int | None = None) -> Sheet:
    table = ws.oversight.compliance(year)
    rows = []
    for b in table.branches:
        c = Counter(x.state for x in b.cells if in_quarter(x.period, quarter))
        counts = [c.get(s, 0) for s, _ in STATES]
        due = counts[0] + counts[1] + counts[2]
        rows.append([b.unit or "—", b.name, *counts, f"{round(100 * counts[0] / due)}%" if due else "—"])
    per_rule = []
    for rule in table.rules:
        c = Counter()
        for (rid, p), states in table.column_totals.items():
            if rid == rule.rule_id and in_quarter(p, quarter):
                c.update(states)
        if quarter is None or any(in_quarter(p, quarter) for p in rule.periods):
            per_rule.append([rule.title, *[c.get(s, 0) for s, _ in STATES]])
    span = f"{table.year}年第{'一二三四'[quarter - 1]}季度" if quarter else f"{table.year}年度"
    return Sheet(KINDS["compliance"], f"{span}（截至{_cn(table.at)}，{len(table.branches)}个支部）",
                 ["上级党组织", "支部", *[label for _, label in STATES], "完成率"], rows, (3, 3, 1, 1, 1, 1, 1.2),
                 [("按规则汇总（各支部各期间合计）", ["规则", *[label for _, label in STATES]], per_rule,
                   (4, 1, 1, 1, 1))])


def alerts_sheet(ws) -> Sheet:
    alerts = sorted(ws.oversight.alerts(), key=lambda a: (SEVERITY_ORDER[a.severity], a.branch_name))
    rows = [[SEVERITY_LABELS[a.severity], a.branch_name, a.kind_label, f"第{a.entry_seq}条" if a.entry_seq else "",
             a.message] for a in alerts]
    return Sheet(KINDS["alerts"], f"共{len(rows)}条（{_cn(ws.oversight.now())}）",
                 ["级别", "支部", "类别", "纪实", "情况及证据"], rows, (1, 1.8, 1.8, 1.6, 8))


def reviews_sheet(ws) -> Sheet:
    names = {b.branch_id: b.name for b in ws.committee.branches()}
    rows = []
    for r in ws.oversight.reviews():
        state = ("已" + r.answer.split("：")[0]) if r.answered else ("待支部更正或补充说明" if r.open else "—")
        rows.append([_cn(r.reviewed_at), names.get(r.branch_id, ""), r.title, r.verdict_label, r.opinion,
                     "已送达" if r.delivered else "待送达", state])
    return Sheet(KINDS["reviews"], f"共{len(rows)}条（{_cn(ws.oversight.now())}）",
                 ["审阅日期", "支部", "记录或期间", "结论", "审阅意见", "送达", "支部处理"], rows,
                 (2, 2, 3, 1, 5, 1.3, 2.2))


def sheet(ws, kind: str, year: int | None = None, quarter: int | None = None) -> Sheet:
    if kind == "compliance":
        return compliance_sheet(ws, year, quarter)
    if kind == "alerts":
        return alerts_sheet(ws)
    if kind == "reviews":
        return reviews_sheet(ws)
    raise ZhibuError(f"没有“{kind}”这种报表。可用的报表：{'、'.join(f'{k}（{v}）' for k, v in KINDS.items())}。")


def _table(header, rows, widths) -> Table:
    return Table(widths=tuple(widths), header_rows=[[Cell(h, align="center", bold=True) for h in header]],
                 rows=[[Cell(str(v), align="left" if isinstance(v, str) and len(v) > 8 else "center")
                        for v in row] for row in rows] or [[Cell("无", span=len(header), align="center")]])


def document(s: Sheet, committee: str) -> Document:
    blocks = [Paragraph(s.subtitle, align="center", indent_first_line=False), _table(s.header, s.rows, s.widths)]
    for title, header, rows, widths in s.extra or []:
        blocks += [Heading(2, f"（一）{title}"), _table(header, rows, widths)]
    return Document(title=f"{committee}\n{s.title}", style="form", blocks=blocks)


def xlsx_bytes(s: Sheet) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    sh = wb.active
    sh.title = s.title[:31]
    sh.append([s.title, s.subtitle])
    sh.append(s.header)
    for cell in sh[2]:
        cell.font = Font(bold=True)
    for row in s.rows:
        sh.append(row)
    for title, header, rows, _w in s.extra or []:
        extra = wb.create_sheet(title[:31])
        extra.append(header)
        for row in rows:
            extra.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write(ws, kind: str, out: Path, year: int | None = None, quarter: int | None = None, *, progress=None,
          cancel=None) -> Path:
    """Write the report to ``out`` (.pdf, .docx or .xlsx), atomically; 取消 (``cancel``) before the file is written
    leaves nothing behind."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in (".pdf", ".docx", ".xlsx"):
        raise ZhibuError(f"不支持导出为“{out.suffix or '（无扩展名）'}”格式。请用 .pdf、.docx 或 .xlsx 结尾的文件名。")
    progress = progress or no_progress
    progress(0, 2, "正在汇总…")
    s = sheet(ws, kind, year, quarter)
    if cancel is not None:
        cancel.check()
    progress(1, 2, "正在生成文件…")
    if suffix == ".xlsx":
        atomic.write_bytes(out, xlsx_bytes(s))
        return out
    from desktop.documents.render import render

    return render(document(s, ws.committee.info().name), out)
