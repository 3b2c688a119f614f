"""PDF rendering: content, embedded fonts, footers and page numbers, line breaking, missing glyphs, atomicity."""

from __future__ import annotations

import io
import re
from collections import Counter, defaultdict
from pathlib import Path

import pdfplumber
import pytest
from pdfminer.pdftypes import resolve1

from desktop.documents import Document, FooterInfo, Heading, Paragraph, Table, render
from desktop.documents.kinsoku import CANNOT_END, CANNOT_START
from desktop.documents.pdf import render_pdf, render_pdf_bytes
from desktop.documents.samples import sample_form, sample_official
from desktop.errors import ZhibuError
from desktop.storage import atomic

NAMES = ("朱镕基", "王堃", "李喆")


@pytest.fixture(scope="module")
def form_pdf(tmp_path_factory) -> Path:
    return render_pdf(sample_form(watermark="草稿"), tmp_path_factory.mktemp("pdf") / "form.pdf")


@pytest.fixture(scope="module")
def official_pdf(tmp_path_factory) -> Path:
    return render_pdf(sample_official(), tmp_path_factory.mktemp("pdf") / "official.pdf")


def page_texts(path: Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def text_lines(path: Path) -> list[tuple[int, float, float, str]]:
    """(page, top, x0, text) of every printed line, from the characters' positions."""
    out = []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            rows: dict[float, list] = defaultdict(list)
            for ch in page.chars:
                rows[round(ch["top"], 0)].append(ch)
            for top, chars in sorted(rows.items()):
                chars.sort(key=lambda c: c["x0"])
                out.append((number, top, chars[0]["x0"], "".join(c["text"] for c in chars)))
    return out


def test_form_contains_the_fields_and_spans_pages(form_pdf):
    pages = page_texts(form_pdf)
    assert len(pages) >= 2
    text = "\n".join(pages)
    for expected in (*NAMES, "会议记录", "时 间", "2026年3月12日", "局机关三楼党员活动室", "测评等次（票数）",
                     "主持人签字", "记录人签字", "通报党费收缴情况"):
        assert expected.replace(" ", "") in text.replace(" ", "").replace("\u3000", ""), expected


def test_all_fonts_are_embedded_truetype(form_pdf, official_pdf):
    for path in (form_pdf, official_pdf):
        with pdfplumber.open(path) as pdf:
            seen = set()
            for page in pdf.pages:
                fonts = resolve1(resolve1(page.page_obj.resources)["Font"])
                for ref in fonts.values():
                    font = resolve1(ref)
                    descendants = resolve1(font.get("DescendantFonts")) or [font]
                    for desc_font in descendants:
                        descriptor = resolve1(resolve1(desc_font)["FontDescriptor"])
                        name = resolve1(descriptor["FontName"]).name
                        assert "FontFile2" in descriptor, f"{name} is not embedded"
                        seen.add(name.split("+")[-1])
            assert seen <= {"ZhibuSerifSC-Regular", "ZhibuSerifSC-Bold", "ZhibuSansSC-Regular", "ZhibuSansSC-Bold",
                            "ZhibuKaiSC-Regular", "ZhibuFangSC-Regular"}, seen
            assert "ZhibuSerifSC-Regular" in seen  # 宋体 page numbers of 公文, the text of forms
            assert ("ZhibuFangSC-Regular" in seen) == (path == official_pdf)  # 仿宋 text of 公文
            assert ("ZhibuKaiSC-Regular" in seen) == (path == official_pdf)  # 楷体 level-2 headings of 公文
            assert ("ZhibuSerifSC-Bold" in seen) == (path == official_pdf)  # 小标宋-style title of 公文 only


def test_official_title_is_bold_serif_at_erhao_and_a_rare_character_in_it_stays_bold(tmp_path):
    """GB/T 9704: title 二号 (22 pt) 小标宋. A character beyond the title face (琍, and 㐀 of Extension A: not in
    the 通用规范汉字表) prints in the bold sans face, never in a lighter one."""
    path = render_pdf(Document("关于召开王琍刘㐀同志座谈会的通知", style="official", blocks=[Paragraph("正文。")]),
                      tmp_path / "title.pdf")
    with pdfplumber.open(path) as pdf:
        title = [c for c in pdf.pages[0].chars if abs(c["size"] - 22) < 0.01]
    faces = {c["text"]: c["fontname"].split("+")[-1] for c in title}
    assert "".join(c["text"] for c in title) == "关于召开王琍刘㐀同志座谈会的通知"
    assert {faces[ch] for ch in "关于召开王刘同志座谈会的通知"} == {"ZhibuSerifSC-Bold"}
    assert faces["琍"] == faces["㐀"] == "ZhibuSansSC-Bold"


def test_form_footer_has_branch_page_n_of_m_hash_and_note(form_pdf):
    pages = page_texts(form_pdf)
    total = len(pages)
    for number, text in enumerate(pages, start=1):
        footer = text.strip().splitlines()[-1]
        assert f"第 {number} 页 共 {total} 页" in footer
        assert "中共示例市示例局机关第一支部委员会" in footer
        assert "记录哈希 3f9a2c1d7b" in footer
        assert "补录" in footer
        assert text.strip().splitlines()[0] == "补录"  # the header note, top right


def test_watermark_on_every_page(form_pdf):
    with pdfplumber.open(form_pdf) as pdf:
        for page in pdf.pages:
            big = [c["text"] for c in page.chars if c["size"] > 60]
            assert "草" in big and "稿" in big


def test_official_page_numbers_alternate_sides(official_pdf):
    with pdfplumber.open(official_pdf) as pdf:
        assert len(pdf.pages) >= 3
        for number, page in enumerate(pdf.pages, start=1):
            digits = [c for c in page.chars if c["text"] == str(number)[0] and abs(c["size"] - 14) < 0.01]
            assert digits, f"no page number on page {number}"
            x = digits[-1]["x0"]
            assert (x > page.width / 2) == (number % 2 == 1), f"page {number}: number at x={x}"
            words = page.extract_text().splitlines()
            assert any(f"— {number} —" in line for line in words)
            assert "记录哈希 8c41e0aa52" in page.extract_text() and "已更正" in page.extract_text()


def test_official_type_area_is_22_lines_of_28_characters(official_pdf):
    with pdfplumber.open(official_pdf) as pdf:
        body = [[c for c in page.chars if abs(c["size"] - 16) < 0.01] for page in pdf.pages]
    lines_per_page = [len({round(c["top"]) for c in chars}) for chars in body]
    assert max(lines_per_page) == 22
    per_line: dict[tuple[int, int], int] = defaultdict(int)
    for number, chars in enumerate(body):
        for c in chars:
            per_line[number, round(c["top"])] += 1
    assert Counter(per_line.values()).most_common(1)[0][0] == 28  # full lines (digits are narrower)
    top_margin = min(c["top"] for chars in body for c in chars)
    assert abs(top_margin - 37 * 72 / 25.4) < 16  # the first line hangs from the 37 mm top margin


def test_toc_has_page_numbers_of_the_anchored_headings(official_pdf):
    pages = page_texts(official_pdf)
    toc = pages[0]
    for title, _anchor in (("一、会前准备情况", "prep"), ("二、查摆问题情况", "problems")):
        expected = next(n for n, text in enumerate(pages, start=1) if n > 1 and title in text)
        line = next(line for line in toc.splitlines() if line.startswith(title))
        assert line.rstrip().endswith(str(expected)), line


def test_no_line_starts_with_closing_or_ends_with_opening_punctuation(form_pdf, official_pdf):
    checked = 0
    for path in (form_pdf, official_pdf):
        for page, _top, _x, text in text_lines(path):
            text = text.strip()
            if not text:
                continue
            checked += 1
            assert text[0] not in CANNOT_START or text.startswith("— "), f"page {page}: {text!r}"
            assert text[-1] not in CANNOT_END, f"page {page}: {text!r}"
    assert checked > 100


def test_every_punctuation_position_breaks_legally(tmp_path):
    # Shift the text one character at a time so that each closing mark meets the end of a line somewhere.
    base = "他说：“我们要坚持问题导向。”大家一致同意，（一）认真学习；（二）抓好落实！……下一步——继续努力。"
    blocks = [Paragraph("甲" * shift + base * 3, indent_first_line=False) for shift in range(28)]
    path = render_pdf(Document("断行测试", style="official", blocks=blocks), tmp_path / "kinsoku.pdf")
    for page, _top, _x, text in text_lines(path):
        if text.startswith("— ") or text == "断行测试":
            continue
        assert text[0] not in CANNOT_START, f"page {page}: {text!r}"
        assert text[-1] not in CANNOT_END, f"page {page}: {text!r}"


def test_numbers_and_latin_words_are_not_split(tmp_path):
    words = ("2026", "14:30", "16:45", "GB/T", "9704-2012", "3f9a2c1d7b")
    base = "会议时间为2026年3月12日14:30—16:45，依照GB/T 9704-2012排版，记录哈希3f9a2c1d7b。"
    blocks = [Paragraph("甲" * shift + base * 2, indent_first_line=False) for shift in range(28)]
    path = render_pdf(Document("断词测试", style="official", blocks=blocks), tmp_path / "words.pdf")
    lines = [text for _page, _top, _x, text in text_lines(path) if not text.startswith("— ")]  # not page numbers
    pieces = {piece for text in lines for piece in re.findall(r"[0-9A-Za-z:/.\-]+", text)}
    assert pieces <= {*words, "3", "12"}, pieces - {*words, "3", "12"}


def test_wide_table_fits_the_page(form_pdf):
    with pdfplumber.open(form_pdf) as pdf:
        for page in pdf.pages:
            for rect in page.rects + page.lines:
                assert rect["x0"] >= 20 * 72 / 25.4 - 1 and rect["x1"] <= page.width - 20 * 72 / 25.4 + 1


def test_a_character_no_font_has_is_printed_as_a_placeholder_not_refused(tmp_path, monkeypatch):
    from desktop.documents import system_fonts

    monkeypatch.setattr(system_fonts, "ENABLED", False)
    system_fonts.font_for.cache_clear()
    doc = Document("测试", blocks=[Table((1, 3), rows=[["姓名", "张\U000323AF丽"]])])
    path = render(doc, tmp_path / "x.pdf")
    with pdfplumber.open(path) as pdf:
        text = pdf.pages[0].extract_text()
    assert "张〓丽" in text
    assert [(u.char, u.context) for u in doc.unprintable] == [("\U000323AF", "张\U000323AF丽")]
    system_fonts.font_for.cache_clear()


def test_rare_characters_print_in_the_face_asked_for(tmp_path):
    # 䶮 (Extension A) and 𬌗 (通用规范汉字表, Extension B+) are in every bundled face: a bold heading stays bold.
    path = render_pdf(Document("刘䶮𬌗", blocks=[Heading(1, "一、关于刘䶮𬌗同志"), Table((1, 1), rows=[["刘䶮𬌗", "x"]])]),
                      tmp_path / "fallback.pdf")
    with pdfplumber.open(path) as pdf:
        chars = [c for c in pdf.pages[0].chars if c["text"] in "䶮𬌗"]
    assert len(chars) == 6
    assert all("Bold" in c["fontname"] for c in chars[:2])  # the form title is bold sans
    assert all("ZhibuSerif" in c["fontname"] for c in chars[-2:])  # a table cell is in the serif body face


def test_rendering_is_reproducible_with_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    doc = sample_form()
    first = render_pdf_bytes(doc)
    assert first == render_pdf_bytes(doc)
    assert b"D:20260101" in first


def test_pdf_metadata_has_the_real_creation_date_and_a_title(monkeypatch):
    from datetime import date

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    data = render_pdf_bytes(Document("", info_title="测试党支部 2025年度民主评议党员测评表", blocks=[Paragraph("x")]))
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        info = pdf.metadata
    assert info["CreationDate"].startswith(f"D:{date.today():%Y%m%d}")
    assert info["Title"] == "测试党支部 2025年度民主评议党员测评表"


def test_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    out = tmp_path / "keep.pdf"
    out.write_bytes(b"old")

    def fail(step, path):
        if step == "rename":
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic, "fault_hook", fail)
    with pytest.raises(ZhibuError):
        render_pdf(sample_form(), out)
    assert out.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.pdf"]


