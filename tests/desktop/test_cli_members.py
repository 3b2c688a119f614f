"""``zhibu-cli members``: exit codes, output shapes and messages as a script or a person sees them."""

from __future__ import annotations

import json
from datetime import date

import openpyxl
import pytest
from sqlalchemy import select

from desktop.cli.main import main
from desktop.storage.models import AuditEntry
from desktop.workspace import Workspace

PASS = "命令行口令-123"
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def make_id(birth: date, seq: str = "123", region: str = "110105") -> str:
    first17 = f"{region}{birth:%Y%m%d}{seq}"
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, WEIGHTS)) % 11]


@pytest.fixture
def book(book_path, monkeypatch, book_templates):
    book_templates.empty(book_path, passphrase=PASS)
    monkeypatch.setenv("ZHIBU_PASSPHRASE", PASS)
    return str(book_path)


def run(capsys, *argv):
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse's own usage errors
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


ZHANG = ["--name", "张三", "--gender", "男", "--birth", "1980-05-17", "--joined", "2005-07-01"]


def test_add_then_list_as_json_and_table(book, capsys):
    number = make_id(date(1980, 5, 17), "131")
    code, out, err = run(capsys, "members", "add", book, *ZHANG, "--full-on", "2006-07-01", "--id-number", number,
                         "--group", "第一党小组", "--phone", "13800000000", "--position", "科长")
    assert (code, out.strip(), err) == (0, "1", "")
    code, out, _ = run(capsys, "members", "add", book, "--name", "李四", "--gender", "女", "--birth", "1995-01-02",
                       "--joined", "2023-06-01", "--probationary")
    assert (code, out.strip()) == (0, "2")

    code, out, _ = run(capsys, "members", "list", book, "--json")
    rows = json.loads(out)
    assert code == 0 and [r["name"] for r in rows] == ["李四", "张三"]  # 姓氏笔画: 李 before 张 (both 7 strokes)
    zhang = rows[1]
    assert set(zhang) == {"id", "name", "gender", "ethnicity", "birth_date", "id_number", "education", "joined_on",
                          "full_on", "status", "group", "position", "phone"}
    assert zhang == {"id": 1, "name": "张三", "gender": "男", "ethnicity": "汉族", "birth_date": "1980-05-17",
                     "id_number": number[:6] + "********" + number[-4:], "education": "", "joined_on": "2005-07-01",
                     "full_on": "2006-07-01", "status": "full", "group": "第一党小组", "position": "科长",
                     "phone": "13800000000"}
    assert rows[0]["status"] == "probationary" and rows[0]["full_on"] is None and rows[0]["id_number"] is None

    code, out, _ = run(capsys, "members", "list", book, "--order", "roster")
    assert code == 0 and out.index("张三") < out.index("李四") and "共 2 人" in out and number not in out


def test_full_id_is_shown_only_on_request_and_logged(book, capsys):
    number = make_id(date(1980, 5, 17), "131")
    run(capsys, "members", "add", book, *ZHANG, "--id-number", number)
    code, out, _ = run(capsys, "members", "list", book, "--json", "--full-id")
    assert code == 0 and json.loads(out)[0]["id_number"] == number
    with Workspace.open(book, PASS) as ws, ws.session() as s:
        assert [a.action for a in s.scalars(select(AuditEntry))].count("full_id") == 1


def test_usage_errors_exit_2(book, capsys):
    code, _, err = run(capsys, "members", "add", book, *ZHANG, "--full-on", "2006-07-01", "--probationary")
    assert code == 2 and "不能同时使用" in err
    assert run(capsys, "members", "add", book, "--name", "张三")[0] == 2  # required options missing
    code, _, err = run(capsys, "members", "add", book, *ZHANG[:-1], "2005/07/01")
    assert code == 2 and "YYYY-MM-DD" in err
    assert run(capsys, "members", "list", book, "--order", "height")[0] == 2
    code, _, err = run(capsys, "members")
    assert code == 2 and "子命令" in err


def test_user_fixable_problems_exit_1_with_one_chinese_line(book, capsys):
    code, out, err = run(capsys, "members", "add", book, *ZHANG, "--id-number", "110105198005171234")
    assert (code, out) == (1, "") and err.strip() == "身份证号校验位错误，请核对第18位（也可能是前面某一位录错了）。"
    code, _, err = run(capsys, "members", "add", book, "--name", "王五", "--gender", "男", "--birth", "2000-01-01",
                       "--joined", "2010-01-01")
    assert code == 1 and "年满18周岁" in err and "Traceback" not in err


def test_wrong_passphrase_exit_1(book, capsys, monkeypatch):
    monkeypatch.setenv("ZHIBU_PASSPHRASE", "不对的口令")
    code, _, err = run(capsys, "members", "list", book)
    assert code == 1 and "口令不正确" in err


def write_roster(path, rows):
    wb = openpyxl.Workbook()
    wb.active.append(["序号", "姓名", "性别", "出生日期", "入党时间", "转正时间", "党小组"])
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return str(path)


def test_import_export(book, capsys, tmp_path):
    bad = write_roster(tmp_path / "bad.xlsx", [
        [1, "张三", "男", "1980-05-17", "2005-07-01", "2006-07-01", "一组"],
        [2, "李四", "女", "1990-01-02", "", "", "一组"],
        [3, "王五", "男", "2010-01-01", "2020-01-01", "", "二组"],
    ])
    code, out, err = run(capsys, "members", "import", book, bad)
    lines = err.strip().splitlines()
    assert code == 1 and out == "" and "没有导入任何党员" in lines[0]
    assert lines[1] == "第3行：请填写入党时间。" and lines[2].startswith("第4行：入党时须年满18周岁")

    good = write_roster(tmp_path / "good.xlsx", [
        [1, "张三", "男", "1980-05-17", "2005-07-01", "2006-07-01", "一组"],
        [2, "李四", "女", "1990-01-02", "2020-01-01", "", "二组"],
    ])
    code, out, _ = run(capsys, "members", "import", book, good)
    assert code == 0 and "已导入 2 名党员" in out and "一组、二组" in out

    target = tmp_path / "花名册.xlsx"
    code, out, _ = run(capsys, "members", "export", book, str(target))
    assert code == 0 and "已导出 2 名党员" in out and target.exists()
    sheet = openpyxl.load_workbook(target).active
    assert [row[1] for row in sheet.iter_rows(min_row=3, values_only=True)] == ["李四", "张三"]

    code, _, err = run(capsys, "members", "import", book, str(tmp_path / "missing.xlsx"))
    assert code == 1 and "找不到文件" in err
