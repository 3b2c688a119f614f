"""``zhibu-cli recruits``: add, step, list, deadlines — exit codes and JSON shape."""

from __future__ import annotations

import json
from datetime import date

import pytest

from desktop.cli.main import main
from desktop.domain.member_rules import MemberInput
from desktop.workspace import Workspace

PASS = "发展口令-123"


def run(capsys, *argv):
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def book(book_path, monkeypatch, book_templates):
    with Workspace.open(book_templates.empty(book_path, passphrase=PASS), PASS, auto_backup=False) as ws:
        for name in ("联系人甲", "介绍人乙"):
            ws.members.add(MemberInput(name=name, gender="女", birth_date=date(1980, 1, 1),
                                       joined_on=date(2005, 7, 1), full_on=date(2006, 7, 1)))
    monkeypatch.setenv("ZHIBU_PASSPHRASE", PASS)
    return str(book_path)


def test_add_step_list(book, capsys):
    code, out, _ = run(capsys, "recruits", "add", book, "--name", "王小明", "--gender", "男", "--birth", "1998-04-02",
                       "--applied", "2024-01-05", "--unit", "示范局")
    assert (code, out.strip()) == (0, "1")
    code, out, _ = run(capsys, "recruits", "step", book, "1", "talked", "--date", "2024-02-06")
    assert code == 0 and "提醒：" in out and "晚于时限2024年2月5日" in out
    code, out, _ = run(capsys, "recruits", "step", book, "1", "activist", "--date", "2024-03-01",
                       "--contacts", "联系人甲")
    assert code == 0 and "现为入党积极分子" in out
    code, _, err = run(capsys, "recruits", "step", book, "1", "candidate", "--date", "2025-02-28")
    assert code == 1 and "一年以上" in err and len(err.strip().splitlines()) == 1

    code, out, _ = run(capsys, "recruits", "list", book, "--at", "2024-10-01", "--json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 1
    row = rows[0]
    assert set(row) == {"id", "name", "stage", "stage_label", "next_step", "next_step_label", "next_due", "due_kind",
                        "overdue", "days_left", "probation_end", "member_id", "problems", "deadlines"}
    assert (row["stage"], row["next_step"], row["next_due"], row["overdue"], row["days_left"]) == \
        ("activist", "review", "2024-09-01", True, -30)
    assert row["problems"] and row["deadlines"][0]["source"] == "细则第十一条"
    code, out, _ = run(capsys, "recruits", "list", book, "--at", "2024-10-01")
    assert code == 0 and "逾期30天" in out and "【王小明】" in out
    code, out, _ = run(capsys, "recruits", "deadlines", book, "--at", "2024-10-01", "--json")
    assert [d["step"] for d in json.loads(out)["deadlines"]] == ["review"]


@pytest.mark.parametrize("argv, code", [
    (["recruits", "step", "BOOK", "1", "party", "--date", "2024-01-01"], 2),  # unknown step
    (["recruits", "step", "BOOK", "1", "talked"], 2),  # --date missing
    (["recruits", "step", "BOOK", "9", "talked", "--date", "2024-01-01"], 1),  # no such recruit
    (["recruits", "add", "BOOK", "--name", "小", "--gender", "男", "--birth", "2010-01-01", "--applied",
      "2025-01-01"], 1),  # under 18
    (["recruits"], 2),
])
def test_exit_codes(book, capsys, argv, code):
    argv = [book if a == "BOOK" else a for a in argv]
    got, out, err = run(capsys, *argv)
    assert got == code and err.strip()
