"""``meetings add`` takes a ballot's 监票人 / 计票人 and ``talks add`` a talk's 谈话人 / 记录人 (members by name or
id, anyone else by name); ``amend`` changes them; bad input gets a Chinese message and changes nothing."""

from __future__ import annotations

import json

from .test_cli_meetings import book, run, write  # noqa: F401  (fixture)

BALLOT = {
    "type": "支部党员大会", "start": "2024-04-10T09:00", "end": "2024-04-10T10:30", "chair": "王书记", "recorder": "赵一",
    "content": "会议内容（用户录入）", "others_present": True,
    "resolutions": [{"text": "同意接收某某为预备党员", "method": "ballot", "for": 8, "against": 0, "abstain": 0,
                     "issued": 8, "returned": 8, "scrutineers": ["钱二"], "tellers": ["孙三", "机关工作人员小李"]}],
}
TALK = {"held_at": "2024-05-06T15:00", "participants": ["王书记", "钱二"], "others": ["上级党委刘委员"],
        "interviewers": ["王书记", "上级党委刘委员"], "recorder": "赵一", "topics": "思想工作", "content": "谈话要点"}


def test_meeting_json_takes_scrutineers_and_tellers(book, tmp_path, capsys):
    code, out, err = run(capsys, "meetings", "add", book, "--json", write(tmp_path, "m.json", BALLOT), "--finalize")
    assert code == 0, err
    mid = out.strip()
    code, out, _ = run(capsys, "meetings", "show", book, mid, "--json")
    res = json.loads(out)["record"]["resolutions"][0]
    assert [p["name"] for p in res["scrutineers"]] == ["钱二"] and res["scrutineers"][0]["id"] is not None
    assert res["tellers"][1] == {"id": None, "name": "机关工作人员小李"}
    fix = {"resolutions": [{**BALLOT["resolutions"][0], "tellers": ["孙三"]}]}
    code, _, err = run(capsys, "meetings", "amend", book, mid, "--json", write(tmp_path, "a.json", fix),
                       "--reason", "计票人记录有误")
    assert code == 0, err
    code, out, _ = run(capsys, "meetings", "show", book, mid, "--json")
    assert [p["name"] for p in json.loads(out)["record"]["resolutions"][0]["tellers"]] == ["孙三"]
    assert run(capsys, "check", book)[0] == 0


def test_talk_json_takes_interviewers_and_recorder(book, tmp_path, capsys):
    code, out, err = run(capsys, "talks", "add", book, "--json", write(tmp_path, "t.json", TALK))
    assert code == 0, err
    tid = out.strip()
    code, out, _ = run(capsys, "talks", "show", book, tid, "--json")
    record = json.loads(out)["record"]
    assert [p["name"] for p in record["interviewers"]] == ["王书记", "上级党委刘委员"]
    assert record["recorder"]["name"] == "赵一" and record["recorder"]["id"] is not None


def test_talk_interviewer_who_takes_no_part_is_refused(book, tmp_path, capsys):
    bad = {**TALK, "interviewers": ["孙三"]}
    code, out, err = run(capsys, "talks", "add", book, "--json", write(tmp_path, "t.json", bad))
    assert code == 1 and "不在参加谈话的党员中" in err
    code, out, _ = run(capsys, "talks", "list", book, "--json")
    assert json.loads(out) == []
    code, _, err = run(capsys, "talks", "add", book, "--json", write(tmp_path, "t2.json", {**TALK, "recorder": 1.5}))
    assert code == 1 and "recorder" in err
