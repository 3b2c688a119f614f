"""落实情况 in the GUI: the table shows exactly the committee's compliance verdicts (grouped by unit, with totals),
the filters narrow it, and a double click drills down to the branch's records, printable marked 工委留存."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import Qt

from desktop.committee import demo
from tests.ui.uihelpers import unlock, wait_tasks
from ui.committee.compliance_model import CELL_ROLE, CELL_TEXT


@pytest.fixture
def page(qtbot, session, committee_demo):
    unlock(qtbot, session, committee_demo[1], demo.PASSPHRASE)
    p = session.main_window.show_page("compliance")
    wait_tasks(qtbot, session)
    return p


def shown_cells(model) -> dict:
    """(branch name, rule id, period) -> state of every cell the table shows."""
    out = {}
    for r in range(model.rowCount()):
        row = model.row_at(r)
        if row.kind != "branch":
            continue
        for c in range(len(model.columns)):
            cell = model.index(r, c).data(CELL_ROLE)
            if cell is not None:
                rule, period = model.columns[c]
                assert (cell.rule_id, cell.period) == (rule.rule_id, period)
                assert model.index(r, c).data() == CELL_TEXT[cell.state]
                out[(row.title, cell.rule_id, cell.period)] = cell.state
    return out


def test_table_equals_the_committee_verdicts_with_totals(qtbot, session, page):
    table = session.ws.oversight.compliance()
    want = {(b.name, c.rule_id, c.period): c.state for b in table.branches for c in b.cells}
    assert shown_cells(page.model) == want and "overdue" in want.values() and "done" in want.values()
    m = page.model
    kinds = [m.row_at(r).kind for r in range(m.rowCount())]
    assert kinds.count("unit") == len({b.unit for b in table.branches}) and kinds[-1] == "total"
    assert m.row_at(0).kind == "unit" and m.headerData(0, Qt.Vertical).endswith("个支部）")
    last = len(m.columns)
    for r in range(m.rowCount()):
        row = m.row_at(r)
        if row.kind == "branch":
            c = Counter(x.state for x in row.branch.cells)
            applicable = c["done"] + c["due"] + c["overdue"]
            text = m.index(r, last).data()
            assert text.startswith(f"{c['done']}/{applicable}") and (("逾" in text) == bool(c["overdue"]))
    total = m.index(m.rowCount() - 1, 0).data()
    col = Counter(s for (_b, rule, period), s in want.items()
                  if (rule, period) == (m.columns[0][0].rule_id, m.columns[0][1]))
    assert total == f"{col['done']}/{col['done'] + col['due'] + col['overdue']}"
    assert f"已逾期 {table.totals['overdue']}" in page.summary.text()


def test_filters_rule_state_and_unit(qtbot, session, page):
    page.set_filter(state="overdue")
    wait_tasks(qtbot, session)
    states = set(shown_cells(page.model).values())
    assert states == {"overdue"}
    names = {page.model.row_at(r).title for r in range(page.model.rowCount())
             if page.model.row_at(r).kind == "branch"}
    assert demo.SILENT in names

    page.set_filter(rule="committee_meeting")
    wait_tasks(qtbot, session)
    assert {rule.rule_id for rule, _p in page.model.columns} == {"committee_meeting"}
    assert page.rule.count() > 2 and page.rule.currentData() == "committee_meeting"

    unit = next(b.unit for b in session.ws.oversight.compliance().branches if b.name == demo.SILENT)
    page.set_filter(unit=unit)
    wait_tasks(qtbot, session)
    shown = {k[0] for k in shown_cells(page.model)}
    assert shown == {b.name for b in session.ws.oversight.compliance(unit=unit).branches} and demo.SILENT in shown


def test_drill_down_opens_the_records_and_prints_them_marked(qtbot, session, page, tmp_path):
    m = page.model
    hit = next((r, c) for r in range(m.rowCount()) for c in range(len(m.columns))
               if m.row_at(r).kind == "branch" and (cell := m.index(r, c).data(CELL_ROLE)) is not None
               and cell.state == "done" and cell.record_type == "meeting" and cell.records)
    cell = m.index(*hit).data(CELL_ROLE)
    dlg = page.drill(m.index(*hit))
    wait_tasks(qtbot, session)
    assert dlg.heading.text() == m.row_at(hit[0]).title
    assert sorted(r.record_id for r in dlg.records_model.rows()) == sorted(cell.records)
    row = dlg.selected()
    assert row is not None and "现在的内容" in dlg.text.toPlainText() and row.hash in dlg.text.toPlainText()

    out = tmp_path / "工委留存.pdf"
    dlg.save_to(out)
    wait_tasks(qtbot, session)
    assert dlg.saved == out and out.stat().st_size > 1000
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(out)
    try:
        text = pdf[0].get_textpage().get_text_range()
    finally:
        pdf.close()
    assert "工委留存" in text and row.short_hash in text
    dlg.close()

    # a double click on a branch name opens the branch with all its records
    branch_row = next(r for r in range(m.rowCount()) if m.row_at(r).kind == "branch")
    whole = page.open_row(branch_row)
    wait_tasks(qtbot, session)
    assert whole.focus is None and whole.records_model.rowCount() == len(
        session.ws.oversight.records(m.row_at(branch_row).branch.branch_id))
    whole.close()
