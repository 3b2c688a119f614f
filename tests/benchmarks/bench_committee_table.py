"""Benchmark the 落实情况 page's table model (issue 10): 300 branches × every rule and period of a year, shown
at 1280×720 — the model/view must not cost more than the data it shows.

Run on demand: ``QT_QPA_PLATFORM=offscreen python tests/benchmarks/bench_committee_table.py [--branches 300]``.
The table is synthetic (the committee's ComplianceTable dataclasses, 49 columns per branch as the bundled rule
set gives in December), so this measures the GUI side only; ``bench_committee.py`` measures reading it from a
book. Baseline measured in the same run: building those dataclasses. Target: model reset plus the first paint
of the view under 1 s.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

TARGET_S = 1.0
RULES = (("general_assembly", "支部党员大会", "quarter"), ("committee_meeting", "支部委员会会议", "month"),
         ("group_meeting", "党小组会", "month"), ("party_lecture", "党课", "quarter"),
         ("secretary_lecture", "书记讲党课", "year"), ("theme_day", "主题党日", "month"),
         ("org_life_meeting", "组织生活会", "year"), ("member_evaluation", "民主评议党员", "year"),
         ("heart_talk", "谈心谈话", "year"), ("study_hours", "党员学习学时", "year"))


def periods(kind: str, year: int) -> tuple[str, ...]:
    if kind == "month":
        return tuple(f"{year}-{m:02d}" for m in range(1, 13))
    if kind == "quarter":
        return tuple(f"{year}-Q{q}" for q in range(1, 5))
    return (str(year),)


def synthetic(n: int, year: int = 2026):
    from collections import Counter

    from desktop.committee.api import BranchCompliance, ComplianceCell, ComplianceTable, RuleColumn

    rng = random.Random(10)
    rules = tuple(RuleColumn(rid, title, kind, periods(kind, year)) for rid, title, kind in RULES)
    branches, totals, cols = [], Counter(), {}
    for i in range(n):
        cells = tuple(ComplianceCell(r.rule_id, p, rng.choice(("done", "done", "done", "due", "overdue")), 1, 1,
                                     "meeting", (i,), date(year, 12, 31), "（合成数据）")
                      for r in rules for p in r.periods)
        counts = Counter(c.state for c in cells)
        totals.update(counts)
        for c in cells:
            col = cols.setdefault((c.rule_id, c.period), {})
            col[c.state] = col.get(c.state, 0) + 1
        branches.append(BranchCompliance(f"b{i:04d}", f"第{i + 1}支部", f"上级党组织{i % 12 + 1}", cells, dict(counts)))
    branches.sort(key=lambda b: (b.unit, b.name))
    return ComplianceTable(year, date(year, 12, 4), rules, tuple(branches), dict(totals), cols)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--branches", type=int, default=300)
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication, QHeaderView, QTableView

    from ui.committee.compliance_model import ComplianceModel

    app = QApplication.instance() or QApplication([])
    t = time.perf_counter()
    table = synthetic(args.branches)
    build = time.perf_counter() - t
    model = ComplianceModel()
    view = QTableView()
    view.setModel(model)
    view.resize(1280, 720)
    for header in (view.horizontalHeader(), view.verticalHeader()):  # as the page sets them
        header.setSectionResizeMode(QHeaderView.Fixed)
    t = time.perf_counter()
    model.set_table(table)
    reset = time.perf_counter() - t
    t = time.perf_counter()
    view.grab()
    paint = time.perf_counter() - t
    t = time.perf_counter()
    view.grab()
    again = time.perf_counter() - t
    cells = sum(len(b.cells) for b in table.branches)
    shown = reset + paint
    print(f"{args.branches} branches, {cells} cells, {len(model.columns)} columns")
    print(f"baseline (build the dataclasses): {build:.3f} s")
    print(f"model reset: {reset:.3f} s, first paint at 1280×720: {paint:.3f} s (next paint {again:.3f} s), "
          f"together {shown:.3f} s "
          f"= {shown / build:.2f}× baseline (target < {TARGET_S:.0f} s: {'OK' if shown < TARGET_S else 'SLOW'})")
    del app
    return 0 if shown < TARGET_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
