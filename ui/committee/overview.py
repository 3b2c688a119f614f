"""总览 page of a committee book: how many branches, alerts and overdue items; the most serious alerts; the
branches with overdue items, the late reporters and the silent ones — each a click away from the alert or the
branch — and 核验打印件."""

from __future__ import annotations

from collections import Counter
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.committee.data import OverviewData, load_overview
from ui.committee.open_branch import open_branch
from ui.committee.verify import VerifyCard
from ui.pages import ChangeWatch

SHOWN_ALERTS = 6
SHOWN_BRANCHES = 6
LATE_KINDS = ("reporting_lag", "late_report", "chain_break")
SEVERITY_DOT = {"critical": "#b3261e", "warning": "#c77700", "info": "#34506b"}


def card(title: str) -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame()
    frame.setObjectName("card")
    box = QVBoxLayout(frame)
    box.setContentsMargins(14, 10, 14, 10)
    box.setSpacing(4)
    head = QLabel(title)
    head.setStyleSheet("font-weight: 600;")
    box.addWidget(head)
    return frame, box


def link_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.RichText)
    label.setAlignment(Qt.AlignTop | Qt.AlignLeft)
    return label


def links(items: list[tuple[str, str]], empty: str, more: int = 0, more_href: str = "") -> str:
    """(href, text) lines as links; ``empty`` when none; "另有 N 项 ›" leads to ``more_href``."""
    if not items:
        return f"<span style='color:#6b6b6b'>{escape(empty)}</span>"
    lines = [f"<a href='{h}' style='color:#2f5f8f;text-decoration:none'>{t}</a>" for h, t in items]
    if more:
        lines.append(f"<a href='{more_href}' style='color:#6b6b6b'>另有 {more} 项 ›</a>")
    return "<br>".join(lines)


