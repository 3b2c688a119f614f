"""Every document kind, in both formats, on the demo book: the PDF's text has the record's fields and every
font is embedded; the .docx re-opens with python-docx, with East-Asian fonts and real tables."""

from __future__ import annotations

import io
from datetime import date

import pytest
from builder_support import docx_text, docx_xml, export_to_trusted_committee, flat, pdf_pages, pdf_text

from desktop.documents.layout import layout_for
from desktop.domain.meeting_enums import MeetingKind, RecordStatus
from desktop.selftest import pdf_fonts
from desktop.services.documents import KINDS, render_bytes


def _first(ws, kind: MeetingKind, status=RecordStatus.FINAL):
    return next(m.id for m in ws.meetings.list(kind=kind, status=status))


def _case(ws, kind: str):
    """(build kwargs, strings the document must contain) for a kind, from the demo's records."""
    order = ws.members.default_order()
    if kind in ("notice", "sign-in", "minutes"):
        mid = _first(ws, MeetingKind.GENERAL_ASSEMBLY)
        v = ws.meetings.get(mid)
        names = [a.name for a in v.record.attendance]
        want = {"notice": ["关于召开", v.record.place, *v.record.agenda, names[0]],
                "sign-in": ["签到表", "应到人数", "实到人数", "签名", "党小组", *names],
                "minutes": [f"{v.record.title}记录", v.record.place, v.record.chair.name, v.record.recorder.name,
                            f"应到{v.check.counts.expected}人", *v.record.agenda, v.record.content, "主持人签字",
                            "记录人签字", "决议及表决情况", "赞成", v.entry.short_hash]}[kind]
        return {"record_id": mid}, want
    if kind == "org-life-report":
        mid = _first(ws, MeetingKind.ORG_LIFE_MEETING)
        r = ws.meetings.get(mid).record
        return {"record_id": mid}, ["组织生活会情况的报告", r.preparation.study, r.notes[0].name, r.notes[0].problems,
                                    r.rectifications[0].item[:8], r.rectifications[0].owner.name]
    if kind in ("ballot", "evaluation-summary", "self-analysis"):
        e = ws.evaluations.list()[-1]
        r = ws.evaluations.get(e.id).record
        names = [m.name for m in r.members]
        graded = [m.name for m in r.members if m.member_status.value != "probationary"]  # 预备党员: not graded
        want = {"ballot": ["测评表", "无记名", "优秀", "基本合格", "不合格", "存在问题", *graded],
                "evaluation-summary": ["结果汇总表", "优秀比例", "符合规定", *names,
                                       "不评定等次" if len(graded) < len(names) else ""],
                "self-analysis": ["党性分析材料", r.members[0].self_analysis, "本人签字", *names]}[kind]
        return ({"record_id": e.id, "copies": 2} if kind == "ballot" else {"record_id": e.id}), want
    if kind == "talk":
        t = ws.talks.list()[-1]
        r = ws.talks.get(t.id).record
        return {"record_id": t.id}, ["谈心谈话记录", r.place, r.topics, r.content, r.follow_up,
                                     *[p.name for p in r.participants]]
    if kind == "roster":
        members = ws.members.list(order=order)
        return {}, ["党员花名册", "身份证号", *[m.name for m in members]]
    if kind == "dues-sheet":
        sheet = ws.dues.monthly_sheet(2026, 3)
        return {"year": 2026, "month": 3}, ["2026年3月党费收缴登记表", "合计", *[r.member_name for r in sheet.rows]]
    if kind == "assessment":
        return {"year": 2025}, ["2025年度考评自评表", "自评总分", "小计"]
    if kind == "handover":
        return _handover_case(ws)
    if kind == "vote-ballot":
        mid = _first(ws, MeetingKind.GENERAL_ASSEMBLY)
        r = ws.meetings.get(mid).record
        items = [x.text for x in r.resolutions] or list(r.agenda)
        return {"record_id": mid, "copies": 2}, ["表决票", "无记名", "同意", "不同意", "弃权", *items]
    if kind == "rectification-ledger":
        items = ws.rectifications.list(year=2025)
        return {"year": 2025}, ["2025年度整改落实台账", "进展情况", "佐证材料", *[v.item[:8] for v in items]]
    if kind == "study-hours":
        people = ws.meetings.study.hours(2025, date(2026, 6, 15))
        return {"year": 2025}, ["2025年度党员学习学时登记表", "累计学时", "达到32学时", *[p.name for p in people]]
    raise AssertionError(kind)


def _handover_case(ws):
    """A bundle exported to a committee the demo branch trusts, and its slip's facts."""
    import tempfile
    from pathlib import Path

    r = export_to_trusted_committee(ws, Path(tempfile.mkdtemp(prefix="handover-")))
    h = ws.sync.handover(r.seq)
    return {"record_id": r.seq}, ["数据包交接单", "第1号", "市直机关工委", r.fingerprint, h.branch_fingerprint,
                                  "会议记录", "移交人签字", "接收人签字"]


KIND_NAMES = [k.name for k in KINDS if k.name != "yearbook"]  # the year book has its own tests


@pytest.fixture(scope="module")
def built(demo):
    """Each kind built once: (document, required strings)."""
    out = {}
    for kind in KIND_NAMES:
        kwargs, want = _case(demo, kind)
        out[kind] = (demo.documents.build(kind, **kwargs), [w for w in want if w])
    return out


