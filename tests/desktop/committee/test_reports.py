"""The committee's reports as .xlsx, PDF and Word: the rows are what the tables and alerts say."""

from __future__ import annotations

from datetime import datetime

import io
import re

import docx
import openpyxl
import pdfplumber
import pytest

from desktop.committee import reports
from desktop.errors import ZhibuError

from .conftest import enrolled, finalize_meeting


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def docx_text(data: bytes) -> str:
    d = docx.Document(io.BytesIO(data))
    return "\n".join([p.text for p in d.paragraphs]
                     + [c.text for t in d.tables for r in t.rows for c in r.cells])


@pytest.fixture
def held(ws, br, cw, trusted, usb, receipts_dir):
    finalize_meeting(ws, br, datetime(2026, 1, 10, 9, 0))
    enrolled(ws, cw, usb, receipts_dir)
    return cw


def test_compliance_report_in_three_formats(held, ws, tmp_path):
    table = held.oversight.compliance(2026)
    [row] = table.branches
    path = reports.write(held, "compliance", tmp_path / "统计表.xlsx", 2026)
    sheet = openpyxl.load_workbook(path).active
    values = [c.value for c in sheet[3]]
    assert values[1] == ws.branch().name
    assert values[2:6] == [row.totals.get(s, 0) for s, _ in reports.STATES]
    pdf = reports.write(held, "compliance", tmp_path / "统计表.pdf", 2026)
    text = flat(pdf_text(pdf.read_bytes()))
    assert "各支部组织生活落实情况统计表" in text and ws.branch().name in text
    word = reports.write(held, "compliance", tmp_path / "统计表.docx", 2026)
    assert ws.branch().name in flat(docx_text(word.read_bytes()))


def test_compliance_report_of_one_quarter_counts_its_months_and_the_quarter(held, tmp_path):
    [row] = held.oversight.compliance(2026).branches
    want = {s: sum(1 for c in row.cells if c.state == s and (c.period in ("2026-01", "2026-02", "2026-03", "2026-Q1")))
            for s, _ in reports.STATES}
    sheet = openpyxl.load_workbook(reports.write(held, "compliance", tmp_path / "一季度.xlsx", 2026, 1)).active
    assert "2026年第一季度" in sheet["B1"].value
    assert [c.value for c in sheet[3]][2:6] == [want[s] for s, _ in reports.STATES] and sum(want.values())
    assert not reports.in_quarter("2026-04", 1) and not reports.in_quarter("2026", 1)
    assert reports.in_quarter("2026-Q2", 2) and reports.in_quarter("2026-06", 2)


def test_alerts_and_reviews_reports(held, ws, tmp_path):
    alerts = held.oversight.alerts()
    assert alerts  # the January meeting was first seen 51 days later
    sheet = openpyxl.load_workbook(reports.write(held, "alerts", tmp_path / "预警.xlsx")).active
    assert [r[4].value for r in sheet.iter_rows(min_row=3)] == [a.message for a in alerts]
    held.oversight.review(f"{ws.branch().name}:2026-01", "return", "一月份党小组会未开。")
    text = flat(pdf_text(reports.write(held, "reviews", tmp_path / "审阅.pdf").read_bytes()))
    assert "一月份党小组会未开" in text and "退回" in text
    with pytest.raises(ZhibuError, match=r"\.xlsx"):
        reports.write(held, "alerts", tmp_path / "预警.txt")
