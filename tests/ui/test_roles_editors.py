"""监票人 / 计票人 in the meeting's 决议 section and 谈话人 / 记录人 in the talk editor: entered, saved, shown
again, and never dropped by a save that did not touch them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from desktop.domain.meeting_enums import VoteMethod
from desktop.domain.meeting_records import Ref, Resolution
from tests.ui.uihelpers import wait_tasks
from ui.meetings.resolutions import ResolutionsEditor


@dataclass
class Person:
    id: int
    name: str


def test_vote_people_follow_the_chosen_resolution_and_come_back_out(qtbot):
    ed = ResolutionsEditor()
    qtbot.addWidget(ed)
    ed.set_roster([Person(1, "张三"), Person(2, "李四"), Person(3, "王五")])
    ed.load([], [Resolution("同意接收某某为预备党员", VoteMethod.BALLOT, 3, 0, 0, 3, 3,
                            scrutineers=(Ref(9, "已调走的赵六"),)),
                 Resolution("同意年度工作计划", VoteMethod.SHOW_OF_HANDS, 3, 0, 0)])
    ed.table.setCurrentCell(0, 0)
    assert ed.people.scrutineers.text() == "已调走的赵六" and ed.people.tellers.text() == ""
    ed.people.tellers.setText("李四、机关工作人员小李")
    ed.table.setCurrentCell(1, 0)
    assert ed.people.scrutineers.text() == "" and ed.people.tellers.text() == ""
    first, second = ed.resolutions()
    assert first.scrutineers == (Ref(9, "已调走的赵六"),)  # a recorded member keeps the id
    assert first.tellers == (Ref(2, "李四"), Ref(None, "机关工作人员小李"))
    assert second.scrutineers == () and second.tellers == ()
    assert "计票人：李四、机关工作人员小李" in ed.table.item(0, 0).toolTip()
    ed.set_editable(False)
    assert ed.people.scrutineers.isReadOnly()


def test_talk_roles_are_saved_and_shown_again(qtbot, unlocked):
    page = unlocked.main_window.show_page("meetings")
    tab = page.show_tab("talk")
    wait_tasks(qtbot, unlocked)
    ed = tab.new_talk()
    ed.day.setValue(date.today() - timedelta(days=1))
    wait_tasks(qtbot, unlocked)
    ids = {ed.people.item(i).text(): ed.people.item(i).data(0x0100) for i in range(ed.people.count())}
    ed.set_participant(ids["张三"])
    ed.set_participant(ids["李四"])
    ed.others.setText("上级党委刘委员")
    ed.roles.interviewers.setText("张三、上级党委刘委员")
    ed.roles.recorder.setEditText("王五")
    ed.content.setPlainText("照实记录的谈话要点")
    ed.save_now()
    wait_tasks(qtbot, unlocked)
    record = unlocked.ws.talks.get(ed.talk_id).record
    assert record.interviewers == (Ref(ids["张三"], "张三"), Ref(None, "上级党委刘委员"))
    assert record.interviewees == ("李四",) and record.recorder == Ref(ids["王五"], "王五")
    talk_id = ed.talk_id
    ed.reject()
    wait_tasks(qtbot, unlocked)

    opened = []
    tab.open_talk(talk_id, then=opened.append)
    wait_tasks(qtbot, unlocked)
    wait_tasks(qtbot, unlocked)  # the record, then the roster of its day
    (ed,) = opened
    assert ed.roles.interviewers.text() == "张三、上级党委刘委员" and ed.roles.recorder.currentText() == "王五"
    ed.topics.setPlainText("改了主题")  # a save that does not touch the roles keeps them
    ed.save_now()
    wait_tasks(qtbot, unlocked)
    again = unlocked.ws.talks.get(talk_id).record
    assert again.topics == "改了主题" and again.interviewers == record.interviewers and again.recorder == record.recorder