class OverviewPage(QWidget):
    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        # refreshes from ctx.changed: imports, 审阅 and rules reach it
        self.watch = ChangeWatch(self, ctx, ("sync", "reviews", "settings"), self.reload)
        self.data: OverviewData | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 14)
        outer.setSpacing(10)
        head = QHBoxLayout()
        title = QLabel("总览")
        title.setObjectName("pageTitle")
        head.addWidget(title)
        self.sub = QLabel()
        self.sub.setObjectName("subtitle")
        head.addWidget(self.sub, 0, Qt.AlignBottom)
        head.addStretch(1)
        refresh = QPushButton("刷新")
        refresh.clicked.connect(self.reload)
        head.addWidget(refresh)
        outer.addLayout(head)

        self.counts = QLabel("正在读取…")
        self.counts.setObjectName("overviewCounts")
        self.counts.setTextFormat(Qt.RichText)
        self.counts.linkActivated.connect(self.open_link)
        outer.addWidget(self.counts)

        grid = QGridLayout()
        grid.setSpacing(10)
        alerts_card, box = card("需要关注的预警")
        self.alerts = link_label("overviewAlerts")
        box.addWidget(self.alerts, 1)
        grid.addWidget(alerts_card, 0, 0, 3, 1)
        self.lists = {}
        for row, (key, text) in enumerate((("overdue", "有逾期事项的支部"), ("late", "报送滞后或补报的支部"),
                                            ("silent", "长期未报送的支部"))):
            frame, box = card(text)
            self.lists[key] = link_label(f"overview_{key}")
            box.addWidget(self.lists[key], 1)
            grid.addWidget(frame, row, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        for label in (self.alerts, *self.lists.values()):
            label.linkActivated.connect(self.open_link)
        outer.addLayout(grid, 1)
        self.verify = VerifyCard(ctx)
        self.verify.open_record.connect(self.show_verified)
        outer.addWidget(self.verify)

    # ---- loading ----------------------------------------------------------------------------
    def on_activated(self) -> None:
        self.watch.activated()

    def reload(self) -> None:
        self.ctx.tasks.run(load_overview, self.ctx.ws, owner=self, on_done=self._loaded, label="正在读取总览…")

    def _loaded(self, data: OverviewData) -> None:
        self.data = data
        t = data.table
        enrolled = sum(1 for b in data.branches if b.enrolled)
        waiting = len(data.branches) - enrolled
        sev = Counter(a.severity for a in data.alerts)
        open_reviews = sum(1 for r in data.reviews if r.open)
        self.sub.setText(f"{t.year}年，截至{t.at.year}年{t.at.month}月{t.at.day}日")
        parts = [f"<b>{enrolled}</b> 个支部" + (f"（另有 <a href='page:branches'>{waiting} 个待确认登记</a>）"
                                              if waiting else ""),
                 f"<a href='page:alerts' style='color:#b3261e'>预警 <b>{len(data.alerts)}</b> 条</a>"
                 f"（严重 {sev.get('critical', 0)}，提醒 {sev.get('warning', 0)}，提示 {sev.get('info', 0)}）",
                 f"<a href='overdue:' style='color:#b3261e'>逾期 <b>{t.totals.get('overdue', 0)}</b> 项</a>"
                 f"，已完成 {t.totals.get('done', 0)}，待完成 {t.totals.get('due', 0)}",
                 f"<a href='page:reviews'>退回待支部处理 <b>{open_reviews}</b> 条</a>"]
        self.counts.setText("　·　".join(parts))
        shown = data.alerts[:SHOWN_ALERTS]
        self.alerts.setText(links(
            [(f"alert:{i}", f"<span style='color:{SEVERITY_DOT[a.severity]}'>●</span> "
                            f"<b>{escape(a.branch_name)}</b> · {escape(a.kind_label)}：{escape(a.message)}")
             for i, a in enumerate(shown)], "没有预警。", len(data.alerts) - len(shown), "page:alerts"))
        overdue = sorted(((b.totals.get("overdue", 0), b) for b in t.branches if b.totals.get("overdue")),
                         key=lambda x: (-x[0], x[1].name))
        self._fill("overdue", [(f"branch:{b.branch_id}", f"{escape(b.name)}　逾期 {n} 项") for n, b in overdue],
                   "没有逾期事项。", "overdue:")
        late: dict[str, list] = {}
        for a in data.alerts:
            if a.kind in LATE_KINDS:
                late.setdefault(a.branch_id, []).append(a)
        self._fill("late", [(f"branch:{bid}", f"{escape(items[0].branch_name)}　"
                                              + "、".join(sorted({escape(a.kind_label) for a in items})))
                            for bid, items in late.items()], "没有。")
        self._fill("silent", [(f"branch:{a.branch_id}", f"{escape(a.branch_name)}　" + (
            f"{a.evidence['days']}天没有报送" if a.evidence.get("days") else escape(a.kind_label)))
            for a in data.alerts if a.kind == "silent"], "没有。")

    def _fill(self, key: str, items: list, empty: str, more_href: str = "page:alerts") -> None:
        self.lists[key].setText(links(items[:SHOWN_BRANCHES], empty, max(0, len(items) - SHOWN_BRANCHES),
                                      more_href))

    # ---- clicks -----------------------------------------------------------------------------
    def open_link(self, href: str):
        kind, _, value = href.partition(":")
        window = getattr(self.ctx.session, "main_window", None)
        if kind == "branch":
            return open_branch(self, value)
        if kind == "alert" and self.data is not None and window is not None:
            alert = self.data.alerts[int(value)]
            page = window.show_page("alerts")
            if page is not None and hasattr(page, "show_alert"):
                page.show_alert(alert)
            return page
        if kind == "page" and window is not None:
            return window.show_page(value)
        if kind == "overdue" and window is not None:  # 另有 N 项: the table with only the overdue cells
            page = window.show_page("compliance")
            if page is not None and hasattr(page, "set_filter"):
                page.set_filter(state="overdue")
            return page
        return None

    def show_verified(self, result):
        if result is None or result.record is None:
            return None
        r = result.record
        return open_branch(self, r.branch_id, r.record_type, (r.record_id,), f"哈希 {r.short_hash} 的记录")
