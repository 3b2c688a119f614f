"""发展党员 page: the pipeline board (申请人 → 积极分子 → 发展对象 → 预备党员 → 正式党员) with each person's next
step and its deadline, a detail panel, 登记入党申请人 and 登记步骤 (the service's refusals inline, its warnings
shown after recording)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QFrame, QHBoxLayout, QLabel, QMessageBox, QPushButton, QScrollArea,
                               QSplitter, QVBoxLayout, QWidget)

from desktop.errors import ZhibuError
from ui.pages import ChangeWatch, PageContext
from ui.recruitment.board import PipelineBoard
from ui.recruitment.data import PipelineData, add_recruit, load_pipeline, record_step
from ui.recruitment.detail_panel import DetailPanel
from ui.recruitment.recruit_dialog import RecruitDialog
from ui.recruitment.step_dialog import StepDialog
from ui.widgets.page_messages import PageMessages
from ui.widgets.shortcuts import add_shortcut

if TYPE_CHECKING:  # pragma: no cover
    from desktop.workspace import Workspace


class RecruitmentPage(PageMessages, QWidget):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.watch = ChangeWatch(self, ctx, ("recruitment", "members", "settings"), self.reload)  # refreshes from ctx.changed
        self.data: PipelineData | None = None
        self.loaded = False
        self._select: int | None = None
        self.recruit_dialog: RecruitDialog | None = None
        self.step_dialog: StepDialog | None = None
        self.info_box: QMessageBox | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 14)
        layout.setSpacing(10)
        head = QHBoxLayout()
        title = QLabel("发展党员")
        title.setObjectName("pageTitle")
        head.addWidget(title)
        head.addSpacing(12)
        self.summary = QLabel()
        self.summary.setObjectName("subtitle")
        self.summary.setTextFormat(Qt.RichText)
        head.addWidget(self.summary, 0, Qt.AlignBottom)
        head.addStretch(1)
        self.show_stopped = QCheckBox("显示已停止发展的人员")
        self.show_stopped.toggled.connect(lambda _b: self._fill())
        head.addWidget(self.show_stopped)
        head.addSpacing(8)
        self.step_button = QPushButton("登记步骤…")
        self.step_button.clicked.connect(lambda: self.record_step())
        self.add_button = QPushButton("登记入党申请人…")
        self.add_button.setObjectName("primary")
        self.add_button.clicked.connect(lambda: self.add_recruit())
        add_shortcut(self.add_button, "Ctrl+N")
        head.addWidget(self.step_button)
        head.addWidget(self.add_button)
        layout.addLayout(head)

        self.board = PipelineBoard()
        self.board.selected.connect(self._selected)
        self.board.activated.connect(lambda rid: self.record_step(rid))
        self.detail = DetailPanel()
        board_scroll = QScrollArea()  # narrow windows scroll the board instead of squeezing its columns
        board_scroll.setWidgetResizable(True)
        board_scroll.setFrameShape(QFrame.NoFrame)
        board_scroll.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        board_scroll.setWidget(self.board)
        split = QSplitter(Qt.Horizontal)
        split.addWidget(board_scroll)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([740, 260])
        split.setChildrenCollapsible(False)
        layout.addWidget(split, 1)
        self.hint = QLabel("时限依据《中国共产党发展党员工作细则》；红色为已逾期的步骤。")
        self.hint.setObjectName("hint")
        layout.addWidget(self.hint)
        self._update_buttons()

    @property
    def ws(self) -> "Workspace":
        return self.ctx.ws

    # ---- loading ----------------------------------------------------------------------------
    def reload(self, select: int | None = None) -> None:
        if select is not None:
            self._select = select
        self.ctx.tasks.run(load_pipeline, self.ws, owner=self, on_done=self._loaded, label="正在读取发展党员…")

    def _loaded(self, data: PipelineData) -> None:
        self.data = data
        self.loaded = True
        self._fill()
        active = [v for v in data.recruits if v.stage.value not in ("full", "stopped")]
        late = sum(1 for v in active if v.overdue)
        text = f"在培养 {len(active)} 人"
        if late:
            text += f"，<span style='color:#b3261e'>{late} 人有逾期步骤</span>"
        self.summary.setText(text)
        if not data.recruits:
            self.hint.setText("还没有发展党员的记录。收到入党申请书后，点击“登记入党申请人”。")

    def _fill(self) -> None:
        if self.data is None:
            return
        keep = self._select if self._select is not None else self.board.current
        if keep is None:  # the most urgent person (the service lists overdue first)
            keep = next((v.id for v in self.data.recruits if v.stage.value not in ("full", "stopped")), None)
        self.board.show_recruits(self.data.recruits, self.show_stopped.isChecked())
        self._select = None
        if keep is not None and self.board.card(keep) is not None:
            self.board.select(keep)
        else:
            self.detail.show_recruit(None)
        self._update_buttons()

    def view(self, recruit_id: int):
        return next((v for v in (self.data.recruits if self.data else ()) if v.id == recruit_id), None)

    def _selected(self, recruit_id: int) -> None:
        self.detail.show_recruit(self.view(recruit_id))
        self._update_buttons()

    def select_recruit(self, recruit_id: int) -> None:
        """Select a person's card (used by the 首页's alerts), now or once loaded."""
        if self.board.card(recruit_id) is not None:
            self.board.select(recruit_id)
        else:
            self._select = recruit_id

    def _update_buttons(self) -> None:
        v = self.view(self.board.current) if self.board.current is not None else None
        self.step_button.setEnabled(v is not None and v.stage.value not in ("full", "stopped"))

    # ---- dialogs ----------------------------------------------------------------------------
    def add_recruit(self) -> RecruitDialog:
        dlg = RecruitDialog(self)

        def submitted(values: dict) -> None:
            def done(view) -> None:
                dlg.accept()
                self._notify(f"已登记入党申请人：{view.name}")
                self._select = view.id  # shown when the page refreshes from ctx.changed (self.watch)

            def failed(exc: BaseException) -> bool:
                if isinstance(exc, ZhibuError):
                    dlg.show_error(str(exc), getattr(exc, "field", None))
                    return True
                dlg.set_busy(False)
                return False

            self.ctx.tasks.run(add_recruit, self.ws, values, owner=self, on_done=done, on_error=failed,
                               label="正在登记…")

        dlg.submitted.connect(submitted)
        self.recruit_dialog = dlg
        dlg.open()
        return dlg

    def record_step(self, recruit_id: int | None = None) -> StepDialog | None:
        recruit_id = recruit_id if recruit_id is not None else self.board.current
        v = self.view(recruit_id) if recruit_id is not None else None
        if v is None or self.data is None:
            return None
        dlg = StepDialog(v, self.data.rules, self.data.full_members, self)

        def submitted(step: str, on, note: str, details: dict) -> None:
            def done(view) -> None:
                dlg.accept()
                self._notify(f"已登记：{view.name} {self.data.rules.steps[step].label}")
                if view.warnings:
                    self._inform(f"已登记“{self.data.rules.steps[step].label}”。请注意：\n\n" + "\n".join(view.warnings))
                self._select = view.id  # shown when the page refreshes from ctx.changed (self.watch)

            def failed(exc: BaseException) -> bool:
                if isinstance(exc, ZhibuError):
                    dlg.show_error(str(exc))
                    return True
                dlg.set_busy(False)
                return False

            self.ctx.tasks.run(record_step, self.ws, v.id, step, on, note, details, owner=self, on_done=done,
                               on_error=failed, label="正在登记…")

        dlg.submitted.connect(submitted)
        self.step_dialog = dlg
        dlg.open()
        return dlg

    # ---- page hooks (see ui.pages) ----------------------------------------------------------
    def on_activated(self) -> None:
        self.watch.activated()

    def on_locked(self) -> None:
        self.data = None
        self.board.show_recruits(())
        self.detail.show_recruit(None)
        self.summary.clear()
