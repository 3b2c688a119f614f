"""The page registry: navigation entries and the factory that builds each page.

A feature plugs its page in with one line, either here in ``PAGE_FACTORIES`` or from its package::

    from ui.pages import register_page
    register_page("meetings", "ui.meetings.page:MeetingsPage")   # or a callable(ctx) -> QWidget

A committee book (工委数据本) opens the same window with its own navigation (``COMMITTEE_NAVIGATION``); its
pages plug in the same way with ``mode="committee"``, e.g. a later 落实情况 page::

    register_page("compliance", "ui.committee.compliance:CompliancePage", "落实情况", mode="committee")
    register_page("overview", "ui.committee.overview:OverviewPage", "总览", mode="committee", position=0)

A factory receives a :class:`PageContext` and returns a QWidget. Pages are built when first shown and
destroyed on lock (so no branch data stays on screen). Optional page methods, called if present:
``on_activated()`` each time the page is shown; ``collect_drafts() -> list[dict]`` before an auto-lock
closes its dialogs; ``restore_drafts(list[dict])`` after the next unlock.

Pages refresh from ``ctx.changed`` (a :class:`desktop.changes.Changes` after each call that changed data),
only for the kinds of data they show; :class:`ChangeWatch` does the bookkeeping::

    self.watch = ChangeWatch(self, ctx, ("dues", "members"), self.reload)   # in __init__
    def on_activated(self): self.watch.activated()                            # reloads only when stale
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Callable, Union

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui.theme import scaled

if TYPE_CHECKING:  # pragma: no cover
    from desktop.workspace import Workspace
    from ui.session import AppSession
    from ui.settings_store import SettingsStore
    from ui.tasks import TaskRunner

# (key, title) in navigation order; keys follow desktop/services module names.
NAVIGATION: list[tuple[str, str]] = [
    ("home", "首页"),
    ("members", "党员"),
    ("meetings", "组织生活"),
    ("dues", "党费"),
    ("recruitment", "发展党员"),
    ("assessment", "考评"),
    ("documents", "文档"),
    ("sync", "报送"),
    ("settings", "设置"),
]

# the committee book's navigation (工委数据本)
COMMITTEE_NAVIGATION: list[tuple[str, str]] = [
    ("overview", "总览"),
    ("branches", "支部"),
    ("compliance", "落实情况"),
    ("alerts", "预警"),
    ("reviews", "审阅"),
    ("guidance", "工作提示"),
    ("reports", "报表"),
    ("imports", "导入数据包"),
    ("settings", "设置"),
]

Factory = Union[str, Callable[["PageContext"], QWidget]]

PAGE_FACTORIES: dict[str, Factory] = {
    "home": "ui.dashboard.page:DashboardPage",
    "members": "ui.members.page:MembersPage",
    "meetings": "ui.meetings.page:MeetingsPage",
    "dues": "ui.dues.page:DuesPage",
    "recruitment": "ui.recruitment.page:RecruitmentPage",
    "assessment": "ui.assessment.page:AssessmentPage",
    "documents": "ui.documents.page:DocumentsPage",
    "sync": "ui.sync.page:SyncPage",
    "settings": "ui.settings.page:SettingsPage",
}

COMMITTEE_FACTORIES: dict[str, Factory] = {
    "overview": "ui.committee.overview:OverviewPage",
    "branches": "ui.committee.branches:BranchesPage",
    "compliance": "ui.committee.compliance:CompliancePage",
    "alerts": "ui.committee.alerts:AlertsPage",
    "reviews": "ui.committee.reviews:ReviewsPage",
    "guidance": "ui.committee.guidance:GuidancePage",
    "reports": "ui.committee.reports:ReportsPage",
    "imports": "ui.committee.imports:ImportsPage",
    "settings": "ui.settings.page:SettingsPage",  # shows the committee's key card instead of the branch's
}

MODES = ("branch", "committee")


@dataclass
class PageContext:
    """What a page may use: the open workspace (only via ``tasks``), preferences and the session."""

    ws: "Workspace"
    tasks: "TaskRunner"
    store: "SettingsStore"
    session: "AppSession"
    mode: str = "branch"  # "committee" on a committee book (工委数据本)

    @property
    def changed(self):
        """The signal ``changed(Changes)``: emitted once after each call that changed data."""
        return self.tasks.changed


class ChangeWatch(QObject):
    """Keeps a page (or a tab) fresh for the ``kinds`` of data it shows: a change reloads it when it is visible
    (at once, or ``delay_ms`` after the last of a burst of changes), otherwise it is marked stale and reloads when
    next activated — also when the day changed since (what is due depends on the date); other changes are ignored."""

    def __init__(self, page: QWidget, ctx: PageContext, kinds, reload: Callable[[], None], delay_ms: int = 0):
        super().__init__(page)  # a child of the page: gone (and disconnected) with it
        self.page, self.kinds, self.reload = page, tuple(kinds), reload
        self.stale = True
        self.loaded_on: date | None = None
        self._timer: QTimer | None = None
        if delay_ms:
            self._timer = QTimer(self, singleShot=True, interval=delay_ms)
            self._timer.timeout.connect(self._reload)
        ctx.changed.connect(self._changed)

    def _changed(self, changes) -> None:
        if not changes.touches(*self.kinds):
            return
        if not self.page.isVisible():
            self.stale = True
        elif self._timer is not None:
            self._timer.start()
        else:
            self._reload()

    def _reload(self) -> None:
        self.stale, self.loaded_on = False, date.today()
        self.reload()

    def activated(self) -> bool:
        """Reload if stale (the first time, data it shows changed meanwhile, or a new day) or a refresh is
        pending; True when it did."""
        pending = self._timer is not None and self._timer.isActive()
        if not (self.stale or pending) and self.loaded_on == date.today():
            return False
        if pending:
            self._timer.stop()
        self._reload()
        return True


def navigation(mode: str = "branch") -> list[tuple[str, str]]:
    """(key, title) of the navigation of a branch book or of a committee book."""
    return COMMITTEE_NAVIGATION if mode == "committee" else NAVIGATION


def factories(mode: str = "branch") -> dict[str, Factory]:
    return COMMITTEE_FACTORIES if mode == "committee" else PAGE_FACTORIES


def register_page(key: str, factory: Factory, title: str | None = None, *, mode: str = "branch",
                  position: int | None = None) -> None:
    """Install (or replace) the page for ``key``; a new key with a ``title`` goes at ``position`` in the
    navigation, or before 设置 when none is given."""
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}")
    nav = navigation(mode)
    if key not in dict(nav):
        if title is None:
            raise ValueError(f"new page {key!r} needs a title")
        nav.insert(len(nav) - 1 if position is None else position, (key, title))
    factories(mode)[key] = factory


def title_of(key: str, mode: str = "branch") -> str:
    return dict(navigation(mode))[key]


def create_page(key: str, ctx: PageContext) -> QWidget:
    factory = factories(ctx.mode).get(key)
    if factory is None:
        return PlaceholderPage(title_of(key, ctx.mode))
    if isinstance(factory, str):
        module_name, _, attr = factory.partition(":")
        factory = getattr(importlib.import_module(module_name), attr)
    return factory(ctx)


class PlaceholderPage(QWidget):
    """Shown for features that are not built yet."""

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("placeholderPage")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        heading = QLabel(title)
        heading.setObjectName("pageTitle")
        layout.addWidget(heading)
        layout.addStretch(1)
        note = QLabel("此功能正在建设中")
        note.setAlignment(Qt.AlignCenter)
        note.setStyleSheet(scaled("font-size: 14pt; color: #8a8a8a;"))
        layout.addWidget(note)
        sub = QLabel("后续版本将在这里提供“{}”的相关功能。".format(title))
        sub.setObjectName("subtitle")
        sub.setAlignment(Qt.AlignCenter)
        layout.addWidget(sub)
        layout.addStretch(2)
