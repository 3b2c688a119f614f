"""更正 / 补充说明 / 作废: new chain entries referring to the original; views show the current text and the
full history; a correction is checked like a draft."""

from __future__ import annotations

from datetime import datetime

import pytest

from desktop.domain.meeting_enums import AmendmentKind, AttendanceStatus, MeetingKind, RecordStatus
from desktop.domain.meeting_rules import AttendanceInput, RectificationInput
from desktop.errors import RecordLocked, ValidationError
from desktop.services.chained_records import RecordIncomplete

from .branch import meeting


@pytest.fixture
def final(ws, br):
    ws.meetings.now = lambda: datetime(2024, 4, 11, 9)
    v = ws.meetings.finalize(ws.meetings.create(meeting(br, absent=["赵一"])).id)
    ws.meetings.now = lambda: datetime(2024, 4, 20, 9)
    return v


def test_correction_changes_the_current_text_and_keeps_the_original(ws, br, final):
    data = ws.meetings.input_of(final.id)
    data.place = "二楼会议室"
    data.attendance = [a for a in data.attendance if a.member_id != br.id("赵一")] + [
        AttendanceInput(br.id("赵一"), AttendanceStatus.PRESENT)]
    v = ws.meetings.amend(final.id, data, reason="据签到表更正地点和出勤")
    assert v.record.place == "二楼会议室" and v.original.place == "三楼会议室"
    assert v.check.counts.present == 13 and v.status == RecordStatus.FINAL
    am = v.amendments[-1]
    assert am.kind == AmendmentKind.CORRECTION and set(am.changes) == {"place", "attendance"}
    assert am.entry.seq == 2 and am.reason == "据签到表更正地点和出勤"
    with ws.session() as s:
        from desktop.storage.models_ledger import LedgerEntry

        entry = s.get(LedgerEntry, 2)
        assert (entry.target_type, entry.target_id, entry.ref_seq, entry.ref_hash) == (
            "meeting", final.id, 1, final.entry.hash)
    assert ws.meetings.list()[0].place == "二楼会议室" and ws.meetings.list()[0].amended
    assert ws.meetings.ledger.verify().ok


def test_history_lists_every_version(ws, final):
    data = ws.meetings.input_of(final.id)
    data.content = "更正后的内容"
    ws.meetings.amend(final.id, data, reason="记录有误")
    ws.meetings.amend(final.id, reason="", note="会后补充：收到书面意见2条")
    history = ws.meetings.history(final.id)
    assert [h.amendment.kind if h.amendment else None for h in history] == [
        None, AmendmentKind.CORRECTION, AmendmentKind.SUPPLEMENT]
    assert history[0].record.content == "（测试）会议内容" and history[1].record.content == "更正后的内容"
    assert history[2].supplements == ("会后补充：收到书面意见2条",)
    assert history[0].entry.seq == 1 and history[2].entry.seq == 3
    v = ws.meetings.get(final.id)
    assert v.supplements == ("会后补充：收到书面意见2条",)
    assert v.as_dict()["amendments"][0]["changed_fields"] == ["content"]


def test_correction_is_checked_like_a_draft(ws, br, final):
    data = ws.meetings.input_of(final.id)
    data.end = datetime(2024, 4, 10, 8)
    with pytest.raises(RecordIncomplete, match="结束时间早于开始时间"):
        ws.meetings.amend(final.id, data, reason="改时间")
    data = ws.meetings.input_of(final.id)
    data.kind = MeetingKind.THEME_DAY
    with pytest.raises(ValidationError, match="会议类型"):
        ws.meetings.amend(final.id, data, reason="改类型")
    data = ws.meetings.input_of(final.id)
    data.rectifications = [RectificationInput("新问题")]
    with pytest.raises(ValidationError, match="整改清单"):
        ws.meetings.amend(final.id, data, reason="加整改")
    assert len(ws.meetings.get(final.id).amendments) == 0


def test_reason_and_substance_are_required(ws, final):
    data = ws.meetings.input_of(final.id)
    data.place = "别处"
    with pytest.raises(ValidationError, match="原因"):
        ws.meetings.amend(final.id, data, reason=" ")
    with pytest.raises(ValidationError, match="没有任何改动"):
        ws.meetings.amend(final.id, ws.meetings.input_of(final.id), reason="无")
    with pytest.raises(ValidationError, match="原因"):
        ws.meetings.void(final.id, "")


def test_drafts_are_edited_not_amended(ws, br):
    v = ws.meetings.create(meeting(br))
    with pytest.raises(ValidationError, match="草稿"):
        ws.meetings.amend(v.id, reason="x", note="y")
    with pytest.raises(ValidationError, match="草稿"):
        ws.meetings.void(v.id, "x")


def test_void_keeps_the_record_visible_and_final(ws, final):
    v = ws.meetings.void(final.id, "与另一条记录重复")
    assert v.status == RecordStatus.VOID and v.amendments[-1].kind == AmendmentKind.VOID
    assert ws.meetings.list(status=RecordStatus.VOID)[0].id == final.id
    with pytest.raises(RecordLocked):
        ws.meetings.amend(final.id, reason="再改", note="x")
    with pytest.raises(RecordLocked):
        ws.meetings.void(final.id, "再作废")
    assert ws.meetings.ledger.verify().ok and ws.meetings.ledger.length_and_head()[0] == 2
