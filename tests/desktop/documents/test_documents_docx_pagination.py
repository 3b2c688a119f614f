"""Pagination of our .docx files as a word processor lays them out: LibreOffice (standing in for WPS/Word)
converts them to PDF in one headless run, and the PDF position checks of test_documents_pagination apply —
rows never split and the header repeats only where the table continues, a signature block stays together and
with the last content, the roster's dates and ID numbers stay on one line.

Skipped when LibreOffice is not installed (CI installs libreoffice-writer-nogui, see .ci/run)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

import pdfplumber

from desktop.documents import Document, Heading, Paragraph, SignatureLines, Table
from desktop.documents.builders import roster
from desktop.documents.builders.common import Context
from desktop.documents.docx import render_docx
from desktop.documents.model import QRCode
from desktop.paths import resource_path
from tests.desktop.documents.test_documents_pagination import FILLER, page_of, pages_lines

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")

SIGNATURE_FILLERS = range(16, 32, 2)  # paragraphs of filler: the signature block crosses the page foot
# 公文 titles that wrap: 21 characters of 二号 (20 fit the line), and one that fits the line in the PDF but not in
# a word processor that adds space around digits (the demo's 组织生活会情况报告).
TITLES = {"title-long": "关于召开市直机关第一党支部组织生活会的报告",
          "title-digits": "关于召开2023年12月组织生活会情况的报告"}


def _member(i: int, name: str, joined: date, full_on: date | None, id_number: str):
    return SimpleNamespace(name=name, gender="女" if i % 2 else "男", ethnicity="汉族", birth_date=date(1988, 12, 1),
                           education="大学本科", joined_on=joined, full_on=full_on, group_name="第三党小组",
                           position="办公室主任", phone="13800001234", id_number=id_number,
                           id_masked=id_number[:6] + "********" + id_number[-4:])


MEMBERS = [_member(i, name, date(2013, 11, 20 + i % 8), date(2014, 12, 28) if i % 5 else None,
                   f"3701021988120{i:04d}"[:17] + "X")
           for i, name in enumerate(["欧阳娜娜", "朱镕基", "王堃", "李喆", "阿依·古丽", "张三"] * 4)]


def _documents() -> dict[str, Document]:
    rows = [[f"项目{i:02d}", f"开始{i:02d}" + FILLER * (1 + i % 4) + f"结束{i:02d}"] for i in range(40)]
    docs = {"rows": Document("测试表", blocks=[Table((1, 4), header_rows=[["项目", "内容"]], rows=rows)])}
    for n in SIGNATURE_FILLERS:
        docs[f"sign{n}"] = Document("测试", blocks=[
            Paragraph(FILLER * n), Heading(1, "三、活动照片及附件"), Paragraph("无"),
            SignatureLines(["主持人签字", "记录人签字"], with_date=True)])
    ctx = Context(None, "测试党支部", "roster", date(2026, 3, 5))
    docs["roster"] = roster.build(ctx, MEMBERS, full_id=True)
    for name, title in TITLES.items():
        docs[name] = Document(title, style="official", blocks=[Paragraph("正文。")])
    docs["qr"] = Document("交接单", blocks=[Paragraph("数据包指纹"), QRCode("zhibu-bundle:1:1:sha256:" + "ab" * 32, 34,
                                                                       "扫码核对")])
    return docs


@pytest.fixture(scope="module")
def lo_out(tmp_path_factory) -> Path:
    """Every document converted by one LibreOffice run (about 2 s each): the folder of the PDFs."""
    folder = tmp_path_factory.mktemp("lo-pages")
    sources = [render_docx(doc, folder / f"{name}.docx") for name, doc in _documents().items()]
    env = dict(os.environ, FONTCONFIG_FILE=str(resource_path("fonts", "fontconfig", "zhibu-fonts.conf")),
               XDG_CACHE_HOME=str(folder / "cache"), HOME=str(folder))
    result = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(folder / "out"), *map(str, sources)],
        env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return folder / "out"


@pytest.fixture(scope="module")
def converted(lo_out) -> dict:
    """name → lines of each page."""
    return {p.stem: pages_lines(p) for p in lo_out.glob("*.pdf")}


def test_a_table_row_never_splits_and_the_header_repeats_only_where_the_table_continues(converted):
    pages = converted["rows"]
    assert len(pages) > 2
    for i in range(40):
        assert page_of(pages, f"项目{i:02d}") == page_of(pages, f"开始{i:02d}") == page_of(pages, f"结束{i:02d}"), i
    for lines in pages:
        assert sum(line.startswith("项目内容") for line in lines) == 1
        body = [line for line in lines if not re.search(r"第 ?\d+ ?页", line)]
        assert not body[-1].startswith("项目内容")  # never a header alone at the foot of a page


def test_a_signature_block_stays_together_and_with_the_last_content(converted):
    placed = set()
    for n in SIGNATURE_FILLERS:
        pages = converted[f"sign{n}"]
        signature, dates = page_of(pages, "主持人签字"), page_of(pages, "日期")
        heading = page_of(pages, "三、活动照片及附件")
        assert len(signature) == 1 and signature == dates == heading, n
        placed.add(signature[0])
    assert placed == {0, 1}  # the fillers really take the block across the page foot


def test_roster_dates_and_id_numbers_stay_on_one_line(converted):
    lines = [line for page in converted["roster"] for line in page]
    text = "\n".join(lines)
    for m in MEMBERS:
        for whole in (f"{m.joined_on.year}年{m.joined_on.month}月{m.joined_on.day}日", m.id_number, "1988年12月"):
            assert any(whole in line for line in lines), whole
    assert text.count("（预备党员）") == sum(m.full_on is None for m in MEMBERS)
    assert not any(re.search(r"(^|\s)(日|月|\d{1,2}日)$", line) for line in lines)


def test_an_official_title_never_ends_with_a_single_character_line(converted):
    for name, title in TITLES.items():
        lines = [line.replace(" ", "") for line in converted[name][0]]
        title_lines = lines[: lines.index("正文。")]
        assert "".join(title_lines) == title, title_lines
        assert min(len(line) for line in title_lines) >= 3, title_lines


def test_a_qr_code_keeps_its_size_in_the_paragraph_flow(lo_out):
    """The body's exact line spacing must not clip the picture to a strip one text line high."""
    with pdfplumber.open(lo_out / "qr.pdf") as pdf:
        [image] = pdf.pages[0].images
    side = 34 * 72 / 25.4
    assert abs(image["width"] - side) < 2 and abs(image["height"] - side) < 2, (image["width"], image["height"])
    assert "扫码核对" in pages_lines(lo_out / "qr.pdf")[0]
