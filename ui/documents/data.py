"""Worker side of the 文档 page and the 打印/导出 dialog: list the records a kind is built from, build a document
and render it to PDF bytes for the preview and the printer, export to a file. Only public services of the
workspace; nothing from Qt. Everything here runs on the task runner's one worker (reportlab and pdfium keep
global state).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from desktop.progress import CancelToken, no_progress

if TYPE_CHECKING:
    from desktop.workspace import Workspace

RECORD_WORDS = {"meeting": "会议", "heart_talk": "谈心谈话", "evaluation": "民主评议"}


@dataclass(frozen=True)
class Request:
    """What to build: the kind, its record and the options that apply to it (others stay None)."""

    kind: str
    record_id: int | None = None
    year: int | None = None
    month: int | None = None
    copies: int | None = None
    full_id: bool = False
    member_id: int | None = None

    def options(self) -> dict:
        return {"year": self.year, "month": self.month, "copies": self.copies, "full_id": self.full_id,
                "member_id": self.member_id}


@dataclass(frozen=True)
class Choice:
    """A record the kind can be built from, as the picker shows it."""

    record_type: str
    id: int
    label: str
    day: date
    status: str  # draft | final | void


@dataclass(frozen=True)
class Built:
    """A document rendered for the screen and the printer: the PDF (in memory only), page sizes in points."""

    request: Request
    pdf: bytes
    pages: tuple[tuple[float, float], ...]
    name: str  # suggested file name without extension
    title: str
    warning: str = ""  # characters no font on this PC could print (printed as 〓), see unprintable_warning


def _flags(status, late: bool, amended: bool) -> str:
    marks = []
    if status.value == "draft":
        marks.append("草稿")
    elif status.value == "void":
        marks.append("已作废")
    if late:
        marks.append("补录")
    if amended and status.value != "void":
        marks.append("已更正")
    return f"（{'，'.join(marks)}）" if marks else ""


def _day(value) -> date:
    return value.date() if isinstance(value, datetime) else value


def record_choices(ws: Workspace, record_types: tuple[str, ...], meeting_kinds: tuple[str, ...], year: int) -> list[Choice]:
    """The year's records of these types in date order (drafts and voided ones included, marked)."""
    out: list[Choice] = []
    if "meeting" in record_types:
        for m in ws.meetings.list(year=year):
            if meeting_kinds and m.kind.value not in meeting_kinds:
                continue
            d, flags = m.start, _flags(m.status, m.late_entry, m.amended)
            out.append(Choice("meeting", m.id, f"{d.month}月{d.day}日　{m.title}{flags}", _day(d), m.status.value))
    if "heart_talk" in record_types:
        for t in ws.talks.list(year=year):
            d = t.held_at
            who = "、".join(t.participants[:4]) + ("等" if len(t.participants) > 4 else "")
            out.append(Choice("heart_talk", t.id, f"{d.month}月{d.day}日　谈心谈话：{who}"
                                                  f"{_flags(t.status, t.late_entry, t.amended)}", _day(d),
                              t.status.value))
    if "evaluation" in record_types:
        for e in ws.evaluations.list(year=year):
            d = e.held_on
            out.append(Choice("evaluation", e.id, f"{e.year}年度民主评议党员（{d.month}月{d.day}日）"
                                                  f"{_flags(e.status, e.late_entry, False)}", _day(d),
                              e.status.value))
    out.sort(key=lambda c: (c.day, c.id))
    return out


def default_choice(kind: str, choices: list[Choice], today: date | None = None) -> int:
    """Index to preselect: for a notice or sign-in sheet the next meeting (they are printed before it), else the
    latest finalized record up to today (the latest of any state when none is finalized)."""
    if not choices:
        return -1
    today = today or date.today()
    if kind in ("notice", "sign-in"):
        upcoming = [i for i, c in enumerate(choices) if c.day >= today and c.status != "void"]
        if upcoming:
            return upcoming[0]
    past = [i for i, c in enumerate(choices) if c.day <= today]
    final = [i for i in past if choices[i].status == "final"]
    return final[-1] if final else past[-1] if past else 0


def round_members(ws: Workspace, round_id: int) -> list[tuple[int, str]]:
    """(member id, name) of an evaluation round, for the 党性分析材料 member picker."""
    view = ws.evaluations.get(round_id)
    return [(m.member_id, m.name) for m in view.record.members]


def build_pdf(ws: Workspace, request: Request, *, progress=no_progress, cancel: CancelToken | None = None) -> Built:
    """Build the document and render it as PDF bytes (never written to disk)."""
    from desktop.services.documents import render_bytes, suggested_filename, unprintable_warning

    steps = {"total": 1}

    def building(done: int, total: int, label: str = "") -> None:
        steps["total"] = total
        progress(done, total + 1, label)

    doc = ws.documents.build(request.kind, request.record_id, **request.options(), progress=building,
                             cancel=cancel)
    if cancel is not None:
        cancel.check()
    total = steps["total"] + 1
    progress(total - 1, total, "排版")
    data = render_bytes(doc, "pdf")
    if cancel is not None:
        cancel.check()
    name = suggested_filename(doc, request.kind)
    return Built(request, data, page_sizes(data), name, " ".join(doc.title.split()) or name,
                 unprintable_warning(doc))


def page_sizes(data: bytes) -> tuple[tuple[float, float], ...]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        return tuple(tuple(pdf[i].get_size()) for i in range(len(pdf)))
    finally:
        pdf.close()


def file_name(ws: Workspace, request: Request) -> str:
    """The suggested file name without the full ID numbers (the name does not depend on them, and building the
    roster with them would log an audit entry for nothing)."""
    from desktop.documents.model import Document
    from desktop.services.documents import suggested_filename

    if request.kind == "yearbook":  # a second of building just for the name: its title, as the builder writes it
        year = request.year or date.today().year
        title = f"{ws.organization.branch_info().name}\n{year}年度工作纪实汇编"
        return suggested_filename(Document(title=title), request.kind)
    opts = request.options() | {"full_id": False}
    return suggested_filename(ws.documents.build(request.kind, request.record_id, **opts), request.kind)


def export(ws: Workspace, request: Request, path: Path, *, progress=no_progress, cancel: CancelToken | None = None) -> Path:
    """Write the file (format from the extension); atomic, a cancelled run leaves no file."""
    return ws.documents.export(request.kind, Path(path), request.record_id, **request.options(),
                               progress=progress, cancel=cancel)
