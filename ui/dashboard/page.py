"""首页: what is due, overdue and done this month / quarter / year, what needs attention, the year at a glance.

One worker call (:func:`ui.dashboard.data.load_dashboard`) returns plain data, then the cards and the heat map
are painted. The page reloads each time it is shown and, while it is on screen, after any other task finishes
(a record saved in an editor that stays open, a payment, …).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QMenu, QPushButton, QScrollArea, QToolButton,
                               QVBoxLayout, QWidget)

from desktop.changes import KINDS
from ui.dashboard import navigate
from ui.dashboard.alerts_panel import AlertsPanel, target_of
from ui.dashboard.data import DashboardData, RuleLine, load_dashboard, load_heat
from ui.dashboard.heatmap import HeatMap
from ui.dashboard.rules_panel import RulesPanel
from ui.display import fmt_date
from ui.pages import ChangeWatch, PageContext
from ui.theme import scaled

REFRESH_DELAY_MS = 400
MENU_LIMIT = 20


class DashboardPage(QWidget):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.data: DashboardData | None = None
        self.loaded = False
        self.heat_year = date.today().year
        self._generation = 0
        self.records_menu: QMenu | None = None

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.NoFrame)
        outer.addWidget(scroll)
        body = QWidget()
        body.setObjectName("dashboardBody")
        scroll.setWidget(body)
        self.scroll = scroll
        layout = QVBoxLayout(body)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(12)

        head = QHBoxLayout()
        title = QLabel("首页")
        title.setObjectName("pageTitle")
        head.addWidget(title)
        head.addSpacing(12)
        self.today_label = QLabel()
        self.today_label.setObjectName("subtitle")
        head.addWidget(self.today_label, 0, Qt.AlignBottom)
        head.addSpacing(18)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.RichText)
        self.summary.linkActivated.connect(lambda _link: self.scroll_to_alerts())
        head.addWidget(self.summary, 0, Qt.AlignBottom)
        head.addStretch(1)
        self.refresh_button = QPushButton("刷新")
        self.refresh_button.clicked.connect(lambda: self.reload())
        head.addWidget(self.refresh_button)
        layout.addLayout(head)
        self.loading = QLabel("正在读取本支部的组织生活情况…")
        self.loading.setObjectName("hint")
        layout.addWidget(self.loading)

        self.rules = RulesPanel()
        self.rules.activated.connect(self.activate)
        self.rules.drafts_clicked.connect(self.open_drafts)
        layout.addWidget(self.rules)
        self.alerts = AlertsPanel()
        self.alerts.activated.connect(self.open_alert)
        layout.addWidget(self.alerts)
        layout.addWidget(self._heat_card())
        layout.addStretch(1)
        self.ruleset_label = QLabel()
        self.ruleset_label.setObjectName("hint")
        layout.addWidget(self.ruleset_label)

        # everything it shows follows from the records: refresh after any change, once a burst of them is over
        self.watch = ChangeWatch(self, ctx, KINDS, self.reload, delay_ms=REFRESH_DELAY_MS)

    def _heat_card(self) -> QFrame:
        card = QFrame()
        card.setObjectName("card")
        box = QVBoxLayout(card)
        box.setContentsMargins(12, 10, 12, 10)
        head = QHBoxLayout()
        title = QLabel("年度活动一览")
        title.setStyleSheet(scaled("font-size: 12pt; font-weight: 600;"))
        head.addWidget(title)
        self.heat_hint = QLabel("数字为已定稿的次数；单击格子查看当月记录")
        self.heat_hint.setObjectName("subtitle")
        head.addWidget(self.heat_hint, 0, Qt.AlignBottom)
        head.addStretch(1)
        self.prev_year = QToolButton()
        self.prev_year.setText("‹ 上一年")
        self.prev_year.clicked.connect(lambda: self.show_heat_year(self.heat_year - 1))
        self.year_label = QLabel()
        self.year_label.setStyleSheet("font-weight: 600; padding: 0 8px;")
        self.next_year = QToolButton()
        self.next_year.setText("下一年 ›")
        self.next_year.clicked.connect(lambda: self.show_heat_year(self.heat_year + 1))
        for w in (self.prev_year, self.year_label, self.next_year):
            head.addWidget(w)
        box.addLayout(head)
        self.heat = HeatMap()
        self.heat.cell_clicked.connect(self.open_cell)
        box.addWidget(self.heat)
        return card

    # ---- loading ----------------------------------------------------------------------------
    def reload(self) -> None:
        self._generation += 1
        gen = self._generation
        self.ctx.tasks.run(load_dashboard, self.ctx.ws, self.heat_year, owner=self, label="正在读取首页…",
                           on_done=lambda data: self._loaded(gen, data))

    def _loaded(self, gen: int, data: DashboardData) -> None:
        if gen != self._generation:
            return
        self.data = data
        self.loaded = True
        self.loading.hide()
        self.today_label.setText(f"今天：{fmt_date(data.at)}")
        c = data.counts
        self.summary.setText(
            f"<span style='color:#b3261e;font-weight:600'>已逾期 {c.get('overdue', 0)}</span>"
            f"　<span style='color:#7a4b00'>待完成 {c.get('due', 0)}</span>"
            f"　<span style='color:#1e6b34'>已完成 {c.get('done', 0)}</span>"
            f"　<a href='#alerts' style='color:#2f5f8f'>需要关注 {len(data.status.alerts)} 条</a>"
            + (f"　<a href='#alerts' style='color:#b3261e;font-weight:600'>工委退回 {returned} 条</a>"
               if (returned := sum(a.kind == "committee_return" for a in data.status.alerts)) else ""))
        self.rules.show_sections(data.sections)
        self.alerts.show_alerts(data.status.alerts)
        self._show_heat(data.heat, data.record_labels)
        info = data.status.ruleset
        self.ruleset_label.setText(f"依据：{info.get('title', '')}（版本 {info.get('version', '')}）。"
                                   "只有已定稿的记录才计入；草稿显示为“待定稿”。")

    def scroll_to_alerts(self) -> None:
        self.scroll.verticalScrollBar().setValue(max(0, self.alerts.y() - 12))

    def _show_heat(self, heat, labels) -> None:
        self.heat_year = heat.year
        self.year_label.setText(f"{heat.year}年（已定稿 {heat.total_final} 次）")
        self.next_year.setEnabled(heat.year < date.today().year)
        self.heat.show_data(heat, labels, self.data.at if self.data else None)

    def show_heat_year(self, year: int) -> None:
        self.heat_year = year
        gen = self._generation

        def done(heat) -> None:
            if gen == self._generation:
                labels = dict(self.data.record_labels) if self.data else {}
                self._show_heat(heat, labels)

        self.ctx.tasks.run(load_heat, self.ctx.ws, year, owner=self, label="正在读取年度活动…", on_done=done)


    # ---- actions ----------------------------------------------------------------------------
    def activate(self, line: RuleLine):
        """A rule row clicked: open what satisfied it, or start the record that is missing."""
        r = line.result
        if r.state == "done":
            return self.open_records(r.record_type, r.records)
        if r.state in ("due", "overdue"):
            group_id = next((g.group_id for g in r.groups if not g.done), None)
            return navigate.create_record(self, r.record_type, line.create_kind, r.period, group_id)
        return None

    def open_drafts(self, line: RuleLine):
        return self.open_records(line.result.record_type, line.result.drafts)

    def open_records(self, record_type: str, ids) -> QMenu | None:
        ids = list(ids)
        if not ids:
            return None
        if len(ids) == 1:
            navigate.open_record(self, record_type, ids[0])
            return None
        menu = QMenu(self)
        labels = self.data.record_labels if self.data else {}
        shown = sorted(ids, key=lambda i: labels.get((record_type, i), ""), reverse=True)[:MENU_LIMIT]
        for rid in shown:
            text = labels.get((record_type, rid), f"记录（编号 {rid}）")
            menu.addAction(text, lambda rid=rid: navigate.open_record(self, record_type, rid))
        if len(ids) > MENU_LIMIT:
            menu.addSeparator()
            more = menu.addAction(f"共 {len(ids)} 条，其余请在“组织生活”中查看")
            more.setEnabled(False)
        self.records_menu = menu
        menu.popup(QCursor.pos())
        return menu

    def open_alert(self, alert):
        target = target_of(alert)
        if target is None:
            return None
        key = target[0]
        if key == "member":
            return navigate.show_member(self, alert.member_id or alert.member_ids[0])
        if key == "rectifications":
            return navigate.show_rectifications(self)
        if key == "record":
            return navigate.open_record(self, alert.subject, alert.subject_id)
        page = navigate.show_page(self, key)
        if key == "dues" and hasattr(page, "show_arrears"):
            page.show_arrears(alert.member_id)
        if key == "recruitment" and alert.subject_id is not None and hasattr(page, "select_recruit"):
            page.select_recruit(alert.subject_id)
        return page

    def open_cell(self, kind: str, month: int):
        return navigate.show_meetings_month(self, kind, self.heat_year, month)

    # ---- page hooks (see ui.pages) ----------------------------------------------------------
    def on_activated(self) -> None:
        self.watch.activated()

    def on_locked(self) -> None:
        self._generation += 1
        self.data = None
        self.loaded = False
        self.rules.show_sections(())
        self.alerts.show_alerts(())
        self.heat.show_data(None)
        self.summary.clear()
        self.loading.show()
