"""Pages refresh from the Changes a call made (ctx.changed), only for the kinds of data they show."""

from __future__ import annotations

from desktop.changes import Changes
from tests.ui.uihelpers import wait_tasks

MEETINGS_LIST = "正在读取会议记录…"
TALKS_LIST = "正在读取谈心谈话…"


def test_a_service_call_announces_what_it_changed_once(qtbot, unlocked):
    seen = []
    unlocked.tasks.changed.connect(seen.append)
    unlocked.tasks.run(unlocked.ws.organization.add_group, "第二党小组")
    unlocked.tasks.run(unlocked.ws.organization.groups)  # a read announces nothing
    wait_tasks(qtbot, unlocked)
    assert seen == [Changes.of("organization")]


def test_only_pages_showing_a_kind_reload(qtbot, unlocked):
    page = unlocked.main_window.show_page("meetings")
    page.show_tab("talk")
    page.show_tab("meeting")  # the talks tab is built (and loaded) but now hidden
    wait_tasks(qtbot, unlocked)
    loads = []
    unlocked.tasks.finished.connect(lambda task: loads.append(task.label))

    unlocked.tasks.announce(Changes.of("dues", "settings"))
    wait_tasks(qtbot, unlocked)
    assert loads == []  # neither tab shows dues

    unlocked.tasks.announce(Changes.of("meetings", "ledger"))
    wait_tasks(qtbot, unlocked)
    assert loads == [MEETINGS_LIST]  # the visible list, once; the hidden talks tab does not show meetings

    unlocked.tasks.announce(Changes.of("talks"))
    wait_tasks(qtbot, unlocked)
    assert loads == [MEETINGS_LIST]  # hidden: only marked stale …
    page.show_tab("talk")
    wait_tasks(qtbot, unlocked)
    assert loads == [MEETINGS_LIST, TALKS_LIST]  # … and reloaded when shown
    page.show_tab("meeting")
    wait_tasks(qtbot, unlocked)
    assert loads == [MEETINGS_LIST, TALKS_LIST]  # nothing it shows changed meanwhile: no reload


def test_a_saved_talk_refreshes_its_list(qtbot, unlocked):
    page = unlocked.main_window.show_page("meetings")
    tab = page.show_tab("talk")
    wait_tasks(qtbot, unlocked)
    ed = tab.new_talk()
    wait_tasks(qtbot, unlocked)
    ed.content.setPlainText("照实记录的谈话要点")
    ed.save_now()
    wait_tasks(qtbot, unlocked)
    assert [r.id for r in tab.visible_rows()] == [ed.talk_id]
    ed.reject()
    wait_tasks(qtbot, unlocked)
