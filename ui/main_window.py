"""The navigation shell: a list of pages on the left, the current page on the right, a lock screen.

No business logic here: pages come from :mod:`ui.pages`, data from the workspace via the task runner.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, QSize, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMainWindow,
                               QPushButton, QSizePolicy, QStackedWidget, QToolBar, QVBoxLayout, QWidget)

from desktop import paths
from ui import pages
from ui.pages import PageContext
from ui.widgets.screen_fit import fit_window, scroll_body
from ui.theme import px, scaled

KEY_ROLE = Qt.UserRole + 1


def switch_text(mode: str) -> str:
    """The top bar's way back to the start screen: a committee clerk works in a 工委数据本."""
    return "切换工委数据本" if mode == "committee" else "切换支部纪实本"


def window_settings() -> QSettings:
    """Window geometry only (user preferences live in :mod:`ui.settings_store`)."""
    return QSettings(str(paths.data_dir() / "window.ini"), QSettings.IniFormat)


class LockedView(QWidget):
    unlock_clicked = Signal()
    switch_clicked = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        card = QFrame()
        card.setObjectName("card")
        card.setFixedWidth(px(460))
        box = QVBoxLayout(card)
        box.setContentsMargins(28, 24, 28, 22)
        box.setSpacing(10)
        self.title = QLabel("支部纪实本已锁定")
        self.title.setObjectName("pageTitle")
        box.addWidget(self.title)
        self.name = QLabel()
        self.name.setWordWrap(True)
        box.addWidget(self.name)
        self.reason = QLabel()
        self.reason.setObjectName("subtitle")
        self.reason.setWordWrap(True)
        box.addWidget(self.reason)
        row = QHBoxLayout()
        row.addStretch(1)
        self.switch_button = switch = QPushButton("切换支部纪实本")
        switch.clicked.connect(self.switch_clicked.emit)
        self.unlock_button = QPushButton("解锁…")
        self.unlock_button.setObjectName("primary")
        self.unlock_button.clicked.connect(self.unlock_clicked.emit)
        row.addWidget(switch)
        row.addWidget(self.unlock_button)
        box.addSpacing(6)
        box.addLayout(row)
        outer.addWidget(card, 0, Qt.AlignHCenter)
        outer.addStretch(2)


