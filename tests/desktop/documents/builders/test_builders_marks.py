"""What a document says about its record: the user's words verbatim (rare name characters, a long agenda), the
ledger hash, 补录 / 已更正 / 已作废 marks, the 更正说明, and the 草稿 watermark; per meeting type."""

from __future__ import annotations

import pytest
from builder_support import AGENDA, CONTENT, LONG_ITEM, docx_text, docx_xml, flat, pdf_pages, pdf_text

from desktop.services.documents import render_bytes

CLOSING = "，。、；：？！）》」』】”’…"


@pytest.fixture(scope="module")
def rendered(hand):
    """(document, PDF bytes, .docx bytes) per label, built once."""
    ws, m = hand.ws, hand.meetings
    docs = {
        "assembly": ws.documents.build("minutes", m["assembly"]),
        "late": ws.documents.build("minutes", m["late"]),
        "void": ws.documents.build("minutes", m["void"]),
        "draft": ws.documents.build("minutes", m["draft"]),
        "lecture": ws.documents.build("minutes", m["lecture"]),
        "theme": ws.documents.build("minutes", m["theme"]),
        "org": ws.documents.build("minutes", m["org"]),
        "report": ws.documents.build("org-life-report", m["org"]),
        "talk": ws.documents.build("talk", hand.talk),
    }
    return {k: (d, render_bytes(d, "pdf"), render_bytes(d, "docx")) for k, d in docs.items()}


def test_minutes_carry_the_record_verbatim(rendered, hand):
    doc, pdf, word = rendered["assembly"]
    view = hand.ws.meetings.get(hand.meetings["assembly"])
    for text in (pdf_text(pdf), docx_text(word)):
        t = flat(text)
        for name in ("朱镕基", "王堃", "李喆"):
            assert name in t
        for item in AGENDA:
            assert flat(item) in t
        assert flat(LONG_ITEM) in t
        for line in CONTENT.split("\n"):
            assert flat(line) in t
        for fact in ("中共示例局机关第一支部委员会", "2026年3月支部党员大会记录", "2026年3月5日14:30—16:45",
                     "应到7人，实到6人（正式党员5人，预备党员1人）", "欧阳娜娜（请假：出差）", "入党积极分子孙悟空",
                     "机关党委组织委员唐三藏", "决议及表决情况", "主持人签字", "记录人签字",
                     f"记录哈希{view.entry.short_hash}"):
            assert flat(fact) in t, fact
    t = flat(docx_text(word))  # table cells, whole (in the PDF a cell's lines interleave with its neighbours')
    for fact in ("赞成5票，反对0票，弃权0票", "发出选票5张，收回5张；同意4票，反对1票，弃权0票", "举手表决",
                 "无记名投票"):
        assert flat(fact) in t, fact


def test_amended_record_shows_the_current_text_and_every_amendment(rendered, hand):
    doc, pdf, word = rendered["assembly"]
    am = hand.ws.meetings.get(hand.meetings["assembly"]).amendments[0]
    assert doc.footer.note == "已更正" and doc.watermark is None
    text = flat(pdf_text(pdf))
    assert "地点机关二楼会议室" in text and "更正说明" in text and "已更正" in text  # current place in the meta row
    assert am.entry.short_hash in text
    text = flat(docx_text(word))
    assert "更正说明" in text and "会议地点记录有误，据签到表更正" in text
    assert flat("地点：原为“三楼会议室”，更正为“机关二楼会议室”") in text
    assert f"第{am.entry.seq}条" in text and am.entry.short_hash in text and "已更正" in text


def test_no_line_starts_with_closing_punctuation(rendered):
    for key in ("assembly", "report"):
        for page in pdf_pages(rendered[key][1]):
            bad = [line for line in page.splitlines() if line[:1] in CLOSING]
            assert not bad, bad


def test_late_entry_is_marked_补录(rendered, hand):
    doc, pdf, word = rendered["late"]
    assert doc.footer.note == "补录" and doc.footer.ledger_hash
    text = flat(pdf_text(pdf))
    assert "补录（录入晚于会议36天，超过7天）" in text and text.count("补录") >= 3  # header, footer, meta row
    assert "补录" in docx_text(word)


def test_voided_record_says_已作废(rendered):
    doc, pdf, word = rendered["void"]
    assert doc.watermark == "已作废" and "已作废" in doc.footer.note
    assert "已作废" in flat(pdf_text(pdf)) and "已作废" in flat(pdf_text(pdf, watermark=True))
    text = flat(docx_text(word))
    assert "已作废" in text and "与另一条记录重复录入" in text
    assert 'string="已作废"' in docx_xml(word)


def test_draft_prints_with_a_watermark_and_no_hash(rendered):
    doc, pdf, word = rendered["draft"]
    assert doc.watermark == "草稿" and doc.footer.ledger_hash is None
    text = flat(pdf_text(pdf))
    assert "记录哈希" not in text and "尚未定稿" in text
    assert flat(pdf_text(pdf, watermark=True)).count("草稿") == len(pdf_pages(pdf))  # on every page
    assert 'string="草稿"' in docx_xml(word)


