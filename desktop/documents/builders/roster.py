"""党员花名册: the members of the branch today, in the book's name order. ID numbers are masked unless the
caller asks for them in full (the service logs that in the audit log)."""

from __future__ import annotations

from desktop.documents.builders.common import Context, cn_date, num
from desktop.documents.model import Document, FooterInfo, Paragraph, Table

HEADER = ["序号", "姓名", "性别", "民族", "出生年月", "学历", "入党时间", "转正时间", "党小组", "职务", "联系电话",
          "身份证号"]
# Millimetres of the 170 mm form line at 8 pt: a mobile number fits on one line; dates break after 年 and the
# ID number wraps onto a second line (A4 portrait has no room for twelve columns otherwise).
WIDTHS = (8, 14.5, 7.5, 9, 13, 15, 15, 15, 17, 15.5, 20.5, 18.5)


def _date(d) -> str:
    return f"{d.year}年\n{d.month}月{d.day}日" if d else ""


def row(i: int, m, full_id: bool) -> list:
    birth = f"{m.birth_date.year}年\n{m.birth_date.month}月" if m.birth_date else ""
    full_on = _date(m.full_on) if m.full_on else "（预备\n党员）"
    id_number = (m.id_number if full_id else m.id_masked) or ""
    return [num(i), m.name, m.gender, m.ethnicity, birth, m.education, _date(m.joined_on), full_on, m.group_name,
            m.position, m.phone, id_number]


def build(ctx: Context, members, *, full_id: bool = False) -> Document:
    """``members``: ``MemberView``s in the order to print (``ws.members.list()``: the book's name order)."""
    rows = [row(i, m, full_id) for i, m in enumerate(members, start=1)]
    note = ("身份证号为完整号码，请妥善保管本花名册，用后及时销毁多余副本。" if full_id else
            "身份证号已隐去中间8位。")
    blocks = [Table(widths=WIDTHS, header_rows=[HEADER], rows=rows, font_size=8) if rows else
              Paragraph("本支部目前没有党员。", indent_first_line=False),
              Paragraph(f"共 {len(rows)} 人。{note}", indent_first_line=False)]
    return Document(title=f"{ctx.branch}\n党员花名册", subtitle=f"（截至{cn_date(ctx.today)}）", style="form",
                    blocks=blocks, footer=FooterInfo(ctx.branch, None, "含完整身份证号" if full_id else None))
