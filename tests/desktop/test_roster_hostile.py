"""Hostile rosters (built here with zipfile, small on disk) are refused with a clear message and leave the book
unchanged; exported rosters carry no live formulas and import back unchanged."""

from __future__ import annotations

import io
import re
import tracemalloc
import zipfile
from datetime import date

import openpyxl
import pytest

from desktop.cli.main import main
from desktop.domain.member_rules import MemberInput
from desktop.errors import ImportRejected
from desktop.services import roster_excel
from desktop.workspace import Workspace
from tests.conftest import PASSPHRASE

HEADER = ["姓名", "性别", "出生日期", "入党时间", "转正时间", "备注"]
HOSTILE = ["=HYPERLINK(\"http://x\",\"点我\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1,1)", "=1+1"]


def _people(n, start=0):
    return [[f"党员{i}", "男", f"19{60 + i % 30}-01-0{1 + i % 9}", "2005-07-01", "2006-07-01", ""]
            for i in range(start, start + n)]


def _workbook(sheets: dict[str, list], hidden=()) -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        sheet = wb.create_sheet(title)
        for row in rows:
            sheet.append(row)
        if title in hidden:
            sheet.sheet_state = "hidden"
    return wb


def _save(wb, path):
    wb.save(path)
    return path


def _rewrite(path, part: str, change) -> None:
    """Rewrite one part of an .xlsx (``change(bytes) -> bytes``), keeping the others."""
    with zipfile.ZipFile(path) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    parts[part] = change(parts[part])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)


def _count(ws) -> int:
    return ws.members.count(include_left=True)


# ---- export ---------------------------------------------------------------------------------------
def test_export_writes_text_never_formulas_and_round_trips(ws, tmp_path):
    for i, text in enumerate(HOSTILE):
        ws.members.add(MemberInput(name=f"党员{'甲乙丙丁戊'[i]}", gender="男", birth_date=date(1980, 1, 1 + i),
                                   joined_on=date(2005, 7, 1), full_on=date(2006, 7, 1), position=text,
                                   notes=text, education=text[:20], group=text[:20]))
    before = ws.members.list(order="roster")
    out = ws.members.export_xlsx(tmp_path / "导出.xlsx", full_id=True, order="roster")
    with zipfile.ZipFile(out) as zf:
        sheet_xml = zf.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml  # no formula anywhere
    cells = openpyxl.load_workbook(out).active  # not data_only: a formula would show as "=…" with type "f"
    risky = [c for row in cells.iter_rows(min_row=3) for c in row if isinstance(c.value, str) and c.value[:1] in "=+-@"]
    assert len(risky) >= 4 * len(HOSTILE) - 2 and all(c.data_type == "s" and c.quotePrefix for c in risky)

    other = Workspace.create(tmp_path / "另一本.zhibu", "另一个口令-123", "第二党支部")
    try:
        assert other.members.import_xlsx(out).imported == len(HOSTILE)
        after = other.members.list(order="roster")
    finally:
        other.close()
    fields = ("name", "birth_date", "education", "group_name", "position", "notes")
    assert [[getattr(v, f) for f in fields] for v in after] == [[getattr(v, f) for f in fields] for v in before]


