"""党员花名册 as .xlsx: a tolerant reader for the rosters branches already keep, and the roster export.

Reading never writes: it returns an ``ImportPreview`` (every row parsed, with its problems). The member
service writes only when no row has a problem (all-or-nothing).
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from desktop.domain import idnumber, member_rules
from desktop.domain.member_rules import MemberInput
from desktop.errors import ImportRejected, ValidationError, ZhibuError
from desktop.progress import CancelToken, Progress, no_progress
from desktop.services import roster_workbook
from desktop.storage.atomic import write_bytes

MAX_ROWS = 5000
HEADER_SCAN_ROWS = roster_workbook.HEADER_SCAN_ROWS
MAX_BLANK_RUN = 1000  # sheets formatted down to row 1 048 576 end long before that

HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("姓名",),
    "gender": ("性别",),
    "ethnicity": ("民族",),
    "birth_date": ("出生日期", "出生年月", "出生时间", "出生年月日"),
    "id_number": ("身份证号", "身份证号码", "公民身份号码", "公民身份证号码", "身份证", "身份证件号码"),
    "education": ("学历", "文化程度", "最高学历"),
    "joined_on": ("入党时间", "入党日期", "入党年月"),
    "full_on": ("转正时间", "转正日期", "转正年月"),
    "group": ("党小组", "所在党小组"),
    "position": ("职务", "工作岗位", "工作岗位及职务", "现任职务"),
    "phone": ("联系电话", "手机", "电话", "手机号", "手机号码", "联系方式"),
    "notes": ("备注",),
    "status": ("党员类别", "人员类别", "党员状态", "类别"),
}
_HEADER_FIELD = {h: field for field, names in HEADERS.items() for h in names}
TEXT_FIELDS = ("name", "gender", "ethnicity", "education", "group", "position", "phone", "notes", "status")
DATE_FIELDS = ("birth_date", "joined_on", "full_on")
LABELS = {**member_rules.FIELD_LABELS, "status": "党员类别"}

EXPORT_COLUMNS = (  # FORMS.md order; (header, width)
    ("序号", 6), ("姓名", 10), ("性别", 6), ("民族", 8), ("出生年月", 11), ("身份证号", 21), ("学历", 11),
    ("入党时间", 12), ("转正时间", 12), ("党小组", 14), ("职务", 22), ("联系电话", 15), ("备注", 24),
)
PROBATIONARY_TEXT = "预备党员"


@dataclass(frozen=True)
class PreviewRow:
    row: int  # Excel row number, as the user sees it
    data: MemberInput | None  # None when the row could not be read at all
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImportPreview:
    path: str
    sheet: str
    header_row: int
    columns: dict  # field → header text found in the file
    rows: tuple[PreviewRow, ...]

    @property
    def problems(self) -> list[tuple[int, str]]:
        return [(r.row, "；".join(r.problems)) for r in self.rows if r.problems]

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not any(r.problems for r in self.rows)

    @property
    def warnings(self) -> tuple[str, ...]:
        """Warnings that do not stop the import (names with characters this PC cannot print)."""
        from desktop.services.name_check import names_warnings

        return names_warnings([d.name for d in self.members])

    @property
    def members(self) -> list[MemberInput]:
        return [r.data for r in self.rows if r.data is not None and not r.problems]

    def rejection(self) -> ImportRejected:
        if not self.rows:
            return ImportRejected(f"工作表“{self.sheet}”的表头下面没有党员数据，未导入任何内容。请检查文件后重试。")
        bad = self.problems
        return ImportRejected(
            f"花名册中有 {len(bad)} 行存在问题，为避免导入不完整的数据，本次没有导入任何党员。请按提示修改后重新导入。",
            bad,
        )


@dataclass(frozen=True)
class ImportResult:
    imported: int
    member_ids: tuple[int, ...]
    groups_created: tuple[str, ...] = ()
    sheet: str = ""  # the sheet the members came from
    warnings: tuple[str, ...] = ()  # e.g. name characters no font of this PC can print (imported all the same)


# ---- reading --------------------------------------------------------------------------------
def normalize_header(value) -> str:
    """"所在\\n党小组（名称）*" → "所在党小组": no spaces or line breaks, no bracketed notes, no markers."""
    text = unicodedata.normalize("NFKC", str(value or ""))
    text = re.sub(r"\s+", "", text)
    text = re.sub(r"[(\[【〔][^)\]】〕]*[)\]】〕]", "", text)
    return text.strip("*＊:：")


def _header_map(row) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for index, value in enumerate(row or ()):
        field = _HEADER_FIELD.get(normalize_header(value))
        if field:
            found.setdefault(field, []).append(index)
    return found


def _missing_required(columns: dict) -> list[str]:
    missing = [LABELS[f] for f in ("name",) if f not in columns]
    for field in ("gender", "birth_date"):
        if field not in columns and "id_number" not in columns:
            missing.append(LABELS[field])
    if "joined_on" not in columns:
        missing.append(LABELS["joined_on"])
    return missing


class _CellProblem(Exception):
    pass


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (datetime, date)):
        return value.strftime("%Y-%m-%d")
    return str(value).strip()


_FULL = re.compile(r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?$")
_MONTH = re.compile(r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*月?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})?$")


def parse_date(value, label: str) -> tuple[date | None, bool]:
    """A roster date → (date, exact). Year-month values give day 1 and ``exact=False``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, True
    if isinstance(value, datetime):
        return value.date(), True
    if isinstance(value, date):
        return value, True
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        text = repr(float(value))
        whole, frac = text.split(".")
        if 1900 <= int(whole) <= 2100:  # "2020.05" typed into a number cell
            if frac == "0" or len(frac) != 2:
                raise _CellProblem(f"{label}“{value}”被 Excel 存成了数字，无法判断月份。请把该列设为文本，写成“2020.05.01”或“2020年5月”。")
            value = f"{whole}.{frac}"
        elif 1 <= value <= 73050:  # an Excel serial date without a date format
            from openpyxl.utils.datetime import from_excel

            return from_excel(value).date(), True
        else:
            raise _CellProblem(f"{label}“{value}”不是有效日期，请写成“2020-05-01”或“2020年5月1日”。")
    text = unicodedata.normalize("NFKC", str(value)).strip()
    text = re.sub(r"\s+\d{1,2}:\d{2}(:\d{2})?$", "", text)  # "2020-05-01 00:00:00"
    for pattern, exact in ((_FULL, True), (_MONTH, False), (_COMPACT, None)):
        m = pattern.match(text)
        if m:
            year, month = int(m.group(1)), int(m.group(2))
            day = int(m.group(3)) if m.lastindex == 3 and m.group(3) else 1
            exact = exact if exact is not None else bool(m.lastindex == 3 and m.group(3))
            try:
                return date(year, month, day), exact
            except ValueError:
                break
    raise _CellProblem(f"{label}“{text}”不是有效日期，请写成“2020-05-01”“2020.5.1”或“2020年5月1日”。")