def test_footer_without_hash_for_drafts(tmp_path):
    doc = Document("草稿文件", footer=FooterInfo("第二党支部"), watermark="草稿", blocks=[Paragraph("内容")])
    text = page_texts(render_pdf(doc, tmp_path / "d.pdf"))[0]
    assert "第二党支部 · 第 1 页 共 1 页" in text and "记录哈希" not in text


def test_signature_date_lines_only_under_signatures(tmp_path):
    from desktop.documents import SignatureLines

    doc = Document(title="签字测试", blocks=[SignatureLines(["主持人签字", "记录人签字", "讲课人签字"], with_date=True)])
    text = "".join(page_texts(render_pdf(doc, tmp_path / "sig.pdf")))
    assert text.count("日期：") == 3


def test_a_table_never_starts_with_a_sliver_at_the_foot_of_a_page(tmp_path):
    filler = Paragraph("会议内容。" * 150)
    table = Table(widths=[1, 3], header_rows=[["序号", "姓名"]], rows=[[str(i), f"党员{i}"] for i in range(1, 6)])
    for lines in range(0, 12):  # push the table's start down the first page line by line
        doc = Document(title="分页测试", blocks=[filler, Paragraph("补行。\n" * lines), table])
        path = render_pdf(doc, tmp_path / f"t{lines}.pdf")
        first = next(t for t in page_texts(path) if "序号" in t)  # later pages repeat the header
        assert "党员1" in first, f"header without its first row at {lines} extra lines"
