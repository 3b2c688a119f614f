"""The neutral document model: builders produce a ``Document``, ``render()`` turns it into .pdf or .docx.

Everything here is plain data. Text is plain text (no markup, nothing is interpreted); a ``\\n`` inside a paragraph
starts a new paragraph, inside a title or a table cell a new line (use it to break a long title where it reads
well).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, TypeAlias

DocStyle: TypeAlias = Literal["official", "form"]
Align: TypeAlias = Literal["left", "center", "right", "justify"]
PageNumberStyle: TypeAlias = Literal["n_of_m", "official"]


@dataclass(frozen=True)
class Heading:
    """Level 1 is "一、…" (黑体), level 2 "（一）…" (楷体), level 3 "1. …" (body font, bold-free).

    The numbering is part of ``text``; ``anchor`` makes the heading a target of a ``TOC`` entry.
    """

    level: int
    text: str
    anchor: str | None = None

    def __post_init__(self) -> None:
        if self.level not in (1, 2, 3):
            raise ValueError(f"heading level must be 1, 2 or 3, not {self.level}")


@dataclass(frozen=True)
class Paragraph:
    text: str
    align: Align = "justify"
    indent_first_line: bool = True  # two characters, as usual in Chinese text


@dataclass(frozen=True)
class Cell:
    """A table cell. ``span`` > 1 merges it with the cells to its right (the row then lists fewer cells);
    ``row_span`` > 1 merges it with the cells below (those rows keep a placeholder, e.g. ``""``, in that place,
    whose text is ignored)."""

    text: str
    span: int = 1
    align: Align = "left"
    bold: bool = False
    row_span: int = 1

    def __post_init__(self) -> None:
        if self.span < 1 or self.row_span < 1:
            raise ValueError("span and row_span must be at least 1")


CellLike: TypeAlias = str | Cell


@dataclass(frozen=True)
class Table:
    """A bordered table. ``widths`` are relative weights (``(1, 3, 1)`` = 20 % / 60 % / 20 %) of the text width.

    Header rows repeat at the top of every page when ``repeat_header``. Every row must cover all columns
    (the sum of the spans equals ``len(widths)``). ``min_row_height_mm`` leaves room for handwriting
    (sign-in sheets, ballots). ``font_size`` defaults to 12 pt, 10.5 pt for tables of more than 6 columns.
    """

    widths: tuple[float, ...]
    header_rows: list[list[CellLike]] = field(default_factory=list)
    rows: list[list[CellLike]] = field(default_factory=list)
    repeat_header: bool = True
    min_row_height_mm: float | None = None
    font_size: float | None = None

    def __post_init__(self) -> None:
        if not self.widths or any(w <= 0 for w in self.widths):
            raise ValueError("widths must be positive weights, one per column")
        if self.min_row_height_mm is not None and not 0 < self.min_row_height_mm <= 100:
            raise ValueError("min_row_height_mm must be between 0 and 100")
        all_rows = [*self.header_rows, *self.rows]
        for index, row in enumerate(all_rows):
            if sum(cell_span(c) for c in row) != len(self.widths):
                raise ValueError(f"row {row!r} does not cover {len(self.widths)} columns")
            for cell in row:
                if isinstance(cell, Cell) and index + cell.row_span > len(all_rows):
                    raise ValueError(f"cell {cell.text!r} spans past the last row")
                if isinstance(cell, Cell) and cell.row_span > 1 and index < len(self.header_rows) and \
                        index + cell.row_span > len(self.header_rows):
                    raise ValueError(f"header cell {cell.text!r} spans into the body rows")

    def effective_font_size(self) -> float:
        return self.font_size or (10.5 if len(self.widths) > 6 else 12.0)


@dataclass(frozen=True)
class SignatureLines:
    """Lines for handwritten signatures, e.g. ``["主持人签字", "记录人签字"]``, with a date line each if asked."""

    labels: list[str]
    with_date: bool = False


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class Spacer:
    height_mm: float = 5.0


@dataclass(frozen=True)
class TOC:
    """A table of contents: ``(title, anchor)`` pairs, anchors naming ``Heading.anchor`` values.

    The PDF shows page numbers (two rendering passes) and links; the .docx shows the titles with PAGEREF fields
    that Word and LibreOffice fill in.
    """

    entries: list[tuple[str, str]]
    title: str = "目　录"


@dataclass(frozen=True)
class QRCode:
    """A QR code of ``data`` (e.g. a bundle fingerprint), centred, ``size_mm`` square, a caption below it."""

    data: str
    size_mm: float = 32.0
    caption: str = ""


Block: TypeAlias = Heading | Paragraph | Table | SignatureLines | PageBreak | Spacer | TOC | QRCode


@dataclass(frozen=True)
class FooterInfo:
    """Shown on every page. ``ledger_hash`` is the short hash of a finalized record (None for drafts);
    ``note`` (e.g. "补录", "已更正") is printed prominently in the page header and in the footer."""

    branch: str
    ledger_hash: str | None = None
    note: str | None = None


@dataclass
class Document:
    title: str
    style: DocStyle = "form"
    subtitle: str | None = None
    meta: list[tuple[str, str]] = field(default_factory=list)  # rendered as a two-column bordered table
    blocks: list[Block] = field(default_factory=list)
    footer: FooterInfo | None = None
    watermark: str | None = None  # e.g. "草稿"
    page_number_style: PageNumberStyle | None = None  # default: "official" for official style, else "n_of_m"

    def __post_init__(self) -> None:
        if self.style not in ("official", "form"):
            raise ValueError(f"unknown document style {self.style!r}")
        anchors = [b.anchor for b in self.blocks if isinstance(b, Heading) and b.anchor]
        if len(anchors) != len(set(anchors)):
            raise ValueError("heading anchors must be unique")

    @property
    def numbering(self) -> PageNumberStyle:
        return self.page_number_style or ("official" if self.style == "official" else "n_of_m")


def cell_span(cell: CellLike) -> int:
    return cell.span if isinstance(cell, Cell) else 1


def as_cell(cell: CellLike) -> Cell:
    return cell if isinstance(cell, Cell) else Cell(cell)


def footer_text(footer: FooterInfo | None, page_label: str | None) -> str:
    """The one-line footer both renderers print: ``branch · 第 N 页 共 M 页 · 记录哈希 xxxx · 补录``."""
    parts: list[str] = []
    if footer and footer.branch:
        parts.append(footer.branch)
    if page_label:
        parts.append(page_label)
    if footer and footer.ledger_hash:
        parts.append(f"记录哈希 {footer.ledger_hash}")
    if footer and footer.note:
        parts.append(footer.note)
    return " · ".join(parts)
