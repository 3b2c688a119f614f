"""组织生活 page: 会议记录 (三会一课, 主题党日, 组织生活会, 集中学习), 民主评议, 谈心谈话 and 整改 as tabs.

Each tab loads its data the first time it is shown. Page hooks (see ui.pages) are passed on to the tabs:
drafts open at lock time are collected from every tab and given back to the tab they came from.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from ui.pages import PageContext


class MeetingsPage(QWidget):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None):
        super().__init__(parent)
        from ui.evaluations.tab import EvaluationsTab
        from ui.meetings.list_tab import MeetingListTab
        from ui.rectifications.tab import RectificationsTab
        from ui.talks.tab import TalksTab

        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 14)
        head = QHBoxLayout()
        title = QLabel("组织生活")
        title.setObjectName("pageTitle")
        head.addWidget(title)
        sub = QLabel("如实记录，定稿后写入纪实链；更正留痕，不能改写")
        sub.setObjectName("subtitle")
        head.addSpacing(12)
        head.addWidget(sub)
        head.addStretch(1)
        layout.addLayout(head)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("meetingsTabs")
        self.meetings = MeetingListTab(ctx)
        self.evaluations = EvaluationsTab(ctx)
        self.talks = TalksTab(ctx)
        self.rectifications = RectificationsTab(ctx)
        self.by_kind = {"meeting": self.meetings, "evaluation": self.evaluations, "talk": self.talks,
                        "rectification": self.rectifications}
        for tab, label in ((self.meetings, "会议记录"), (self.evaluations, "民主评议"), (self.talks, "谈心谈话"),
                           (self.rectifications, "整改")):
            self.tabs.addTab(tab, label)
        self.tabs.currentChanged.connect(lambda _i: self.on_activated())
        layout.addWidget(self.tabs, 1)

    def show_tab(self, kind: str) -> QWidget:
        tab = self.by_kind[kind]
        self.tabs.setCurrentWidget(tab)
        return tab

    # ---- page hooks (see ui.pages) ----------------------------------------------------------
    def on_activated(self) -> None:
        tab = self.tabs.currentWidget()
        if tab is not None and self.ctx is not None:
            tab.on_activated()

    def on_locked(self) -> None:
        for tab in self.by_kind.values():
            tab.on_locked()

    def collect_drafts(self) -> list[dict]:
        items = []
        for tab in self.by_kind.values():
            items += tab.collect_drafts()
        return items

    def restore_drafts(self, items: list[dict]) -> None:
        for item in items:
            tab = self.by_kind.get(item.get("kind", ""))
            if tab is not None:
                self.show_tab(item["kind"])
                tab.restore_draft(item)
