"""Fields added in schema 0008 (a ballot's 监票人 / 计票人, a talk's 谈话人 and 记录人) keep every record chained
before them verifying, and are protected like every other field once set.

``tests/fixtures/ledger-0007.zhibu`` was made with the code of schema 0007 (before these fields existed): four
full members, a 支部党员大会 with a ballot and a 谈心谈话, both finalized (chain of 2 entries)."""

from __future__ import annotations

import shutil
from datetime import datetime

import pytest

from desktop.domain.meeting_enums import AttendanceStatus, MeetingKind, VoteMethod
from desktop.domain.meeting_records import HeartTalkRecord, Ref, Resolution
from desktop.domain.meeting_rules import HeartTalkInput, MeetingInput
from desktop.ledger.canonical import encode
from desktop.workspace import Workspace
from tools.make_schema_fixtures import FIXTURE_PASSPHRASE, FIXTURES

OLD_BOOK = FIXTURES / "ledger-0007.zhibu"
WANG, ZHAO, QIAN, SUN = 1, 2, 3, 4  # ids in the fixture book


def raw(ws, *statements):
    with ws.engine.begin() as conn:
        names = [r[0] for r in conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'guard_%'")]
        for name in names:
            conn.exec_driver_sql(f"DROP TRIGGER {name}")
        for sql in statements:
            conn.exec_driver_sql(sql)


def problems(ws):
    report = ws.meetings.ledger.verify()
    return report, {(p.seq, p.code) for p in report.problems}


@pytest.fixture
def old_book(tmp_path):
    book = tmp_path / "old.zhibu"
    shutil.copy(OLD_BOOK, book)
    with Workspace.open(book, FIXTURE_PASSPHRASE, auto_backup=False) as ws:
        yield ws


def test_old_record_encodes_to_the_same_bytes_as_before():
    """The bytes schema 0007 chained for a resolution: no key for the new fields while they are empty."""
    r = Resolution("同意", VoteMethod.BALLOT, 4, 0, 0, 4, 4)
    assert encode(r) == ('{"ballots_issued":4,"ballots_returned":4,"method":"ballot","text":"同意",'
                         '"votes_abstain":0,"votes_against":0,"votes_for":4}').encode()
    assert b"scrutineers" in encode(Resolution("同意", scrutineers=(Ref(1, "赵一"),)))
    talk = HeartTalkRecord(datetime(2026, 3, 6, 15), participants=(Ref(1, "王书记"),))
    assert b"interviewers" not in encode(talk) and b"recorder" not in encode(talk)


def test_book_finalized_before_the_change_verifies_after_migrating(old_book):
    ws = old_book
    report, found = problems(ws)
    assert report.ok and report.length == 2, found
    assert ws.check()["ok"]
    meeting = ws.meetings.get(1).record
    assert meeting.resolutions[0].method == VoteMethod.BALLOT and meeting.resolutions[0].scrutineers == ()
    talk = ws.talks.get(1).record
    assert talk.interviewers == () and talk.recorder is None


def test_new_fields_on_an_old_record_set_by_hand_break_verification(old_book):
    raw(old_book, "UPDATE meeting_resolution SET tellers = '[[null, \"冒名计票人\"]]' WHERE meeting_id = 1",
        "UPDATE heart_talk SET recorder_name = '冒名记录人' WHERE id = 1")
    report, found = problems(old_book)
    assert {(1, "record_edited"), (2, "record_edited")} <= found
    assert "resolutions" in report.problems[0].message


def _ballot_meeting() -> MeetingInput:
    return MeetingInput(
        kind=MeetingKind.GENERAL_ASSEMBLY, start=datetime(2026, 4, 8, 9), end=datetime(2026, 4, 8, 10),
        chair_id=WANG, recorder_id=ZHAO, content="会议内容（照录）", default_status=AttendanceStatus.PRESENT,
        resolutions=[Resolution("同意接收某某为预备党员", VoteMethod.BALLOT, 4, 0, 0, 4, 4,
                                scrutineers=(Ref(QIAN, ""),), tellers=(Ref(SUN, ""), Ref(None, " 工作人员小李 ")))])


def _talk() -> HeartTalkInput:
    return HeartTalkInput(datetime(2026, 4, 9, 15), "书记办公室", [WANG, QIAN], ["上级党委刘委员"], "思想工作",
                          "谈话要点（照录）", interviewers=[WANG, "上级党委刘委员"], recorder_id=ZHAO)


@pytest.fixture
def new_records(old_book):
    ws = old_book
    mid = ws.meetings.finalize(ws.meetings.create(_ballot_meeting()).id).id
    tid = ws.talks.finalize(ws.talks.create(_talk()).id).id
    return ws, mid, tid


def test_new_record_with_the_fields_verifies(new_records):
    ws, mid, tid = new_records
    resolution = ws.meetings.get(mid).record.resolutions[0]
    assert resolution.scrutineers == (Ref(QIAN, "钱二"),)
    assert resolution.tellers == (Ref(SUN, "孙三"), Ref(None, "工作人员小李"))
    talk = ws.talks.get(tid).record
    assert talk.interviewers == (Ref(WANG, "王书记"), Ref(None, "上级党委刘委员"))
    assert talk.interviewees == ("钱二",) and talk.recorder == Ref(ZHAO, "赵一")
    report, found = problems(ws)
    assert report.ok and report.length == 4, found


@pytest.mark.parametrize("statement, seq", [
    ("UPDATE meeting_resolution SET scrutineers = NULL WHERE meeting_id = 2", 3),
    ("UPDATE meeting_resolution SET tellers = '[[4, \"孙三\"]]' WHERE meeting_id = 2", 3),
    ("UPDATE heart_talk SET interviewers = '[[1, \"王书记\"]]' WHERE id = 2", 4),
    ("UPDATE heart_talk SET recorder_id = NULL, recorder_name = NULL WHERE id = 2", 4),
])
def test_a_raw_edit_of_a_new_field_is_detected(new_records, statement, seq):
    ws, mid, tid = new_records
    assert (mid, tid) == (2, 2)
    raw(ws, statement)
    report, found = problems(ws)
    assert not report.ok and found == {(seq, "record_edited")}


def test_a_correction_can_set_and_clear_the_new_fields(old_book):
    ws = old_book
    data = ws.talks.input_of(1)
    data.interviewers, data.recorder_id = [WANG], SUN
    ws.talks.amend(1, data, reason="补记谈话人和记录人")
    talk = ws.talks.get(1).record
    assert talk.interviewers == (Ref(WANG, "王书记"),) and talk.interviewees == ("钱二",)
    assert talk.recorder == Ref(SUN, "孙三")
    data = ws.talks.input_of(1)
    data.recorder_id = None
    ws.talks.amend(1, data, reason="记录人记错，删去")
    talk = ws.talks.get(1).record
    assert talk.recorder is None and talk.interviewers == (Ref(WANG, "王书记"),)
    assert ws.meetings.ledger.verify().ok


def test_talk_interviewers_must_take_part_and_leave_someone_to_talk_to(old_book):
    ws = old_book
    from desktop.errors import ValidationError

    data = _talk()
    data.interviewers = [SUN]
    with pytest.raises(ValidationError, match="不在参加谈话的党员中"):
        ws.talks.create(data)
    data.interviewers = [WANG, QIAN, "上级党委刘委员"]
    view = ws.talks.create(data)
    assert "interviewees_missing" in {f.code for f in view.findings}
