"""设置 page: the branch's organization (支部信息, 党小组, 支委会), passphrase, backups, where the data lives,
auto-lock and the default name order."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QFormLayout, QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea,
                               QSpinBox, QVBoxLayout, QWidget)

from desktop import paths
from desktop.changes import Changes
from desktop.errors import WrongPassphrase, ZhibuError
from desktop.services.members import NAME_ORDER_SETTING
from ui.organization.panel import OrganizationPanel
from ui.pages import PageContext
from ui.settings.backups import BackupsCard, RestoreDialog
from ui.settings.passphrase_dialog import ChangePassphraseDialog, change_passphrase
from ui.settings_store import FONT_SCALES, NAME_ORDERS
from ui.start.damaged import open_folder
from ui.widgets.page_messages import PageMessages


def _card(title: str, note: str = "") -> tuple[QFrame, QVBoxLayout]:
    card = QFrame()
    card.setObjectName("card")
    layout = QVBoxLayout(card)
    layout.setContentsMargins(16, 14, 16, 14)
    heading = QLabel(title)
    heading.setStyleSheet("font-weight: 600;")
    layout.addWidget(heading)
    if note:
        n = QLabel(note)
        n.setObjectName("subtitle")
        n.setWordWrap(True)
        layout.addWidget(n)
    return card, layout


class SettingsPage(PageMessages, QWidget):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.NoFrame)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(14)
        title = QLabel("设置")
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        self.committee = ctx.mode == "committee"
        if self.committee:  # a committee book has no branch organization; its key card instead
            from ui.committee.key_card import CommitteeKeyCard

            self.organization = None
            self.key_card = CommitteeKeyCard(ctx)
            layout.addWidget(self.key_card)
        else:
            self.organization = OrganizationPanel(self)
            layout.addWidget(self.organization)

        row = QHBoxLayout()
        row.setSpacing(14)
        left = QVBoxLayout()
        left.setSpacing(14)

        book = "工委数据本" if self.committee else "支部纪实本"
        card, box = _card("口令", f"口令用于加密本{book}。请定期更换，并妥善保管：忘记口令将无法打开数据。")
        self.passphrase_button = QPushButton("更换口令…")
        self.passphrase_button.clicked.connect(self.change_passphrase)
        box.addWidget(self.passphrase_button, 0, Qt.AlignLeft)
        left.addWidget(card)

        card, box = _card("使用习惯")
        form = QFormLayout()
        form.setVerticalSpacing(10)
        self.auto_lock = QSpinBox()
        self.auto_lock.setRange(0, 240)
        self.auto_lock.setSuffix(" 分钟")
        self.auto_lock.setSpecialValueText("不自动锁定")
        self.auto_lock.setValue(ctx.store.prefs.auto_lock_minutes)
        self.auto_lock.setMaximumWidth(160)
        self.auto_lock.valueChanged.connect(self.ctx.session.apply_auto_lock)
        form.addRow("无操作后自动锁定：", self.auto_lock)
        self.name_order = QComboBox()
        for key, label in NAME_ORDERS.items():
            self.name_order.addItem(label, key)
        self.name_order.setCurrentIndex(max(0, self.name_order.findData(ctx.store.prefs.name_order)))
        self.name_order.setMaximumWidth(160)
        self.name_order.currentIndexChanged.connect(lambda _i: self.set_name_order(self.name_order.currentData()))
        form.addRow("名单默认排序：", self.name_order)
        self.font_scale = QComboBox()
        for percent, label in FONT_SCALES.items():
            self.font_scale.addItem(label, percent)
        self.font_scale.setCurrentIndex(max(0, self.font_scale.findData(ctx.store.prefs.font_scale)))
        self.font_scale.setMaximumWidth(160)
        self.font_scale.setToolTip("整个界面的文字大小；立即生效，下次启动时保持")
        self.font_scale.currentIndexChanged.connect(
            lambda _i: self.ctx.session.apply_font_scale(self.font_scale.currentData()))
        form.addRow("字号：", self.font_scale)
        box.addLayout(form)
        left.addWidget(card)

        card, box = _card("数据位置", "支部纪实本和备份都保存在本机；复制整个文件夹即可迁移到另一台电脑。")
        form = QFormLayout()
        form.setVerticalSpacing(8)
        self.book_label = QLabel(str(ctx.ws.path))
        self.book_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.book_label.setWordWrap(True)
        self.data_label = QLabel(str(paths.data_dir()))
        self.data_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.data_label.setWordWrap(True)
        form.addRow(f"当前{book}：", self.book_label)
        form.addRow("数据文件夹：", self.data_label)
        box.addLayout(form)
        buttons = QHBoxLayout()
        open_data = QPushButton("打开数据文件夹")
        open_data.clicked.connect(lambda: open_folder(paths.data_dir()))
        open_book = QPushButton("打开本所在文件夹")
        open_book.clicked.connect(lambda: open_folder(self.ctx.ws.path.parent))
        buttons.addWidget(open_data)
        buttons.addWidget(open_book)
        buttons.addStretch(1)
        box.addLayout(buttons)
        left.addWidget(card)
        left.addStretch(1)

        self.backups = BackupsCard(ctx.ws.path)
        self.backups.backup_clicked.connect(self.backup_now)
        self.backups.restore_clicked.connect(self.restore)
        row.addLayout(left, 1)
        row.addWidget(self.backups, 1)
        layout.addLayout(row, 1)
        self.refresh_backups()

    def set_name_order(self, order: str) -> None:
        """Both the user's preference and the book's own setting (used by exports and the CLI)."""
        self.ctx.store.set_name_order(order)
        ws = self.ctx.ws
        self.ctx.tasks.run(ws.set_setting, NAME_ORDER_SETTING, order, owner=self, label="正在保存设置…",
                           changes=Changes.of("settings", "members"))  # the order of names in every list

    # ---- passphrase -------------------------------------------------------------------------
    def change_passphrase(self) -> ChangePassphraseDialog:
        dlg = ChangePassphraseDialog(self)
        ws = self.ctx.ws

        def submitted(old: str, new: str) -> None:
            def done(_r) -> None:
                dlg.accept()
                self._inform("口令已更换。下次打开时请使用新口令。")
                self.refresh_backups()

            def failed(exc: BaseException) -> bool:
                dlg.show_failure(exc if isinstance(exc, ZhibuError) else "口令没有更改。")
                return isinstance(exc, WrongPassphrase)

            self.ctx.tasks.run(change_passphrase, ws, old, new, on_done=done, on_error=failed, owner=self,
                               label="正在用新口令重新加密…")

        dlg.submitted.connect(submitted)
        self.passphrase_dialog = dlg
        dlg.open()
        return dlg

    # ---- backups ----------------------------------------------------------------------------
    def refresh_backups(self) -> None:
        ws = self.ctx.ws
        self.ctx.tasks.run(ws.list_backups, on_done=self.backups.set_backups, owner=self, label="正在读取备份…")

    def backup_now(self) -> None:
        ws = self.ctx.ws
        self.backups.backup_button.setEnabled(False)

        def done(_path) -> None:
            self.backups.backup_button.setEnabled(True)
            self._notify("备份完成。")
            self.refresh_backups()

        def failed(_exc) -> bool:
            self.backups.backup_button.setEnabled(True)
            return False

        self.ctx.tasks.run(lambda: ws.backup(reason="manual"), on_done=done, on_error=failed, owner=self,
                           label="正在备份…")

    def restore(self, info) -> RestoreDialog:
        dlg = RestoreDialog(info, self)

        def submitted(passphrase: str) -> None:
            def failed(exc: BaseException) -> bool:
                dlg.show_failure(str(exc) if isinstance(exc, ZhibuError) else "恢复没有完成。")
                return isinstance(exc, ZhibuError)

            # on success the session closes every dialog, this one included, while it swaps the book
            self.ctx.session.restore_from_backup(info.path, passphrase, on_error=failed)

        dlg.submitted.connect(submitted)
        self.restore_dialog = dlg
        dlg.open()
        return dlg

    def on_activated(self) -> None:
        self.refresh_backups()
        if self.organization is not None:
            self.organization.watch.activated()
        else:
            self.key_card.refresh()
