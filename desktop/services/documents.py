"""Printable documents of the book: which kinds there are, building one (a neutral ``Document`` to preview or
render), and exporting it to .pdf or .docx atomically. The GUI's 文档 page and 打印/导出 action and
``zhibu-cli doc`` both come through here.

Builders live in ``desktop.documents.builders`` (one module per kind). Documents contain only what the user
recorded; the roster's full ID numbers are shown only when asked for, and every such document is audited.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from desktop.documents.model import Document
from desktop.documents.render import UnsupportedFormat
from desktop.errors import ValidationError
from desktop.progress import CancelToken, Progress, no_progress

FORMATS = (".pdf", ".docx")


@dataclass(frozen=True)
class KindInfo:
    """A document kind. ``record_types`` are the records it is built from ("meeting", "heart_talk",
    "evaluation"; empty: none); ``needs_record`` says whether a record id is required (a ballot may be printed
    without a round); ``meeting_kinds`` narrows meetings (the 组织生活会 report); ``options`` are the keyword
    arguments of ``build`` that apply ("year", "month", "copies", "full_id", "member_id")."""

    name: str
    label: str
    needs_record: bool
    record_types: tuple[str, ...] = ()
    meeting_kinds: tuple[str, ...] = ()
    options: tuple[str, ...] = field(default_factory=tuple)
    style: str = "form"  # form | official (公文)


KINDS: tuple[KindInfo, ...] = (
    KindInfo("notice", "会议通知", True, ("meeting",), style="official"),
    KindInfo("sign-in", "签到表", True, ("meeting",)),
    KindInfo("minutes", "会议记录", True, ("meeting",)),
    KindInfo("org-life-report", "组织生活会情况报告", True, ("meeting",), ("org_life_meeting",), style="official"),
    KindInfo("ballot", "民主评议党员测评表", False, ("evaluation",), options=("year", "copies")),
    KindInfo("evaluation-summary", "民主评议结果汇总表", True, ("evaluation",)),
    KindInfo("self-analysis", "党性分析材料", True, ("evaluation",), options=("member_id",)),
    KindInfo("talk", "谈心谈话记录", True, ("heart_talk",)),
    KindInfo("roster", "党员花名册", False, options=("full_id",)),
    KindInfo("yearbook", "年度工作纪实汇编", False, options=("year",)),
    KindInfo("dues-sheet", "党费收缴登记表", False, options=("year", "month")),
    KindInfo("assessment", "考评自评表", False, options=("year",)),
    KindInfo("handover", "数据包交接单", False, options=("bundle_seq",)),  # record_id: the bundle seq (default latest)
)


class MissingRecord(ValidationError):
    """A kind that is built from a record was asked for without a record id (the CLI's usage error)."""


def available_kinds() -> list[KindInfo]:
    return list(KINDS)


def check_format(out_path) -> str:
    """The output format from the extension (".pdf" / ".docx"), or ``UnsupportedFormat`` with a Chinese message."""
    path = Path(out_path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        shown = path.suffix or "（无扩展名）"
        raise UnsupportedFormat(f"不支持导出为“{shown}”格式的文件。请将文件名改为以 .pdf 或 .docx 结尾后重试。")
    return suffix


def render_bytes(doc: Document, fmt: str) -> bytes:
    """``fmt``: "pdf" or "docx" (with or without the dot). For previews: the GUI renders the PDF's pages."""
    fmt = fmt.lower().lstrip(".")
    if fmt == "pdf":
        from desktop.documents.pdf import render_pdf_bytes

        return render_pdf_bytes(doc)
    if fmt == "docx":
        from desktop.documents.docx import render_docx_bytes

        return render_docx_bytes(doc)
    raise UnsupportedFormat(f"不支持“{fmt}”格式，请选择 PDF 或 Word (.docx)。")


def suggested_filename(doc: Document, kind: str) -> str:
    """A file name (without extension) for the save dialog: the document's title on one line."""
    label = next((k.label for k in KINDS if k.name == kind), kind)
    title = " ".join(part.strip() for part in doc.title.split("\n") if part.strip()) or label
    for ch in '\\/:*?"<>|':
        title = title.replace(ch, "_")
    return title[:120]


class DocumentService:
    def __init__(self, ws):
        self.ws = ws

    # ---- what can be printed ----------------------------------------------------------------------
    def kinds(self) -> list[KindInfo]:
        return available_kinds()

    def kind(self, name: str) -> KindInfo:
        for k in available_kinds():
            if k.name == name:
                return k
        names = "、".join(k.name for k in available_kinds())
        raise ValidationError(f"没有名为“{name}”的文档类型。可用的类型：{names}。", "kind")

    def kinds_for(self, record_type: str, meeting_kind: str | None = None) -> list[KindInfo]:
        """The documents a record can be printed as (the 打印/导出 action of a record)."""
        out = []
        for k in available_kinds():
            if record_type not in k.record_types:
                continue
            if k.meeting_kinds and (meeting_kind is None or str(getattr(meeting_kind, "value", meeting_kind))
                                    not in k.meeting_kinds):
                continue
            out.append(k)
        return out

    # ---- building -----------------------------------------------------------------------------------
    def build(self, kind: str, record_id: int | None = None, *, year: int | None = None, copies: int | None = None,
              full_id: bool = False, month: int | None = None, member_id: int | None = None,
              progress: Progress = no_progress, cancel: CancelToken | None = None) -> Document:
        """The document, ready to preview or render. Raises ``MissingRecord`` when the kind needs a record and
        none is given, ``NotFound`` for an unknown record, ``ValidationError`` for options that do not fit."""
        return self._build(kind, record_id, year=year, copies=copies, full_id=full_id, month=month,
                           member_id=member_id, progress=progress, cancel=cancel)

    def _build(self, kind: str, record_id, *, year, copies, full_id, month, member_id, progress, cancel,
               target: Path | None = None) -> Document:
        from desktop.documents.builders import common

        info = self.kind(kind)
        if info.needs_record and record_id is None:
            raise MissingRecord(f"生成“{info.label}”需要指定记录编号（{self._record_hint(info)}）。")
        if record_id is not None and not info.record_types and "bundle_seq" not in info.options:
            raise ValidationError(f"“{info.label}”不针对某一条记录，不需要记录编号。", "record_id")
        year = self._year(year)
        ctx = common.Context.of(self.ws)
        name = info.name
        if name in ("notice", "sign-in", "minutes", "org-life-report"):
            module = {"notice": "notice", "sign-in": "sign_in", "minutes": "minutes",
                      "org-life-report": "org_life_report"}[name]
            return _builder(module).build(ctx, int(record_id))
        if name == "talk":
            return _builder("talk").build(ctx, int(record_id))
        if name == "evaluation-summary":
            return _builder("evaluation_summary").build(ctx, int(record_id))
        if name == "self-analysis":
            return _builder("self_analysis").build(ctx, int(record_id), member_id)
        if name == "ballot":
            return self._ballot(ctx, record_id, year, copies)
        if name == "roster":
            return self._roster(ctx, full_id, target)
        if name == "handover":
            return _builder("handover").build(ctx, None if record_id is None else int(record_id))
        if name == "yearbook":
            return _builder("yearbook").build(ctx, year or ctx.today.year, progress=progress, cancel=cancel)
        if name == "dues-sheet":
            return _builder("dues_sheet").build(ctx, year=year, month=month)
        return _builder("assessment").build(ctx, year or ctx.today.year)

    @staticmethod
    def _record_hint(info: KindInfo) -> str:
        what = {"meeting": "会议记录", "heart_talk": "谈心谈话记录", "evaluation": "民主评议记录"}
        return "、".join(what[t] for t in info.record_types) + "的编号，可用 list 命令查看"

    @staticmethod
    def _year(year) -> int | None:
        if year is None:
            return None
        if isinstance(year, bool) or not isinstance(year, int) or not 1949 <= year <= date.today().year + 1:
            raise ValidationError(f"年度“{year}”无效，请填写1949年至{date.today().year + 1}年之间的年份。", "year")
        return year

    def _ballot(self, ctx, record_id, year, copies) -> Document:
        view = None
        if record_id is not None:
            view = self.ws.evaluations.get(int(record_id))
        elif year is not None:  # the round of that year, if there is one
            rounds = [r for r in self.ws.evaluations.list(year=year) if r.status.value != "void"]
            view = self.ws.evaluations.get(rounds[-1].id) if rounds else None
        return _builder("ballot").build(ctx, view, year=year, copies=copies)

    def _roster(self, ctx, full_id: bool, target: Path | None) -> Document:
        members = self.ws.members.list()
        doc = _builder("roster").build(ctx, members, full_id=bool(full_id))
        if full_id:
            where = f"，导出到 {target}" if target else ""
            self.ws.audit("full_id", f"生成党员花名册文档含完整身份证号（{len(members)}人）{where}")
        return doc

    # ---- exporting ----------------------------------------------------------------------------------
    def export(self, kind: str, out_path, record_id: int | None = None, *, year: int | None = None,
               copies: int | None = None, full_id: bool = False, month: int | None = None,
               member_id: int | None = None, progress: Progress = no_progress,
               cancel: CancelToken | None = None) -> Path:
        """Build and write the document; the format comes from the extension (.pdf / .docx).

        Atomic: rendered in memory, then written to a temp file beside the target and renamed. A cancelled run
        (``Cancelled``) or any error leaves no file and no temp file, and an existing file untouched.
        """
        path = Path(out_path)
        fmt = check_format(path)
        steps: dict[str, int] = {"total": 1}

        def building(done: int, total: int, label: str = "") -> None:
            steps["total"] = total
            progress(done, total + 2, label)

        doc = self._build(kind, record_id, year=year, copies=copies, full_id=full_id, month=month,
                          member_id=member_id, progress=building, cancel=cancel, target=path)
        total = steps["total"] + 2
        _check(cancel)
        progress(total - 2, total, "排版（PDF）" if fmt == ".pdf" else "排版（Word）")
        data = render_bytes(doc, fmt)
        _check(cancel)
        progress(total - 1, total, "写入文件")
        from desktop.storage.atomic import write_bytes

        write_bytes(path, data)
        progress(total, total, "完成")
        return path


def _check(cancel: CancelToken | None) -> None:
    if cancel is not None:
        cancel.check()


def _builder(module: str):
    """The builder module, imported on first use (plain imports, so a frozen build finds them)."""
    from desktop.documents.builders import (assessment, ballot, dues_sheet, evaluation_summary, handover, minutes,
                                            notice, org_life_report, roster, self_analysis, sign_in, talk, yearbook)

    return {"assessment": assessment, "ballot": ballot, "dues_sheet": dues_sheet,
            "evaluation_summary": evaluation_summary, "handover": handover, "minutes": minutes, "notice": notice,
            "org_life_report": org_life_report, "roster": roster, "self_analysis": self_analysis,
            "sign_in": sign_in, "talk": talk, "yearbook": yearbook}[module]
