"""支部组织 card (on the 设置 page): branch details, 党小组 and the current 支委会 with its 换届选举."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QFormLayout, QFrame, QGridLayout, QHBoxLayout, QLabel,
                               QLineEdit, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from desktop.domain.member_rules import cn
from desktop.errors import ZhibuError
from ui.organization.election import ElectionDialog
from ui.pages import ChangeWatch

if TYPE_CHECKING:
    from desktop.workspace import Workspace

WARN_MONTHS = 6
NO_LEADER = "（不设组长）"


@dataclass
class OrgSnapshot:
    branch: object
    groups: list
    committee: object
    members: list


def load_snapshot(ws: Workspace) -> OrgSnapshot:
    org = ws.organization
    return OrgSnapshot(org.branch_info(), org.groups(), org.current_committee(), ws.members.list(order="roster"))


def committee_warning(committee, today: date | None = None) -> str:
    """The red line under the committee: none elected, overdue, or due within six months."""
    today = today or date.today()
    if committee is None:
        return "尚未登记支委会。请点击“换届选举…”登记本届支委会。"
    if committee.expired or committee.term_end <= today:
        return f"本届支委会任期已于{cn(committee.term_end)}届满，请及时换届。"
    if _months_until(today, committee.term_end) <= WARN_MONTHS:
        return f"本届支委会任期将于{cn(committee.term_end)}届满，请提前做好换届准备。"
    return ""


def _months_until(today: date, end: date) -> float:
    return (end.year - today.year) * 12 + (end.month - today.month) + (end.day - today.day) / 31


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-weight: 600;")
    return label


class OrganizationPanel(QFrame):
    """All writes go through ``page.ctx.tasks``; ``page`` (a PageMessages) shows the notes."""

    def __init__(self, page, parent: QWidget | None = None):
        super().__init__(parent)
        self.page = page
        self.ctx = page.ctx
        self.snapshot: OrgSnapshot | None = None
        self.election_dialog: ElectionDialog | None = None
        # the branch, its groups and committee, and the members they name (refreshes from ctx.changed;
        # the page calls watch.activated() when shown)
        self.watch = ChangeWatch(self, self.ctx, ("organization", "members"), self.refresh)
        self.setObjectName("card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.setSpacing(10)
        layout.addWidget(_heading("支部组织"))
        note = QLabel("支部名称、上级党组织和联系人会用在各类文书上；党小组和支委会用于组织生活和考评。")
        note.setObjectName("subtitle")
        note.setWordWrap(True)
        layout.addWidget(note)

        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.addLayout(self._branch_section(), 0, 0)
        grid.addLayout(self._committee_section(), 0, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        layout.addLayout(self._group_section())

    # ---- layout -----------------------------------------------------------------------------
    def _branch_section(self) -> QVBoxLayout:
        col = QVBoxLayout()
        col.addWidget(_heading("支部信息"))
        form = QFormLayout()
        self.name_edit = QLineEdit()
        self.committee_edit = QLineEdit()
        self.committee_edit.setPlaceholderText("如：某某机关党委")
        self.contact_person_edit = QLineEdit()
        self.contact_phone_edit = QLineEdit()
        form.addRow("支部名称：", self.name_edit)
        form.addRow("上级党组织：", self.committee_edit)
        form.addRow("联系人：", self.contact_person_edit)
        form.addRow("联系电话：", self.contact_phone_edit)
        col.addLayout(form)
        self.save_branch_button = QPushButton("保存支部信息")
        self.save_branch_button.clicked.connect(self.save_branch)
        col.addWidget(self.save_branch_button, 0, Qt.AlignLeft)
        return col

    def _committee_section(self) -> QVBoxLayout:
        col = QVBoxLayout()
        col.addWidget(_heading("支部委员会"))
        self.term_label = QLabel()
        self.term_label.setWordWrap(True)
        self.posts_label = QLabel()
        self.posts_label.setWordWrap(True)
        self.posts_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.committee_warning = QLabel()
        self.committee_warning.setWordWrap(True)
        self.committee_warning.setStyleSheet("color: #c0392b; font-weight: 600;")
        self.committee_warning.hide()
        self.elect_button = QPushButton("换届选举…")
        self.elect_button.clicked.connect(self.open_election)
        for w in (self.term_label, self.posts_label, self.committee_warning):
            col.addWidget(w)
        col.addWidget(self.elect_button, 0, Qt.AlignLeft)
        col.addStretch(1)
        return col

    def _group_section(self) -> QVBoxLayout:
        col = QVBoxLayout()
        col.addWidget(_heading("党小组"))
        self.group_table = QTableWidget(0, 3)
        self.group_table.setHorizontalHeaderLabels(["党小组", "组长", "党员人数"])
        self.group_table.verticalHeader().hide()
        self.group_table.horizontalHeader().setStretchLastSection(True)
        self.group_table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.group_table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.group_table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.group_table.setMinimumHeight(150)
        self.group_table.itemSelectionChanged.connect(self._group_selected)
        col.addWidget(self.group_table)

        row = QHBoxLayout()
        self.rename_edit = QLineEdit()
        self.rename_edit.setPlaceholderText("新名称")
        self.rename_button = QPushButton("改名")
        self.rename_button.clicked.connect(self.rename_group)
        self.leader_combo = QComboBox()
        self.leader_combo.setMinimumWidth(120)
        self.leader_button = QPushButton("设为组长")
        self.leader_button.clicked.connect(self.set_leader)
        self.remove_button = QPushButton("删除党小组")
        self.remove_button.setToolTip("只能删除没有党员的党小组")
        self.remove_button.clicked.connect(self.remove_group)
        for w in (QLabel("选中的党小组："), self.rename_edit, self.rename_button, QLabel("组长："), self.leader_combo,
                  self.leader_button, self.remove_button):
            row.addWidget(w)
        row.addStretch(1)
        col.addLayout(row)

        row = QHBoxLayout()
        self.new_group_edit = QLineEdit()
        self.new_group_edit.setPlaceholderText("如：第二党小组")
        self.add_group_button = QPushButton("新建党小组")
        self.add_group_button.clicked.connect(self.add_group)
        row.addWidget(self.new_group_edit)
        row.addWidget(self.add_group_button)
        row.addStretch(1)
        col.addLayout(row)
        self._group_selected()
        return col

    # ---- loading ----------------------------------------------------------------------------
    def refresh(self) -> None:
        self.ctx.tasks.run(load_snapshot, self.ctx.ws, on_done=self.show_snapshot, owner=self,
                           label="正在读取支部组织…")

    def show_snapshot(self, snap: OrgSnapshot) -> None:
        self.snapshot = snap
        b = snap.branch
        self.name_edit.setText(b.name)
        self.committee_edit.setText(b.committee_name)
        self.contact_person_edit.setText(b.contact_person)
        self.contact_phone_edit.setText(b.contact_phone)
        self._show_committee(snap.committee)
        selected = self.selected_group()
        self.group_table.setRowCount(len(snap.groups))
        for row, g in enumerate(snap.groups):
            name = QTableWidgetItem(g.name)
            name.setData(Qt.UserRole, g.id)
            self.group_table.setItem(row, 0, name)
            self.group_table.setItem(row, 1, QTableWidgetItem(g.leader_name or "—"))
            count = QTableWidgetItem(f"{g.member_count} 人")
            count.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
            self.group_table.setItem(row, 2, count)
        if selected is not None:
            self.select_group(selected.id)
        self._group_selected()

    def _show_committee(self, c) -> None:
        if c is None:
            self.term_label.setText("尚未登记换届选举。")
            self.posts_label.setText("")
        else:
            self.term_label.setText(f"{cn(c.term_start)}换届，任期{c.term_years}年，至{cn(c.term_end)}届满。")
            self.posts_label.setText("\n".join(f"{p.role_label}：{p.member_name}" for p in c.posts))
        warning = committee_warning(c)
        self.committee_warning.setText(warning)
        self.committee_warning.setVisible(bool(warning))

    # ---- groups -----------------------------------------------------------------------------
    def selected_group(self):
        if self.snapshot is None:
            return None
        rows = self.group_table.selectionModel().selectedRows() if self.group_table.selectionModel() else []
        if not rows:
            return None
        item = self.group_table.item(rows[0].row(), 0)
        gid = item.data(Qt.UserRole) if item else None
        return next((g for g in self.snapshot.groups if g.id == gid), None)

    def select_group(self, group_id: int) -> None:
        for row in range(self.group_table.rowCount()):
            if self.group_table.item(row, 0).data(Qt.UserRole) == group_id:
                self.group_table.selectRow(row)
                return

    def _group_selected(self) -> None:
        g = self.selected_group()
        for w in (self.rename_edit, self.rename_button, self.leader_combo, self.leader_button):
            w.setEnabled(g is not None)
        self.remove_button.setEnabled(g is not None and g.member_count == 0)
        self.leader_combo.clear()
        if g is None:
            self.rename_edit.clear()
            return
        self.rename_edit.setText(g.name)
        self.leader_combo.addItem(NO_LEADER, None)
        for m in self.snapshot.members:
            if m.group_id == g.id:
                self.leader_combo.addItem(m.name, m.id)
        self.leader_combo.setCurrentIndex(max(0, self.leader_combo.findData(g.leader_id)) if g.leader_id else 0)

    def _run(self, fn, *args, note: str, label: str = "正在保存…", **kwargs) -> None:
        self.ctx.tasks.run(fn, *args, on_done=lambda _r: self.page._notify(note), owner=self, label=label,
                           **kwargs)  # the panel refreshes from ctx.changed (self.watch)

    def rename_group(self) -> None:
        g = self.selected_group()
        new = self.rename_edit.text().strip()
        if g is None or new == g.name:
            return
        self._run(self.ctx.ws.organization.rename_group, g.id, new, note=f"党小组“{g.name}”已改名为“{new}”。")

    def set_leader(self) -> None:
        g = self.selected_group()
        if g is None:
            return
        member_id = self.leader_combo.currentData()
        text = f"“{g.name}”组长已设为{self.leader_combo.currentText()}。" if member_id else f"已取消“{g.name}”的组长。"
        self._run(self.ctx.ws.organization.set_group_leader, g.id, member_id, note=text)

    def add_group(self) -> None:
        name = self.new_group_edit.text().strip()
        if not name:
            self.page._inform("请先填写新党小组的名称。")
            return
        self.new_group_edit.clear()
        self._run(self.ctx.ws.organization.add_group, name, note=f"已新建党小组“{name}”。")

    def remove_group(self) -> None:
        g = self.selected_group()
        if g is None:
            return
        self._run(self.ctx.ws.organization.remove_group, g.id, note=f"已删除党小组“{g.name}”。")

    # ---- branch -----------------------------------------------------------------------------
    def save_branch(self) -> None:
        fields = {"name": self.name_edit.text(), "committee_name": self.committee_edit.text(),
                  "contact_person": self.contact_person_edit.text(), "contact_phone": self.contact_phone_edit.text()}
        self._run(self.ctx.ws.organization.update_branch, note="支部信息已保存。", **fields)

    # ---- committee --------------------------------------------------------------------------
    def open_election(self) -> ElectionDialog:
        snap = self.snapshot
        dlg = ElectionDialog(snap.members if snap else [], snap.committee if snap else None, self)
        org = self.ctx.ws.organization

        def submitted(start, years, posts) -> None:
            def done(_c) -> None:
                dlg.accept()
                self.page._notify("换届选举已登记。")  # refreshed by self.watch

            def failed(exc: BaseException) -> bool:
                dlg.show_failure(exc)
                return isinstance(exc, ZhibuError)

            self.ctx.tasks.run(org.elect_committee, start, years, posts, on_done=done, on_error=failed, owner=self,
                               label="正在登记换届…")

        dlg.submitted.connect(submitted)
        self.election_dialog = dlg
        dlg.open()
        return dlg