def _row_input(values, columns: dict[str, list[int]], today: date) -> tuple[MemberInput | None, list[str]]:
    def cells(field):
        return [values[i] for i in columns.get(field, ()) if i < len(values)]

    problems: list[str] = []
    bad_fields: set[str] = set()  # a cell we could not read: no second "请填写…" message for it
    text = {f: " ".join(dict.fromkeys(t for t in map(_text, cells(f)) if t)) for f in TEXT_FIELDS}
    dates: dict[str, tuple[date | None, bool]] = {}
    for field in DATE_FIELDS:
        raw = next((v for v in cells(field) if _text(v)), None)
        if field == "full_on" and isinstance(raw, str) and "预备" in raw:
            raw = None  # 转正时间 written as "预备党员"/"预备期"
        try:
            dates[field] = parse_date(raw, LABELS[field])
        except _CellProblem as exc:
            problems.append(str(exc))
            bad_fields.add(field)
            dates[field] = (None, True)
    id_raw = next((v for v in cells("id_number") if _text(v)), None)
    id_number = None
    info = None
    if isinstance(id_raw, (int, float)):
        problems.append("身份证号被 Excel 存成了数字，后几位可能已经丢失。请把该列设为“文本”格式，重新填写完整号码后再导入。")
        bad_fields.add("id_number")
    elif id_raw is not None:
        id_number = idnumber.normalize(id_raw)
        try:
            info = idnumber.parse(id_number, today)
        except ValidationError:
            info = None  # reported by member_rules.validate with the exact reason
    gender = {"男性": "男", "女性": "女"}.get(text["gender"], text["gender"])
    birth, exact = dates["birth_date"]
    if info is not None:
        gender = gender or info.gender
        if birth is None or (not exact and (birth.year, birth.month) == (info.birth_date.year, info.birth_date.month)):
            birth = info.birth_date
    full_on = dates["full_on"][0]
    status = text["status"]
    if "正式" in status and full_on is None and "full_on" not in bad_fields:
        problems.append("党员类别为正式党员，但没有填写转正时间。请补上转正时间。")
    elif "预备" in status and full_on is not None:
        problems.append("党员类别为预备党员，却填写了转正时间。请核对。")
    data = MemberInput(
        name=text["name"], gender=gender, birth_date=birth, joined_on=dates["joined_on"][0], full_on=full_on,
        id_number=id_number, ethnicity=text["ethnicity"] or "汉族", education=text["education"],
        group=text["group"] or None, position=text["position"], phone=text["phone"], notes=text["notes"],
    ).cleaned()
    if "id_number" in bad_fields:  # the number would have supplied them; one message is enough
        bad_fields.update(f for f in ("gender", "birth_date") if not getattr(data, f))
    problems.extend(e.message for e in member_rules.validate(data, today) if e.field not in bad_fields)
    return data, problems


