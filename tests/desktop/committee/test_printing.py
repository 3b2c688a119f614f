"""A branch record printed from the committee's copy: the branch's own builder, the record as it now reads,
marked 工委留存 next to 已更正, with the hash the branch printed; the branch view's roster and record detail."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from desktop.committee import branch_view
from desktop.committee.printing import record_document
from desktop.documents.builders.minutes import build as branch_build
from desktop.documents.builders.common import Context
from desktop.errors import ZhibuError

from .conftest import enrolled, finalize_meeting


def test_printed_from_the_committee_copy_is_the_branch_document_marked(ws, br, cw, trusted, usb, receipts_dir):
    kept = finalize_meeting(ws, br, datetime(2026, 1, 10, 9, 0))
    fixed = finalize_meeting(ws, br, datetime(2026, 1, 20, 9, 0))
    data = ws.meetings.input_of(fixed)
    data.place = "五楼党员活动室"
    ws.meetings.amend(fixed, data, reason="更正会议地点")
    ws.meetings.attach(kept, b"%PDF-1.4 sign-in sheet", "签到表.pdf", reason="补充签到表")
    enrolled(ws, cw, usb, receipts_dir)
    bid = cw.committee.branches()[0].branch_id

    doc = record_document(cw, bid, "meeting", kept)
    mine = branch_build(Context.of(ws), kept)
    assert doc.footer.note == "、".join(filter(None, [mine.footer.note, "工委留存"]))  # 补录 kept, 工委留存 added
    assert doc.footer.ledger_hash == mine.footer.ledger_hash and doc.title == mine.title
    assert doc.meta == mine.meta  # the same rows the branch prints (attendance, 纪实信息 …)

    corrected = record_document(cw, bid, "meeting", fixed)
    theirs = branch_build(Context.of(ws), fixed)
    assert corrected.footer.note == theirs.footer.note + "、工委留存" and "已更正" in corrected.footer.note
    assert corrected.meta == theirs.meta and any("五楼党员活动室" in v for _k, v in corrected.meta)

    detail = branch_view.detail(cw, bid, "meeting", fixed)
    assert detail.record.place == "五楼党员活动室" and len(detail.history) == 2
    assert detail.row.status == "corrected" and detail.history[1].amendment.reason == "更正会议地点"
    [sheet] = branch_view.detail(cw, bid, "meeting", kept).attachments  # added after 定稿, held with its file
    assert sheet.name == "签到表.pdf" and branch_view.attachment(cw, sheet.sha256) == b"%PDF-1.4 sign-in sheet"
    with pytest.raises(ZhibuError, match="附件"):
        branch_view.attachment(cw, "0" * 64)
    roster = branch_view.roster(cw, bid)
    assert roster and set(roster[0]) == set(branch_view.ROSTER_SHOWN) and "id_number" not in roster[0]

    with pytest.raises(ZhibuError, match="没有保存这条记录"):
        record_document(cw, bid, "meeting", 9999)
    with pytest.raises(ZhibuError, match="可打印会议记录"):
        record_document(cw, bid, "rectification", 1)


def test_talk_and_evaluation_print_from_the_committee_copy(ws, br, cw, trusted, usb, receipts_dir):
    from desktop.documents.builders.evaluation_summary import build as evaluation_build
    from desktop.documents.builders.talk import build as talk_build
    from desktop.domain.evaluation_rules import EvaluationInput, MemberEvaluationInput, Tally
    from desktop.domain.meeting_enums import EvaluationGrade
    from desktop.domain.meeting_rules import HeartTalkInput

    people = [m.id for m in ws.members.list()][:3]
    talk = ws.talks.finalize(ws.talks.create(HeartTalkInput(datetime(2026, 1, 12, 15), "书记办公室", people[:2],
                                                            topics="思想工作", content="谈话要点")).id).id
    rows = [MemberEvaluationInput(mid, self_assessment="自评", votes=Tally(3, 7, 0, 0),
                                  proposed_grade=EvaluationGrade.QUALIFIED, final_grade=EvaluationGrade.QUALIFIED)
            for mid in (m.id for m in ws.members.list())]
    rnd = ws.evaluations.finalize(ws.evaluations.create(EvaluationInput(2025, date(2026, 1, 15), members=rows)).id).id
    enrolled(ws, cw, usb, receipts_dir)
    bid = cw.committee.branches()[0].branch_id
    for rtype, rid, build in (("heart_talk", talk, talk_build), ("evaluation", rnd, evaluation_build)):
        doc, mine = record_document(cw, bid, rtype, rid), build(Context.of(ws), rid)
        assert doc.title == mine.title and doc.meta == mine.meta and doc.footer.note.endswith("工委留存")
