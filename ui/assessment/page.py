"""考评 page: the year's self-assessment against the book's 考评细则. Automatic items come from the records
(read-only, with the reason); manual items are scored here, each change saved shortly after, totals live.
A banner says so when the bundled example rubric is in force."""

from __future__ import annotations

from typing import TYPE_CHECKING

from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop.errors import ZhibuError
from ui.assessment.data import AssessmentData, load_assessment, points_text, save_manual
from ui.assessment.evidence_dialog import EvidenceDialog
from ui.assessment.items_table import ItemsTable
from ui.display import fmt_date
from ui.pages import ChangeWatch, PageContext
from ui.theme import scaled

if TYPE_CHECKING:  # pragma: no cover
    from desktop.workspace import Workspace

SAVE_DELAY_MS = 600
YEARS_SHOWN = 10
# what the automatic items are scored from (the records, the roster, dues, the rules and 考评细则 in force).
# Not "assessment": this page is the only one that changes the manual scores, and they are on screen already
# (reloading after each save would replace the table under the secretary's hands).
SHOWN_KINDS = ("meetings", "talks", "evaluations", "rectifications", "members", "organization", "dues",
               "recruitment", "settings")


class AssessmentPage(QWidget):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.watch = ChangeWatch(self, ctx, SHOWN_KINDS, self.reload)  # refreshes from ctx.changed
        self.data: AssessmentData | None = None
        self.loaded = False
        self.evidence_dialog: EvidenceDialog | None = None
        self._pending: set[str] = set()
        self._generation = 0

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 14)
        layout.setSpacing(10)
        head = QHBoxLayout()
        title = QLabel("考评")
        title.setObjectName("pageTitle")
        head.addWidget(title)
        head.addSpacing(12)
        self.rubric_title = QLabel()
        self.rubric_title.setObjectName("subtitle")
        head.addWidget(self.rubric_title, 0, Qt.AlignBottom)
        head.addStretch(1)
        head.addWidget(QLabel("考评年度："))
        self.year = QComboBox()
        this_year = date.today().year
        for y in range(this_year, this_year - YEARS_SHOWN, -1):
            self.year.addItem(f"{y}年", y)
        self.year.currentIndexChanged.connect(lambda _i: self.reload())
        head.addWidget(self.year)
        layout.addLayout(head)

        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #fbe9c6; color: #5c3b00; border: 1px solid #e7c98a;"
                                  " border-radius: 3px; padding: 8px 12px;")
        self.banner.hide()
        layout.addWidget(self.banner)

        totals = QFrame()
        totals.setObjectName("card")
        row = QHBoxLayout(totals)
        row.setContentsMargins(14, 8, 14, 8)
        self.total_label = QLabel()
        self.total_label.setStyleSheet(scaled("font-size: 16pt; font-weight: 600; color: #a4262c;"))
        row.addWidget(self.total_label)
        row.addSpacing(16)
        self.parts_label = QLabel()
        self.parts_label.setTextFormat(Qt.RichText)
        row.addWidget(self.parts_label, 1)
        self.save_state = QLabel()
        self.save_state.setObjectName("hint")
        row.addWidget(self.save_state)
        layout.addWidget(totals)

        self.table = ItemsTable()
        self.table.manual_edited.connect(self._manual_edited)
        self.table.evidence_clicked.connect(self.pick_evidence)
        layout.addWidget(self.table, 1)
        self.hint = QLabel("自动计分项由系统根据已定稿的记录计算（尚未结束的期间不扣分）；人工评分项修改后自动保存。")
        self.hint.setObjectName("hint")
        layout.addWidget(self.hint)

        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_pending)

    @property
    def ws(self) -> "Workspace":
        return self.ctx.ws

    def selected_year(self) -> int:
        return self.year.currentData()

    def set_year(self, year: int) -> None:
        self.year.setCurrentIndex(max(0, self.year.findData(year)))

    # ---- loading ----------------------------------------------------------------------------
    def reload(self) -> None:
        self.save_pending()
        self._generation += 1
        gen, year = self._generation, self.selected_year()
        self.ctx.tasks.run(load_assessment, self.ws, year, owner=self, label="正在计算考评得分…",
                           on_done=lambda data: self._loaded(gen, data))

    def _loaded(self, gen: int, data: AssessmentData) -> None:
        if gen != self._generation:
            return
        self.data = data
        self.loaded = True
        view = data.view
        rubric = view.rubric
        self.rubric_title.setText(f"{rubric.get('title', '')}（版本 {rubric.get('version', '')}）")
        if rubric.get("example"):
            self.banner.setText(f"<b>示例细则</b>　{rubric.get('notice') or '示例，请以本级机关工委印发的考评细则为准'}。"
                                "当前使用的是软件自带的示例考评细则，分值和扣分标准仅作演示；"
                                "收到上级印发的考评细则后，请导入后再评分。")
            self.banner.show()
        else:
            self.banner.hide()
        self.table.show_view(view, data.label_of)
        self.save_state.setText(f"评分日期：{fmt_date(view.as_of)}")
        self._show_totals()

    def _show_totals(self) -> None:
        if self.data is None:
            return
        total, auto, manual, missing = self.table.totals()
        top = self.data.view.max_total
        self.total_label.setText(f"合计 {points_text(total)} / {points_text(top)} 分")
        rest = (f"<span style='color:#8a5a00'>还有 {missing} 项人工评分待填写</span>" if missing
                else "<span style='color:#1e6b34'>各项均已评分</span>")
        self.parts_label.setText(f"自动计分 {points_text(auto)} 分　人工评分 {points_text(manual)} 分　{rest}")

    # ---- manual items -----------------------------------------------------------------------
    def _manual_edited(self, item_id: str) -> None:
        self._pending.add(item_id)
        self._show_totals()
        self.save_state.setText("正在保存…")
        self._save_timer.start()

    def save_pending(self) -> None:
        self._save_timer.stop()
        if self.data is None or not self._pending:
            return
        year, pending = self.data.year, sorted(self._pending)
        self._pending.clear()
        for item_id in pending:
            if item_id not in self.table.items_by_id:
                continue
            score, note, evidence = self.table.manual_value(item_id)
            title = self.table.items_by_id[item_id].title

            def failed(exc: BaseException, title=title) -> bool:
                if isinstance(exc, ZhibuError):
                    self.save_state.setText(f"“{title}”未保存：{exc}")
                    self.save_state.setStyleSheet("color: #b3261e;")
                    return True
                return False

            self.ctx.tasks.run(save_manual, self.ws, year, item_id, score, note, evidence, owner=self,
                               on_done=lambda _v: self._saved(), on_error=failed, label="正在保存考评评分…")

    def _saved(self) -> None:
        if not self._pending:
            self.save_state.setStyleSheet("")
            self.save_state.setText("已保存")

    def pick_evidence(self, item_id: str) -> EvidenceDialog | None:
        if self.data is None:
            return None
        item = self.table.items_by_id[item_id]
        dlg = EvidenceDialog(item.title, self.data.records, self.table.evidence[item_id], self)
        dlg.accepted.connect(lambda: self.table.set_evidence(item_id, dlg.chosen()))
        self.evidence_dialog = dlg
        dlg.open()
        return dlg

    # ---- page hooks (see ui.pages) ----------------------------------------------------------
    def on_activated(self) -> None:
        self.watch.activated()

    def on_locked(self) -> None:
        self.save_pending()  # queued before the workspace closes (one worker, in order)
        self._generation += 1
        self.data = None
        self.table.show_view(None)
        self.total_label.clear()
        self.parts_label.clear()
