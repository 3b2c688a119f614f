"""Books for the builder tests, made once per test session: the demo (three years of activity) and a small
hand-built branch whose records cover every mark a document can carry (补录, 已更正, 已作废, 草稿)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

PASSPHRASE = "测试口令-Docs-123"
DEMO_TODAY = date(2026, 6, 15)
LONG_ITEM = ("传达学习上级党委关于加强基层党组织建设的文件精神，结合本支部实际研究贯彻落实措施，"
             * 6).rstrip("，") + "。"
AGENDA = [
    "传达学习上级党委关于加强基层党组织建设的文件精神；",
    "听取各党小组关于本季度“三会一课”落实情况的汇报，查找存在的问题和不足，明确整改时限和责任人；",
    "讨论李喆同志的思想汇报，由培养联系人王堃同志介绍考察情况；",
    LONG_ITEM,
    "通报党费收缴情况。",
]
CONTENT = ("会议由支部书记朱镕基同志主持。王堃同志汇报了第一党小组本季度的学习情况：共组织集中学习三次，"
           "“学习强国”积分排名靠前。李喆同志就自己的思想、工作和学习情况作了汇报。\n与会同志围绕如何提高组织生活"
           "质量展开了讨论，大家认为：要坚持问题导向；要创新活动形式；要加强督促检查，确保各项任务落到实处。")
SELF_ANALYSIS = ("一、存在的主要问题\n理论学习不够系统，联系实际不够紧密。\n"
                 "二、产生问题的原因\n对理论学习的重要性认识不足。")


def id_number(birth: date, seq: int) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    body = f"110105{birth:%Y%m%d}{seq:03d}"
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, weights)) % 11]


@dataclass
class Hand:
    ws: object
    ids: dict  # member name -> id
    meetings: dict  # label -> meeting id
    talk: int
    evaluation: int


@pytest.fixture(scope="session")
def demo(tmp_path_factory, book_templates):
    """The demo book (open) with activity up to 2026-06-15."""
    from desktop import paths
    from desktop.workspace import Workspace

    folder = tmp_path_factory.mktemp("demo")
    path = book_templates.demo(folder / "demo.zhibu", today=DEMO_TODAY, passphrase=PASSPHRASE)
    paths.set_data_dir(folder / "data")
    ws = Workspace.open(path, PASSPHRASE, auto_backup=False)
    yield ws
    ws.close()


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def build_hand(ws) -> Hand:
    from desktop.domain.enums import CommitteeRole
    from desktop.domain.evaluation_rules import EvaluationInput, MemberEvaluationInput, Tally
    from desktop.domain.meeting_enums import AttendanceStatus, EvaluationGrade, MeetingKind, VoteMethod
    from desktop.domain.meeting_records import Resolution
    from desktop.domain.meeting_rules import (AttendanceInput, HeartTalkInput, MeetingInput, PersonNoteInput,
                                              RectificationInput)
    from desktop.domain.member_rules import MemberInput

    people = [("朱镕基", "第一党小组", True), ("王堃", "第一党小组", True), ("张三", "第二党小组", True),
              ("欧阳娜娜", "第二党小组", True), ("赵钱孙", "第一党小组", True), ("周吴郑", "第二党小组", True),
              ("李喆", "第一党小组", False)]
    ids = {}
    for i, (name, group, full) in enumerate(people):
        birth = date(1975 + i, 1 + i, 3 + i)
        joined = date(2005, 7, 1) if full else date(2025, 9, 1)
        ids[name] = ws.members.add(MemberInput(
            name=name, gender="男" if i % 2 == 0 else "女", birth_date=birth, joined_on=joined,
            full_on=date(2006, 7, 1) if full else None, id_number=id_number(birth, 20 + 2 * i + (i % 2 == 0)),
            group=group,
            education="大学本科", position="科员", phone=f"1380000{i:04d}")).id
    ws.organization.elect_committee(date(2024, 1, 10), 3, {ids["朱镕基"]: CommitteeRole.SECRETARY,
                                                            ids["王堃"]: CommitteeRole.ORGANIZATION,
                                                            ids["张三"]: CommitteeRole.PROPAGANDA})
    groups = {g.name: g.id for g in ws.organization.groups()}

    def clock(t: datetime):
        ws.meetings.now = lambda: t

    def meeting(kind, start, minutes=90, **fields) -> MeetingInput:
        data = MeetingInput(kind=kind, start=start, end=start + timedelta(minutes=minutes), place="三楼会议室",
                            chair_id=ids["朱镕基"], recorder_id=ids["王堃"], content="（测试）会议内容",
                            default_status=AttendanceStatus.PRESENT)
        for k, v in fields.items():
            setattr(data, k, v)
        return data

    m = {}
    clock(datetime(2026, 1, 16, 9))
    m["org"] = ws.meetings.create(meeting(
        MeetingKind.ORG_LIFE_MEETING, datetime(2026, 1, 15, 9), 180, prep_study="会前组织集中学习两次。",
        prep_talks="支委之间、支委与党员开展谈心谈话全覆盖。", prep_opinions="征求意见建议十二条。",
        agenda=["通报上年度组织生活会整改落实情况", "开展批评与自我批评"], content="王堃同志通报了整改落实情况。",
        notes=[PersonNoteInput(ids["朱镕基"], "理论学习不够系统。", "王堃：要多深入基层。"),
               PersonNoteInput(ids["王堃"], "工作方法简单。", "朱镕基：注意工作方法。")],
        rectifications=[RectificationInput("理论学习不够系统", "制定个人学习计划", ids["朱镕基"], date(2026, 6, 30)),
                        RectificationInput("联系群众不够紧密", "每月走访一次", ids["王堃"], date(2026, 9, 30))],
        upper_attendees=["机关党委组织委员唐三藏"])).id
    ws.meetings.finalize(m["org"])
    clock(datetime(2026, 1, 21, 9))
    members = ws.members.roster_on(date(2026, 1, 20))
    def grade(name):
        return EvaluationGrade.EXCELLENT if name == "王堃" else EvaluationGrade.QUALIFIED

    rows = [MemberEvaluationInput(x.id, self_analysis=SELF_ANALYSIS if x.name == "朱镕基" else "",
                                  votes=Tally(4, 3, 0, 0) if x.name == "王堃" else Tally(1, 5, 1, 0),
                                  proposed_grade=grade(x.name), final_grade=grade(x.name))
            for x in members]
    evaluation = ws.evaluations.create(EvaluationInput(2025, date(2026, 1, 20), None, 7, 7,
                                                       "民主评议情况说明（测试）。", rows)).id
    ws.evaluations.finalize(evaluation)
    clock(datetime(2026, 2, 11, 9))
    talk = ws.talks.create(HeartTalkInput(datetime(2026, 2, 10, 16, 30), "书记办公室", [ids["朱镕基"], ids["李喆"]],
                                          topics="思想、工作和学习情况", content="李喆同志谈了入党以来的体会。",
                                          follow_up="下季度再次谈心。")).id
    ws.talks.finalize(talk)
    clock(datetime(2026, 3, 6, 9))
    m["assembly"] = ws.meetings.create(meeting(
        MeetingKind.GENERAL_ASSEMBLY, datetime(2026, 3, 5, 14, 30), 135, agenda=AGENDA, content=CONTENT,
        attendance=[AttendanceInput(ids["欧阳娜娜"], AttendanceStatus.ON_LEAVE, "出差")],
        observers=["入党积极分子孙悟空"], upper_attendees=["机关党委组织委员唐三藏"],
        resolutions=[Resolution("同意支部年度工作计划", VoteMethod.SHOW_OF_HANDS, 5, 0, 0),
                     Resolution("同意接收孙悟空为发展对象", VoteMethod.BALLOT, 4, 1, 0, 5, 5)])).id
    ws.meetings.finalize(m["assembly"])
    clock(datetime(2026, 3, 10, 9))
    data = ws.meetings.input_of(m["assembly"])
    data.place = "机关二楼会议室"
    ws.meetings.amend(m["assembly"], data, reason="会议地点记录有误，据签到表更正")
    clock(datetime(2026, 4, 9, 9))
    m["void"] = ws.meetings.create(meeting(MeetingKind.THEME_DAY, datetime(2026, 4, 8, 14, 30), 120,
                                           theme="重复录入的主题党日")).id
    ws.meetings.finalize(m["void"])
    clock(datetime(2026, 4, 10, 9))
    ws.meetings.void(m["void"], "与另一条记录重复录入")
    clock(datetime(2026, 5, 9, 9))
    m["theme"] = ws.meetings.create(meeting(MeetingKind.THEME_DAY, datetime(2026, 5, 8, 14, 30), 120,
                                            theme="重温入党誓词", agenda=["重温入党誓词", "参观革命纪念馆"])).id
    ws.meetings.attach(m["theme"], _png(), "活动照片.png")
    ws.meetings.finalize(m["theme"])
    clock(datetime(2026, 5, 10, 9))  # 36 days after the meeting: 补录
    m["late"] = ws.meetings.create(meeting(MeetingKind.COMMITTEE_MEETING, datetime(2026, 4, 4, 9), 90,
                                           agenda=["研究本月党建工作安排"])).id
    ws.meetings.finalize(m["late"])
    clock(datetime(2026, 6, 21, 9))
    m["lecture"] = ws.meetings.create(meeting(MeetingKind.PARTY_LECTURE, datetime(2026, 6, 20, 9), 120,
                                              lecturer_id=ids["朱镕基"], topic="学习党章，做合格党员")).id
    ws.meetings.finalize(m["lecture"])
    m["draft"] = ws.meetings.create(meeting(MeetingKind.GROUP_MEETING, datetime(2026, 7, 15, 15), 60,
                                            group_id=groups["第一党小组"], agenda=["学习讨论"])).id
    return Hand(ws, ids, m, talk, evaluation)


@pytest.fixture(scope="session")
def hand(tmp_path_factory):
    from desktop import paths
    from desktop.workspace import Workspace

    folder = tmp_path_factory.mktemp("hand")
    paths.set_data_dir(folder / "data")
    ws = Workspace.create(folder / "hand.zhibu", PASSPHRASE, "中共示例局机关第一支部委员会")
    yield build_hand(ws)
    ws.close()


# ---- reading the output ------------------------------------------------------------------------------------
WATERMARK_PT = 40  # characters this large are the diagonal watermark, not text


def pdf_pages(data: bytes, watermark: bool = False) -> list[str]:
    """Each page's text; the watermark's characters only when ``watermark`` (then nothing else)."""
    import pdfplumber

    def keep(obj) -> bool:
        return obj.get("object_type") != "char" or obj.get("size", 0) < WATERMARK_PT

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        if watermark:  # rotated: take the characters in the order they were drawn
            return ["".join(c["text"] for c in page.chars if c.get("size", 0) >= WATERMARK_PT) for page in pdf.pages]
        return [page.filter(keep).extract_text() or "" for page in pdf.pages]


def pdf_text(data: bytes, watermark: bool = False) -> str:
    return "\n".join(pdf_pages(data, watermark))


def flat(text: str) -> str:
    """Text without white space, so a phrase broken across lines still matches."""
    return re.sub(r"\s+", "", text)


def docx_text(data: bytes) -> str:
    """Body paragraphs, table cells, headers and footers of a .docx as python-docx reads them."""
    import docx

    d = docx.Document(io.BytesIO(data))
    parts = [p.text for p in d.paragraphs]
    for table in d.tables:
        for row in table.rows:
            parts += [c.text for c in row.cells]
    for section in d.sections:
        for part in (section.header, section.footer):
            parts += [p.text for p in part.paragraphs]
    return "\n".join(parts)


def docx_xml(data: bytes) -> str:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = [n for n in z.namelist() if n.startswith("word/") and n.endswith(".xml")]
        return "\n".join(z.read(n).decode("utf-8") for n in names)


def export_to_trusted_committee(ws, folder: Path):
    """Make a committee in ``folder``, have ``ws`` trust its key and export its first bundle there (what a
    数据包交接单 is printed for); returns the export result."""
    from desktop.workspace import Workspace

    cw = Workspace.create_committee(folder / "工委.zhibu", "工委口令-123", "市直机关工委")
    try:
        key = cw.committee.export_public_key(folder)
    finally:
        cw.close()
    ws.sync.trust(key)
    return ws.sync.export(folder)
