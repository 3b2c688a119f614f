"""``zhibu-cli org``: branch details, party groups and the committee election, as a script sees them."""

from __future__ import annotations

import json
from datetime import date

import pytest

from desktop.cli.main import main
from desktop.domain.member_rules import MemberInput
from tests.conftest import PASSPHRASE


def run(capsys, *argv):
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse's own usage errors
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def book(ws, book_path, monkeypatch):
    for name, born, full in (("张三", 1970, True), ("李四", 1980, True), ("王五", 1990, False)):
        ws.members.add(MemberInput(name=name, gender="男", birth_date=date(born, 1, 1),
                                   joined_on=date(2024, 7, 1) if not full else date(born + 25, 7, 1),
                                   full_on=date(born + 26, 7, 1) if full else None, group="第一党小组"))
    ws.close()
    monkeypatch.setenv("ZHIBU_PASSPHRASE", PASSPHRASE)
    return str(book_path)


def test_branch_groups_and_election_show_up(book, capsys):
    code, out, err = run(capsys, "org", "branch", book, "--committee-name", "某某机关党委",
                         "--contact-person", "张三", "--contact-phone", "010-12345678")
    assert (code, err) == (0, "")
    assert run(capsys, "org", "group", book, "rename", "第一党小组", "机关一组")[0] == 0
    assert run(capsys, "org", "group", book, "leader", "机关一组", "李四")[0] == 0
    assert run(capsys, "org", "group", book, "add", "第二党小组")[0] == 0
    code, out, err = run(capsys, "org", "elect", book, "--start", "2025-01-10", "--post", "书记=张三",
                         "--post", "organization=2")
    assert code == 0 and "2028年1月10日" in out, err

    code, out, _ = run(capsys, "org", "show", book, "--json")
    data = json.loads(out)
    assert code == 0
    assert data["branch"]["committee_name"] == "某某机关党委" and data["branch"]["contact_phone"] == "010-12345678"
    assert [(g["name"], g["leader"], g["members"]) for g in data["groups"]] == [
        ("机关一组", "李四", 3), ("第二党小组", None, 0)]
    c = data["committee"]
    assert c["term_end"] == "2028-01-10" and c["term_years"] == 3
    assert [(p["role_label"], p["name"]) for p in c["posts"]] == [("书记", "张三"), ("组织委员", "李四")]

    code, out, _ = run(capsys, "org", "show", book)
    assert code == 0 and "某某机关党委" in out and "组长：李四" in out and "书记：张三" in out

    assert run(capsys, "org", "group", book, "remove", "第二党小组")[0] == 0
    code, out, _ = run(capsys, "org", "show", book, "--json")
    assert [g["name"] for g in json.loads(out)["groups"]] == ["机关一组"]


def test_problems_exit_1_with_a_chinese_line(book, capsys):
    code, _, err = run(capsys, "org", "group", book, "remove", "第一党小组")  # still has members
    assert code == 1 and "还有党员" in err and len(err.strip().splitlines()) == 1
    code, _, err = run(capsys, "org", "elect", book, "--start", "2025-01-10", "--post", "书记=王五")
    assert code == 1 and "预备党员" in err
    code, _, err = run(capsys, "org", "group", book, "leader", "第一党小组", "赵六")
    assert code == 1 and "找不到" in err
    code, _, err = run(capsys, "org", "elect", book, "--start", "2025-01-10", "--post", "组织委员=张三")
    assert code == 1 and "书记" in err


def test_usage_errors_exit_2(book, capsys):
    assert run(capsys, "org", "branch", book)[0] == 2
    code, _, err = run(capsys, "org", "elect", book, "--start", "2025-01-10", "--post", "主任=张三")
    assert code == 2 and "不认识的职务" in err
    assert run(capsys, "org", "elect", book, "--start", "2025/01/10", "--post", "书记=张三")[0] == 2
    assert run(capsys, "org", "group", book)[0] == 2
    assert run(capsys, "org")[0] == 2
