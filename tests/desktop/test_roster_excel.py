"""Importing the rosters branches already keep in Excel/WPS, and exporting ours."""

from __future__ import annotations

import zipfile
from datetime import date, datetime

import openpyxl
import pytest
from sqlalchemy import select

from desktop.domain.enums import MemberStatus
from desktop.errors import ImportRejected, ZhibuError
from desktop.services import roster_excel
from desktop.storage.models import AuditEntry
from desktop.workspace import Workspace

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
HEADER = ["序号", "姓 名", "性别", "民族", "出生年月\n（年.月）", "公民身份号码", "文化程度", "入党时间", "转正时间",
          "所在党小组", "工作岗位及职务", "联系电话", "备注"]


def make_id(birth: date, seq: str = "123", region: str = "110105") -> str:
    first17 = f"{region}{birth:%Y%m%d}{seq}"
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, WEIGHTS)) % 11]


def write_xlsx(path, rows, *, header=HEADER, title="某某党支部党员花名册"):
    wb = openpyxl.Workbook()
    ws = wb.active
    if title:
        ws.append([title])
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


GOOD_ROWS = [
    [1, "张三", "男", "汉族", "1980.05", make_id(date(1980, 5, 17), "131"), "大学本科", datetime(2005, 7, 1),
     "2006-07-01", "第一党小组", "科长", 13800000000, ""],
    [2, "李 四", "女", "回族", "1990年1月", make_id(date(1990, 1, 2), "018", "320102").lower(), "研究生",
     "2015.6.1", "2016年6月1日", "第二党小组", "科员", "010-12345678", "从外单位转入"],
    [None, None, None, None, None, None, None, None, None, None, None, None, None],  # empty rows are skipped
    [3, "王五", "男性", "汉族", "1995-03-04", None, "大学专科", "2023/5/1", "预备党员", "第一党小组", "", "", ""],
    [4, None, None, None, None, None, None, None, None, None, None, None, None],  # a numbered template row
]


def test_good_roster_imports_with_tolerant_headers_and_dates(ws, tmp_path):
    path = write_xlsx(tmp_path / "花名册.xlsx", GOOD_ROWS)
    result = ws.members.import_xlsx(path)
    assert result.imported == 3 and set(result.groups_created) == {"第一党小组", "第二党小组"}
    members = {v.name: v for v in ws.members.list(order="roster")}
    assert list(members) == ["张三", "李四", "王五"]
    zhang, li, wang = members["张三"], members["李四"], members["王五"]
    assert zhang.birth_date == date(1980, 5, 17)  # year-month taken exactly from the ID number
    assert (zhang.joined_on, zhang.full_on, zhang.status) == (date(2005, 7, 1), date(2006, 7, 1), MemberStatus.FULL)
    assert (zhang.phone, zhang.education, zhang.position) == ("13800000000", "大学本科", "科长")
    assert li.id_number == "32010219900102018X" and li.ethnicity == "回族"  # typed with a lower-case x
    assert (li.joined_on, li.full_on, li.notes) == (date(2015, 6, 1), date(2016, 6, 1), "从外单位转入")
    assert (wang.gender, wang.birth_date, wang.full_on, wang.status) == ("男", date(1995, 3, 4), None,
                                                                         MemberStatus.PROBATIONARY)
    with ws.session() as s:
        assert any("导入党员 3 名" in a.detail for a in s.scalars(select(AuditEntry)))


