"""文档 page: choose a document kind, its record and options, the format; 预览 in the page, 打印… through Qt's
print dialog, 另存为… a .pdf or .docx. The year book runs in the background with progress and 取消."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton,
                               QVBoxLayout, QWidget)

from ui.documents.actions import preview_pane
from ui.documents.options import OptionsForm
from ui.widgets.shortcuts import add_shortcut

KIND_ROLE = Qt.UserRole + 1
HINTS = {
    "notice": "由一次会议生成，会前下发（公文格式）。",
    "sign-in": "由一次会议生成，会前打印；当天应到的党员每人一行。",
    "minutes": "由一次会议生成，适用于各类会议；草稿打印带“草稿”水印。",
    "org-life-report": "由一次组织生活会生成，报送上级党组织（公文格式）。",
    "ballot": "无记名测评表，可一次打印多份；每份内容相同。",
    "evaluation-summary": "由一次民主评议生成：得票、支委会意见和评定等次。",
    "self-analysis": "党员本人撰写的党性分析材料，可选一人或全部。",
    "talk": "由一次谈心谈话生成。",
    "roster": "今天的党员名单。身份证号默认只显示前6位和后4位。",
    "yearbook": "全年已定稿的记录、整改落实、合规情况和纪实链核验结果。页数较多，生成需要几秒钟。",
    "dues-sheet": "某月或全年的党费收缴情况。",
    "assessment": "年度考评自评：各项得分、说明和佐证记录。",
    "handover": "报送时随数据包一起交给工委：数据包指纹、记录数量和交接双方签字栏。",
}


class DocumentsPage(QWidget):
    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.kinds = []
        self.loaded = False
        self._wanted: str | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 14)
        outer.setSpacing(10)
        head = QHBoxLayout()
        title = QLabel("文档")
        title.setObjectName("pageTitle")
        head.addWidget(title)
        sub = QLabel("预览、打印或导出会议记录、签到表、测评表、花名册和年度纪实汇编")
        sub.setObjectName("subtitle")
        head.addWidget(sub, 0, Qt.AlignBottom)
        head.addStretch(1)
        outer.addLayout(head)

        outer.addWidget(preview_pane(self, ctx, self._left(), [340, 800]), 1)

        self.options.changed.connect(self._options_changed)
        self.preview_button.clicked.connect(self.show_preview)
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_as)
        self._update_buttons()
        ctx.tasks.run(ctx.ws.documents.kinds, owner=self, label="正在读取文档类型…", on_done=self._kinds_loaded)

    def _left(self) -> QWidget:
        panel = QWidget()
        panel.setMinimumWidth(300)
        panel.setMaximumWidth(440)
        col = QVBoxLayout(panel)
        col.setContentsMargins(0, 0, 6, 0)
        col.setSpacing(8)
        self.kind_list = QListWidget()
        self.kind_list.setObjectName("documentKinds")
        self.kind_list.setStyleSheet("QListWidget#documentKinds::item { padding-left: 8px; }")
        self.kind_list.currentItemChanged.connect(self._kind_changed)
        col.addWidget(self.kind_list, 1)
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        col.addWidget(self.hint)
        card = QFrame()
        card.setObjectName("card")
        box = QVBoxLayout(card)
        box.setContentsMargins(12, 10, 12, 10)
        self.options = OptionsForm(self.ctx)
        box.addWidget(self.options)
        col.addWidget(card)
        row = QHBoxLayout()
        self.preview_button = QPushButton("预览")
        self.preview_button.setObjectName("primary")
        self.print_button = QPushButton("打印…")
        add_shortcut(self.print_button, "Ctrl+P")
        self.save_button = QPushButton("另存为…")
        for b in (self.preview_button, self.print_button, self.save_button):
            row.addWidget(b)
        col.addLayout(row)
        self.status = QLabel()
        self.status.setObjectName("hint")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextSelectableByMouse)
        col.addWidget(self.status)
        return panel

    # ---- kinds ------------------------------------------------------------------------------
    def _kinds_loaded(self, kinds) -> None:
        self.kinds = list(kinds)
        self.actions.labels = {k.name: k.label for k in self.kinds}
        self.kind_list.clear()
        for k in self.kinds:
            item = QListWidgetItem(k.label)
            item.setData(KIND_ROLE, k.name)
            item.setToolTip(HINTS.get(k.name, ""))
            item.setSizeHint(QSize(0, 30))
            self.kind_list.addItem(item)
        self.loaded = True
        self.select_kind(self._wanted or "minutes")

    def kind_labels(self) -> list[str]:
        return [self.kind_list.item(i).text() for i in range(self.kind_list.count())]

    def select_kind(self, name: str) -> None:
        """Choose a kind (once the kinds are loaded, if they are not yet: other pages send the user here)."""
        self._wanted = name
        for i in range(self.kind_list.count()):
            if self.kind_list.item(i).data(KIND_ROLE) == name:
                self.kind_list.setCurrentRow(i)
                return

    def current_kind(self):
        item = self.kind_list.currentItem()
        name = item.data(KIND_ROLE) if item else None
        return next((k for k in self.kinds if k.name == name), None)

    def _kind_changed(self, *_args) -> None:
        info = self.current_kind()
        self.hint.setText(HINTS.get(info.name, "") if info else "")
        if self.preview.built is not None and info is not None and self.preview.built.request.kind != info.name:
            self.preview.show_message(f"点击“预览”查看“{info.label}”。")
        self.options.set_kind(info)

    def _options_changed(self) -> None:
        self.actions.forget()
        shown = self.preview.built
        self.preview.set_stale(shown is not None and shown.request != self.options.request())
        self.status.setText("")
        self._update_buttons()

    def _update_buttons(self) -> None:
        ready = self.options.ready()
        for b in (self.preview_button, self.print_button, self.save_button):
            b.setEnabled(ready)

    # ---- actions ----------------------------------------------------------------------------
    def show_preview(self) -> None:
        self.actions.show_preview(self.options.request())

    def print_document(self) -> None:
        self.actions.print_document(self.options.request())

    def save_as(self) -> None:
        self.actions.save_as(self.options.request(), self.options.fmt())

    # ---- page hooks -------------------------------------------------------------------------
    def on_activated(self) -> None:
        """Records may have changed on other pages: pick them up, and build afresh on the next action."""
        self.actions.forget()
        if self.loaded and self.options.info is not None and self.options.info.record_types:
            self.options.reload_records()
