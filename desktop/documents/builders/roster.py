"""党员花名册: the members of the branch today, in the book's name order. ID numbers are masked unless the
caller asks for them in full (the service logs that in the audit log)."""

from __future__ import annotations

from desktop.documents.builders.common import Context, cn_date, num
from desktop.documents.model import Document, FooterInfo, Paragraph, SignatureLines, Table

HEADER = ["序号", "姓名", "性别", "民族", "出生年月", "学历", "入党时间", "转正时间", "党小组", "职务", "联系电话",
          "身份证号"]
# Millimetres of the 277 mm line of A4 landscape at 10 pt: every column, dates, phone and ID numbers on one line,
# also in LibreOffice/WPS, which set digits next to Chinese with extra space ("2013年11月20日" needs ~30 mm there;
# tests/desktop/documents/test_documents_docx_pagination.py checks it).
WIDTHS = (10, 22, 10, 12, 25, 18, 33, 33, 22, 24, 27, 41)


def _date(d) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def row(i: int, m, full_id: bool) -> list:
    birth = f"{m.birth_date.year}年{m.birth_date.month}月" if m.birth_date else ""
    full_on = _date(m.full_on) if m.full_on else "（预备党员）"
    id_number = (m.id_number if full_id else m.id_masked) or ""
    return [num(i), m.name, m.gender, m.ethnicity, birth, m.education, _date(m.joined_on), full_on, m.group_name,
            m.position, m.phone, id_number]


def build(ctx: Context, members, *, full_id: bool = False) -> Document:
    """``members``: ``MemberView``s in the order to print (``ws.members.list()``: the book's name order)."""
    rows = [row(i, m, full_id) for i, m in enumerate(members, start=1)]
    note = ("身份证号为完整号码，请妥善保管本花名册，用后及时销毁多余副本。" if full_id else
            "身份证号已隐去中间8位。")
    blocks = [Table(widths=WIDTHS, header_rows=[HEADER], rows=rows, font_size=10) if rows else
              Paragraph("本支部目前没有党员。", indent_first_line=False),
              Paragraph(f"共 {len(rows)} 人。{note}", indent_first_line=False),
              SignatureLines(["填表人", "填报日期"])]
    return Document(title=f"{ctx.branch}\n党员花名册", subtitle=f"（截至{cn_date(ctx.today)}）", style="form",
                    blocks=blocks, footer=FooterInfo(ctx.branch, None, "含完整身份证号" if full_id else None),
                    landscape=True)