def test_every_bad_row_is_reported_and_nothing_is_written(ws, tmp_path):
    good_id = make_id(date(1980, 5, 17), "131")
    rows = [
        [1, "张三", "男", "汉族", "1980.05", good_id, "", "2005.07.01", "2006.07.01", "", "", "", ""],
        [2, "", "男", "汉族", "1980.05", None, "", "2005.07.01", "", "", "", "", ""],  # no name
        [3, "李四", "女", "汉族", "1990.01.02", good_id[:17] + ("0" if good_id[17] != "0" else "1"), "", "2015.06.01",
         "", "", "", "", ""],  # wrong check digit
        [4, "王五", "男", "汉族", "1995.03.04", None, "", "2010.01.01", "", "", "", "", ""],  # joined at 14
        [5, "赵六", "男", "汉族", "1985.13.01", None, "", "明年", "", "", "", "", ""],  # impossible dates
        [6, "钱七", "女", "汉族", "1985.01.01", None, "", "2010.01.01", "", "", "", "138号", ""],  # phone
    ]
    path = write_xlsx(tmp_path / "bad.xlsx", rows)
    with pytest.raises(ImportRejected) as info:
        ws.members.import_xlsx(path)
    problems = dict(info.value.problems)
    assert sorted(problems) == [4, 5, 6, 7, 8]  # Excel row numbers: title row 1, header row 2
    assert "请填写姓名" in problems[4]
    assert "校验位错误" in problems[5]
    assert "年满18周岁" in problems[6]
    assert "出生日期“1985.13.01”不是有效日期" in problems[7] and "入党时间“明年”不是有效日期" in problems[7]
    assert "请填写入党时间" not in problems[7]  # one message per bad cell
    assert "联系电话" in problems[8]
    assert "没有导入任何党员" in str(info.value)
    assert ws.members.count() == 0 and ws.organization.groups() == []


def test_duplicates_within_the_file_and_against_the_book(ws, tmp_path):
    number = make_id(date(1980, 5, 17), "131")
    ws.members.import_xlsx(write_xlsx(tmp_path / "first.xlsx", [
        [1, "张三", "男", "汉族", "1980.05.17", number, "", "2005.07.01", "2006.07.01", "", "", "", ""],
        [2, "孙八", "男", "汉族", "1970.01.01", None, "", "2000.07.01", "2001.07.01", "", "", "", ""],
    ]))
    other = make_id(date(1985, 1, 1), "242")
    rows = [
        [1, "张三", "男", "汉族", "1980.05.17", number, "", "2005.07.01", "2006.07.01", "", "", "", ""],
        [2, "周九", "女", "汉族", "1985.01.01", other, "", "2010.07.01", "", "", "", "", ""],
        [3, "周玖", "女", "汉族", "1985.01.01", other, "", "2010.07.01", "", "", "", "", ""],
        [4, "孙八", "男", "汉族", "1970.01.01", None, "", "2000.07.01", "2001.07.01", "", "", "", ""],
        [5, "吴十", "男", "汉族", "1988.08.08", None, "", "2012.07.01", "", "", "", "", ""],
        [6, "吴十", "男", "汉族", "1988.08.08", None, "", "2012.07.01", "", "", "", "", ""],
    ]
    with pytest.raises(ImportRejected) as info:
        ws.members.import_xlsx(write_xlsx(tmp_path / "second.xlsx", rows))
    problems = dict(info.value.problems)
    assert "已有党员“张三”" in problems[3]
    assert "与第4行重复" in problems[5]
    assert "已有姓名和出生日期相同的党员“孙八”" in problems[6]
    assert "与第7行的姓名和出生日期都相同" in problems[8]
    assert sorted(problems) == [3, 5, 6, 8]
    assert ws.members.count() == 2


def test_missing_or_unrecognised_headers(tmp_path):
    path = write_xlsx(tmp_path / "h.xlsx", [["男", "1980-01-01"]], header=["性别", "出生日期", "籍贯"])
    with pytest.raises(ImportRejected, match="缺少必需的列：姓名、入党时间"):
        roster_excel.read_roster(path)
    path = write_xlsx(tmp_path / "n.xlsx", [["张三", "2005-07-01"]], header=["姓名", "入党时间"])
    with pytest.raises(ImportRejected, match="缺少必需的列：性别、出生日期"):
        roster_excel.read_roster(path)
    path = write_xlsx(tmp_path / "x.xlsx", [["a", "b"]], header=["甲", "乙"])
    with pytest.raises(ImportRejected, match="没有找到花名册表头"):
        roster_excel.read_roster(path)


