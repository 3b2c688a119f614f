"""监票人 / 计票人 in the minutes' vote section; 谈话人, 谈话对象 and 记录人 on the talk record — and records made
before these fields existed (tests/fixtures/ledger-0007.zhibu) print as they always did."""

from __future__ import annotations

import shutil
from datetime import datetime

import pytest
from builder_support import docx_text, flat, pdf_text

from desktop.domain.meeting_enums import AttendanceStatus, MeetingKind, VoteMethod
from desktop.domain.meeting_records import Ref, Resolution
from desktop.domain.meeting_rules import HeartTalkInput, MeetingInput
from desktop.services.documents import render_bytes
from desktop.workspace import Workspace
from tools.make_schema_fixtures import FIXTURE_PASSPHRASE, FIXTURES

WANG, ZHAO, QIAN, SUN = 1, 2, 3, 4  # ids in the fixture book


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    from desktop import paths

    folder = tmp_path_factory.mktemp("roles")
    paths.set_data_dir(folder / "data")
    shutil.copy(FIXTURES / "ledger-0007.zhibu", folder / "book.zhibu")
    with Workspace.open(folder / "book.zhibu", FIXTURE_PASSPHRASE, auto_backup=False) as ws:
        mid = ws.meetings.create(MeetingInput(
            kind=MeetingKind.GENERAL_ASSEMBLY, start=datetime(2026, 4, 8, 9), end=datetime(2026, 4, 8, 10),
            chair_id=WANG, recorder_id=ZHAO, content="会议内容（照录）", default_status=AttendanceStatus.PRESENT,
            resolutions=[Resolution("同意接收某某为预备党员", VoteMethod.BALLOT, 4, 0, 0, 4, 4,
                                    scrutineers=(Ref(QIAN, ""),), tellers=(Ref(SUN, ""), Ref(None, "工作人员小李")))],
        )).id
        tid = ws.talks.create(HeartTalkInput(datetime(2026, 4, 9, 15), "书记办公室", [WANG, QIAN], ["上级党委刘委员"],
                                             "思想工作", "谈话要点（照录）", interviewers=[WANG, "上级党委刘委员"],
                                             recorder_id=ZHAO)).id
        yield ws, mid, tid


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_minutes_print_scrutineers_and_tellers(book, fmt):
    ws, mid, _ = book
    data = render_bytes(ws.documents.build("minutes", mid), fmt)
    text = flat(pdf_text(data) if fmt == "pdf" else docx_text(data))
    assert "监票人：钱二" in text and "计票人：孙三、工作人员小李" in text
    old = flat(pdf_text(render_bytes(ws.documents.build("minutes", 1), "pdf")))
    assert "同意接收某某为预备党员" in old and "监票人" not in old and "计票人" not in old


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_talk_record_distinguishes_interviewers_interviewees_and_recorder(book, fmt):
    ws, _, tid = book
    data = render_bytes(ws.documents.build("talk", tid), fmt)
    text = flat(pdf_text(data) if fmt == "pdf" else docx_text(data))
    assert "谈话人王书记、上级党委刘委员" in text and "谈话对象钱二" in text and "记录人赵一" in text
    assert "谈话人签字" in text and "谈话对象签字" in text and "记录人签字" in text
    assert "谈话人员" not in text


def test_talk_recorded_before_roles_prints_its_participants(book):
    ws, _, _ = book
    text = flat(pdf_text(render_bytes(ws.documents.build("talk", 1), "pdf")))
    assert "谈话人员王书记、钱二" in text and "王书记签字" in text and "钱二签字" in text
    assert "谈话对象" not in text and "记录人" not in text
