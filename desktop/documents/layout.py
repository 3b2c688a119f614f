"""Page geometry and type sizes of the two document styles, shared by the PDF and .docx renderers."""

from __future__ import annotations

from dataclasses import dataclass, replace

from desktop.documents.model import DocStyle

MM = 72 / 25.4  # points per millimetre
A4_MM = (210.0, 297.0)


@dataclass(frozen=True)
class Layout:
    top_mm: float
    bottom_mm: float
    left_mm: float
    right_mm: float
    title_pt: float
    subtitle_pt: float
    body_pt: float
    body_leading_pt: float  # exact line spacing
    heading_pt: tuple[float, float, float]
    table_pt: float
    page_number_pt: float
    footer_pt: float
    # .docx font names (the PDF uses the bundled Zhibu fonts for all of them)
    word_title: str
    word_body: str
    word_heading: tuple[str, str, str]
    word_table: str
    word_table_header: str
    page_mm: tuple[float, float] = A4_MM  # (width, height): A4 portrait, or landscape for wide tables

    @property
    def text_width_mm(self) -> float:
        return self.page_mm[0] - self.left_mm - self.right_mm

    @property
    def text_height_mm(self) -> float:
        return self.page_mm[1] - self.top_mm - self.bottom_mm


# GB/T 9704-2012: type area 156 × 225 mm, 22 lines of 28 characters in 3号 (16 pt) 仿宋, title 2号 (22 pt) 小标宋,
# page number 4号 (14 pt) 宋体 seven millimetres below the type area.
OFFICIAL = Layout(
    top_mm=37, bottom_mm=35, left_mm=28, right_mm=26,
    title_pt=22, subtitle_pt=16, body_pt=16, body_leading_pt=28.95,
    heading_pt=(16, 16, 16), table_pt=12, page_number_pt=14, footer_pt=9,
    word_title="方正小标宋简体", word_body="仿宋_GB2312",
    word_heading=("黑体", "楷体_GB2312", "仿宋_GB2312"),
    word_table="仿宋_GB2312", word_table_header="黑体",
)

# Records and forms: bordered tables on A4 portrait, 小四 (12 pt) text, 五号 (10.5 pt) for wide tables.
FORM = Layout(
    top_mm=25, bottom_mm=22, left_mm=20, right_mm=20,
    title_pt=18, subtitle_pt=12, body_pt=12, body_leading_pt=21,
    heading_pt=(14, 12, 12), table_pt=12, page_number_pt=9, footer_pt=9,
    word_title="黑体", word_body="仿宋_GB2312",
    word_heading=("黑体", "楷体_GB2312", "仿宋_GB2312"),
    word_table="宋体", word_table_header="黑体",
)

WATERMARK_GREY = 0.82  # fill grey level of draft watermarks (1 = white)
HEADER_NOTE_COLOR = (0.6, 0.0, 0.0)  # dark red: readable in colour and on a black-and-white printer


def layout_for(style: DocStyle, landscape: bool = False) -> Layout:
    lay = OFFICIAL if style == "official" else FORM
    if landscape:  # A4 landscape (roster with every column): 277 × 168 mm of text
        return replace(lay, page_mm=(A4_MM[1], A4_MM[0]), top_mm=20, bottom_mm=22, left_mm=10, right_mm=10)
    return lay