class MainWindow(QMainWindow):
    lock_requested = Signal()
    unlock_requested = Signal()
    switch_requested = Signal()
    closing = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("支部纪实")
        fit_window(self, 1180, 760)
        self.setMinimumSize(720, 440)
        self.ctx: PageContext | None = None
        self.branch_name = ""
        self.current_key = "home"  # 首页 first: what is due and overdue
        self.mode = "branch"  # or "committee": which navigation is shown
        self._pages: dict[str, QWidget] = {}
        self._holders: dict[str, QWidget] = {}  # the scroll area around each page

        self.toolbar = QToolBar("主工具栏")
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonTextOnly)
        self.addToolBar(self.toolbar)
        self.title = QLabel()
        self.title.setStyleSheet(scaled("font-weight: 600; font-size: 11pt; padding: 4px 6px;"))
        self.toolbar.addWidget(self.title)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Preferred)
        self.toolbar.addWidget(spacer)
        self.switch_action = QAction("切换支部纪实本", self)
        self.switch_action.triggered.connect(self.switch_requested.emit)
        self.toolbar.addAction(self.switch_action)
        self.lock_action = QAction("锁定", self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setShortcutContext(Qt.ApplicationShortcut)
        self.lock_action.setToolTip("锁定（Ctrl+L）：关闭数据、隐藏内容，需重新输入口令")
        self.lock_action.triggered.connect(self.lock_requested.emit)
        self.toolbar.addAction(self.lock_action)

        self.outer = QStackedWidget()
        self.setCentralWidget(self.outer)
        shell = QWidget()
        row = QHBoxLayout(shell)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(px(132))
        self._fill_navigation()
        self.nav.currentItemChanged.connect(self._nav_changed)
        row.addWidget(self.nav)
        self.stack = QStackedWidget()
        row.addWidget(self.stack, 1)
        self.shell = shell
        self.locked_view = LockedView()
        self.locked_view.unlock_clicked.connect(self.unlock_requested.emit)
        self.locked_view.switch_clicked.connect(self.switch_requested.emit)
        self.outer.addWidget(shell)
        self.outer.addWidget(self.locked_view)

        self.state_label = QLabel()
        self.statusBar().addWidget(self.state_label)
        self.statusBar().setSizeGripEnabled(False)
        self._restore_geometry()

    def _fill_navigation(self) -> None:
        self.nav.blockSignals(True)
        self.nav.clear()
        for key, title in pages.navigation(self.mode):
            item = QListWidgetItem(title)
            item.setData(KEY_ROLE, key)
            item.setSizeHint(QSize(0, px(42)))
            self.nav.addItem(item)
        self.nav.blockSignals(False)

    # ---- life cycle driven by the session ---------------------------------------------------
    def attach(self, ctx: PageContext, branch_name: str) -> None:
        """Show a freshly unlocked workspace, on the page that was current before locking (the first page
        of its navigation when a branch book follows a committee book or the other way round)."""
        self._drop_pages()
        if ctx.mode != self.mode:
            self.mode = ctx.mode
            self._fill_navigation()
            self.current_key = pages.navigation(self.mode)[0][0]
        self.ctx = ctx
        self.branch_name = branch_name
        self.title.setText(branch_name + ("（工委数据本）" if self.mode == "committee" else ""))
        self.switch_action.setText(switch_text(self.mode))
        self.locked_view.switch_button.setText(switch_text(self.mode))
        self.setWindowTitle(f"{branch_name} - 支部纪实")
        self.state_label.setText(f"已解锁：{branch_name}")
        self.state_label.setToolTip(str(ctx.ws.path))
        self.lock_action.setEnabled(True)
        self.outer.setCurrentWidget(self.shell)
        self.show_page(self.current_key)

    def show_locked(self, reason: str) -> None:
        """Hide every page (and let them drop their data) behind the lock screen."""
        for page in self._pages.values():
            hook = getattr(page, "on_locked", None)
            if hook:
                hook()
        self.ctx = None
        self.lock_action.setEnabled(False)
        self.locked_view.title.setText("工委数据本已锁定" if self.mode == "committee" else "支部纪实本已锁定")
        self.locked_view.name.setText(self.branch_name)
        self.locked_view.reason.setText(reason)
        self.outer.setCurrentWidget(self.locked_view)
        self.state_label.setText(f"已锁定：{self.branch_name}")

    @property
    def is_locked(self) -> bool:
        return self.outer.currentWidget() is self.locked_view

    def page(self, key: str) -> QWidget | None:
        return self._pages.get(key)

    def pages_built(self) -> dict[str, QWidget]:
        return dict(self._pages)

    def ensure_page(self, key: str) -> QWidget | None:
        """The page for ``key``, built now if needed, without switching to it."""
        if self.ctx is None:
            return None
        page = self._pages.get(key)
        if page is None:
            page = pages.create_page(key, self.ctx)
            self._pages[key] = page
            # A page scrolls when the window is smaller than the page needs (small screen, large 字号).
            self._holders[key] = scroll_body(page)
            self.stack.addWidget(self._holders[key])
        return page

    def show_page(self, key: str) -> QWidget | None:
        if self.ctx is None:
            return None
        for row in range(self.nav.count()):
            if self.nav.item(row).data(KEY_ROLE) == key:
                if self.nav.currentRow() != row:
                    self.nav.setCurrentRow(row)  # re-enters via _nav_changed
                    return self._pages.get(key)
        page = self.ensure_page(key)
        self.current_key = key
        self.stack.setCurrentWidget(self._holders[key])
        hook = getattr(page, "on_activated", None)
        if hook:
            hook()
        return page

    def rebuild_pages(self) -> None:
        """Build the pages again (after a 字号 change), back on the page that was showing."""
        if self.ctx is None:
            return
        self._drop_pages()
        self.nav.setFixedWidth(px(132))
        for row in range(self.nav.count()):
            self.nav.item(row).setSizeHint(QSize(0, px(42)))
        self.show_page(self.current_key)

    def _nav_changed(self, current: QListWidgetItem | None, _previous) -> None:
        if current is not None:
            self.show_page(current.data(KEY_ROLE))

    def _drop_pages(self) -> None:
        for holder in self._holders.values():
            self.stack.removeWidget(holder)
            holder.deleteLater()
        self._pages.clear()
        self._holders.clear()

    # ---- geometry ---------------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        geometry = window_settings().value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        window_settings().setValue("main/geometry", self.saveGeometry())
        self.closing.emit()
        super().closeEvent(event)