def test_every_kind_has_a_chinese_label_and_is_listed(demo):
    names = [k.name for k in demo.documents.kinds()]
    assert names == ["notice", "sign-in", "minutes", "org-life-report", "ballot", "evaluation-summary",
                     "self-analysis", "talk", "roster", "yearbook", "dues-sheet", "assessment", "vote-ballot",
                     "rectification-ledger", "study-hours", "handover"]
    assert all(k.label and not k.label.isascii() for k in demo.documents.kinds())
    assert [k.name for k in demo.documents.kinds_for("meeting", "org_life_meeting")] == [
        "notice", "sign-in", "minutes", "org-life-report"]
    assert "org-life-report" not in [k.name for k in demo.documents.kinds_for("meeting", MeetingKind.THEME_DAY)]


@pytest.mark.parametrize("kind", KIND_NAMES)
def test_pdf_has_the_fields_and_embeds_every_font(built, kind):
    doc, want = built[kind]
    data = render_bytes(doc, "pdf")
    text = flat(pdf_text(data))
    missing = [w for w in want if flat(w) not in text]
    assert not missing, f"{kind}: not in the PDF: {missing}"
    embedded, bare = pdf_fonts(data)
    assert embedded and not bare, (embedded, bare)
    assert all("Zhibu" in f for f in embedded)


@pytest.mark.parametrize("kind", KIND_NAMES)
def test_docx_reopens_with_east_asian_fonts_and_real_tables(built, kind):
    import docx
    from docx.oxml.ns import qn

    doc, want = built[kind]
    data = render_bytes(doc, "docx")
    d = docx.Document(io.BytesIO(data))
    if doc.style == "form":
        assert d.tables, "forms are real tables, not tab layouts"
    text = flat(docx_text(data))
    missing = [w for w in want if flat(w) not in text]
    assert not missing, f"{kind}: not in the .docx: {missing}"
    assert d.styles["Normal"].element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    for rfonts in d.styles.element.iter(qn("w:rFonts")):
        assert not any(a.endswith("Theme") for a in rfonts.attrib), "theme fonts would override w:eastAsia"
    runs = [r for p in d.paragraphs for r in p.runs if r.text.strip()]
    runs += [r for t in d.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs
             if r.text.strip()]
    assert runs and all(r._r.rPr.rFonts.get(qn("w:eastAsia")) for r in runs)
    assert 'w:eastAsia="zh-CN"' in docx_xml(data)
    lay = layout_for(doc.style, doc.landscape)  # A4 with the style's margins (公文 37/35/28/26, forms 25/22/20/20 mm)
    section = d.sections[0]
    page = (297, 210) if doc.landscape else (210, 297)  # roster with every column, 整改落实台账: A4 landscape
    assert (round(section.page_width.mm), round(section.page_height.mm)) == page
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin,
                                  section.right_margin)] == [lay.top_mm, lay.bottom_mm, lay.left_mm, lay.right_mm]


def test_ballot_copies_are_alike_and_anonymous(built):
    doc, _ = built["ballot"]
    pages = [flat(p) for p in pdf_pages(render_bytes(doc, "pdf"))]
    firsts = [p for p in pages if "测评表" in p]
    assert len(firsts) == 2  # --copies 2, each starting on its own page
    assert "签名" not in "".join(pages)


def test_names_follow_the_book_order(demo):
    from desktop.domain import ordering

    mid = _first(demo, MeetingKind.GENERAL_ASSEMBLY)
    expected = [a.name for a in demo.meetings.expected_attendance(MeetingKind.GENERAL_ASSEMBLY,
                                                                  demo.meetings.get(mid).record.day)]
    doc = demo.documents.build("sign-in", mid)
    table = next(b for b in doc.blocks if getattr(b, "header_rows", None) and b.header_rows[0][1] == "姓名")
    names = [row[1] for row in table.rows]
    assert names == ordering.sort_names(expected, demo.members.default_order())


def test_every_kind_has_reference_images_of_both_formats():
    """One reference image per kind and format for human review (``reference/kinds``, regenerated by
    ``make_kinds.py``): a kind added without them would go unreviewed."""
    from pathlib import Path

    folder = Path(__file__).parent / "reference" / "kinds"
    images = {p.name for p in folder.glob("*.png")}
    for kind in KINDS:
        for fmt in ("pdf", "docx"):
            assert any(n.startswith(kind.name) and n.endswith(f"-{fmt}.png") for n in images), (kind.name, fmt)


def test_the_handover_slip_takes_one_sheet_with_every_kind_of_record(built, demo, monkeypatch):
    """The slip is signed by both sides: all of it, signatures included, on one sheet, with every record kind a
    bundle can carry counted (the demo's first bundle has five)."""
    import dataclasses

    from desktop.ledger.documents import LABELS

    doc, want = built["handover"]
    assert len(pdf_pages(render_bytes(doc, "pdf"))) == 1
    real = demo.sync.handover
    kinds = [label for key, label in LABELS.items() if not key.startswith("sync_")]
    monkeypatch.setattr(demo.sync, "handover", lambda seq=None: dataclasses.replace(
        real(seq), counts=[(label, 1000 + i) for i, label in enumerate(kinds)]))
    [page] = pdf_pages(render_bytes(demo.documents.build("handover", record_id=None), "pdf"))
    assert all(flat(label) in flat(page) for label in kinds) and "移交人签字" in page and "接收人签字" in page
