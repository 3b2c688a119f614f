"""What every builder shares: dates in Chinese, section numbering, name order, the record's ledger state
(footer hash, 补录/已更正/已作废 marks, 草稿 watermark) and the 更正说明 section.

Builders only arrange what the user recorded; labels and structure are the app's, the words are the user's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Callable, Iterable, Sequence, TypeVar

from desktop.documents.model import Block, Cell, FooterInfo, Heading, Paragraph, SignatureLines, Table
from desktop.domain import ordering
from desktop.domain.meeting_enums import AmendmentKind, RecordStatus
from desktop.domain.meeting_records import Ref

if TYPE_CHECKING:  # pragma: no cover
    from desktop.workspace import Workspace

T = TypeVar("T")

NONE_TEXT = "无"
BLANK_DATE = "　　　　年　　月　　日"
FILL_LINE = "＿" * 26  # a line to write on by hand (form style: about one text width)


@dataclass(frozen=True)
class Context:
    """What builders need from the book besides the record: the workspace, the branch name, the name order."""

    ws: object
    branch: str
    order: str  # stroke | pinyin | roster
    today: date

    @classmethod
    def of(cls, ws: Workspace, today: date | None = None) -> "Context":
        return cls(ws, ws.organization.branch_info().name, ws.members.default_order(), today or date.today())


# ---- dates and numbers ---------------------------------------------------------------------------------------
def cn_date(d: date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def cn_month(d: date) -> str:
    return f"{d.year}年{d.month}月"


def cn_datetime(t: datetime | None) -> str:
    return f"{cn_date(t)} {t:%H:%M}" if t else ""


def time_range(start: datetime, end: datetime | None) -> str:
    """2026年3月5日 14:30—16:45 (the end date is repeated only when the meeting ran past midnight)."""
    text = cn_datetime(start)
    if end is None:
        return text
    return f"{text}—{end:%H:%M}" if end.date() == start.date() else f"{text}—{cn_datetime(end)}"


def duration_text(minutes: int) -> str:
    hours, rest = divmod(max(int(minutes), 0), 60)
    if hours and rest:
        return f"{hours}小时{rest}分钟"
    return f"{hours}小时" if hours else f"{rest}分钟"


def hours_text(minutes: int) -> str:
    """Study hours as credited: 2 / 1.5 / 0.75 学时 (60 minutes = 1 学时)."""
    value = round(minutes / 60, 2)
    return f"{value:g}"


_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九 (section numbers)."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    if n >= 100:
        return str(n)
    return f"{'' if tens == 1 else _DIGITS[tens]}十{_DIGITS[ones] if ones else ''}"


class Sections:
    """Numbers level-1 headings as 一、二、三… in the order they are added (sections that do not apply are left
    out without leaving gaps); level-2 headings restart at （一） under each level-1 heading."""

    def __init__(self) -> None:
        self.n = 0
        self.sub = 0

    def h1(self, text: str, anchor: str | None = None) -> Heading:
        self.n += 1
        self.sub = 0
        return Heading(1, f"{cn_number(self.n)}、{text}", anchor=anchor)

    def h2(self, text: str, anchor: str | None = None) -> Heading:
        self.sub += 1
        return Heading(2, f"（{cn_number(self.sub)}）{text}", anchor=anchor)


# ---- people --------------------------------------------------------------------------------------------------
def order_people(items: Iterable[T], order: str, name: Callable[[T], str] = lambda x: x.name) -> list[T]:
    """People in the book's name order; for "roster" (花名册顺序) they keep the order given (records keep the
    roster order of the day they were saved)."""
    indexed = list(enumerate(items))
    ordered = ordering.sort_by_name(indexed, order, name=lambda t: name(t[1]), roster=lambda t: t[0])
    return [item for _, item in ordered]


def join_names(names: Sequence[str], empty: str = NONE_TEXT) -> str:
    names = [n for n in names if n]
    return "、".join(names) if names else empty


def ref_name(ref: Ref | None) -> str:
    return ref.name if ref else ""


# ---- text blocks ---------------------------------------------------------------------------------------------
def text_block(text: str, empty: str = NONE_TEXT) -> Paragraph:
    """The user's text as written: each line a paragraph. Lines the user indented keep their own indent."""
    text = (text or "").strip("\n")
    if not text.strip():
        return Paragraph(empty, indent_first_line=False)
    indented = any(line[:1] in (" ", "\u3000", "\t") for line in text.split("\n"))
    return Paragraph(text, indent_first_line=not indented)


