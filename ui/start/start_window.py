"""The first window: recent books, open another file, create a new book."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (QFileDialog, QFrame, QHBoxLayout, QLabel, QListWidget, QListWidgetItem,
                               QPushButton, QVBoxLayout, QWidget)

from ui.display import fmt_datetime
from ui.settings_store import SettingsStore

PATH_ROLE = Qt.UserRole + 1


class StartWindow(QWidget):
    open_requested = Signal(object)  # Path
    create_requested = Signal()
    create_committee_requested = Signal()  # 新建工委数据本… (committee mode)

    def __init__(self, store: SettingsStore, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.setWindowTitle("支部纪实")
        self.setObjectName("startWindow")
        self.resize(760, 520)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(40, 32, 40, 28)
        outer.setSpacing(6)
        title = QLabel("支部纪实")
        title.setObjectName("appTitle")
        outer.addWidget(title)
        sub = QLabel("机关党支部工作纪实 · 数据加密保存在本机，不联网")
        sub.setObjectName("subtitle")
        outer.addWidget(sub)
        outer.addSpacing(18)

        card = QFrame()
        card.setObjectName("card")
        body = QHBoxLayout(card)
        body.setContentsMargins(18, 16, 18, 16)
        body.setSpacing(18)
        left = QVBoxLayout()
        heading = QLabel("最近打开的支部纪实本、工委数据本")
        heading.setStyleSheet("font-weight: 600;")
        left.addWidget(heading)
        self.recent = QListWidget()
        self.recent.setObjectName("recentBooks")
        self.recent.setSpacing(2)
        self.recent.setStyleSheet("QListWidget { border: 1px solid #e0e0dc; } QListWidget::item { padding: 6px; }")
        self.recent.itemDoubleClicked.connect(lambda _i: self._open_selected())
        self.recent.currentItemChanged.connect(lambda *_: self._update_buttons())
        left.addWidget(self.recent, 1)
        self.empty_hint = QLabel("还没有打开过支部纪实本。请新建一本，或打开已有的文件。")
        self.empty_hint.setObjectName("hint")
        self.empty_hint.setWordWrap(True)
        left.addWidget(self.empty_hint)
        body.addLayout(left, 1)

        right = QVBoxLayout()
        right.setSpacing(8)
        self.open_button = QPushButton("打开")
        self.open_button.setObjectName("primary")
        self.open_button.clicked.connect(self._open_selected)
        self.browse_button = QPushButton("打开其他文件…")
        self.browse_button.clicked.connect(self._browse)
        self.create_button = QPushButton("新建支部纪实本…")
        self.create_button.clicked.connect(self.create_requested.emit)
        self.committee_button = QPushButton("新建工委数据本…")
        self.committee_button.setToolTip("机关工委使用：接收各支部报送的数据包、登记支部、签发回执")
        self.committee_button.clicked.connect(self.create_committee_requested.emit)
        self.forget_button = QPushButton("从列表中移除")
        self.forget_button.setToolTip("只从最近列表中移除，不删除文件")
        self.forget_button.clicked.connect(self._forget_selected)
        for b in (self.open_button, self.browse_button, self.create_button):
            b.setMinimumWidth(150)
            right.addWidget(b)
        right.addStretch(1)
        self.committee_button.setMinimumWidth(150)
        right.addWidget(self.committee_button)
        right.addSpacing(12)
        right.addWidget(self.forget_button)
        body.addLayout(right)
        outer.addWidget(card, 1)

        foot = QLabel("提示：离开电脑时请按 Ctrl+L 锁定；程序在无操作一段时间后也会自动锁定。")
        foot.setObjectName("hint")
        outer.addSpacing(8)
        outer.addWidget(foot)
        self.refresh()

    def refresh(self, select: Path | None = None) -> None:
        self.recent.clear()
        for book in self.store.prefs.recent_books:
            path = Path(book.path)
            exists = path.exists()
            when = ""
            try:
                when = fmt_datetime(datetime.fromisoformat(book.opened_at)) if book.opened_at else ""
            except ValueError:
                pass
            line2 = str(path) if exists else f"{path}（文件不存在）"
            item = QListWidgetItem(f"{book.name or path.stem}\n{line2}" + (f"  ·  上次打开 {when}" if when else ""))
            item.setData(PATH_ROLE, str(path))
            item.setToolTip(str(path))
            item.setSizeHint(QSize(0, 52))
            if not exists:
                item.setForeground(Qt.gray)
            self.recent.addItem(item)
            if select is not None and _same(path, select):
                self.recent.setCurrentItem(item)
        if self.recent.currentItem() is None and self.recent.count():
            self.recent.setCurrentRow(0)
        self.empty_hint.setVisible(self.recent.count() == 0)
        self.recent.setVisible(self.recent.count() > 0)
        self._update_buttons()

    def selected_path(self) -> Path | None:
        item = self.recent.currentItem()
        return Path(item.data(PATH_ROLE)) if item else None

    def _update_buttons(self) -> None:
        has = self.selected_path() is not None
        self.open_button.setEnabled(has)
        self.forget_button.setEnabled(has)

    def _open_selected(self) -> None:
        path = self.selected_path()
        if path is not None:
            self.open_requested.emit(path)

    def _browse(self) -> None:
        start = str(self.selected_path().parent) if self.selected_path() else ""
        path, _ = QFileDialog.getOpenFileName(self, "打开支部纪实本或工委数据本", start,
                                              "支部纪实本、工委数据本 (*.zhibu);;所有文件 (*)")
        if path:
            self.open_requested.emit(Path(path))

    def _forget_selected(self) -> None:
        path = self.selected_path()
        if path is not None:
            self.store.forget_book(path)
            self.refresh()


def _same(a: Path, b: Path) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return str(a) == str(b)
