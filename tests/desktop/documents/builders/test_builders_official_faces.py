"""The faces of the 公文 kinds (GB/T 9704) in the PDF: text in 仿宋 (Zhibu Fang SC), level-1 headings 黑体, level-2
楷体, the title 小标宋; a name character the 仿宋 face lacks prints in the serif face, never as a box or 〓.
Records and forms keep the serif face."""

from __future__ import annotations

import io

import pdfplumber
import pytest

from desktop.services.documents import render_bytes

FANG = "ZhibuFangSC-Regular"
SERIF = "ZhibuSerifSC-Regular"


def lines(data: bytes) -> list[list[dict]]:
    """The characters of every printed line of every page, in reading order."""
    out = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            rows: dict[int, list[dict]] = {}
            for ch in page.chars:
                rows.setdefault(round(ch["top"]), []).append(dict(ch, fontname=ch["fontname"].split("+")[-1]))
            out += [sorted(row, key=lambda c: c["x0"]) for _, row in sorted(rows.items())]
    return out


def line_with(all_lines: list[list[dict]], text: str) -> list[dict]:
    return next(row for row in all_lines if text in "".join(c["text"] for c in row))


def faces(row: list[dict], chars: str) -> set[str]:
    return {c["fontname"] for c in row if c["text"] in chars}


@pytest.fixture(scope="module")
def notice(hand) -> list[list[dict]]:
    return lines(render_bytes(hand.ws.documents.build("notice", hand.meetings["assembly"]), "pdf"))


@pytest.fixture(scope="module")
def report(hand) -> list[list[dict]]:
    return lines(render_bytes(hand.ws.documents.build("org-life-report", hand.meetings["org"]), "pdf"))


def test_the_notice_body_is_fang_with_heiti_headings_and_a_xiaobiaosong_title(notice):
    body = line_with(notice, "有关事项通知如下")
    assert {c["fontname"] for c in body} == {FANG} and {round(c["size"]) for c in body} == {16}  # 三号 仿宋
    assert faces(line_with(notice, "会议时间"), "会议时间") == {"ZhibuSansSC-Regular"}  # 一、 黑体
    assert faces(line_with(notice, "关于召开"), "关于召开") == {"ZhibuSerifSC-Bold"}  # 小标宋
    signing = [row for row in notice if "支部委员会" in "".join(c["text"] for c in row) and row[0]["size"] == 16]
    assert len(signing) == 1 and {c["fontname"] for c in signing[0]} == {FANG}  # the signing branch, not the footer


def test_a_name_the_fang_face_lacks_still_prints_in_the_notice(notice):
    """朱镕基 and 王堃: 镕 and 堃 are not in FandolFang; they print in the serif face, the rest of the line in 仿宋."""
    text = "".join(c["text"] for row in notice for c in row)
    assert "朱镕基" in text and "王堃" in text and "〓" not in text
    who = line_with(notice, "王堃")
    assert faces(who, "镕堃") == {SERIF}
    assert faces(who, "朱基王、") == {FANG}


def test_the_org_life_report_text_and_table_are_fang_and_level_2_headings_kai(report):
    assert {c["fontname"] for c in line_with(report, "情况报告如下")} == {FANG}
    chair = line_with(report, "主持人")
    assert faces(chair, "主持人：朱基") == {FANG} and faces(chair, "镕") == {SERIF}
    assert faces(line_with(report, "学习研讨"), "学习研讨") == {"ZhibuKaiSC-Regular"}  # （一） 楷体
    assert faces(line_with(report, "制定个人学习计划"), "制定个人学习计划") == {FANG}  # table cells, as the .docx


def test_records_and_forms_keep_the_serif_face(hand):
    minutes = lines(render_bytes(hand.ws.documents.build("minutes", hand.meetings["org"]), "pdf"))
    used = {c["fontname"] for row in minutes for c in row}
    assert FANG not in used and SERIF in used


def test_the_lines_to_write_on_print_unbroken(notice):
    """会前准备 leaves lines of ＿ to write on by hand. Each ＿ must reach the next one, or the line prints dashed
    (FandolFang's ＿ leaves gaps at both sides, so that character comes from the serif face)."""
    from PIL import ImageFont

    from desktop.paths import resource_path

    fill = [c for row in notice for c in row if c["text"] == "＿"]
    assert len(fill) >= 28
    for name in {c["fontname"] for c in fill}:
        font = ImageFont.truetype(str(resource_path("fonts", f"{name}.ttf")), 1000)
        mask, (dx, _dy) = font.getmask2("＿")
        left, _top, right, _bottom = mask.getbbox()  # the ink, not the advance box
        left, right, advance = dx + left, dx + right, font.getlength("＿")
        assert left <= 0.02 * advance and right >= 0.98 * advance, (name, left, right, advance)
