"""Word rendering: re-opens with python-docx; East-Asian fonts, language, margins, tables, fields, watermark."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_LINE_SPACING
from docx.oxml.ns import qn

from desktop.documents import Document, Paragraph, UnsupportedFormat, render
from desktop.documents.docx import render_docx
from desktop.documents.samples import sample_form, sample_official
from desktop.errors import ZhibuError

NAMES = ("朱镕基", "王堃", "李喆")
THEME_ATTRS = [qn(a) for a in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")]


@pytest.fixture(scope="module")
def form_docx(tmp_path_factory) -> Path:
    return render_docx(sample_form(watermark="草稿"), tmp_path_factory.mktemp("docx") / "form.docx")


@pytest.fixture(scope="module")
def official_docx(tmp_path_factory) -> Path:
    return render(sample_official(), tmp_path_factory.mktemp("docx") / "official.docx")


def all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def part_xml(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(name).decode("utf-8")


def test_reopens_with_the_content(form_docx):
    document = docx.Document(str(form_docx))
    text = all_text(document)
    for expected in (*NAMES, "支部委员会会议记录", "局机关三楼党员活动室", "测评等次（票数）", "主持人签字",
                     "通报党费收缴情况"):
        assert expected in text, expected


def test_east_asian_fonts_on_styles_and_runs(form_docx, official_docx):
    for path, body_font in ((form_docx, "仿宋_GB2312"), (official_docx, "仿宋_GB2312")):
        document = docx.Document(str(path))
        normal = document.styles["Normal"].element.rPr.rFonts
        assert normal.get(qn("w:eastAsia")) == body_font
        for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
            rfonts = document.styles[name].element.rPr.rFonts
            assert rfonts.get(qn("w:eastAsia")), name
        # no theme font anywhere in the styles: it would override w:eastAsia
        for rfonts in document.styles.element.iter(qn("w:rFonts")):
            assert not any(attr in rfonts.attrib for attr in THEME_ATTRS)
        runs = [r for p in document.paragraphs for r in p.runs if r.text.strip()]
        runs += [r for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs
                 for r in p.runs if r.text.strip()]
        assert runs
        for run in runs:
            rfonts = run._r.rPr.rFonts
            assert rfonts.get(qn("w:eastAsia")) and rfonts.get(qn("w:hint")) == "eastAsia", run.text


def test_official_font_names(official_docx):
    document = docx.Document(str(official_docx))
    fonts = {p.style.name: p.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia"))
             for p in document.paragraphs if p.runs and p.style.name in ("Title", "Heading 1", "Heading 2")}
    assert fonts == {"Title": "方正小标宋简体", "Heading 1": "黑体", "Heading 2": "楷体_GB2312"}


def test_language_is_zh_cn(official_docx):
    styles = part_xml(official_docx, "word/styles.xml")
    defaults = styles[styles.index("<w:docDefaults>"): styles.index("</w:docDefaults>")]
    assert 'w:eastAsia="zh-CN"' in defaults and 'w:val="zh-CN"' in defaults


def test_official_margins_and_exact_line_spacing(official_docx):
    document = docx.Document(str(official_docx))
    section = document.sections[0]
    assert [round(v.mm) for v in (section.top_margin, section.bottom_margin, section.left_margin,
                                  section.right_margin)] == [37, 35, 28, 26]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    normal = document.styles["Normal"].paragraph_format
    assert normal.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert abs(normal.line_spacing.pt - 28.95) < 0.05


def test_tables_are_real_with_repeated_header_rows(form_docx):
    document = docx.Document(str(form_docx))
    assert len(document.tables) >= 3
    wide = next(t for t in document.tables if len(t.columns) == 8)
    assert wide.style.name == "Table Grid"
    assert "测评等次（票数）" in [c.text for c in wide.rows[0].cells]
    for row in wide.rows[:2]:
        assert row._tr.trPr.find(qn("w:tblHeader")) is not None
    assert wide.rows[2]._tr.trPr is None or wide.rows[2]._tr.trPr.find(qn("w:tblHeader")) is None
    # "序号" spans two header rows (vertical merge), "测评等次" four columns (gridSpan)
    assert wide.rows[0]._tr.tc_lst[0].tcPr.find(qn("w:vMerge")) is not None
    assert wide.rows[1]._tr.tc_lst[0].tcPr.find(qn("w:vMerge")) is not None
    assert any(tc.tcPr.find(qn("w:gridSpan")) is not None for tc in wide.rows[0]._tr.tc_lst)
    sign_in = next(t for t in document.tables if len(t.columns) == 6)
    assert sign_in.rows[1].height.mm == pytest.approx(11, abs=0.1)  # room for handwriting


def test_page_number_fields(form_docx, official_docx):
    footers = [part_xml(form_docx, n) for n in zipfile.ZipFile(form_docx).namelist() if n.startswith("word/footer")]
    footer = next(f for f in footers if "NUMPAGES" in f)
    assert "PAGE" in footer and "NUMPAGES" in footer and "第 " in footer and " 页 共 " in footer
    assert "记录哈希 3f9a2c1d7b" in footer and "补录" in footer
    settings = part_xml(official_docx, "word/settings.xml")
    assert "<w:evenAndOddHeaders" in settings
    document = docx.Document(str(official_docx))
    section = document.sections[0]
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert odd._p.xml.count("PAGE") == 1 and even._p.xml.count("PAGE") == 1
    assert odd.text.endswith("— 1 —") and even.text.startswith("— 1 —")


def test_draft_watermark_and_header_note(form_docx):
    names = zipfile.ZipFile(form_docx).namelist()
    headers = [part_xml(form_docx, n) for n in names if n.startswith("word/header")]
    assert any("PowerPlusWaterMarkObject" in h and 'string="草稿"' in h for h in headers)
    assert any("补录" in h for h in headers)


def test_toc_uses_pageref_fields_to_bookmarks(official_docx):
    body = part_xml(official_docx, "word/document.xml")
    assert body.count("PAGEREF zb_toc_") == 4
    for i in range(1, 5):
        assert f'w:name="zb_toc_{i}"' in body
    assert "<w:updateFields" in part_xml(official_docx, "word/settings.xml")


def test_written_atomically_and_unknown_extension(tmp_path):
    doc = Document("测试", blocks=[Paragraph("内容")])
    with pytest.raises(UnsupportedFormat) as err:
        render(doc, tmp_path / "x.odt")
    assert isinstance(err.value, ZhibuError) and ".odt" in str(err.value) and ".docx" in str(err.value)
    out = render(doc, tmp_path / "x.DOCX")
    assert docx.Document(str(out)).paragraphs[0].text == "测试"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.DOCX"]


def test_rare_characters_name_a_face_that_has_them_and_fonts_have_alternates(tmp_path):
    # 仿宋_GB2312 covers GB 2312 only: 堃 goes to 仿宋 (GBK), 䶮 (Extension A) to 宋体, 𬌗 (beyond the BMP) to
    # SimSun-ExtB, which Windows ships; the rest of the name stays in the body face.
    path = render_docx(Document("测试", style="official", blocks=[Paragraph("王堃刘䶮𬌗同志")]), tmp_path / "r.docx")
    runs = []
    for p in docx.Document(str(path)).paragraphs:
        for r in p.runs:
            rfonts = r._r.rPr.find(qn("w:rFonts"))
            runs.append((r.text, rfonts.get(qn("w:eastAsia"))))
    body = [run for run in runs if run[0] and run[0] in "王堃刘䶮𬌗同志"]
    assert body == [("王", "仿宋_GB2312"), ("堃", "仿宋"), ("刘", "仿宋_GB2312"), ("䶮", "宋体"),
                    ("𬌗", "SimSun-ExtB"), ("同志", "仿宋_GB2312")]
    table = zipfile.ZipFile(path).read("word/fontTable.xml").decode("utf-8")
    for name, alt in (("仿宋_GB2312", "仿宋"), ("楷体_GB2312", "楷体"), ("方正小标宋简体", "华文中宋"), ("仿宋", "FangSong"),
                      ("楷体", "KaiTi"), ("黑体", "SimHei")):
        assert f'w:name="{name}"><w:altName w:val="{alt}"/>' in table


def test_a_rare_character_in_a_xiaobiaosong_title_is_set_bold_in_its_stand_in_face(tmp_path):
    """方正小标宋简体 covers GB 2312 only; 堃 and 䶮 go to 宋体, which is regular: bold keeps the title's weight."""
    path = render_docx(Document("关于王堃刘䶮同志的通知", style="official", blocks=[Paragraph("正文")]), tmp_path / "t.docx")
    title = docx.Document(str(path)).paragraphs[0]
    runs = [(r.text, r._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")), r.bold) for r in title.runs]
    assert runs == [("关于王", "方正小标宋简体", None), ("堃", "宋体", True), ("刘", "方正小标宋简体", None),
                    ("䶮", "宋体", True), ("同志的通知", "方正小标宋简体", None)]
