"""落实情况: the committee's cells are the single-branch engine's answers for the records it holds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime

from desktop.domain.meeting_enums import MeetingKind
from desktop.domain.meeting_rules import HeartTalkInput
from desktop.rules.results import DONE, OVERDUE

from meetings.branch import meeting

from tests.conftest import PASSPHRASE

from .conftest import enrolled, finalize_meeting


def branch_records(ws, br):
    finalize_meeting(ws, br, datetime(2026, 1, 8, 9, 0), kind=MeetingKind.COMMITTEE_MEETING, absent=())
    finalize_meeting(ws, br, datetime(2026, 1, 20, 14, 0), kind=MeetingKind.PARTY_LECTURE,
                     lecturer_id=br.id("王书记"), topic="党课")
    first = finalize_meeting(ws, br, datetime(2026, 2, 3, 9, 0), kind=MeetingKind.COMMITTEE_MEETING)
    group = finalize_meeting(ws, br, datetime(2026, 2, 10, 9, 0), kind=MeetingKind.GROUP_MEETING,
                             group_id=br.groups["第一党小组"])
    data = ws.meetings.input_of(first)
    data.start = datetime(2026, 1, 30, 9, 0)  # corrected into January: February's 支委会 is then missing
    data.end = datetime(2026, 1, 30, 10, 0)
    ws.meetings.amend(first, data, reason="更正会议日期")
    ws.meetings.void(group, "党小组填错")
    ws.meetings.create(meeting(br, start=datetime(2026, 2, 20, 9, 0)))  # a draft never leaves the branch
    for a, b in (("王书记", "李组织"), ("王书记", "赵一"), ("李组织", "张宣传")):  # 谈心谈话 coverage
        talk = ws.talks.create(HeartTalkInput(datetime(2026, 2, 14, 16), "书记办公室", [br.id(a), br.id(b)],
                                              topics="思想工作", content="谈话要点"))
        ws.talks.finalize(talk.id)


def cells(result):
    return [(r.rule_id, r.period.label, r.state, r.count, r.required, tuple(r.records)) for r in result]


def test_cells_equal_the_branch_engine(ws, br, cw, trusted, usb, receipts_dir):
    branch_records(ws, br)
    enrolled(ws, cw, usb, receipts_dir)
    at = date(2026, 3, 2)  # the committee clock at import
    table = cw.oversight.compliance(2026)
    [row] = table.branches
    got = sorted((c.rule_id, c.period, c.state, c.count, c.required, c.records) for c in row.cells)
    want = sorted(cells(ws.rules.year(2026, at)))
    assert got == want
    states = {(c.rule_id, c.period): c.state for c in row.cells}
    assert DONE in states.values() and OVERDUE in states.values()
    talks = next(c for c in row.cells if c.rule_id == "heart_talk")
    assert talks.count > 0 and len(talks.records) == 3
    assert row.unit == ws.branch().committee_name
    assert sum(row.totals.values()) == len(row.cells) == sum(table.totals.values())


def test_later_bundle_recomputes_and_filters(ws, br, cw, trusted, usb, receipts_dir):
    branch_records(ws, br)
    enrolled(ws, cw, usb, receipts_dir)
    before = {(c.rule_id, c.period): c for c in cw.oversight.compliance(2026).branches[0].cells}
    finalize_meeting(ws, br, datetime(2026, 2, 25, 9, 0), kind=MeetingKind.COMMITTEE_MEETING)
    [out] = cw.committee.import_bundles([ws.sync.export(usb).path], receipts_dir)
    assert out.status == "accepted", out.message
    after = {(c.rule_id, c.period): c for c in cw.oversight.compliance(2026).branches[0].cells}
    changed = [k for k in after if after[k].state != before[k].state]
    assert changed and all(after[k].state == DONE for k in changed)
    only = cw.oversight.compliance(2026, state=OVERDUE)
    assert all(c.state == OVERDUE for b in only.branches for c in b.cells)
    rule = next(iter(after))[0]
    assert {c.rule_id for c in cw.oversight.compliance(2026, rule=rule).branches[0].cells} == {rule}
    # drill-down: the records behind a done cell are the branch's records as they now read
    done = next(c for c in after.values() if c.state == DONE and c.records and c.record_type == "meeting")
    rows = cw.oversight.records(cw.oversight.compliance(2026).branches[0].branch_id, ids=done.records,
                                record_type="meeting")
    assert [r.record_id for r in rows] == sorted(done.records, key=lambda i: [r.record_id for r in rows].index(i))


def test_cli_status_json(ws, br, cw, trusted, usb, receipts_dir):
    branch_records(ws, br)
    enrolled(ws, cw, usb, receipts_dir)
    path = cw.path
    cw.close()
    env = dict(os.environ, ZHIBU_PASSPHRASE=PASSPHRASE)
    out = subprocess.run([sys.executable, "-m", "desktop", "committee", "status", str(path), "--year", "2026",
                          "--json"], capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    [b] = doc["branches"]
    assert b["name"] == ws.branch().name and b["cells"]
    assert {"rule_id", "period", "state", "count", "required", "records"} <= set(b["cells"][0])
    text = subprocess.run([sys.executable, "-m", "desktop", "committee", "status", str(path), "--year", "2026"],
                          capture_output=True, text=True, env=env)
    assert text.returncode == 0 and ws.branch().name in text.stdout and "已逾期" in text.stdout