@dataclass(frozen=True)
class RosterSheet:
    """The roster sheet of a file, read into memory: what ``read_roster`` checks row by row. Made by
    ``load_roster`` before the book is opened for writing, so a slow or hostile file never holds the lock."""

    path: str
    sheet: str
    header_index: int  # 0-based row of the header
    columns: dict  # field -> column indexes
    rows: tuple  # (Excel row number, cell values) of the non-blank rows


def load_roster(path, *, sheet: str | None = None, progress: Progress = no_progress,
                cancel: CancelToken | None = None) -> RosterSheet:
    """Open ``path`` safely, choose the roster sheet (``sheet`` names it) and read its rows to the real end.
    File-level problems raise ImportRejected with a Chinese message."""
    path = Path(path)
    wb = roster_workbook.open_workbook(path)
    try:
        chosen, header_index, columns, rows = roster_workbook.choose_sheet(wb, sheet, _header_map, _missing_required)
        missing = _missing_required(columns)
        if missing:
            raise ImportRejected(f"工作表“{chosen.title}”缺少必需的列：{'、'.join(missing)}。请在表头中补上这些列后重试。")
        first = header_index + 2
        merged = roster_workbook.merged_ranges(chosen)
        roster_workbook.refuse_merged_identity(merged, first, columns, LABELS)
        wanted = [i for idx in columns.values() for i in idx]
        kept: list[tuple[int, tuple]] = []
        blank_run = 0
        for offset, values in enumerate(roster_workbook.fill_merged(rows, first, merged)):
            if offset % 100 == 0:
                if cancel is not None:
                    cancel.check()
                progress(len(kept), 0, "读取花名册")
            if all(_text(values[i]) == "" for i in wanted if i < len(values)):
                blank_run += 1
                if blank_run >= MAX_BLANK_RUN:
                    break
                continue
            blank_run = 0
            if len(kept) >= MAX_ROWS:
                raise ImportRejected(f"花名册超过 {MAX_ROWS} 行，无法一次导入。请拆分成几个文件分批导入。")
            kept.append((first + offset, values))
        return RosterSheet(str(path), chosen.title, header_index, columns, tuple(kept))
    finally:
        wb.close()


