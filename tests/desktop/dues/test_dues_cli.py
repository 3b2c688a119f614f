"""``zhibu-cli dues``: exit codes 0/1/2, text and JSON shapes."""

from __future__ import annotations

import json
from datetime import date

import pytest

from desktop.cli.main import main
from desktop.domain.member_rules import MemberInput
from desktop.workspace import Workspace

PASS = "党费口令-123"


def run(capsys, *argv):
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("argv, text", [
    (["--base", "6500"], "比例 1.5%，每月应交 97.50 元"),
    (["--base", "3000"], "比例 0.5%，每月应交 15.00 元"),
    (["--base", "3000.01"], "比例 1%，每月应交 30.00 元"),
    (["--base", "10000.01"], "比例 2%，每月应交 200.00 元"),
    (["--base", "5000.01", "--retired"], "比例 1%，每月应交 50.00 元"),
    (["--base", "0", "--student"], "定额，每月应交 0.20 元"),
])
def test_calc_text(capsys, argv, text):
    code, out, err = run(capsys, "dues", "calc", *argv)
    assert (code, out.strip(), err) == (0, text, "")


def test_calc_json(capsys):
    code, out, _ = run(capsys, "dues", "calc", "--base", "6500", "--json")
    assert code == 0
    assert json.loads(out) == {"base": "6500.00", "rate": "1.5%", "monthly": "97.50", "monthly_fen": 9750}


@pytest.mark.parametrize("argv, code", [
    (["dues", "calc", "--base", "abc"], 1),
    (["dues", "calc", "--base", "-5"], 1),
    (["dues", "calc"], 2),
    (["dues", "calc", "--base", "1", "--retired", "--student"], 2),
    (["dues"], 2),
])
def test_calc_errors(capsys, argv, code):
    got, out, err = run(capsys, *argv)
    assert got == code and out == ""
    assert err.strip()


@pytest.fixture
def book(book_path, monkeypatch, book_templates):
    with Workspace.open(book_templates.empty(book_path, passphrase=PASS), PASS, auto_backup=False) as ws:
        ws.members.add(MemberInput(name="张三", gender="男", birth_date=date(1980, 1, 1), joined_on=date(2005, 7, 1),
                                   full_on=date(2006, 7, 1)))
    monkeypatch.setenv("ZHIBU_PASSPHRASE", PASS)
    return str(book_path)


def test_base_pay_arrears_summary(book, capsys):
    code, out, _ = run(capsys, "dues", "base", book, "--member", "张三", "--year", "2025", "--base", "6500")
    assert code == 0 and "每月应交 97.50 元" in out
    code, out, _ = run(capsys, "dues", "pay", book, "--member", "1", "--amount", "292.50", "--months",
                       "2025-01..2025-03", "--date", "2025-03-10", "--proxy", "李四")
    assert code == 0 and "2025年1—3月" in out and "代缴人：李四" in out
    code, _, err = run(capsys, "dues", "pay", book, "--member", "张三", "--amount", "97.50", "--months", "2025-03",
                       "--date", "2025-03-11")
    assert code == 1 and "已经交过" in err and len(err.strip().splitlines()) == 1
    code, _, err = run(capsys, "dues", "pay", book, "--member", "王五", "--amount", "1", "--months", "2025-04")
    assert code == 1 and "找不到名为“王五”的党员" in err
    code, _, err = run(capsys, "dues", "pay", book, "--member", "张三", "--amount", "1", "--months", "2025-4x")
    assert code == 1 and "格式不对" in err
    code, _, err = run(capsys, "dues", "pay", book, "--member", "张三", "--amount", "1", "--months", "2025-04",
                       "--date", "2025/04/01")
    assert code == 2 and "YYYY-MM-DD" in err
    code, _, err = run(capsys, "dues", "pay", book, "--member", "张三", "--amount", "97.50", "--months", "2025-04",
                       "--date", "2025-11-01", "--json")
    assert code == 1 and "备注" in err  # back-pay over 6 months: the reason is asked for first
    code, out, _ = run(capsys, "dues", "pay", book, "--member", "张三", "--amount", "97.50", "--months", "2025-04",
                       "--date", "2025-11-01", "--note", "借调期间补交", "--json")
    paid = json.loads(out)
    assert code == 0 and paid["months"] == ["2025-04"] and paid["amount_fen"] == 9750 and not paid["warnings"]

    code, out, _ = run(capsys, "dues", "arrears", book, "--at", "2025-12-15", "--json")
    data = json.loads(out)
    assert code == 0 and set(data) == {"at", "total", "total_fen", "members", "alerts"}
    assert data["members"][0]["months"] == [f"2025-{m:02d}" for m in range(5, 12)]
    assert data["members"][0]["amount"] == "682.50" and data["total_fen"] == 68250
    assert [a["kind"] for a in data["alerts"]] == ["dues_unpaid_critical"]
    code, out, _ = run(capsys, "dues", "arrears", book, "--at", "2025-12-15")
    assert code == 0 and "【严重】" in out and "合计欠交 682.50 元" in out

    code, out, _ = run(capsys, "dues", "summary", book, "--year", "2025", "--at", "2025-12-15", "--json")
    data = json.loads(out)
    assert data["rows"][0]["rate"] == "1.5%" and data["rows"][0]["months_owed"] == 12
    assert data["totals"] == {"due": "1170.00", "due_fen": 117000, "paid": "390.00", "paid_fen": 39000,
                              "arrears": "682.50", "arrears_fen": 68250}
    code, out, _ = run(capsys, "dues", "sheet", book, "--month", "2025-02", "--json")
    assert json.loads(out)["rows"][0]["proxy"] == "李四"
    code, out, _ = run(capsys, "dues", "summary", book, "--year", "2025")
    assert code == 0 and "2025年合计" in out


def test_wrong_passphrase_is_exit_1(book, capsys, monkeypatch):
    monkeypatch.setenv("ZHIBU_PASSPHRASE", "不对的口令")
    code, out, err = run(capsys, "dues", "arrears", book)
    assert code == 1 and "口令不正确" in err