@pytest.mark.parametrize("name,content,expected", [
    ("renamed.xlsx", "姓名,性别\n张三,男\n".encode("utf-8"), "不是有效的 Excel (.xlsx) 文件"),
    ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "旧版 Excel (.xls"),
    ("broken.xlsx", None, "不是有效的 Excel (.xlsx) 文件"),
    ("other.xlsx", "zip", "文件可能已损坏"),
])
def test_files_that_are_not_xlsx_get_a_clear_message(tmp_path, name, content, expected):
    path = tmp_path / name
    if content is None:  # a real roster cut off half-way (an interrupted copy)
        good = write_xlsx(tmp_path / "good.xlsx", GOOD_ROWS).read_bytes()
        path.write_bytes(good[: len(good) // 2])
    elif content == "zip":  # a zip that is not a workbook
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("readme.txt", "hello")
    else:
        path.write_bytes(content)
    with pytest.raises(ImportRejected) as info:
        roster_excel.read_roster(path)
    assert expected in str(info.value) and "另存为 .xlsx" in str(info.value)


def test_size_and_row_caps(tmp_path, monkeypatch):
    rows = [[i, f"党员{i}", "男", "汉族", "1980.01.01", None, "", "2005.07.01", "", "", "", "", ""] for i in range(1, 6)]
    path = write_xlsx(tmp_path / "many.xlsx", rows)
    monkeypatch.setattr(roster_excel, "MAX_ROWS", 4)
    with pytest.raises(ImportRejected, match="超过 4 行"):
        roster_excel.read_roster(path)
    monkeypatch.setattr(roster_excel.roster_workbook, "MAX_BYTES", 1000)
    with pytest.raises(ImportRejected, match="文件太大"):
        roster_excel.read_roster(path)
    with pytest.raises(ImportRejected, match="找不到文件"):
        roster_excel.read_roster(tmp_path / "nope.xlsx")


def test_excel_number_cells_that_lost_information(tmp_path):
    rows = [
        [1, "张三", "男", "汉族", 2020.1, 110105198005171234, "", 2005.07, "", "", "", "", ""],
    ]
    preview = roster_excel.read_roster(write_xlsx(tmp_path / "num.xlsx", rows))
    (row, reason), = preview.problems
    assert row == 3 and "身份证号被 Excel 存成了数字" in reason and "设为“文本”" in reason
    assert "出生日期“2020.1”被 Excel 存成了数字" in reason
    assert preview.rows[0].data.joined_on == date(2005, 7, 1)  # 2005.07 is unambiguous


def test_cancelled_import_writes_nothing_and_progress_is_reported(ws, tmp_path):
    from desktop.progress import CancelToken, Cancelled

    path = write_xlsx(tmp_path / "in.xlsx", GOOD_ROWS)
    seen = []
    ws.members.preview_xlsx(path, progress=lambda done, total, label="": seen.append((done, total)))
    assert seen[-1][0] == seen[-1][1] > 0
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        ws.members.import_xlsx(path, cancel=token)
    assert ws.members.count() == 0


def test_preview_lists_rows_without_writing(ws, tmp_path):
    path = write_xlsx(tmp_path / "p.xlsx", GOOD_ROWS, title=None)
    preview = ws.members.preview_xlsx(path)
    assert preview.ok and preview.header_row == 1 and [r.row for r in preview.rows] == [2, 3, 5]
    assert [m.name for m in preview.members] == ["张三", "李四", "王五"]
    assert preview.columns["birth_date"] == "出生日期" and "status" not in preview.columns
    assert ws.members.count() == 0


def test_a_group_cell_merged_over_several_members_applies_to_each(tmp_path):
    wb = openpyxl.Workbook()
    sheet = wb.active
    sheet.append(["姓名", "性别", "出生日期", "入党时间", "党小组"])
    for name in ("张三", "李四", "王五"):
        sheet.append([name, "男", "1980-01-01", "2005-01-01", "第一党小组" if name == "张三" else None])
    sheet.append(["赵六", "男", "1983-01-01", "2008-01-01", None])
    sheet.merge_cells("E2:E4")
    wb.save(tmp_path / "merged.xlsx")
    preview = roster_excel.read_roster(tmp_path / "merged.xlsx")
    assert [(m.name, m.group) for m in preview.members] == [
        ("张三", "第一党小组"), ("李四", "第一党小组"), ("王五", "第一党小组"), ("赵六", None)]


def test_status_column_must_agree_with_full_date(tmp_path):
    header = ["姓名", "性别", "出生日期", "入党时间", "转正时间", "党员类别"]
    rows = [["张三", "男", "1980-01-01", "2005-07-01", "", "正式党员"],
            ["李四", "女", "1990-01-01", "2020-07-01", "", "预备党员"]]
    preview = roster_excel.read_roster(write_xlsx(tmp_path / "s.xlsx", rows, header=header))
    assert [r for r, _ in preview.problems] == [3] and "补上转正时间" in preview.problems[0][1]


def test_export_then_import_round_trip(ws, tmp_path, book_path):
    ws.members.import_xlsx(write_xlsx(tmp_path / "in.xlsx", GOOD_ROWS))
    before = ws.members.list(order="roster")
    out = ws.members.export_xlsx(tmp_path / "导出", full_id=True, order="roster")
    assert out.name == "导出.xlsx"
    with ws.session() as s:
        assert any(a.action == "full_id" and "导出花名册含完整身份证号" in a.detail for a in s.scalars(select(AuditEntry)))

    sheet = openpyxl.load_workbook(out).active
    assert [c.value for c in sheet[2]] == [h for h, _ in roster_excel.EXPORT_COLUMNS]
    assert sheet.freeze_panes == "A3" and sheet["B2"].font.bold and "测试党支部党员花名册" in sheet["A1"].value
    assert sheet["I5"].value == "预备党员" and sheet["F3"].value == before[0].id_number

    other = Workspace.create(tmp_path / "另一本.zhibu", "另一个口令-123", "第二党支部")
    try:
        assert other.members.import_xlsx(out).imported == 3
        after = other.members.list(order="roster")
    finally:
        other.close()
    fields = ("name", "gender", "ethnicity", "birth_date", "id_number", "education", "joined_on", "full_on",
              "status", "group_name", "position", "phone", "notes")
    assert [[getattr(v, f) for f in fields] for v in after] == [[getattr(v, f) for f in fields] for v in before]


def test_default_export_masks_id_numbers_and_is_refused_on_reimport(ws, tmp_path):
    ws.members.import_xlsx(write_xlsx(tmp_path / "in.xlsx", GOOD_ROWS))
    out = ws.members.export_xlsx(tmp_path / "masked.xlsx", order="roster")
    ids = [row[5] for row in openpyxl.load_workbook(out).active.iter_rows(min_row=3, values_only=True)]
    assert ids[0] == "110105********1319" and ids[1].startswith("320102********") and ids[2] is None
    with ws.session() as s:
        assert not any(a.action == "full_id" for a in s.scalars(select(AuditEntry)))
    preview = ws.members.preview_xlsx(out)
    assert any("隐藏" in reason for _, reason in preview.problems)


def test_export_refuses_other_extensions_and_keeps_old_file(ws, tmp_path):
    with pytest.raises(ZhibuError, match=r"\.xlsx"):
        ws.members.export_xlsx(tmp_path / "花名册.xls")
    target = tmp_path / "keep.xlsx"
    target.write_bytes(b"old")
    from desktop.storage import atomic

    def fail(step, path):
        if step == "rename":
            raise OSError(28, "No space left on device")

    atomic.fault_hook = fail
    try:
        with pytest.raises(ZhibuError, match="磁盘空间不足"):
            ws.members.export_xlsx(target)
    finally:
        atomic.fault_hook = None
    assert target.read_bytes() == b"old"


def test_date_cell_formats():
    parse = roster_excel.parse_date
    assert parse("2020-05-01", "x") == (date(2020, 5, 1), True)
    assert parse("2020.5.1", "x") == (date(2020, 5, 1), True)
    assert parse("2020/5/1", "x") == (date(2020, 5, 1), True)
    assert parse("2020年5月1日", "x") == (date(2020, 5, 1), True)
    assert parse("２０２０．０５", "x") == (date(2020, 5, 1), False)
    assert parse("2020年5月", "x") == (date(2020, 5, 1), False)
    assert parse("20200501", "x") == (date(2020, 5, 1), True)
    assert parse("2020-05-01 00:00:00", "x") == (date(2020, 5, 1), True)
    assert parse(2020.05, "x") == (date(2020, 5, 1), False)
    assert parse(43952, "x") == (date(2020, 5, 1), True)  # an Excel serial number
    assert parse(None, "x") == (None, True)


def test_header_normalisation():
    norm = roster_excel.normalize_header
    assert norm(" 所在\n党小组 ") == "所在党小组"
    assert norm("出生年月（年.月）") == "出生年月"
    assert norm("*身份证号(18位)") == "身份证号"
