"""落实情况 as a Qt table model: one row per branch under a row per 上级党组织 (unit), one column per rule and
period of the year, a 合计 column per row and a 合计 row per column. The branch names are the vertical header
(they stay in view while the columns scroll). Every lookup is a dict read, so 300 branches open at once."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from ui.display import fmt_date

STATE_TEXT = {"done": "已完成", "due": "待完成", "overdue": "已逾期", "not_applicable": "不适用"}
CELL_TEXT = {"done": "✓", "due": "待", "overdue": "逾期", "not_applicable": "—"}
CELL_COLORS = {  # state -> (text, background)
    "done": ("#1e6b34", "#dcefdf"),
    "due": ("#7a4b00", "#fbe9c6"),
    "overdue": ("#ffffff", "#c4453c"),
    "not_applicable": ("#8a8a8a", "#f0f0ee"),
}
SHORT_RULE = {"general_assembly": "党员大会", "committee_meeting": "支委会", "group_meeting": "党小组会",
              "party_lecture": "党课", "secretary_lecture": "书记党课", "theme_day": "主题党日",
              "org_life_meeting": "组织生活会", "member_evaluation": "民主评议", "heart_talk": "谈心谈话",
              "study_hours": "学习学时"}
UNIT_BG, TOTAL_BG = "#e6e9ee", "#f3f3f0"
CELL_ROLE = Qt.UserRole + 1  # the ComplianceCell (or None) of an index
# roles as plain ints, looked up once: data() runs for every visible cell and role on each paint
DISPLAY, TOOLTIP, FONT, ALIGN, BACKGROUND, FOREGROUND = (
    int(Qt.ItemDataRole.DisplayRole.value), int(Qt.ItemDataRole.ToolTipRole.value), int(Qt.ItemDataRole.FontRole.value),
    int(Qt.ItemDataRole.TextAlignmentRole.value), int(Qt.ItemDataRole.BackgroundRole.value),
    int(Qt.ItemDataRole.ForegroundRole.value))
CELL = int(CELL_ROLE.value) if hasattr(CELL_ROLE, "value") else int(CELL_ROLE)
VERTICAL = Qt.Orientation.Vertical
CENTER = int(Qt.AlignmentFlag.AlignCenter.value)
_PAINT: dict = {}  # brushes, colours and the bold font, made once (after the application exists)


def paint(key: str):
    if not _PAINT:
        _PAINT.update({f"bg:{s}": QBrush(QColor(bg)) for s, (_fg, bg) in CELL_COLORS.items()})
        _PAINT.update({f"fg:{s}": QColor(fg) for s, (fg, _bg) in CELL_COLORS.items()})
        bold = QFont()
        bold.setBold(True)
        _PAINT.update({"unit": QBrush(QColor(UNIT_BG)), "total": QBrush(QColor(TOTAL_BG)), "bold": bold,
                       "red": QColor("#b3261e")})
    return _PAINT[key]


def period_short(label: str) -> str:
    """"2026-03" → 3月, "2026-Q1" → 一季度, "2026-H2" → 下半年, "2026" → 全年."""
    if "-Q" in label:
        return "一二三四"[int(label[-1]) - 1] + "季度"
    if "-H" in label:
        return "上半年" if label.endswith("1") else "下半年"
    if "-" in label:
        return f"{int(label.split('-')[1])}月"
    return "全年"


def done_text(counts: dict, overdue: bool = True) -> str:
    """"5/7" done over the cells that apply (not 不适用); with the overdue ones ("逾2") when asked."""
    applicable = sum(counts.get(s, 0) for s in ("done", "due", "overdue"))
    text = f"{counts.get('done', 0)}/{applicable}" if applicable else "—"
    return text + (f" 逾{counts['overdue']}" if overdue and counts.get("overdue") else "")


def counts_tip(counts: dict) -> str:
    return "，".join(f"{STATE_TEXT[s]} {counts.get(s, 0)}" for s in STATE_TEXT)


@dataclass(frozen=True)
class Row:
    kind: str  # unit | branch | total
    title: str
    branch: object = None  # BranchCompliance
    cells: dict = None  # (rule_id, period) -> ComplianceCell


class ComplianceModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.table = None
        self.columns: list[tuple] = []  # (RuleColumn, period)
        self.keys: list[tuple] = []  # (rule_id, period) of each column
        self.rows: list[Row] = []

    def set_table(self, table) -> None:
        self.beginResetModel()
        self.table = table
        self.columns = [(rule, p) for rule in table.rules for p in rule.periods]
        self.keys = [(rule.rule_id, p) for rule, p in self.columns]
        rows, unit = [], None
        for b in table.branches:
            if b.unit != unit:
                unit = b.unit
                n = sum(1 for x in table.branches if x.unit == unit)
                rows.append(Row("unit", f"{unit or '（未填上级党组织）'}（{n}个支部）"))
            rows.append(Row("branch", b.name, b, {(c.rule_id, c.period): c for c in b.cells}))
        if table.branches:
            rows.append(Row("total", "合计"))
        self.rows = rows
        self.endResetModel()

    # ---- lookups ----------------------------------------------------------------------------
    def row_at(self, row: int) -> Row | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def cell_at(self, index: QModelIndex):
        r, c = index.row(), index.column()
        row = self.rows[r] if 0 <= r < len(self.rows) else None
        if row is None or row.kind != "branch" or c >= len(self.keys):
            return None
        return row.cells.get(self.keys[c])

    def branch_row(self, branch_id: str) -> int:
        return next((i for i, r in enumerate(self.rows) if r.kind == "branch" and r.branch.branch_id == branch_id),
                    -1)

    # ---- Qt ---------------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() or self.table is None else len(self.columns) + 1

    def headerData(self, section, orientation, role=DISPLAY):  # noqa: N802
        if orientation == VERTICAL:
            row = self.row_at(section)
            if row is None:
                return None
            if role == DISPLAY:
                return row.title
            if role == FONT and row.kind != "branch":
                return paint("bold")
            if role == TOOLTIP and row.kind == "branch":
                return f"{row.branch.unit} · {row.branch.name}（双击打开支部）"
            return None
        if section == len(self.columns):
            return "合计\n完成/应" if role == DISPLAY else ("已完成/应完成（不含不适用），逾期数"
                                                              if role == TOOLTIP else None)
        if section >= len(self.columns):
            return None
        rule, period = self.columns[section]
        if role == DISPLAY:
            return f"{SHORT_RULE.get(rule.rule_id, rule.title[:4])}\n{period_short(period)}"
        if role == TOOLTIP:
            return f"{rule.title}：{period}"
        return None

    def data(self, index: QModelIndex, role=DISPLAY):
        if not index.isValid():
            return None
        row, col = self.rows[index.row()], index.column()
        if row.kind == "unit":
            return paint("unit") if role == BACKGROUND else None
        if row.kind == "total":
            return self._total(col, role)
        if col == len(self.columns):
            if role == DISPLAY:
                return done_text(row.branch.totals)
            if role == FOREGROUND and row.branch.totals.get("overdue"):
                return paint("red")
            if role == ALIGN:
                return CENTER
            if role == TOOLTIP:
                return counts_tip(row.branch.totals)
            return None
        cell = self.cell_at(index)
        if role == CELL:
            return cell
        if cell is None:
            return None
        if role == DISPLAY:
            return CELL_TEXT.get(cell.state, cell.state)
        if role == ALIGN:
            return CENTER
        if role == BACKGROUND:
            return paint(f"bg:{cell.state}")
        if role == FOREGROUND:
            return paint(f"fg:{cell.state}")
        if role == TOOLTIP:
            rule, _p = self.columns[col]
            tip = f"{row.branch.name} · {rule.title} {cell.period}：{STATE_TEXT[cell.state]}\n{cell.message}"
            if cell.state in ("due", "overdue"):
                tip += f"\n期限：{fmt_date(cell.due_on)}"
            if cell.records:
                tip += f"\n双击查看这{len(cell.records)}条记录"
            return tip
        return None

    def _total(self, col: int, role):
        if role == BACKGROUND:
            return paint("total")
        if role == ALIGN:
            return CENTER
        if role == FONT:
            return paint("bold")
        if role not in (DISPLAY, TOOLTIP):
            return None
        if col == len(self.columns):
            counts = self.table.totals
        else:
            rule, period = self.columns[col]
            counts = self.table.column_totals.get((rule.rule_id, period), {})
        if role == TOOLTIP:
            return counts_tip(counts)
        return done_text(counts, overdue=col == len(self.columns))
