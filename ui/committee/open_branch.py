"""One way into the branch view from any committee page: ``open_branch(widget, branch_id, …)`` opens (and keeps)
a :class:`ui.committee.branch_view.BranchDialog`, optionally showing only the records a cell or alert names."""

from __future__ import annotations


def open_branch(widget, branch_id: str, record_type: str | None = None, ids=(), why: str = ""):
    from PySide6.QtCore import Qt

    from ui.committee.branch_view import BranchDialog

    dlg = BranchDialog(widget.ctx, branch_id, widget, record_type=record_type, ids=tuple(ids), why=why)
    widget.branch_dialog = dlg  # the page keeps the last one (tests read it; Qt owns it through the parent)
    dlg.setAttribute(Qt.WA_DeleteOnClose)
    dlg.show()
    return dlg