def numbered(items: Sequence[str], empty: str = NONE_TEXT, indent: bool = False) -> list[Block]:
    items = [i for i in items if i and i.strip()]
    if not items:
        return [Paragraph(empty, indent_first_line=indent)]
    return [Paragraph(f"{i}. {item}", indent_first_line=indent) for i, item in enumerate(items, start=1)]


def fill_lines(count: int, line: str = FILL_LINE) -> Paragraph:
    """Lines to write on by hand (when the book has no text for a section)."""
    return Paragraph("\n".join([line] * count), indent_first_line=False, align="left")


def signatures(labels: Sequence[str]) -> SignatureLines:
    """Signature lines, two to a row, each pair with its date line; an odd count gets one shared 日期 line
    (the renderer prints date lines per row of two)."""
    labels = list(labels)
    if len(labels) % 2 == 0:
        return SignatureLines(labels, with_date=True)
    return SignatureLines([*labels, "日　　期"])


def num(i: int) -> Cell:
    """A 序号 cell."""
    return Cell(str(i), align="center")


def meta_table(rows: Sequence[tuple[str, str]]) -> Table:
    """A label/value table like ``Document.meta``, for records inside a longer document (the year book)."""
    return Table(widths=(1, 4), rows=[[Cell(k, bold=True, align="center"), v] for k, v in rows],
                 repeat_header=False)


# ---- the record's life in the ledger -------------------------------------------------------------------------
@dataclass(frozen=True)
class RecordState:
    """Status, 定稿 entry and amendments of a chained record, as its views carry them."""

    status: RecordStatus
    entry: object | None = None  # ledger.lifecycle.EntryInfo
    amendments: tuple = ()  # ledger.lifecycle.AmendmentInfo, in chain order
    supplements: tuple[str, ...] = field(default_factory=tuple)
    copy_mark: str = ""  # "工委留存": printed from the committee's copy (desktop.committee.printing)

    @classmethod
    def of(cls, view) -> "RecordState":
        return cls(view.status, view.entry, tuple(view.amendments), tuple(view.supplements),
                   getattr(view, "copy_mark", ""))

    @property
    def final(self) -> bool:
        return self.status != RecordStatus.DRAFT

    @property
    def late(self) -> bool:
        return bool(self.entry is not None and self.entry.late_entry)

    @property
    def corrected(self) -> bool:
        return any(a.kind == AmendmentKind.CORRECTION for a in self.amendments)

    @property
    def marks(self) -> list[str]:
        out = []
        if self.status == RecordStatus.VOID:
            out.append("已作废")
        if self.late:
            out.append("补录")
        if self.corrected:
            out.append("已更正")
        if self.copy_mark:
            out.append(self.copy_mark)
        return out

    @property
    def short_hash(self) -> str | None:
        return self.entry.short_hash if self.entry is not None and self.final else None

    def footer(self, branch: str) -> FooterInfo:
        return FooterInfo(branch, self.short_hash, "、".join(self.marks) or None)

    @property
    def watermark(self) -> str | None:
        if self.status == RecordStatus.DRAFT:
            return "草稿"
        return "已作废" if self.status == RecordStatus.VOID else None

    def ledger_text(self, event: str = "会议") -> str:
        """One line for the 纪实信息 row: status, chain position, hash, entry time and any marks."""
        if not self.final or self.entry is None:
            return "草稿（尚未定稿，未记入纪实链）"
        e = self.entry
        parts = [self.status.label, f"纪实链第 {e.seq} 条", f"哈希 {e.short_hash}", f"{cn_datetime(e.entered_at)} 录入"]
        if self.late:
            lag = f"晚于{event} {e.lag_days} 天，" if e.lag_days is not None else ""
            parts.append(f"补录（录入{lag}超过 {e.late_after_days} 天）")
        if e.clock_anomaly:
            parts.append("录入时电脑时钟早于前一条（已标记）")
        if self.corrected:
            parts.append(f"已更正 {sum(a.kind == AmendmentKind.CORRECTION for a in self.amendments)} 次，见更正说明")
        return "，".join(parts)