def test_party_lecture_and_theme_day_layouts(rendered):
    text = flat(pdf_text(rendered["lecture"][1]))
    for fact in ("2026年6月党课记录", "讲课人朱镕基", "党课题目学习党章，做合格党员", "时长2小时，计入学时2学时",
                 "党课内容", "讲课人签字"):
        assert flat(fact) in text, fact
    text = flat(pdf_text(rendered["theme"][1]))
    for fact in ("2026年5月主题党日活动记录", "活动主题重温入党誓词", "参加人员", "活动安排", "参观革命纪念馆",
                 "活动照片及附件", "活动照片.png（图片，1KB）"):
        assert flat(fact) in text, fact


def test_org_life_minutes_and_report(rendered):
    text = flat(pdf_text(rendered["org"][1]))
    for fact in ("会前准备情况", "会前组织集中学习两次。", "查摆问题及批评与自我批评", "理论学习不够系统。",
                 "王堃：要多深入基层。", "整改事项", "制定个人学习计划", "2026年6月30日"):
        assert flat(fact) in text, fact
    doc, pdf, word = rendered["report"]
    assert doc.style == "official"
    pages = pdf_pages(pdf)
    assert "— 1 —" in pages[0] and "— 2 —" in pages[1]
    text = flat("".join(pages))
    for fact in ("关于召开2026年1月组织生活会情况的报告", "基本情况", "支委之间、支委与党员开展谈心谈话全覆盖。",
                 "征求意见建议十二条。", "（一）王堃", "查摆的问题：工作方法简单。", "整改措施", "每月走访一次"):
        assert flat(fact) in text, fact


def test_org_life_report_needs_an_org_life_meeting(hand):
    from desktop.errors import ValidationError

    with pytest.raises(ValidationError, match="不是组织生活会"):
        hand.ws.documents.build("org-life-report", hand.meetings["assembly"])


def test_talk_record(rendered):
    text = flat(pdf_text(rendered["talk"][1]))
    for fact in ("谈心谈话记录", "2026年2月10日16:30", "书记办公室", "朱镕基、李喆", "李喆同志谈了入党以来的体会。",
                 "下季度再次谈心。", "朱镕基签字", "李喆签字"):
        assert flat(fact) in text, fact


def test_sign_in_sheet_before_the_meeting(hand):
    doc = hand.ws.documents.build("sign-in", hand.meetings["draft"])
    assert doc.watermark is None  # a sheet to be signed: no 草稿 watermark
    header = [["序号", "姓名", "党小组", "签名", "备注"]]
    table = next(b for b in doc.blocks if getattr(b, "header_rows", None) == header)
    assert sorted(row[1] for row in table.rows) == sorted(["朱镕基", "王堃", "赵钱孙", "李喆"])  # 第一党小组
    assert all(row[3] == "" for row in table.rows)
    text = flat(pdf_text(render_bytes(doc, "pdf")))
    assert "应到人数" in text and "实到人数" in text and "列席及其他参加人员签到" in text


def test_notice_lists_who_attends_and_leaves_the_date_blank(hand):
    doc = hand.ws.documents.build("notice", hand.meetings["assembly"])
    assert doc.style == "official" and doc.watermark is None
    text = flat(pdf_text(render_bytes(doc, "pdf")))
    for fact in ("关于召开2026年3月支部党员大会的通知", "支部全体党员（7人）", "机关二楼会议室", "会前准备", "年月日"):
        assert flat(fact) in text, fact


def test_self_analysis_is_the_members_own_text(hand):
    ws = hand.ws
    doc = ws.documents.build("self-analysis", hand.evaluation, member_id=hand.ids["朱镕基"])
    headings = [b.text for b in doc.blocks if type(b).__name__ == "Heading"]
    assert headings == ["一、存在的主要问题", "二、产生问题的原因"]
    assert flat("理论学习不够系统，联系实际不够紧密。") in flat(pdf_text(render_bytes(doc, "pdf")))
    blank = ws.documents.build("self-analysis", hand.evaluation, member_id=hand.ids["王堃"])
    paragraphs = [b.text for b in blank.blocks if type(b).__name__ == "Paragraph"]
    assert all(set(p) <= set("＿\n") for p in paragraphs)  # nothing generated: lines to write on
    everyone = ws.documents.build("self-analysis", hand.evaluation)
    assert sum(type(b).__name__ == "PageBreak" for b in everyone.blocks) == 6  # 7 members, one per page


def test_evaluation_summary_checks_the_share_of_优秀(hand):
    doc = hand.ws.documents.build("evaluation-summary", hand.evaluation)
    row = dict(doc.meta)["优秀比例"]
    assert "评定为优秀 1 人" in row and "上限为 1/3" in row and "符合规定" in row
