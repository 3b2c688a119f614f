"""Forms that agree with the record: a finalized meeting's sign-in sheet and notice list exactly its frozen
attendance, minutes state the quorum as computed, ballot copies are identical and anonymous."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from builder_support import flat, pdf_pages

from desktop.domain.meeting_enums import AttendanceStatus, MeetingKind
from desktop.domain.meeting_rules import MeetingInput
from desktop.domain.member_rules import MemberInput
from desktop.services.documents import render_bytes


def member(ws, name: str, joined: date, full: bool = True) -> int:
    return ws.members.add(MemberInput(name=name, gender="男", birth_date=date(1980, 1, 2), joined_on=joined,
                                      full_on=joined + timedelta(days=366) if full else None)).id


def assembly(ws, ids: list[int]) -> int:
    ws.meetings.now = lambda: datetime(2026, 3, 6, 9)
    data = MeetingInput(kind=MeetingKind.GENERAL_ASSEMBLY, start=datetime(2026, 3, 5, 14, 30),
                        end=datetime(2026, 3, 5, 16, 0), place="三楼会议室", chair_id=ids[0], recorder_id=ids[1],
                        content="（测试）会议内容", default_status=AttendanceStatus.PRESENT)
    return ws.meetings.create(data).id


def test_sign_in_and_notice_of_a_finalized_meeting_list_its_frozen_attendance(ws):
    ids = [member(ws, n, date(2005, 7, 1)) for n in ("朱镕基", "王堃", "张三")]
    ids.append(member(ws, "李喆", date(2025, 9, 1), full=False))
    mid = assembly(ws, ids)
    ws.meetings.finalize(mid)
    # entered later, but a member on the meeting day: the roster of that day now differs from the record
    member(ws, "欧阳娜娜", date(2010, 7, 1))
    frozen = [a.name for a in ws.meetings.get(mid).record.attendance]
    assert len(frozen) == 4 and "欧阳娜娜" not in frozen

    sign_in = flat("".join(pdf_pages(render_bytes(ws.documents.build("sign-in", mid), "pdf"))))
    notice = flat("".join(pdf_pages(render_bytes(ws.documents.build("notice", mid), "pdf"))))
    for name in frozen:
        assert name in sign_in and name in notice
    assert "欧阳娜娜" not in sign_in and "欧阳娜娜" not in notice
    assert "支部全体党员（4人）" in notice

    draft = assembly(ws, ids)  # a draft of the same day: the roster of the meeting day, incl. 欧阳娜娜
    assert "欧阳娜娜" in flat("".join(pdf_pages(render_bytes(ws.documents.build("sign-in", draft), "pdf"))))


def test_minutes_state_the_quorum_as_the_app_computes_it(ws):
    ids = [member(ws, n, date(2005, 7, 1)) for n in ("朱镕基", "王堃", "张三")]
    ids.append(member(ws, "李喆", date(2025, 9, 1), full=False))
    mid = assembly(ws, ids)
    doc = ws.documents.build("minutes", mid)
    attendance = dict(doc.meta)["出席情况"]
    assert attendance.endswith("应到有表决权的正式党员3人，实到3人，超过半数，会议有效")
    assert "超过半数，会议有效" in flat("".join(pdf_pages(render_bytes(doc, "pdf"))))


def test_notice_title_never_doubles_guanyu(ws):
    from desktop.documents.builders.notice import notice_title

    assert notice_title("2026年3月 支部党员大会") == "关于召开2026年3月支部党员大会的通知"
    assert notice_title("关于召开2026年度组织生活会的通知") == "关于召开2026年度组织生活会的通知"
    assert notice_title("关于讨论接收预备党员的支部党员大会") == "关于召开讨论接收预备党员的支部党员大会的通知"


def test_ballot_copies_are_identical_sheets_without_page_numbers(ws):
    for i in range(30):
        member(ws, f"党员{chr(0x4E00 + 7 * i)}{chr(0x4E01 + 3 * i)}", date(2005, 7, 1))
    doc = ws.documents.build("ballot", None, year=2025, copies=3)
    pages = pdf_pages(render_bytes(doc, "pdf"))
    assert len(pages) == 3  # one sheet per copy, instructions included
    assert pages[0] == pages[1] == pages[2]
    assert "说明" in pages[0] and "页" not in pages[0]  # no page numbers (nothing tells one copy from another)


def test_correction_note_itemizes_attendance_changes_and_shows_long_originals_in_full():
    from types import SimpleNamespace

    from desktop.documents.builders.common import changes_text
    from desktop.domain.enums import MemberStatus
    from desktop.domain.meeting_records import Attendee

    full = MemberStatus.FULL
    before = SimpleNamespace(
        attendance=(Attendee(1, "王堃", full, AttendanceStatus.ABSENT), Attendee(2, "李喆", full, AttendanceStatus.PRESENT),
                    Attendee(3, "张三", full, AttendanceStatus.PRESENT)),
        content="原记录" + "讨论了本季度工作。" * 20)
    after = SimpleNamespace(
        attendance=(Attendee(1, "王堃", full, AttendanceStatus.PRESENT),
                    Attendee(2, "李喆", full, AttendanceStatus.ON_LEAVE, "出差"),
                    Attendee(3, "张三", full, AttendanceStatus.PRESENT)),
        content="更正后的记录")
    text = changes_text(before, after, ["attendance", "content"], {"attendance": "出席情况", "content": "会议内容"})
    assert "王堃：原为“缺席”，更正为“出席”" in text
    assert "李喆：原为“出席”，更正为“请假（出差）”" in text
    assert "张三" not in text  # unchanged
    assert before.content in text  # the long original in full, not cut


def test_roster_is_a4_landscape_with_id_numbers_on_one_line_and_filler_lines(ws):
    import io

    import pdfplumber

    member(ws, "欧阳娜娜", date(2005, 7, 1))
    data = render_bytes(ws.documents.build("roster"), "pdf")
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[0]
        assert (round(page.width), round(page.height)) == (842, 595)
        lines = (page.extract_text() or "").splitlines()
    assert any("欧阳娜娜" in line and "2005年7月1日" in line and "2006年7月2日" in line for line in lines)
    assert "填表人" in "".join(lines) and "填报日期" in "".join(lines)


def test_vote_ballot_copies_are_identical_anonymous_sheets(ws):
    ids = [member(ws, n, date(2005, 7, 1)) for n in ("朱镕基", "王堃", "张三")]
    mid = assembly(ws, ids)
    data = ws.meetings.input_of(mid)
    data.agenda = ["讨论接收李喆同志为中共预备党员", "讨论王堃同志预备党员转正"]
    ws.meetings.save_draft(mid, data)
    pages = pdf_pages(render_bytes(ws.documents.build("vote-ballot", mid, copies=3), "pdf"))
    assert len(pages) == 3 and pages[0] == pages[1] == pages[2]
    text = flat(pages[0])
    assert "表决票" in text and "无记名" in text and "讨论接收李喆同志为中共预备党员" in text and "页" not in text


def test_year_book_has_cover_signatures_basic_info_and_summaries(demo):
    from desktop.documents.model import Heading, SignatureLines, Table

    doc = demo.documents.build("yearbook", year=2025)
    assert isinstance(doc.blocks[0], SignatureLines) and doc.blocks[0].labels[:2] == ["编制", "审核"]
    headings = [b.text for b in doc.blocks if isinstance(b, Heading) and b.level == 1]
    assert headings[0] == "支部基本情况" and headings[-2:] == ["五、学习学时情况", "六、党费收缴情况"]
    basic = doc.blocks[doc.blocks.index(next(b for b in doc.blocks if getattr(b, "text", "") == "支部基本情况")) + 1]
    labels = [row[0].text for row in basic.rows]
    assert isinstance(basic, Table) and labels == ["支部名称", "上级党组织", "党员人数", "支部委员会"]
