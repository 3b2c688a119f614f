"""Our .docx files as LibreOffice sees them (a stand-in for WPS/Word): converts headless, checks the text and
that the official font names resolve to the bundled fonts through resources/fonts/fontconfig/zhibu-fonts.conf.

Skipped when LibreOffice is not installed (CI: apt-get install libreoffice-writer-nogui)."""

from __future__ import annotations

import os
import shutil
import subprocess

import pdfplumber
import pytest

from desktop.documents.docx import render_docx
from desktop.documents.samples import sample_form, sample_official
from desktop.paths import resource_path

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


def test_libreoffice_converts_our_docx_with_the_bundled_fonts(tmp_path):
    sources = [render_docx(sample_form(watermark="草稿"), tmp_path / "form.docx"),
               render_docx(sample_official(), tmp_path / "official.docx")]
    env = dict(os.environ,
               FONTCONFIG_FILE=str(resource_path("fonts", "fontconfig", "zhibu-fonts.conf")),
               XDG_CACHE_HOME=str(tmp_path / "cache"), HOME=str(tmp_path))
    profile = (tmp_path / "profile").as_uri()
    result = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", "pdf",
         "--outdir", str(tmp_path / "out"), *map(str, sources)],
        env=env, capture_output=True, text=True, timeout=180,
    )
    assert result.returncode == 0, result.stderr

    with pdfplumber.open(tmp_path / "out" / "form.pdf") as pdf:
        assert len(pdf.pages) >= 2
        text = "".join(page.extract_text() for page in pdf.pages)
        fonts = {c["fontname"].split("+")[-1] for page in pdf.pages for c in page.chars}
    for expected in ("朱镕基", "王堃", "李喆", "会议记录", "测评等次（票数）", "第 1 页 共", "记录哈希 3f9a2c1d7b"):
        assert expected in text, expected
    assert fonts <= {"ZhibuSerifSC-Regular", "ZhibuSansSC-Regular", "ZhibuSansSC-Bold", "ZhibuKaiSC-Regular",
                     "ZhibuFangSC-Regular"}, fonts
    assert "ZhibuSansSC-Bold" in fonts  # 黑体 + bold → the bold face, not a synthetic one

    with pdfplumber.open(tmp_path / "out" / "official.pdf") as pdf:
        pages = [page.extract_text() for page in pdf.pages]
        fonts = {c["fontname"].split("+")[-1] for page in pdf.pages for c in page.chars}
        title = {c["fontname"].split("+")[-1] for c in pdf.pages[0].chars if c["text"] in "组织生活会情况的报告"
                 and abs(c["size"] - 22) < 0.1}
        body = [(c["text"], c["fontname"].split("+")[-1]) for page in pdf.pages for c in page.chars
                if abs(c["size"] - 16) < 0.1]
    assert "关于召开2025年度组织生活会情况的报告" in pages[0].replace(" ", "")
    assert title == {"ZhibuSerifSC-Bold"}  # 方正小标宋简体 → the bold serif title face, as in our PDF
    assert "— 1 —" in pages[0] and "— 2 —" in pages[1]
    assert "ZhibuSansSC-Regular" in fonts and "ZhibuSerifSC-Regular" in fonts  # 黑体 and 宋体 both mapped
    # 仿宋_GB2312 → the bundled 仿宋 face; 镕 and 堃 (朱镕基, 王堃), which it lacks, fall back to the serif face
    assert {f for ch, f in body if ch in "根据上级党委发放个别"} == {"ZhibuFangSC-Regular"}  # not in headings
    assert {f for ch, f in body if ch in "镕堃"} == {"ZhibuSerifSC-Regular"}
    assert "朱镕基" in "".join(pages).replace(" ", "") and "王堃" in "".join(pages)
    assert "ZhibuKaiSC-Regular" in fonts  # 楷体_GB2312 of the level-2 headings → the bundled 楷体 face
    toc = [line for line in pages[0].splitlines() if line.startswith("一、会前准备情况")]
    assert toc and toc[0].rstrip()[-1].isdigit()  # PAGEREF computed by LibreOffice