def _value_text(value) -> str | None:
    """A short rendering of a field value for the 更正说明, or None when it is not a simple value."""
    if value is None or value == "":
        return "（空）"
    if isinstance(value, datetime):
        return cn_datetime(value)
    if isinstance(value, date):
        return cn_date(value)
    if isinstance(value, Ref):
        return value.name or "（空）"
    if isinstance(value, (int, str)) and not isinstance(value, bool):
        return str(value)  # in full: the original of a corrected text is shown, never cut
    if isinstance(value, tuple) and all(isinstance(v, str) for v in value):
        return _value_text("、".join(value)) if value else "（空）"
    if isinstance(value, tuple) and all(isinstance(v, Ref) for v in value):  # e.g. 谈话人
        return "、".join(v.name for v in value)
    return None


def _attendee_text(a) -> str:
    reason = getattr(a, "reason", "").strip()
    return a.status.label + (f"（{reason}）" if reason else "")


def attendance_changes(before, after) -> list[str]:
    """Who changed from what to what in an attendance list (rows with ``member_id``, ``name``, ``status``)."""
    old = {a.member_id: a for a in before or ()}
    new = {a.member_id: a for a in after or ()}
    lines = []
    for mid, a in new.items():
        if mid not in old:
            lines.append(f"{a.name}：补登为“{_attendee_text(a)}”")
        elif _attendee_text(old[mid]) != _attendee_text(a):
            lines.append(f"{a.name}：原为“{_attendee_text(old[mid])}”，更正为“{_attendee_text(a)}”")
    lines += [f"{a.name}：原为“{_attendee_text(a)}”，已从应到人员中删除" for mid, a in old.items() if mid not in new]
    return lines


def _is_attendance(value) -> bool:
    return isinstance(value, tuple) and bool(value) and all(
        hasattr(v, "member_id") and hasattr(v, "status") for v in value)


def changes_text(before, after, changed: Iterable[str], labels: dict[str, str]) -> str:
    lines = []
    for name in sorted(changed, key=lambda n: list(labels).index(n) if n in labels else 99):
        label = labels.get(name, name)
        b, a = getattr(before, name, None), getattr(after, name, None)
        if _is_attendance(b) or _is_attendance(a):
            items = attendance_changes(b, a)
            lines.append(f"{label}：" + ("；".join(items) if items else "内容有更正，以本文件所载为准"))
            continue
        old, new = _value_text(b), _value_text(a)
        if old is not None and new is not None:
            lines.append(f"{label}：原为“{old}”，更正为“{new}”")
        else:
            lines.append(f"{label}（内容有更正，以本文件所载为准）")
    return "\n".join(lines)


def amendment_blocks(state: RecordState, original, labels: dict[str, str], sections: Sections | None) -> list[Block]:
    """The 更正说明: every amendment (更正 / 补充说明 / 作废) with its entry time, reason, what changed and its
    place in the chain. The document body above already shows the current text."""
    if not state.amendments:
        return []
    from desktop.ledger.lifecycle import apply_amendments

    rows, before = [], original
    for i, am in enumerate(state.amendments, start=1):
        after, _ = apply_amendments(original, list(state.amendments[:i]))
        what = []
        if am.kind == AmendmentKind.CORRECTION:
            what.append(changes_text(before, after, am.changes, labels))
        if am.note:
            what.append(f"补充说明：{am.note}")
        if am.attachments:
            what.append("补充附件：" + "、".join(a.name for a in am.attachments))
        if am.kind == AmendmentKind.VOID:
            what.append("本记录作废")
        e = am.entry
        rows.append([num(i), am.kind.label, cn_datetime(e.entered_at) if e else "", am.reason or "—",
                     "\n".join(w for w in what if w) or "—",
                     f"第 {e.seq} 条\n{e.short_hash}" if e else ""])
        before = after
    heading = sections.h1("更正说明") if sections else Heading(2, "更正说明")
    return [heading, Table(widths=(0.7, 0.75, 1.3, 1.7, 3.1, 1.5),
                           header_rows=[["序号", "类型", "录入时间", "原因", "更正内容及说明", "纪实链"]],
                           rows=rows, font_size=10.5)]


def attachment_lines(attachments, empty: str = NONE_TEXT) -> list[Block]:
    """Attachments by name, kind and size (the files themselves stay in the book)."""
    if not attachments:
        return [Paragraph(empty, indent_first_line=False)]
    out = []
    for i, a in enumerate(attachments, start=1):
        kind = "图片" if str(getattr(a, "mime", "")).startswith("image/") else "文件"
        size = max(1, round(a.size / 1024))
        later = "（定稿后补充）" if getattr(a, "amendment_id", None) else ""
        out.append(Paragraph(f"{i}. {a.name}（{kind}，{size} KB）{later}", indent_first_line=False))
    return out
