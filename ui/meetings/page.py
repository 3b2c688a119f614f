"""组织生活 page: 会议记录 (三会一课, 主题党日, 组织生活会, 集中学习), 民主评议, 谈心谈话 and 整改 as tabs.

Each tab loads its data the first time it is shown. Page hooks (see ui.pages) are passed on to the tabs:
drafts open at lock time are collected from every tab and given back to the tab they came from.
"""

from __future__ import annotations

import importlib

from PySide6.QtWidgets import QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from ui.pages import PageContext


TABS = (("meeting", "会议记录", "ui.meetings.list_tab:MeetingListTab"),
        ("evaluation", "民主评议", "ui.evaluations.tab:EvaluationsTab"),
        ("talk", "谈心谈话", "ui.talks.tab:TalksTab"),
        ("rectification", "整改", "ui.rectifications.tab:RectificationsTab"))


class MeetingsPage(QWidget):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None):
        super().__init__(parent)
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
        self.by_kind: dict[str, QWidget] = {}  # tabs built so far (each is built when first shown)
        self._holders: dict[str, QWidget] = {}
        for kind, label, _factory in TABS:
            holder = QWidget()
            box = QVBoxLayout(holder)
            box.setContentsMargins(0, 0, 0, 0)
            self._holders[kind] = holder
            self.tabs.addTab(holder, label)
        self.meetings = self.tab("meeting")
        self.tabs.currentChanged.connect(lambda _i: self.on_activated())
        layout.addWidget(self.tabs, 1)

    def tab(self, kind: str) -> QWidget:
        """The tab for ``kind``, built now if needed."""
        if kind not in self.by_kind:
            module, _, attr = dict((k, f) for k, _l, f in TABS)[kind].partition(":")
            widget = getattr(importlib.import_module(module), attr)(self.ctx)
            self._holders[kind].layout().addWidget(widget)
            self.by_kind[kind] = widget
        return self.by_kind[kind]

    def show_tab(self, kind: str) -> QWidget:
        tab = self.tab(kind)
        self.tabs.setCurrentWidget(self._holders[kind])
        return tab

    # ---- page hooks (see ui.pages) ----------------------------------------------------------
    def on_activated(self) -> None:
        kind = next(k for k, h in self._holders.items() if h is self.tabs.currentWidget())
        self.tab(kind).on_activated()

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
            if item.get("kind") in self._holders:
                self.show_tab(item["kind"]).restore_draft(item)
