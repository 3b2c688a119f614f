"""Pagination of the PDF, checked from the text positions (pdfplumber): rows never split, headings keep with what
follows, signature blocks stay together and with the last content, dates/numbers/names never break inside."""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber

from desktop.documents import Document, Heading, Paragraph, SignatureLines, Table
from desktop.documents.pdf import render_pdf

FILLER = "与会同志围绕如何提高组织生活质量展开了讨论，大家认为要坚持问题导向，创新活动形式，加强督促检查。"


def pages_lines(path: Path) -> list[list[str]]:
    """The text lines of each page, from the characters' positions."""
    out = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            rows: dict[int, list] = {}
            for ch in page.chars:
                rows.setdefault(round(ch["top"]), []).append(ch)
            out.append(["".join(c["text"] for c in sorted(chars, key=lambda c: c["x0"]))
                        for _, chars in sorted(rows.items())])
    return out


def page_of(pages: list[list[str]], needle: str) -> list[int]:
    return [i for i, lines in enumerate(pages) if any(needle in line for line in lines)]


def test_a_table_row_never_splits_across_pages(tmp_path):
    rows = [[f"项目{i:02d}", f"开始{i:02d}" + FILLER * (1 + i % 4) + f"结束{i:02d}"] for i in range(40)]
    path = render_pdf(Document("测试表", blocks=[Table((1, 4), header_rows=[["项目", "内容"]], rows=rows)]),
                      tmp_path / "rows.pdf")
    pages = pages_lines(path)
    assert len(pages) > 2
    for i in range(40):
        assert page_of(pages, f"项目{i:02d}") == page_of(pages, f"开始{i:02d}") == page_of(pages, f"结束{i:02d}")
    # the header repeats on every page the table continues on, and never stands alone at a page foot
    for lines in pages:
        assert sum("项目内容" in line for line in lines) == 1
        assert not lines[-2].startswith("项目内容")  # the last line is the footer


def test_a_heading_keeps_with_the_table_that_follows(tmp_path):
    for filler_lines in range(20, 34):
        blocks = [Paragraph(FILLER * filler_lines), Heading(1, "四、查摆问题及批评与自我批评"),
                  Table((1, 3), header_rows=[["序号", "问题"]], rows=[[str(i), "问题" * 5] for i in range(3)])]
        pages = pages_lines(render_pdf(Document("测试", blocks=blocks), tmp_path / f"h{filler_lines}.pdf"))
        heading = page_of(pages, "四、查摆问题")
        assert heading == page_of(pages, "序号问题"), filler_lines
        assert pages[heading[0]][-2].find("查摆问题") < 0  # never the last line of a page


def test_a_signature_block_stays_together_and_with_the_last_content(tmp_path):
    for filler_lines in range(24, 40):
        blocks = [Paragraph(FILLER * filler_lines), Heading(1, "三、活动照片及附件"), Paragraph("无"),
                  SignatureLines(["主持人签字", "记录人签字"], with_date=True)]
        pages = pages_lines(render_pdf(Document("测试", blocks=blocks), tmp_path / f"s{filler_lines}.pdf"))
        signature, dates = page_of(pages, "主持人签字"), page_of(pages, "日期")
        assert signature == dates, filler_lines
        assert page_of(pages, "三、活动照片及附件") == signature, filler_lines  # never alone on a page


def free_space_pt(path: Path) -> float:
    """Room left under the last line of text on page 1 (the form layout's bottom margin is 22 mm)."""
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        body = [c for c in page.chars if c["bottom"] < page.height - 22 * 72 / 25.4]
        return page.height - 22 * 72 / 25.4 - max(c["bottom"] for c in body)


def test_a_record_that_nearly_fits_prints_on_one_page(tmp_path):
    """The reported case: a short record whose signature lines used to spill onto page 2. With 60–95 pt left
    (the signatures need about 95 pt with their usual spacing) they are set closer and stay on page 1."""
    checked = 0
    for chars in range(960, 1120, 10):
        blocks = [Paragraph((FILLER * 40)[:chars]),
                  Heading(1, "三、活动照片及附件"), Paragraph("无")]
        bare = render_pdf(Document("测试", blocks=blocks), tmp_path / "a.pdf")
        if len(pages_lines(bare)) > 1 or not 60 <= free_space_pt(bare) <= 95:
            continue
        blocks.append(SignatureLines(["主持人签字", "记录人签字"], with_date=True))
        assert len(pages_lines(render_pdf(Document("测试", blocks=blocks), tmp_path / "b.pdf"))) == 1, chars
        checked += 1
    assert checked


def test_dates_times_amounts_and_listed_names_never_break_inside(tmp_path):
    names = ["欧阳娜娜", "朱镕基", "王堃", "阿依·古丽", "李喆"]
    items = [f"{n}于2026年3月28日17:17交纳48179.10元" for n in names] * 6
    text = "、".join(names * 8)
    blocks = [Table((1, 1, 1), rows=[[x, y, text] for x, y in zip(items[::2], items[1::2], strict=True)])]
    pages = pages_lines(render_pdf(Document("测试", blocks=blocks), tmp_path / "d.pdf"))
    joined = [line for lines in pages for line in lines]
    tokens = re.compile(r"2026年3月28日|17:17|48179\.10元")
    cell_text = "".join(joined)
    assert len(tokens.findall(cell_text)) == 3 * len(items)  # every one is whole somewhere on a line
    for line in joined:
        for part in re.split(r"[、于交纳]", line):
            assert not re.fullmatch(r"(欧阳娜?|欧|阳娜娜|娜娜?|朱镕?|镕基|基|王|堃|阿依·?|·?古丽|古|丽|李|喆)", part), line


def test_an_official_title_never_ends_with_a_single_character_line(tmp_path):
    title = "关于召开市直机关第一党支部组织生活会的报告"  # 21 characters: 20 fit a line of 2号 in 156 mm
    path = render_pdf(Document(title, style="official", blocks=[Paragraph("正文。")]), tmp_path / "t.pdf")
    lines = pages_lines(path)[0]
    title_lines = lines[: lines.index("正文。")]
    assert "".join(title_lines) == title and len(title_lines) == 2
    assert min(len(line) for line in title_lines) >= 3


def test_a_notice_keeps_its_last_heading_and_signing_lines_together(tmp_path):
    from desktop.documents import Spacer

    for filler in range(14, 24):
        blocks = [Paragraph(FILLER * filler), Heading(1, "五、会前准备"), Paragraph("＿" * 28 + "\n" + "＿" * 28),
                  Spacer(10), Paragraph("测试党支部\n2026年3月1日", align="right", indent_first_line=False,
                                        keep_with_previous=True)]
        pages = pages_lines(render_pdf(Document("关于召开测试会议的通知", style="official", blocks=blocks),
                                       tmp_path / f"n{filler}.pdf"))
        heading, branch, day = page_of(pages, "五、会前准备"), page_of(pages, "测试党支部"), page_of(pages, "2026年3月1日")
        assert heading == branch == day, filler
