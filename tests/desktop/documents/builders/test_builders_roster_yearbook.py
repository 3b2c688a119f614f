"""The roster masks ID numbers unless asked (and asking is audited); the year book has a TOC with page numbers,
every finalized record of the year in date order with its amendments, and a cancelled run leaves no file."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from builder_support import docx_text, flat, pdf_pages, pdf_text
from sqlalchemy import func, select

from desktop.domain.meeting_enums import RecordStatus
from desktop.progress import CancelToken, Cancelled
from desktop.services.documents import render_bytes
from desktop.storage.models import AuditEntry

YEAR = 2024  # the demo's year with a correction and a void


def _audits(ws) -> int:
    with ws.session() as s:
        return s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "full_id"))


def test_roster_masks_id_numbers_by_default(hand):
    ws = hand.ws
    members = ws.members.list()
    before = _audits(ws)
    doc = ws.documents.build("roster")
    word = docx_text(render_bytes(doc, "docx"))
    pdf = flat(pdf_text(render_bytes(doc, "pdf")))
    for m in members:
        assert m.id_masked in word and m.name in pdf
        assert m.id_number not in word and m.id_number not in pdf and m.id_number[6:14] not in pdf
    assert "身份证号已隐去中间8位" in pdf
    assert _audits(ws) == before  # nothing revealed, nothing logged


def test_full_id_numbers_only_when_asked_and_audited(hand, tmp_path):
    ws = hand.ws
    before = _audits(ws)
    out = ws.documents.export("roster", tmp_path / "花名册.docx", full_id=True)
    word = docx_text(out.read_bytes())
    assert all(m.id_number in word for m in ws.members.list())
    assert _audits(ws) == before + 1
    with ws.session() as s:
        detail = s.scalars(select(AuditEntry.detail).where(AuditEntry.action == "full_id")
                           .order_by(AuditEntry.id.desc())).first()
    assert "完整身份证号" in detail and "花名册.docx" in detail


def _expected(ws, year: int) -> list[tuple[datetime, str]]:
    """Every finalized (or voided) record dated in the year, by the services, in date order."""
    rows = [(m.start, m.title) for m in ws.meetings.list(year=year) if m.status != RecordStatus.DRAFT]
    rows += [(t.held_at, "谈心谈话") for t in ws.talks.list(year=year) if t.status != RecordStatus.DRAFT]
    rows += [(datetime.combine(e.held_on, datetime.max.time()), f"{e.year}年度民主评议")
             for e in ws.evaluations.list() if e.held_on.year == year and e.status != RecordStatus.DRAFT]
    return sorted(rows, key=lambda r: r[0])


@pytest.fixture(scope="module")
def yearbook(demo):
    doc = demo.documents.build("yearbook", year=YEAR)
    return doc, render_bytes(doc, "pdf")


def test_yearbook_has_every_finalized_record_in_date_order(demo, yearbook):
    doc, _ = yearbook
    expected = _expected(demo, YEAR)
    assert len(expected) >= 80
    headings = [b.text for b in doc.blocks if type(b).__name__ == "Heading" and b.level == 2]
    assert len(headings) == len(expected)
    dates = []
    for n, (heading, (when, title)) in enumerate(zip(headings, expected), start=1):
        assert heading.startswith(f"{n}. {when.year}年{when.month}月{when.day}日"), (heading, when)
        assert title.replace(" ", "") in heading.replace(" ", "") or title == "谈心谈话", (heading, title)
        dates.append(when)
    assert dates == sorted(dates)
    assert any("【已作废】" in h for h in headings) and any("【已更正】" in h for h in headings)
    assert not any("草稿" in h for h in headings)


def test_yearbook_pdf_has_a_toc_with_page_numbers_and_the_checks(demo, yearbook):
    doc, pdf = yearbook
    pages = pdf_pages(pdf)
    toc = [line for page in pages[1:8] for line in page.splitlines()
           if re.match(r"^\d+\. \d{4}年", line) and "··" in line]  # the dot leaders: TOC lines only
    records = sum(1 for b in doc.blocks if type(b).__name__ == "Heading" and b.level == 2)
    assert len(toc) == records
    numbers = [int(re.search(r"(\d+)$", line.strip()).group(1)) for line in toc]
    assert numbers == sorted(numbers) and numbers[0] > 2 and numbers[-1] <= len(pages)
    first = toc[0].split("·")[0].strip()  # "1. 2024年…" — its page really starts that record
    assert flat(first[:14]) in flat(pages[numbers[0] - 1])
    text = flat(pdf_text(pdf))
    for part in ("年度工作纪实汇编", "目录", "一、全年纪实记录", "二、整改落实情况", "三、年度合规情况",
                 "四、纪实链核验结果", "更正说明", "已作废"):
        assert part in text, part
    assert "完好：每一条都与前一条衔接" in text
    assert len(pages) >= 40


def test_cancelled_yearbook_leaves_no_file(demo, tmp_path):
    token = CancelToken()
    seen = []

    def progress(done, total, label=""):
        seen.append((done, total, label))
        if done >= 5:
            token.cancel()

    target = tmp_path / "汇编.pdf"
    with pytest.raises(Cancelled):
        demo.documents.export("yearbook", target, year=YEAR, progress=progress, cancel=token)
    assert list(tmp_path.iterdir()) == []  # no file, no temp file
    assert all(d <= t for d, t, _ in seen)

    target.write_bytes(b"old")  # cancelled while laying out: the old file is left as it was
    token2 = CancelToken()

    def cancel_at_layout(done, total, label=""):
        if label.startswith("排版"):
            token2.cancel()

    with pytest.raises(Cancelled):
        demo.documents.export("yearbook", target, year=YEAR, progress=cancel_at_layout, cancel=token2)
    assert target.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["汇编.pdf"]


def test_export_reports_progress_to_the_end(hand, tmp_path):
    seen = []
    out = hand.ws.documents.export("yearbook", tmp_path / "y.docx", year=2026,
                                   progress=lambda d, t, label="": seen.append((d, t, label)))
    assert out.is_file() and seen[-1][0] == seen[-1][1] and seen[-1][2] == "完成"
    text = flat(docx_text(out.read_bytes()))
    assert "2026年度工作纪实汇编" in text and "朱镕基" in text and "目录" in text
