"""首页 cards built from hand-made rule results and alerts (no book): long details elide and keep the whole text
in reach, a refill replaces every row, and the alerts' 显示其余 / 收起 toggle shows and folds the rest."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.rules.periods import Period
from desktop.rules.results import Alert, GroupCount, RuleResult
from ui.dashboard.alerts_panel import SHOWN_AT_FIRST, AlertsPanel
from ui.dashboard.data import RuleLine, Section
from ui.dashboard.rules_panel import RulesPanel

MONTH = Period(date(2026, 3, 1), date(2026, 3, 31), "month")
GROUPS = tuple(GroupCount(i, f"第{i}党小组", 0, (), (), False) for i in range(1, 40))


def result(rule_id: str, state: str, **kw) -> RuleResult:
    values = dict(rule_id=rule_id, title="党小组会", period=MONTH, which="current", state=state, count=0, required=1,
                  record_type="meeting", records=(), drafts=(), due_on=date(2026, 3, 31), days_left=5,
                  severity="warning", source="《条例》第十条", local=False, message=f"{rule_id}：本月尚未召开。")
    values.update(kw)
    return RuleResult(**values)


def sections(*results: RuleResult) -> tuple[Section, ...]:
    return (Section("month", "本月", "2026年3月", tuple(RuleLine(r, "group_meeting", False) for r in results)),)


def shown(qtbot, widget: QWidget, width: int) -> QWidget:
    holder = QWidget()
    QVBoxLayout(holder).addWidget(widget)
    holder.resize(width, 400)
    qtbot.addWidget(holder)
    holder.show()
    qtbot.waitExposed(holder)
    return holder


def test_long_detail_is_elided_when_painted_and_whole_in_the_label_and_tooltip(qtbot):
    panel = RulesPanel()
    holder = shown(qtbot, panel, 1200)
    r = result("group_meeting", "due", groups=GROUPS)
    panel.show_sections(sections(r))
    row = panel.row_for("group_meeting")
    qtbot.waitUntil(lambda: row.detail.width() > 60)
    whole = row.detail.full_text
    assert whole.startswith("3月31日前完成，还有5天；未开：第1党小组") and whole.endswith("第39党小组")
    assert row.detail.text() == whole  # screen readers and the size hint get the whole text
    assert row.detail.toolTip() == r.message  # the tooltip says what stands and what to do
    holder.resize(700, 400)
    qtbot.waitUntil(lambda: row.detail.width() < 400)
    narrow = row.detail.shown_text()
    assert narrow.endswith("…") and whole.startswith(narrow[:-1])
    assert row.detail.fontMetrics().horizontalAdvance(narrow) <= row.detail.contentsRect().width()
    holder.resize(1900, 400)
    qtbot.waitUntil(lambda: row.detail.width() > 1000)
    assert row.detail.shown_text() == whole or len(row.detail.shown_text()) > len(narrow)


def test_refill_replaces_rows_and_hides_an_empty_panel(qtbot):
    panel = RulesPanel()
    holder = shown(qtbot, panel, 1000)  # noqa: F841 - keeps the panel alive
    panel.show_sections(sections(result("a", "due"), result("b", "overdue", days_left=-3)))
    assert [r.line.result.rule_id for r in panel.rows()] == ["a", "b"]
    assert all(r.isVisible() for r in panel.rows()) and panel.isVisible()
    assert panel.row_for("b").button.text() == "补录"
    panel.show_sections(sections(result("c", "done", count=1, records=(7,))))
    assert [r.line.result.rule_id for r in panel.rows()] == ["c"] and panel.rows()[0].isVisible()
    assert panel.row_for("a") is None
    panel.show_sections(())
    assert not panel.isVisible() and panel.rows() == []


def alerts(n: int) -> list[Alert]:
    return [Alert("data_gap", "critical" if i == 0 else "info", f"党员{i}未填写联系电话，请在党员信息中补充。",
                  "member", member_id=i + 1) for i in range(n)]


def test_alerts_show_more_and_fold(qtbot):
    panel = AlertsPanel()
    holder = shown(qtbot, panel, 1000)  # noqa: F841 - keeps the panel alive
    panel.show_alerts(alerts(SHOWN_AT_FIRST + 3))
    assert len(panel.rows) == SHOWN_AT_FIRST and all(r.isVisible() for r in panel.rows)
    assert panel.rows[0].text.text().startswith("党员0")
    assert panel.more.isVisible() and panel.more.text() == "显示其余 3 条 ▾"
    qtbot.keyClick(panel.more, Qt.Key_Space)
    assert len(panel.rows) == SHOWN_AT_FIRST + 3 and all(r.isVisible() for r in panel.rows)
    assert panel.more.text() == "收起 ▴"
    qtbot.keyClick(panel.more, Qt.Key_Space)
    assert len(panel.rows) == SHOWN_AT_FIRST


@pytest.mark.parametrize("n", [0, 2])
def test_no_alerts_say_so_and_few_need_no_toggle(qtbot, n):
    panel = AlertsPanel()
    holder = shown(qtbot, panel, 1000)  # noqa: F841 - keeps the panel alive
    panel.show_alerts(alerts(n))
    assert panel.empty.isVisible() == (n == 0)
    assert [r.isVisible() for r in panel.rows] == [True] * n
    assert not panel.more.isVisible()


def test_rows_are_coloured_by_their_state(qtbot):
    panel = RulesPanel()
    holder = shown(qtbot, panel, 1000)  # noqa: F841 - keeps the panel alive
    panel.show_sections(sections(result("late", "overdue", days_left=-3), result("open", "due"),
                                 result("na", "not_applicable")))

    def text_colour(label) -> str:
        return label.palette().color(label.foregroundRole()).name()

    def pill_colour(row) -> str:
        pill = row.findChild(QLabel, "statePill")
        return pill.grab().toImage().pixelColor(3, pill.height() // 2).name()

    late, open_, na = (panel.row_for(i) for i in ("late", "open", "na"))
    assert text_colour(late.detail) == "#b3261e" and text_colour(open_.detail) == "#6b6b6b"
    assert text_colour(na.title) == "#8a8a8a" and text_colour(open_.title) != "#8a8a8a"
    assert [pill_colour(r) for r in (late, open_, na)] == ["#b3261e", "#fbe9c6", "#ececea"]
    assert late.title.font().weight() >= 600 and late.count.font().weight() >= 600


def test_alerts_are_coloured_by_their_severity(qtbot):
    panel = AlertsPanel()
    holder = shown(qtbot, panel, 1000)  # noqa: F841 - keeps the panel alive
    panel.show_alerts([*alerts(2), Alert("x", "warning", "提醒一条。", "branch")])
    critical, info, warning = panel.rows
    pill = lambda row: row.findChild(QLabel, "alertPill")  # noqa: E731
    colours = [pill(r).grab().toImage().pixelColor(3, pill(r).height() // 2).name() for r in panel.rows]
    assert colours == ["#b3261e", "#e3ecf4", "#fbe9c6"]
    assert [pill(r).text() for r in panel.rows] == ["严重", "提示", "提醒"]
    assert critical.text.palette().color(critical.text.foregroundRole()).name() == "#8c1d18"
    assert info.text.palette().color(info.text.foregroundRole()).name() != "#8c1d18"


def test_open_drafts_button_only_where_drafts_wait(qtbot):
    panel = RulesPanel()
    holder = shown(qtbot, panel, 1000)  # noqa: F841 - keeps the panel alive
    panel.show_sections(sections(result("waiting", "due", drafts=(4, 5)), result("plain", "due"),
                                 result("finished", "done", count=1, records=(3,), drafts=(6,))))
    clicked = []
    panel.drafts_clicked.connect(clicked.append)
    waiting = panel.row_for("waiting")
    assert waiting.drafts_button.isVisible() and waiting.drafts_button.text() == "打开草稿"
    waiting.drafts_button.click()
    assert [line.result.drafts for line in clicked] == [(4, 5)]
    assert panel.row_for("plain").drafts_button is None and panel.row_for("finished").drafts_button is None
    # the columns stay aligned: the main button sits at the same place with or without 打开草稿
    plain = panel.row_for("plain").button.geometry()
    assert (waiting.button.x(), waiting.button.width()) == (plain.x(), plain.width())
