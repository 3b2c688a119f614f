"""Direct edits through raw SQLCipher — the way a key holder could rewrite history — are all detected, and
the verifier names the first bad seq. The guard triggers are dropped first: verification must not need them."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import sqlalchemy.exc

from desktop.domain.meeting_enums import MeetingKind, RectificationStatus
from desktop.domain.meeting_rules import RectificationInput
from desktop.storage import engine as book_engine
from desktop.workspace import Workspace

from meetings.branch import meeting

PASSPHRASE = "测试口令-Test-123"


def raw(ws, *statements):
    with ws.engine.begin() as conn:
        for sql in statements:
            conn.exec_driver_sql(sql)


def drop_guards(ws):
    with ws.engine.begin() as conn:
        names = [r[0] for r in conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'guard_%'")]
        for name in names:
            conn.exec_driver_sql(f"DROP TRIGGER {name}")
    assert names


@pytest.fixture
def chain(ws, br):
    """Meetings finalized as seq 1–4, then a correction of the first as seq 5."""
    ids = []
    for i, month in enumerate((3, 4, 5, 6)):
        ws.meetings.now = lambda m=month: datetime(2024, m, 12, 10)
        v = ws.meetings.create(meeting(br, start=datetime(2024, month, 10, 9), content=f"第{i + 1}次会议内容"))
        ids.append(ws.meetings.finalize(v.id).id)
    ws.meetings.now = lambda: datetime(2024, 7, 1, 10)
    data = ws.meetings.input_of(ids[0])
    data.place = "二楼会议室"
    ws.meetings.amend(ids[0], data, reason="地点记错")
    assert ws.meetings.ledger.verify().ok
    drop_guards(ws)
    return ids


def verify(ws, **kw):
    report = ws.meetings.ledger.verify(**kw)
    assert not report.ok
    return report


def codes(report):
    return {p.code for p in report.problems}


def test_untouched_chain_verifies(ws, chain):
    report = ws.meetings.ledger.verify(deep=True)
    assert report.ok and report.length == 5 and report.first_bad_seq is None
    assert ws.check()["ledger"] == {"ok": True, "length": 5, "head": report.head, "first_bad_seq": None,
                                    "problems": []}


def test_meeting_row_edited(ws, chain):
    raw(ws, f"UPDATE meeting SET content = '改写后的内容' WHERE id = {chain[1]}")
    report = verify(ws)
    assert report.first_bad_seq == 2 and codes(report) == {"record_edited"}
    assert "content" in report.problems[0].message and "第2条" in report.problems[0].message


def test_attendance_row_edited(ws, chain):
    raw(ws, f"UPDATE meeting_attendance SET status = 'absent', reason = '补' WHERE meeting_id = {chain[2]} "
            "AND position = 0")
    report = verify(ws)
    assert report.first_bad_seq == 3 and "attendance" in report.problems[0].message


def test_start_time_backdated(ws, chain):
    raw(ws, f"UPDATE meeting SET start = '2024-05-03 09:00:00.000000' WHERE id = {chain[2]}")
    report = verify(ws)
    assert report.first_bad_seq == 3 and "start" in report.problems[0].message


def test_entry_flag_edited(ws, chain):
    raw(ws, "UPDATE ledger_entry SET late_entry = 1 WHERE seq = 3")
    report = verify(ws)
    assert report.first_bad_seq == 3 and "late_entry" in report.problems[0].message


def test_entry_bytes_edited(ws, chain):
    raw(ws, "UPDATE ledger_entry SET canonical = CAST(replace(CAST(canonical AS TEXT), '第3次', '第9次') AS BLOB) "
            "WHERE seq = 3")
    report = verify(ws)
    assert report.first_bad_seq == 3 and {"hash_mismatch", "record_edited"} <= codes(report)


def test_entry_rehashed_breaks_the_next_link(ws, chain):
    raw(ws, "UPDATE ledger_entry SET hash = '" + "ab" * 32 + "' WHERE seq = 2")
    report = verify(ws)
    assert report.first_bad_seq == 2 and {"hash_mismatch", "prev_mismatch"} <= codes(report)
    assert any(p.seq == 3 and p.code == "prev_mismatch" for p in report.problems)


def test_entry_deleted_in_the_middle(ws, chain):
    raw(ws, "DELETE FROM ledger_entry WHERE seq = 3")
    report = verify(ws)
    assert report.first_bad_seq == 3 and {"missing_seq", "entry_missing"} <= codes(report)
    assert "第3条缺失" in next(p.message for p in report.problems if p.code == "missing_seq")


def test_last_entry_deleted(ws, chain):
    raw(ws, "DELETE FROM ledger_entry WHERE seq = 5")
    report = verify(ws)
    assert "entry_missing" in codes(report) and report.first_bad_seq == 5


def test_record_deleted(ws, chain):
    raw(ws, f"DELETE FROM meeting WHERE id = {chain[3]}")
    report = verify(ws)
    assert report.first_bad_seq == 4 and codes(report) == {"record_missing"}
    assert "直接删除" in report.problems[0].message


def test_entries_reordered(ws, chain):
    raw(ws, "UPDATE ledger_entry SET seq = -2 WHERE seq = 2",
        "UPDATE ledger_entry SET seq = 2 WHERE seq = 3",
        "UPDATE ledger_entry SET seq = 3 WHERE seq = -2")
    report = verify(ws)
    assert report.first_bad_seq == 2 and "reordered" in codes(report)
    assert "顺序被调换" in next(p.message for p in report.problems if p.code == "reordered")


def test_entry_inserted(ws, chain):
    with ws.engine.begin() as conn:
        row = conn.exec_driver_sql("SELECT * FROM ledger_entry WHERE seq = 2").mappings().one()
        for seq in (5, 4, 3):
            conn.exec_driver_sql(f"UPDATE ledger_entry SET seq = {seq + 1} WHERE seq = {seq}")
        fields = dict(row, seq=3, hash="cd" * 32, prev_hash=row["hash"])
        cols = ", ".join(fields)
        conn.exec_driver_sql(f"INSERT INTO ledger_entry ({cols}) VALUES ({', '.join('?' * len(fields))})",
                             tuple(fields.values()))
    report = verify(ws)
    assert report.first_bad_seq == 3
    assert {"hash_mismatch", "prev_mismatch"} & codes(report)


def test_draft_flipped_to_final_by_hand(ws, br, chain):
    draft = ws.meetings.create(meeting(br, start=datetime(2024, 8, 10, 9)))
    raw(ws, f"UPDATE meeting SET status = 'final', ledger_seq = 2 WHERE id = {draft.id}")
    assert "entry_missing" in codes(verify(ws))


def test_final_flipped_back_to_draft(ws, chain):
    raw(ws, f"UPDATE meeting SET status = 'draft' WHERE id = {chain[1]}")
    report = verify(ws)
    assert "status_mismatch" in codes(report) and report.first_bad_seq == 2


def test_void_undone_by_hand(ws, chain):
    ws.meetings.void(chain[3], "重复")
    raw(ws, f"UPDATE meeting SET status = 'final' WHERE id = {chain[3]}")
    assert "status_mismatch" in codes(verify(ws))


def test_rectification_closed_by_hand(ws, br):
    v = ws.meetings.create(meeting(br, kind=MeetingKind.ORG_LIFE_MEETING, rectifications=[
        RectificationInput("问题", "措施", br.id("赵一"), date(2024, 9, 1))]))
    ws.meetings.finalize(v.id)
    rect = ws.rectifications.list()[0]
    ws.rectifications.record_progress(rect.id, date(2024, 5, 1), RectificationStatus.IN_PROGRESS, "推进中")
    drop_guards(ws)
    raw(ws, f"UPDATE rectification SET status = 'closed' WHERE id = {rect.id}")
    assert "status_mismatch" in codes(verify(ws))
    raw(ws, f"UPDATE rectification SET status = 'in_progress', item = '另一个问题' WHERE id = {rect.id}")
    report = verify(ws)
    assert codes(report) == {"record_edited"} and "rectifications" in report.problems[0].message


def test_attachment_bytes_altered_found_by_deep_check(ws, br):
    v = ws.meetings.create(meeting(br))
    att = ws.meetings.attach(v.id, b"%PDF-1.4 signed sheet", "签到表.pdf")
    ws.meetings.finalize(v.id)
    drop_guards(ws)
    raw(ws, f"UPDATE attachment_blob SET data = X'255044462D312E34206F74686572' WHERE attachment_id = {att.id}")
    assert ws.meetings.ledger.verify().ok  # the chain itself holds the hash, not the bytes
    report = verify(ws, deep=True)
    assert codes(report) == {"attachment_altered"} and "签到表.pdf" in report.problems[0].message
    raw(ws, f"UPDATE attachment SET sha256 = '{'0' * 64}' WHERE id = {att.id}")
    assert "record_edited" in codes(verify(ws))


def test_guard_triggers_refuse_in_place_edits(ws, br):
    v = ws.meetings.finalize(ws.meetings.create(meeting(br)).id)
    for sql in ("UPDATE ledger_entry SET late_entry = 0", "DELETE FROM ledger_entry",
                f"UPDATE meeting SET content = 'x' WHERE id = {v.id}", f"DELETE FROM meeting WHERE id = {v.id}",
                f"UPDATE meeting_attendance SET reason = 'x' WHERE meeting_id = {v.id}",
                f"DELETE FROM meeting_attendance WHERE meeting_id = {v.id}"):
        with pytest.raises(sqlalchemy.exc.DatabaseError, match="append-only"):
            raw(ws, sql)
    assert ws.meetings.ledger.verify().ok


def test_check_reports_the_ledger(ws, chain):
    raw(ws, f"UPDATE meeting SET title = '伪造' WHERE id = {chain[0]}")
    report = ws.check()
    assert report["ok"] is False and report["ledger"]["ok"] is False
    assert report["ledger"]["first_bad_seq"] == 1 and report["ledger"]["length"] == 5
    assert report["ledger"]["problems"][0]["code"] == "record_edited"


def test_edit_with_sqlcipher_directly_while_the_app_is_closed(ws, book_path, chain):
    ws.close()
    key = book_engine.unlock(book_path, PASSPHRASE)
    conn = book_engine.connect(book_path, key)
    conn.execute("UPDATE meeting_resolution SET votes_for = 99")  # no resolutions: a no-op
    conn.execute("UPDATE meeting SET place = '伪造地点' WHERE id = ?", (chain[2],))
    conn.commit()
    conn.close()
    reopened = Workspace.open(book_path, PASSPHRASE, auto_backup=False)
    try:
        report = reopened.check()["ledger"]
        assert report["first_bad_seq"] == 3 and "place" in report["problems"][0]["message"]
    finally:
        reopened.close()
