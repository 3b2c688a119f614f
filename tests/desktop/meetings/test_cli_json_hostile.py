"""Hostile meeting/talk/evaluation JSON: wrong types, time zones, huge numbers, lone surrogates, deep nesting
and attachments outside the JSON's folder are refused with one Chinese line (exit 1), and a failed ``add``
(bad attachment, ``--finalize`` that fails) leaves the book exactly as it was."""

from __future__ import annotations

import json
import os

import pytest

from .test_cli_meetings import ASSEMBLY, book, run, write  # noqa: F401  (book is a fixture)

GOOD = {k: v for k, v in ASSEMBLY.items() if k != "attachments"}
TALK = {"held_at": "2024-05-06T15:00", "place": "书记办公室", "participants": ["王书记", "赵一"],
        "topics": "工作", "content": "谈话内容"}
EVALUATION = {"year": 2024, "held_on": "2024-12-20", "members": [{"member": "赵一", "votes": {"优秀": 3}}]}


def _empty(capsys, book_path) -> bool:
    rows = [json.loads(run(capsys, group, "list", book_path, "--json")[1]) for group in ("meetings", "talks")]
    return rows == [[], []]


def _raw(tmp_path, name, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("change,message", [
    ({"others_present": "false"}, "“others_present”应为 true 或 false"),
    ({"others_present": 0}, "“others_present”应为 true 或 false"),
    ({"agenda": 5}, "“agenda”应为列表"),
    ({"agenda": "讨论年度计划"}, "“agenda”应为列表"),
    ({"attendance": 3}, "“attendance”应为列表"),
    ({"attendance": [{"member": ["赵一"], "status": "请假"}]}, "“attendance[0].member”应为姓名（文本）或编号（整数）"),
    ({"resolutions": [{"text": "x", "for": "9"}]}, "“resolutions[0].for”应为整数"),
    ({"resolutions": [{"text": "x", "for": True}]}, "“resolutions[0].for”应为整数"),
    ({"study_minutes": 1.5}, "“study_minutes”应为整数"),
    ({"content": ["a"]}, "“content”应为文本"),
    ({"preparation": "无"}, "“preparation”应为对象"),
    ({"start": "2024-04-10T09:00+08:00"}, "不能带时区"),
    ({"end": "2024-04-10T10:30Z"}, "不能带时区"),
    ({"rectifications": [{"item": "x", "due_on": "明天"}]}, "日期格式应为 YYYY-MM-DD"),
    ({"recorder": 10**11}, "“recorder”"),
])
def test_type_confusion_is_refused_and_nothing_is_written(book, tmp_path, capsys, change, message):
    code, out, err = run(capsys, "meetings", "add", book, "--json", write(tmp_path, "m.json", {**GOOD, **change}),
                         "--finalize")
    assert code == 1 and out == "" and message in err, err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert _empty(capsys, book)


@pytest.mark.parametrize("text,message", [
    ('{"type": "党课", "start": "2024-04-10T09:00", "study_minutes": ' + "9" * 5000 + "}", "位数过多"),
    ('{"type": "党课", "start": "2024-04-10T09:00", "content": "\\ud800"}', "单独的代理项"),
    ('{"type": "党课", "start": "2024-04-10T09:00", "agenda": ' + "[" * 50 + "]" * 50 + "}", "嵌套层数过多"),
    ('{"type": "党课", "start": "2024-04-10T09:00", "agenda": ' + "[" * 100000 + "]" * 100000 + "}", "嵌套层数过多"),
])
def test_json_that_parses_but_nobody_means_is_refused(book, tmp_path, capsys, text, message):
    code, out, err = run(capsys, "meetings", "add", book, "--json", _raw(tmp_path, "x.json", text))
    assert code == 1 and out == "" and message in err and "Traceback" not in err
    assert _empty(capsys, book)


def test_talk_and_evaluation_json_are_checked_as_strictly(book, tmp_path, capsys):
    for group, obj, message in (
        ("talks", {**TALK, "participants": "王书记"}, "“participants”应为列表"),
        ("talks", {**TALK, "held_at": "2024-05-06T15:00:00+00:00"}, "不能带时区"),
        ("evaluations", {**EVALUATION, "year": "2024"}, "“year”应为整数"),
        ("evaluations", {**EVALUATION, "members": [{"member": "赵一", "votes": {"优秀": "3"}}]},
         "“members[0].votes.优秀”应为整数"),
        ("evaluations", {**EVALUATION, "ballots_issued": 10**20}, "位数过多"),
    ):
        code, out, err = run(capsys, group, "add", book, "--json", write(tmp_path, "x.json", obj))
        assert code == 1 and out == "" and message in err, (group, err)
    assert _empty(capsys, book) and json.loads(run(capsys, "evaluations", "list", book, "--json")[1]) == []


@pytest.mark.parametrize("setup,message", [
    ("absolute", "是绝对路径"),
    ("parent", "之外"),
    ("symlink", "符号链接"),
    ("symlinked-folder", "符号链接"),
    ("missing", "找不到附件文件"),
])
def test_attachments_outside_the_json_folder_are_refused(book, tmp_path, capsys, setup, message):
    folder = tmp_path / "会议"
    folder.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0", encoding="utf-8")
    ref = {"absolute": str(secret), "parent": "../secret.txt", "symlink": "link.txt",
           "symlinked-folder": "sub/secret.txt", "missing": "nope.pdf"}[setup]
    if setup == "symlink":
        os.symlink(secret, folder / "link.txt")
    if setup == "symlinked-folder":
        os.symlink(tmp_path, folder / "sub")
    json_path = write(folder, "m.json", {**GOOD, "attachments": [ref]})
    for group, obj in (("meetings", {**GOOD, "attachments": [ref]}), ("talks", {**TALK, "attachments": [ref]})):
        json_path = write(folder, "m.json", obj)
        code, out, err = run(capsys, group, "add", book, "--json", json_path)
        assert code == 1 and out == "" and message in err, err
    assert _empty(capsys, book)


def test_a_bad_attachment_or_failed_finalize_leaves_nothing_behind(book, tmp_path, capsys):
    (tmp_path / "fake.pdf").write_bytes(b"not a pdf at all")
    code, out, err = run(capsys, "meetings", "add", book, "--json",
                         write(tmp_path, "m.json", {**GOOD, "attachments": ["fake.pdf"]}), "--finalize")
    assert code == 1 and out == "" and "内容与扩展名不符" in err
    incomplete = {**GOOD, "end": None, "attachments": []}
    code, out, err = run(capsys, "meetings", "add", book, "--json", write(tmp_path, "i.json", incomplete), "--finalize")
    assert code == 1 and out == "" and "不能定稿" in err
    assert _empty(capsys, book)
    code, out, err = run(capsys, "ledger", "verify", book, "--json")
    assert code == 0 and json.loads(out)["length"] == 0
    (tmp_path / "sheet.pdf").write_bytes(b"%PDF-1.4 sign-in sheet")
    code, out, err = run(capsys, "meetings", "add", book, "--json",
                         write(tmp_path, "ok.json", {**GOOD, "attachments": ["sheet.pdf"]}), "--finalize")
    assert code == 0 and out.strip().isdigit(), err


def test_an_amendment_json_is_checked_as_strictly(book, tmp_path, capsys):
    code, out, err = run(capsys, "meetings", "add", book, "--json", write(tmp_path, "m.json", GOOD), "--finalize")
    assert code == 0, err
    meeting_id = out.strip()
    for obj, message in (({"others_present": "false"}, "“others_present”应为 true 或 false"),
                         ({"agenda": 1}, "“agenda”应为列表"), ({"note": ["补充"]}, "“note”应为文本")):
        code, out, err = run(capsys, "meetings", "amend", book, meeting_id, "--json", write(tmp_path, "a.json", obj),
                             "--reason", "更正")
        assert code == 1 and message in err, err
    shown = json.loads(run(capsys, "meetings", "show", book, meeting_id, "--json")[1])
    assert shown["amendments"] == []
