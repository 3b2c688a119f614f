"""Preview of an Excel roster before importing: every parsed row, and per-row problems (row + reason).

Importing is all-or-nothing, so 导入 stays disabled while any row has a problem.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QSplitter, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from desktop.domain import idnumber
from ui.display import fmt_date
from ui.theme import px

ROW_COLUMNS = ("行号", "姓名", "性别", "出生日期", "身份证号", "入党时间", "转正时间", "党小组", "职务", "检查结果")


def _rows(preview) -> list[tuple[int, object, tuple[str, ...]]]:
    """(excel row, MemberInput | None, problems) from an ImportPreview."""
    out = []
    for i, row in enumerate(getattr(preview, "rows", ())):
        if hasattr(row, "data"):
            out.append((row.row, row.data, tuple(row.problems)))
        else:  # a bare MemberInput list
            out.append((i + 2, row, ()))
    known = {r for r, _d, _p in out}
    for number, reason in getattr(preview, "problems", ()) or ():
        if number not in known:
            out.append((number, None, (reason,)))
    return sorted(out, key=lambda t: t[0])


class ImportPreviewDialog(QDialog):
    import_requested = Signal()

    def __init__(self, preview, path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.path = Path(path)
        self.setWindowTitle(f"导入花名册 — {self.path.name}")
        self.resize(980, 620)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 12)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)

        split = QSplitter(Qt.Vertical)
        problems_box = QWidget()
        pl = QVBoxLayout(problems_box)
        pl.setContentsMargins(0, 0, 0, 0)
        self.problems_title = QLabel("需要修改的问题")
        self.problems_title.setObjectName("formError")
        self.problems_title.setStyleSheet("font-weight: 600;")
        pl.addWidget(self.problems_title)
        self.problems = QTableWidget(0, 2)
        self.problems.setHorizontalHeaderLabels(["行号", "问题"])
        self.problems.verticalHeader().hide()
        self.problems.horizontalHeader().setStretchLastSection(True)
        self.problems.setColumnWidth(0, px(70))
        self.problems.setEditTriggers(QTableWidget.NoEditTriggers)
        self.problems.setWordWrap(True)
        pl.addWidget(self.problems)
        split.addWidget(problems_box)
        self.problems_box = problems_box

        self.rows = QTableWidget(0, len(ROW_COLUMNS))
        self.rows.setHorizontalHeaderLabels(list(ROW_COLUMNS))
        self.rows.verticalHeader().hide()
        self.rows.horizontalHeader().setStretchLastSection(True)
        self.rows.setEditTriggers(QTableWidget.NoEditTriggers)
        self.rows.setAlternatingRowColors(True)
        for col, width in enumerate((56, 80, 48, 120, 170, 120, 120, 100, 150)):
            self.rows.setColumnWidth(col, px(width))
        split.addWidget(self.rows)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 2)
        layout.addWidget(split, 1)

        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton("导入", QDialogButtonBox.AcceptRole)
        self.import_button.setObjectName("primary")
        self.buttons.addButton("关闭", QDialogButtonBox.RejectRole)
        self.buttons.accepted.connect(self._import)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.set_preview(preview)

    def set_preview(self, preview) -> None:
        rows = _rows(preview)
        problems = [(n, reason) for n, _d, ps in rows for reason in ps]
        self.rows.setRowCount(len(rows))
        bad_brush = QColor("#fbeaea")
        for r, (number, data, ps) in enumerate(rows):
            values = [str(number)]
            if data is not None:
                values += [data.name, data.gender, fmt_date(data.birth_date), idnumber.mask(data.id_number),
                           fmt_date(data.joined_on), fmt_date(data.full_on), data.group or "", data.position]
            else:
                values += [""] * 8
            values.append("；".join(ps) if ps else "可以导入")
            for c, text in enumerate(values):
                item = QTableWidgetItem(text)
                if ps:
                    item.setBackground(bad_brush)
                if c == len(values) - 1:
                    item.setForeground(QColor("#b3261e") if ps else QColor("#2e6b30"))
                    item.setToolTip(text)
                self.rows.setItem(r, c, item)
        self.show_problems(problems, total=len(rows))

    def show_problems(self, problems: list[tuple[int, str]], total: int | None = None,
                      message: str | None = None) -> None:
        total = self.rows.rowCount() if total is None else total
        self.problems.setRowCount(len(problems))
        for r, (number, reason) in enumerate(problems):
            self.problems.setItem(r, 0, QTableWidgetItem(f"第 {number} 行" if number else "—"))
            item = QTableWidgetItem(reason)
            item.setToolTip(reason)
            self.problems.setItem(r, 1, item)
        self.problems.resizeRowsToContents()
        self.problems_box.setVisible(bool(problems))
        bad_rows = len({n for n, _ in problems})
        if message:
            text = message
        elif problems:
            text = (f"共读取 {total} 行，其中 <b>{bad_rows} 行有问题</b>。导入是“全部成功或全部不导入”：请在 Excel 中"
                    f"修改这些行后重新选择文件。")
        elif total:
            text = f"共读取 {total} 行，检查通过。点击“导入”把这 {total} 名党员加入本支部。"
        else:
            text = "文件中没有找到党员数据。"
        self.summary.setText(text)
        self.import_button.setEnabled(total > 0 and not problems)
        self.problems_title.setText(f"需要修改的问题（{len(problems)} 处）")

    def problem_rows(self) -> list[int]:
        return [int(self.problems.item(r, 0).text().strip("第 行")) for r in range(self.problems.rowCount())
                if self.problems.item(r, 0).text() != "—"]

    def set_busy(self, busy: bool) -> None:
        self.import_button.setEnabled(not busy and self.problems.rowCount() == 0 and self.rows.rowCount() > 0)
        self.import_button.setText("正在导入…" if busy else "导入")

    def _import(self) -> None:
        if not self.import_button.isEnabled():
            return
        self.set_busy(True)
        self.import_requested.emit()