# ---- extent, sheet choice, merged identity ---------------------------------------------------------
def test_rows_after_a_lying_dimension_are_read(ws, tmp_path):
    path = _save(_workbook({"花名册": [HEADER, *_people(10)]}), tmp_path / "dim.xlsx")
    _rewrite(path, "xl/worksheets/sheet1.xml",
             lambda x: re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:F4"/>', x))
    result = ws.members.import_xlsx(path)
    assert result.imported == 10 and _count(ws) == 10


def test_the_visible_roster_is_imported_not_a_hidden_first_sheet(ws, tmp_path):
    wb = _workbook({"旧名单": [HEADER, *_people(2, 50)], "花名册": [HEADER, *_people(3)]}, hidden={"旧名单"})
    result = ws.members.import_xlsx(_save(wb, tmp_path / "hidden.xlsx"))
    assert (result.imported, result.sheet) == (3, "花名册")
    assert sorted(v.name for v in ws.members.list()) == ["党员0", "党员1", "党员2"]


def test_several_rosters_are_refused_until_one_is_named(ws, tmp_path, book_path, monkeypatch, capsys):
    path = _save(_workbook({"2024年": [HEADER, *_people(2)], "2025年": [HEADER, *_people(3, 10)]}),
                 tmp_path / "two.xlsx")
    with pytest.raises(ImportRejected, match="“2024年”、“2025年”.*--sheet"):
        ws.members.import_xlsx(path)
    assert _count(ws) == 0
    assert ws.members.preview_xlsx(path, sheet="2025年").sheet == "2025年"
    ws.close()
    monkeypatch.setenv("ZHIBU_PASSPHRASE", PASSPHRASE)
    assert main(["members", "import", str(book_path), str(path)]) == 1
    assert "--sheet" in capsys.readouterr().err
    assert main(["members", "import", str(book_path), str(path), "--sheet", "2025年"]) == 0
    assert "已导入 3 名党员（来自工作表“2025年”）" in capsys.readouterr().out
    assert main(["members", "import", str(book_path), str(path), "--sheet", "2023年"]) == 1
    assert "没有名为“2023年”的工作表" in capsys.readouterr().err


def test_a_roster_only_in_a_hidden_sheet_is_not_imported_silently(ws, tmp_path):
    wb = _workbook({"说明": [["填表说明"]], "名单": [HEADER, *_people(2)]}, hidden={"名单"})
    with pytest.raises(ImportRejected, match="隐藏的工作表“名单”"):
        ws.members.import_xlsx(_save(wb, tmp_path / "only-hidden.xlsx"))
    assert ws.members.import_xlsx(tmp_path / "only-hidden.xlsx", sheet="名单").imported == 2


def test_a_name_merged_over_two_rows_is_refused(ws, tmp_path):
    wb = _workbook({"花名册": [HEADER, *_people(3)]})
    wb["花名册"].merge_cells("A3:A4")
    with pytest.raises(ImportRejected, match="第3–4行的“姓名”是一个合并单元格"):
        ws.members.import_xlsx(_save(wb, tmp_path / "merged-name.xlsx"))
    assert _count(ws) == 0


# ---- malformed XML, entities, bombs -----------------------------------------------------------------
LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa">'
          + b"".join(b'<!ENTITY %s "%s">' % (bytes([98 + i]), (b"&" + bytes([97 + i]) + b";") * 10) for i in range(8))
          + b']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&i;</t></si></sst>')
EXTERNAL = (b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&x;</t></si></sst>')


@pytest.mark.parametrize("part,change,message", [
    ("xl/worksheets/sheet1.xml", lambda x: x.replace(b"</sheetData>", b"<row><c></sheetData>"), "不是有效的 XML"),
    ("xl/sharedStrings.xml", lambda x: LAUGHS, "XML 实体或文档类型声明"),
    ("xl/sharedStrings.xml", lambda x: EXTERNAL, "XML 实体或文档类型声明"),
    ("xl/workbook.xml", lambda x: x[: len(x) // 2], "不是有效的 XML"),
])
def test_malformed_xml_and_entity_tricks_are_refused(ws, tmp_path, part, change, message):
    path = tmp_path / "hostile.xlsx"
    wb = _workbook({"花名册": [HEADER, *_people(3)]})
    wb.save(path)
    _rewrite_or_add(path, part, change)  # a shared-strings part is added when openpyxl wrote none
    with pytest.raises(ImportRejected, match=message):
        ws.members.import_xlsx(path)
    assert _count(ws) == 0


def _rewrite_or_add(path, part, change):
    with zipfile.ZipFile(path) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    parts[part] = change(parts.get(part, b""))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)


def test_a_shared_strings_bomb_is_refused_quickly_with_bounded_memory(ws, tmp_path):
    path = tmp_path / "bomb.xlsx"
    _save(_workbook({"花名册": [HEADER, *_people(3)]}), path)
    with zipfile.ZipFile(path) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
        with zf.open("xl/sharedStrings.xml", "w", force_zip64=True) as out:  # 256 MB unpacked, ~250 KB packed
            out.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            chunk = b"<si><t>" + b"A" * 4089 + b"</t></si>"
            for _ in range(65536):
                out.write(chunk)
            out.write(b"</sst>")
    assert path.stat().st_size < 2 * 1024 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(ImportRejected, match="解压后内容过大"):
            ws.members.import_xlsx(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 * 1024 * 1024, f"peak {peak / 1048576:.0f} MB"
    assert _count(ws) == 0


def test_cli_reads_the_file_before_opening_the_book(ws, book_path, tmp_path, monkeypatch, capsys):
    ws.close()
    monkeypatch.setenv("ZHIBU_PASSPHRASE", PASSPHRASE)
    path = _save(_workbook({"花名册": [HEADER, *_people(3)]}), tmp_path / "bad.xlsx")
    _rewrite(path, "xl/worksheets/sheet1.xml", lambda x: x.replace(b"</sheetData>", b"<row></sheetData>"))

    def must_not_open(*args, **kwargs):
        raise AssertionError("the book was opened (and its write lock taken) before the file was checked")

    monkeypatch.setattr(Workspace, "open", must_not_open)
    assert main(["members", "import", str(book_path), str(path)]) == 1
    err = capsys.readouterr().err
    assert "不是有效的 XML" in err and "Traceback" not in err
