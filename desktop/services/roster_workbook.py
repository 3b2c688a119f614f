"""Opening a roster .xlsx safely and choosing the sheet to import: the file-level half of the roster reader.

Everything here happens before the book is touched (the CLI calls it before taking the book's write lock):
- the zip's members are measured by their *real* uncompressed size (a header can lie) and capped;
- every XML member is parsed once with defusedxml's expat parser, DTDs and entities forbidden, in a
  streaming pass that keeps no tree: malformed XML and entity tricks are refused with a message;
- a sheet's declared ``<dimension>`` is ignored: rows are read to the real end of the sheet data;
- the sheet is chosen deliberately: the one visible sheet that looks like a roster, or the one named.
"""

from __future__ import annotations

import io
import re
import zipfile
from itertools import chain, islice
from pathlib import Path

from desktop.errors import ImportRejected

MAX_BYTES = 20 * 1024 * 1024  # the .xlsx file itself
MAX_XML_BYTES = 32 * 1024 * 1024  # one XML part, uncompressed (a 5,000-row roster is a few MB)
MAX_XML_TOTAL = 48 * 1024 * 1024  # all XML parts together
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # everything, pictures included
MAX_MEMBERS = 2000
HEADER_SCAN_ROWS = 10
MAX_COLUMNS = 60
_CHUNK = 1 << 16
_XML_SUFFIXES = (".xml", ".rels", ".vml")

SHEET_HINT = "命令行加 --sheet 工作表名"


def _not_xlsx(path: Path, damaged: bool = False) -> ImportRejected:
    how = "文件可能已损坏，无法读取" if damaged else "无法读取"
    return ImportRejected(f"“{path.name}”不是有效的 Excel (.xlsx) 文件，{how}。请在 Excel/WPS 中打开它，另存为 .xlsx 格式后重试。")


def _too_big() -> ImportRejected:
    return ImportRejected("文件解压后内容过大，不像是花名册。请只保留花名册工作表（删除图片和其他工作表）后另存，再重试。")


def _unsafe(path: Path, part: str) -> ImportRejected:
    return ImportRejected(f"“{path.name}”中的 {part} 含有 Excel/WPS 不会生成的 XML 实体或文档类型声明，"
                          "可能是被构造来攻击软件的文件，未导入。请在 Excel/WPS 中打开花名册，另存为新的 .xlsx 文件后重试。")


def _measure(zf: zipfile.ZipFile) -> None:
    """Decompress every member (without keeping it) and refuse the file when the real sizes are too big."""
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise _too_big()
    total = xml_total = 0
    for info in infos:
        if info.is_dir():
            continue
        is_xml = info.filename.lower().endswith(_XML_SUFFIXES)
        size = 0
        with zf.open(info) as member:
            while chunk := member.read(_CHUNK):
                size += len(chunk)
                total += len(chunk)
                if is_xml:
                    xml_total += len(chunk)
                if total > MAX_UNPACKED_BYTES or (is_xml and (size > MAX_XML_BYTES or xml_total > MAX_XML_TOTAL)):
                    raise _too_big()


def _check_xml(zf: zipfile.ZipFile, path: Path) -> None:
    """Stream every XML part through defusedxml's expat parser (no tree kept): well-formed, no DTD/entities."""
    from xml.sax import SAXParseException
    from xml.sax.handler import ContentHandler

    from defusedxml import DefusedXmlException
    from defusedxml.sax import make_parser

    for info in zf.infolist():
        if info.is_dir() or not info.filename.lower().endswith(_XML_SUFFIXES):
            continue
        parser = make_parser()
        parser.forbid_dtd = True
        parser.setContentHandler(ContentHandler())
        try:
            with zf.open(info) as member:
                while chunk := member.read(_CHUNK):
                    parser.feed(chunk)
            parser.close()
        except DefusedXmlException:
            raise _unsafe(path, info.filename) from None
        except SAXParseException as exc:
            raise ImportRejected(f"“{path.name}”中的 {info.filename} 不是有效的 XML（第{exc.getLineNumber()}行：{exc.getMessage()}），"
                                 "文件已损坏。请在 Excel/WPS 中打开它并另存为 .xlsx 后重试。") from None


def open_workbook(path: Path):
    """A read-only openpyxl workbook of ``path``, or ImportRejected with what to do."""
    import openpyxl

    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ImportRejected(f"找不到文件：{path}。请确认文件位置后重试。") from None
    except OSError as exc:
        raise ImportRejected(f"无法读取文件 {path}（{exc.strerror or exc}）。请检查权限后重试。") from None
    if size > MAX_BYTES:
        raise ImportRejected(f"文件太大（{size / 1048576:.1f} MB），花名册最大支持 {MAX_BYTES // 1048576} MB。请删除图片等无关内容，或分批导入。")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportRejected(f"无法读取文件 {path}（{exc.strerror or exc}）。请检查权限后重试。") from None
    if raw[:4] == b"\xd0\xcf\x11\xe0":
        raise ImportRejected(f"“{path.name}”是旧版 Excel (.xls/.et) 文件或设置了打开密码的文件，无法读取。"
                             "请在 Excel/WPS 中打开它，去掉密码并另存为 .xlsx 格式后重试。")
    buffer = io.BytesIO(raw)
    if not zipfile.is_zipfile(buffer):
        raise _not_xlsx(path)
    try:
        with zipfile.ZipFile(buffer) as zf:
            _measure(zf)
            _check_xml(zf, path)
        buffer.seek(0)
        return openpyxl.load_workbook(buffer, read_only=True, data_only=True)
    except ImportRejected:
        raise
    except Exception:  # zipfile/openpyxl raise BadZipFile, KeyError, ValueError, zlib.error… for damaged files
        raise _not_xlsx(path, damaged=True) from None