def read_roster(source, *, sheet: str | None = None, today: date | None = None,
                existing_ids: dict[str, str] | None = None, existing_people: dict[tuple[str, date], str] | None = None,
                progress: Progress = no_progress, cancel: CancelToken | None = None) -> ImportPreview:
    """Check a roster (a path, or a ``RosterSheet`` already loaded) without writing anything. File-level problems
    raise ImportRejected; row problems are listed per row. ``existing_ids`` (ID number → name) and
    ``existing_people`` ((name, birth) → name) are the book's members, to report rows that are already there."""
    loaded = source if isinstance(source, RosterSheet) else load_roster(source, sheet=sheet, progress=progress,
                                                                        cancel=cancel)
    today = today or date.today()
    existing_ids = existing_ids or {}
    existing_people = existing_people or {}
    parsed: list[PreviewRow] = []
    seen_ids: dict[str, int] = {}
    seen_people: dict[tuple[str, date], tuple[int, bool]] = {}
    total = len(loaded.rows)
    for index, (row_number, values) in enumerate(loaded.rows):
        if index % 100 == 0:
            if cancel is not None:
                cancel.check()
            progress(index, total, "检查花名册")
        data, problems = _row_input(values, loaded.columns, today)
        if data.id_number:
            if data.id_number in seen_ids:
                problems.append(f"身份证号与第{seen_ids[data.id_number]}行重复。")
            elif data.id_number in existing_ids:
                problems.append(f"身份证号与本支部已有党员“{existing_ids[data.id_number]}”相同，可能已经导入过。")
            seen_ids.setdefault(data.id_number, row_number)
        if data.name and data.birth_date:
            key = (data.name, data.birth_date)
            earlier = seen_people.get(key)
            if earlier and not (earlier[1] and data.id_number):
                problems.append(f"与第{earlier[0]}行的姓名和出生日期都相同，可能重复录入。")
            elif key in existing_people and not data.id_number:
                problems.append(f"本支部已有姓名和出生日期相同的党员“{existing_people[key]}”，可能已经导入过。")
            seen_people.setdefault(key, (row_number, bool(data.id_number)))
        parsed.append(PreviewRow(row_number, data, tuple(dict.fromkeys(problems))))
    progress(total, total, "检查花名册")
    found = {f: HEADERS[f][0] for f in loaded.columns}
    return ImportPreview(loaded.path, loaded.sheet, loaded.header_index + 1, found, tuple(parsed))


# ---- writing --------------------------------------------------------------------------------
def export_path(path) -> Path:
    path = Path(path)
    if path.suffix == "":
        return path.with_suffix(".xlsx")
    if path.suffix.lower() != ".xlsx":
        raise ZhibuError(f"导出的花名册只能保存为 .xlsx 文件，请把文件名“{path.name}”改为以 .xlsx 结尾。")
    return path


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def _as_text(cell) -> None:
    """A string cell is stored as a string, never as a formula (openpyxl turns "=…" into one), and a leading
    = + - @ gets Excel's quote prefix, so that editing the cell in Excel/WPS later does not make it live."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
        cell.number_format = "@"
        if cell.value.startswith(_FORMULA_START):
            cell.quotePrefix = True


def roster_bytes(members, *, full_id: bool = False, title: str = "党员花名册") -> bytes:
    """The roster workbook. ``members`` are MemberView-like objects, already in the wanted order."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "党员花名册"
    last = get_column_letter(len(EXPORT_COLUMNS))
    ws.append([title])
    _as_text(ws["A1"])
    ws.merge_cells(f"A1:{last}1")
    ws["A1"].font = Font(bold=True, size=16)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 30
    ws.append([h for h, _ in EXPORT_COLUMNS])
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for col, (_, width) in enumerate(EXPORT_COLUMNS, start=1):
        cell = ws.cell(row=2, column=col)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
        ws.column_dimensions[get_column_letter(col)].width = width
    for number, m in enumerate(members, start=1):
        ws.append([
            number, m.name, m.gender, m.ethnicity, m.birth_date,
            (m.id_number or "") if full_id else m.id_masked, m.education, m.joined_on,
            m.full_on if m.full_on else PROBATIONARY_TEXT, m.group_name, m.position, m.phone, m.notes,
        ])
        row = ws.max_row
        for col in range(1, len(EXPORT_COLUMNS) + 1):
            cell = ws.cell(row=row, column=col)
            cell.border = border
            _as_text(cell)
        ws.cell(row=row, column=5).number_format = "yyyy.mm"
        ws.cell(row=row, column=8).number_format = "yyyy.mm.dd"
        ws.cell(row=row, column=9).number_format = "yyyy.mm.dd"
    ws.freeze_panes = "A3"
    ws.print_title_rows = "2:2"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def write_roster(path, members, *, full_id: bool = False, title: str = "党员花名册") -> Path:
    """Write the roster atomically (the old file stays intact if anything fails); returns the path written."""
    path = export_path(path)
    write_bytes(path, roster_bytes(members, full_id=full_id, title=title))
    return path

