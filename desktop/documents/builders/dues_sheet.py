"""党费收缴登记表: one month (per member: base, rate, due, paid, date, status) or a whole year (base, rate, the
year's due, paid, arrears and the months owed), from the dues service's figures, in the book's name order."""

from __future__ import annotations

from desktop.documents.builders.common import Context, cn_date, num, order_people, signatures
from desktop.documents.model import Cell, Document, FooterInfo, Paragraph, Table
from desktop.domain import dues_rules as R
from desktop.errors import ValidationError


def _yuan(fen) -> str:
    return "" if fen is None else R.format_yuan(fen)


def _name(row) -> str:
    return row.member_name


def _total(label: str, span: int, *values: str) -> list:
    return [Cell(label, span=span, bold=True, align="center"), *[Cell(v, bold=True) for v in values]]


def monthly(ctx: Context, year: int, month: int) -> Document:
    if not 1 <= month <= 12:
        raise ValidationError("月份应为 1 到 12 之间的整数。", "month")
    sheet = ctx.ws.dues.monthly_sheet(year, month)
    rows = [[num(i), r.member_name, r.category_label, _yuan(r.base_fen), r.rate_label, _yuan(r.due_fen),
             _yuan(r.paid_fen) if r.paid_fen else "", cn_date(r.paid_on), r.proxy, r.status_label]
            for i, r in enumerate(order_people(sheet.rows, ctx.order, name=_name), start=1)]
    rows.append(_total("合计", 5, _yuan(sheet.due_fen), _yuan(sheet.paid_fen), "", "",
                       f"已交 {sheet.paid_count} 人\n未交 {sheet.unpaid_count} 人"))
    header = ["序号", "姓名", "类别", "缴费基数\n（元）", "比例", "应交\n（元）", "实交\n（元）", "交纳日期", "代交人",
              "状态"]
    table = Table(widths=(0.6, 1.0, 0.9, 1.1, 0.7, 1.0, 1.0, 1.5, 0.8, 1.1), header_rows=[header], rows=rows,
                  font_size=10)
    return Document(title=f"{ctx.branch}\n{year}年{month}月党费收缴登记表", style="form",
                    blocks=[table, signatures(["收缴人签字", "支部书记签字"])], footer=FooterInfo(ctx.branch))


def yearly(ctx: Context, year: int) -> Document:
    summary = ctx.ws.dues.year_summary(year)
    rows = [[num(i), r.member_name, r.category_label, _yuan(r.base_fen), r.rate_label, _yuan(r.monthly_fen),
             str(r.months_owed), _yuan(r.due_fen), _yuan(r.paid_fen), _yuan(r.arrears_fen) if r.arrears_fen else "",
             R.months_text(r.arrears_months) if r.arrears_months else ""]
            for i, r in enumerate(order_people(summary.rows, ctx.order, name=_name), start=1)]
    rows.append(_total("合计", 7, _yuan(summary.due_fen), _yuan(summary.paid_fen), _yuan(summary.arrears_fen), ""))
    table = Table(widths=(0.55, 1.0, 0.9, 1.05, 0.65, 0.95, 0.7, 1.05, 1.05, 1.0, 1.4), header_rows=[
        ["序号", "姓名", "类别", "缴费基数\n（元）", "比例", "月应交\n（元）", "应交\n月数", "全年应交\n（元）",
         "已交\n（元）", "欠交\n（元）", "欠交月份"]], rows=rows, font_size=9.5)
    note = Paragraph(f"统计截至{cn_date(summary.at)}；欠交只计已结束且未交的月份。", indent_first_line=False)
    return Document(title=f"{ctx.branch}\n{year}年度党费收缴登记表", style="form",
                    blocks=[table, note, signatures(["收缴人签字", "支部书记签字"])], footer=FooterInfo(ctx.branch))


def build(ctx: Context, *, year: int | None = None, month: int | None = None) -> Document:
    year = year or ctx.today.year
    return monthly(ctx, year, month) if month is not None else yearly(ctx, year)