# ---- the sheet ------------------------------------------------------------------------------------
def _header(rows_head, header_map):
    for index, row in enumerate(rows_head):
        columns = header_map(row)
        if "name" in columns and len(columns) >= 2:
            return index, columns
    return None, None


def choose_sheet(wb, wanted: str | None, header_map, missing_required):
    """(sheet, header index, columns, rows iterator) of the roster sheet.

    With ``wanted``: that sheet (hidden or not). Otherwise the only visible sheet with a roster header; when
    several visible sheets have one, or only a hidden sheet has, the user is asked which (ImportRejected)."""
    sheets = [s for s in wb.worksheets if hasattr(s, "iter_rows")]
    if wanted is not None:
        chosen = [s for s in sheets if s.title == wanted.strip()]
        if not chosen:
            names = "、".join(f"“{s.title}”" for s in sheets)
            raise ImportRejected(f"工作簿中没有名为“{wanted}”的工作表。现有工作表：{names}。")
        sheets = chosen
    found, hidden, best = [], [], (0, {})
    for sheet in sheets:
        sheet.reset_dimensions()  # never trust <dimension>: read to the real end of the data
        rows = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
        head = list(islice(rows, HEADER_SCAN_ROWS))
        index, columns = _header(head, header_map)
        if index is None:
            for row in head:
                cols = header_map(row)
                if len(cols) > best[0]:
                    best = (len(cols), cols)
            continue
        entry = (sheet, index, columns, chain(head[index + 1:], rows))
        (found if wanted is not None or sheet.sheet_state == "visible" else hidden).append(entry)
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        names = "、".join(f"“{e[0].title}”" for e in found)
        raise ImportRejected(f"工作簿中有 {len(found)} 个工作表都像花名册：{names}。为避免导入错误的名单，请指定要导入的工作表"
                             f"（{SHEET_HINT}），或删除多余的工作表后重试。")
    if hidden:
        names = "、".join(f"“{e[0].title}”" for e in hidden)
        raise ImportRejected(f"可见的工作表中没有花名册，只有隐藏的工作表{names}像花名册。请确认要导入的名单：在 Excel/WPS 中"
                             f"取消隐藏该工作表，或指定工作表（{SHEET_HINT}）后重试。")
    if best[0] == 0:
        where = f"工作表“{wanted}”" if wanted is not None else "各工作表"
        raise ImportRejected(f"在{where}的前 {HEADER_SCAN_ROWS} 行中没有找到花名册表头。请确认表头包含“姓名”“性别”“出生日期”“入党时间”等列后重试。")
    raise ImportRejected(f"缺少必需的列：{'、'.join(missing_required(best[1]))}。请在表头中补上这些列后重试。")


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Z]{1,3})(\d+):([A-Z]{1,3})(\d+)"')


def merged_ranges(sheet) -> list[tuple[int, int, int, int]]:
    """Merged cells as (first row, first col, last row, last col), 1-based. Read-only sheets do not expose them,
    so read the sheet XML (already size-checked and parsed safely by ``open_workbook``)."""
    from openpyxl.utils import column_index_from_string as col

    try:
        with sheet._get_source() as source:  # openpyxl 3.1 read-only worksheets
            data = source.read()
    except Exception:
        return []
    return [(int(r1), col(c1.decode()), int(r2), col(c2.decode())) for c1, r1, c2, r2 in _MERGE.findall(data)]


def refuse_merged_identity(merged, first_row: int, columns: dict[str, list[int]], labels: dict[str, str]) -> None:
    """A 姓名 or 身份证号 cell merged over several member rows would give one identity to several people."""
    for field in ("name", "id_number"):
        for r1, c1, r2, c2 in merged:
            if r1 < first_row or r2 <= r1:
                continue
            if any(c1 <= i + 1 <= c2 for i in columns.get(field, ())):
                raise ImportRejected(
                    f"第{r1}–{r2}行的“{labels[field]}”是一个合并单元格，无法确定这几行分别是谁，未导入任何党员。"
                    f"请在 Excel/WPS 中取消合并，在每一行填写各自的{labels[field]}后重试。")


def fill_merged(rows, first_row: int, merged):
    """Yield rows with each merged range's value copied into all of its cells (e.g. a 党小组 over members)."""
    merged = [m for m in merged if m[2] >= first_row and m[0] < m[2]]  # spans data rows vertically
    top_values: dict[tuple[int, int], object] = {}
    for number, values in enumerate(rows, start=first_row):
        values = list(values or ())
        for r1, c1, r2, c2 in merged:
            if r1 <= number <= r2:
                for c in range(c1, min(c2, MAX_COLUMNS) + 1):
                    if number == r1:
                        top_values[(r1, c)] = values[c - 1] if c - 1 < len(values) else None
                    elif (r1, c) in top_values:
                        values.extend([None] * (c - len(values)))
                        values[c - 1] = top_values[(r1, c)]
        yield tuple(values)
