"""Hand-built books for the rules engine, made through the real services (members, organization, meetings,
talks, evaluations) so the engine reads exactly what the app writes."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

from desktop import paths
from desktop.domain.enums import CommitteeRole, MembershipEventKind
from desktop.domain.evaluation_rules import EvaluationInput, MemberEvaluationInput
from desktop.domain.meeting_enums import AttendanceStatus, EvaluationGrade, MeetingKind
from desktop.domain.meeting_rules import AttendanceInput, HeartTalkInput, MeetingInput
from desktop.domain.member_rules import MemberInput
from desktop.workspace import Workspace

PASSPHRASE = "规则测试口令-123"
K = MeetingKind


_TEMPLATES: dict[str, Path] = {}  # branch name -> a new, closed book, made once per test process


def new_book(folder: Path, name: str = "测试党支部") -> Workspace:
    """A fresh book in ``folder`` (its own data dir, so module-scoped fixtures need no function fixture).

    Every module starts from a copy of the same new book (as ``Workspace.create`` leaves it), made once."""
    folder.mkdir(parents=True, exist_ok=True)
    paths.set_data_dir(folder / "data")
    if name not in _TEMPLATES:
        template = Path(tempfile.mkdtemp(prefix="zhibu-rules-")) / "template.zhibu"
        Workspace.create(template, PASSPHRASE, name).close()
        atexit.register(shutil.rmtree, template.parent, True)
        _TEMPLATES[name] = template
    shutil.copyfile(_TEMPLATES[name], folder / "支部.zhibu")
    return Workspace.open(folder / "支部.zhibu", PASSPHRASE, auto_backup=False)


class Builder:
    """Members by name, meetings in one call each; every record finalized unless ``draft=True``."""

    def __init__(self, ws: Workspace):
        self.ws = ws
        self.ids: dict[str, int] = {}
        self.groups: dict[str, int] = {}

    def id(self, name: str) -> int:
        return self.ids[name]

    def member(self, name: str, *, joined: date = date(2005, 7, 1), full: date | None = date(2006, 7, 1),
               group: str | None = None, phone: str = "13800000000", transfer_in: date | None = None,
               gender: str = "男", birth: date = date(1980, 1, 1)) -> int:
        v = self.ws.members.add(MemberInput(name=name, gender=gender, birth_date=birth, joined_on=joined,
                                            full_on=full, group=group, phone=phone), transfer_in_on=transfer_in)
        self.ids[name] = v.id
        if group:
            self.groups = {g.name: g.id for g in self.ws.organization.groups()}
        return v.id

    def leave(self, name: str, on: date, kind=MembershipEventKind.TRANSFER_OUT) -> None:
        self.ws.members.record_event(self.id(name), kind, on, "调往他处")

    def committee(self, start: date, posts: dict[str, CommitteeRole], years: int = 3) -> None:
        self.ws.organization.elect_committee(start, years, {self.id(n): r for n, r in posts.items()})

    def leader(self, group: str, name: str) -> None:
        self.ws.organization.set_group_leader(self.groups[group], self.id(name))

    def meeting(self, kind: MeetingKind, start: datetime, *, minutes: int = 90, group: str | None = None,
                absent=(), leave=(), lecturer: str | None = None, chair: str | None = None, draft: bool = False,
                study_minutes: int | None = None, **fields) -> int:
        group_id = self.groups[group] if group else None
        expected = self.ws.meetings.expected_attendance(kind, start.date(), group_id)
        chair_id = self.id(chair) if chair else expected[0].member_id
        attendance = [AttendanceInput(self.id(n), AttendanceStatus.ABSENT, "无故缺席") for n in absent]
        attendance += [AttendanceInput(self.id(n), AttendanceStatus.ON_LEAVE, "出差") for n in leave]
        data = MeetingInput(kind=kind, start=start, end=start + timedelta(minutes=minutes), place="会议室",
                            group_id=group_id, chair_id=chair_id, recorder_id=chair_id, content="会议内容",
                            default_status=AttendanceStatus.PRESENT, attendance=attendance,
                            study_minutes=study_minutes, **fields)
        if kind == K.PARTY_LECTURE:
            data.topic = data.topic or "党章学习"
            if lecturer:
                data.lecturer_id = self.id(lecturer)
            else:
                data.lecturer_name = "外请专家"
        if kind == K.THEME_DAY:
            data.theme = data.theme or "主题党日"
        v = self.ws.meetings.create(data)
        if not draft:
            self.ws.meetings.finalize(v.id)
        return v.id

    def talk(self, day: date, *names: str, draft: bool = False) -> int:
        v = self.ws.talks.create(HeartTalkInput(datetime.combine(day, datetime.min.time()).replace(hour=15),
                                                "办公室", [self.id(n) for n in names], topics="思想工作",
                                                content="谈话要点"))
        if not draft:
            self.ws.talks.finalize(v.id)
        return v.id

    def evaluation(self, year: int, held_on: date, *, draft: bool = False) -> int:
        here = self.ws.members.roster_on(held_on)
        grades = [MemberEvaluationInput(m.id, final_grade=EvaluationGrade.QUALIFIED) for m in here]
        data = EvaluationInput(year, held_on, members=grades)
        v = self.ws.evaluations.create(data)
        if not draft:
            self.ws.evaluations.finalize(v.id)
        return v.id


def at(text: str) -> date:
    return date.fromisoformat(text)


def dt(text: str, hour: int = 9) -> datetime:
    return datetime.combine(date.fromisoformat(text), datetime.min.time()).replace(hour=hour)
