"""民主评议 grid: one row per member — tallied votes per grade, the committee's proposal, the final grade and
follow-up — plus the ``CapWatch`` that counts 优秀 against the configured cap as the user edits."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate

from desktop.domain.enums import MemberStatus
from desktop.domain.evaluation_rules import MemberEvaluationInput, Tally, parse_cap
from desktop.domain.meeting_enums import EvaluationGrade
from desktop.errors import ValidationError
from ui.widgets.row_list_model import RowListModel

G = EvaluationGrade
VOTES = ("excellent", "qualified", "basically_qualified", "unqualified")
HEADERS = ("姓名", "身份", "优秀票", "合格票", "基本合格票", "不合格票", "合计", "支委会意见", "评定等次", "帮助教育措施")
COL_VOTES = (2, 3, 4, 5)
COL_TOTAL, COL_PROPOSED, COL_FINAL, COL_FOLLOW = 6, 7, 8, 9
GRADE_COLORS = {G.EXCELLENT: "#1e6b34", G.BASICALLY_QUALIFIED: "#8a5a00", G.UNQUALIFIED: "#a4262c"}


@dataclass(frozen=True)
class EvalRow:
    member_id: int
    name: str
    member_status: MemberStatus
    votes: Tally = field(default_factory=Tally)
    proposed: EvaluationGrade | None = None
    final: EvaluationGrade | None = None
    follow_up: str = ""
    self_assessment: str = ""
    self_analysis: str = ""

    def as_input(self) -> MemberEvaluationInput:
        return MemberEvaluationInput(self.member_id, self.self_assessment, self.self_analysis, self.votes,
                                     self.proposed, self.final, self.follow_up)


def rows_from(record, data) -> list[EvalRow]:
    """Rows of a round: names and status from the record, values from the editable input."""
    given = {m.member_id: m for m in data.members}
    out = []
    for m in record.members:
        g = given.get(m.member_id)
        out.append(EvalRow(m.member_id, m.name, m.member_status, g.votes if g else m.votes,
                           g.proposed_grade if g else None, g.final_grade if g else None, g.follow_up if g else "",
                           g.self_assessment if g else "", g.self_analysis if g else ""))
    return out


def cap_text(rows: list[EvalRow], cap: str) -> tuple[str, bool]:
    """The 优秀 count against the cap, and whether it is over (a warning, not a refusal)."""
    try:
        share = parse_cap(cap)
    except ValidationError as exc:
        return str(exc), True
    total = len(rows)
    excellent = sum(1 for r in rows if r.final == G.EXCELLENT)
    allowed = int(total * share)
    if excellent > allowed:
        return (f"⚠ 评定为优秀 {excellent} 人，超过上限：参评 {total} 人，优秀比例不超过 {cap}，即最多 {allowed} 人。"
                "请核对，或在说明中写明理由。"), True
    return f"评定为优秀 {excellent} 人（参评 {total} 人，优秀比例上限 {cap}，即最多 {allowed} 人）。", False


class EvaluationModel(RowListModel):
    changed = Signal()
    titles = HEADERS

    def __init__(self, parent=None):
        super().__init__(parent)
        self.read_only = False

    def update(self, row: int, **changes) -> None:
        self.replace_row(row, replace(self._rows[row], **changes))
        self.changed.emit()

    def set_votes(self, row: int, *counts: int) -> None:
        self.update(row, votes=Tally(*counts))

    def set_grade(self, row: int, which: str, grade: EvaluationGrade | None) -> None:
        self.update(row, **{which: EvaluationGrade(grade) if grade else None})

    # ---- Qt API -----------------------------------------------------------------------------
    def flags(self, index: QModelIndex):
        base = Qt.ItemIsEnabled | Qt.ItemIsSelectable
        if not self.read_only and index.column() in (*COL_VOTES, COL_PROPOSED, COL_FINAL, COL_FOLLOW):
            return base | Qt.ItemIsEditable
        return base

    def data(self, index: QModelIndex, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        r, col = self._rows[index.row()], index.column()
        if role in (Qt.DisplayRole, Qt.EditRole):
            if col == 0:
                return r.name
            if col == 1:
                return MemberStatus(r.member_status).label
            if col in COL_VOTES:
                return getattr(r.votes, VOTES[col - 2])
            if col == COL_TOTAL:
                return r.votes.total
            if col in (COL_PROPOSED, COL_FINAL):
                g = r.proposed if col == COL_PROPOSED else r.final
                if role == Qt.EditRole:
                    return g.value if g else ""
                return g.label if g else ("—" if self.read_only else "（选择）")
            if col == COL_FOLLOW:
                return r.follow_up
        if role == Qt.ForegroundRole:
            g = r.proposed if col == COL_PROPOSED else r.final if col == COL_FINAL else None
            if col in (COL_PROPOSED, COL_FINAL) and g is None:
                return QColor("#a0a0a0")
            if g in GRADE_COLORS:
                return QColor(GRADE_COLORS[g])
            if col == COL_FOLLOW and r.final and r.final.needs_follow_up and not r.follow_up.strip():
                return QColor("#a4262c")
        if role == Qt.BackgroundRole and col == COL_FOLLOW and r.final and r.final.needs_follow_up \
                and not r.follow_up.strip():
            return QColor("#fbeaea")
        if role == Qt.TextAlignmentRole and col in (*COL_VOTES, COL_TOTAL):
            return int(Qt.AlignCenter)
        if role == Qt.ToolTipRole and col == COL_FOLLOW and r.final and r.final.needs_follow_up:
            return "评定为基本合格或不合格的，请填写帮助教育或组织处置措施"
        return None

    def setData(self, index: QModelIndex, value, role=Qt.EditRole) -> bool:  # noqa: N802
        if role != Qt.EditRole or self.read_only:
            return False
        row, col = index.row(), index.column()
        r = self._rows[row]
        if col in COL_VOTES:
            counts = [getattr(r.votes, v) for v in VOTES]
            try:
                counts[col - 2] = max(0, int(value or 0))
            except (TypeError, ValueError):
                return False
            self.set_votes(row, *counts)
            return True
        if col in (COL_PROPOSED, COL_FINAL):
            self.set_grade(row, "proposed" if col == COL_PROPOSED else "final", value or None)
            return True
        if col == COL_FOLLOW:
            self.update(row, follow_up=str(value or ""))
            return True
        return False


class GradeDelegate(QStyledItemDelegate):
    """A combo of the four grades (or none) for the 支委会意见 and 评定等次 columns."""

    def createEditor(self, parent, _option, _index):  # noqa: N802
        combo = QComboBox(parent)
        combo.addItem("（未定）", "")
        for g in EvaluationGrade:
            combo.addItem(g.label, g.value)
        combo.activated.connect(lambda _i: self.commitData.emit(combo))
        return combo

    def setEditorData(self, editor, index):  # noqa: N802
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.EditRole) or "")))

    def setModelData(self, editor, model, index):  # noqa: N802
        model.setData(index, editor.currentData(), Qt.EditRole)
