"""The selected person: stage, people, next steps with their dates, problems, and every recorded step."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from desktop.domain.recruitment_rules import FIELD_LABELS
from ui.display import fmt_date
from ui.theme import scaled


def _details(details: dict, names: dict) -> str:
    parts = []
    for key, value in details.items():
        if key in ("contacts", "introducers"):
            value = "、".join(names.get(i, str(i)) for i in value)
        parts.append(f"{FIELD_LABELS.get(key, key)} {value}")
    return "，".join(parts)


def _basis(*rules) -> str:
    """The rules' titles and their sources (each source once) under a timeline item."""
    rules = [r for r in rules if r is not None]
    sources = list(dict.fromkeys(r.source for r in rules if r.source))
    text = "；".join([r.title for r in rules] + sources)
    return f"<br><span style='color:#8a8a8a;font-size:9pt'>　{escape(text)}</span><br>"


def describe(v) -> str:
    """The panel's text as simple HTML (the view holds everything)."""
    names = dict(v.contacts + v.introducers)
    out = [f"<p style='font-size:13pt'><b>{escape(v.name)}</b>　{escape(v.gender)}　"
           f"<span style='color:#6b6b6b'>{escape(v.stage_label)}</span></p>"]
    info = [f"出生日期：{fmt_date(v.birth_date)}"]
    if v.unit or v.position:
        info.append(f"单位职务：{escape(' '.join(x for x in (v.unit, v.position) if x))}")
    if v.phone:
        info.append(f"联系电话：{escape(v.phone)}")
    if v.contacts:
        info.append("培养联系人：" + "、".join(escape(n) for _i, n in v.contacts))
    if v.introducers:
        info.append("入党介绍人：" + "、".join(escape(n) for _i, n in v.introducers))
    if v.probation_end:
        info.append(f"预备期满：{fmt_date(v.probation_end)}")
    out.append("<p>" + "<br>".join(info) + "</p>")
    if v.deadlines or v.earliest:
        out.append("<p><b>时限</b><br>")
        # A step with both an earliest day and a deadline is one line, so "…前" and "…起可办理" never read as
        # two contradicting items about the same step.
        earliest = {d.step_label: d for d in v.earliest}
        for d in v.deadlines:
            colour = "#b3261e" if d.overdue else "#1f1f1f"
            when = f"已逾期{-d.days_left}天" if d.overdue else f"还有{d.days_left}天"
            first = earliest.pop(d.step_label, None)
            if first is None:
                window = f"{fmt_date(d.due)}前"
            elif first.due == d.due:
                window = f"应于{fmt_date(d.due)}办理，不得提前"
            else:
                window = f"{fmt_date(first.due)}起可办理，应于{fmt_date(d.due)}前"
            out.append(f"<span style='color:{colour}'>· {escape(d.step_label)}：{window}（{when}）</span>"
                       + _basis(d, first))
        for d in earliest.values():
            out.append(f"· {escape(d.step_label)}：{fmt_date(d.due)}起可办理"
                       + _basis(d))
        out.append("</p>")
    if v.problems:
        out.append("<p><b style='color:#8a5a00'>问题</b><br>" +
                   "<br>".join(f"<span style='color:#8a5a00'>· {escape(p)}</span>" for p in v.problems) + "</p>")
    out.append("<p><b>已登记的步骤</b><br>")
    for s in v.steps:
        extra = _details(s.details, names)
        note = f"；{s.note}" if s.note else ""
        out.append(f"{fmt_date(s.on)}　{escape(s.step_label)}"
                   + (f"<br><span style='color:#6b6b6b;font-size:9pt'>　{escape(extra + note)}</span>"
                      if extra or note else "") + "<br>")
    out.append("</p>")
    return "".join(out)


class DetailPanel(QFrame):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("card")
        self.setMinimumWidth(240)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.NoFrame)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.RichText)
        self.text.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        self.text.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.text.setContentsMargins(14, 10, 14, 10)
        scroll.setWidget(self.text)
        outer.addWidget(scroll)
        self.show_recruit(None)

    def show_recruit(self, view) -> None:
        self.view = view
        if view is None:
            self.text.setText("<p style='color:#6b6b6b'>单击左侧的卡片查看详情；双击卡片登记下一步。</p>")
        else:
            self.text.setText(scaled(describe(view)))

    def plain_text(self) -> str:
        from PySide6.QtGui import QTextDocument

        doc = QTextDocument()
        doc.setHtml(self.text.text())
        return doc.toPlainText()
