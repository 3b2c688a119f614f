"""A small branch for meeting and ledger tests, built through the real member and organization services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from desktop.domain.enums import CommitteeRole, MembershipEventKind
from desktop.domain.meeting_enums import AttendanceStatus, MeetingKind
from desktop.domain.meeting_rules import AttendanceInput, MeetingInput
from desktop.domain.member_rules import MemberInput


@dataclass
class Branch:
    ids: dict  # name -> member id
    groups: dict  # group name -> id
    full: list  # names of full members
    probationary: list  # names of probationary members (on 2024 dates)
    committee: list  # names

    def id(self, name: str) -> int:
        return self.ids[name]


FULL = ["王书记", "李组织", "张宣传", "赵一", "钱二", "孙三", "周四", "吴五", "郑六"]
PROBATIONARY = ["冯预备", "陈预备"]


def build_branch(ws) -> Branch:
    ids = {}
    for i, name in enumerate(FULL):
        group = "第一党小组" if i % 2 == 0 else "第二党小组"
        v = ws.members.add(MemberInput(name=name, gender="男" if i % 3 else "女", birth_date=date(1980, 1, 1 + i),
                                       joined_on=date(2005, 7, 1), full_on=date(2006, 7, 1), group=group))
        ids[name] = v.id
    for name in PROBATIONARY:
        v = ws.members.add(MemberInput(name=name, gender="女", birth_date=date(1998, 5, 5),
                                       joined_on=date(2023, 12, 1), group="第二党小组"))
        ids[name] = v.id
    # Joined in March 2024; transferred out at the end of June 2024.
    v = ws.members.add(MemberInput(name="新同志", gender="男", birth_date=date(1995, 1, 1),
                                   joined_on=date(2024, 3, 1), full_on=date(2025, 3, 1), group="第一党小组"))
    ids["新同志"] = v.id
    v = ws.members.add(MemberInput(name="调走者", gender="男", birth_date=date(1985, 1, 1),
                                   joined_on=date(2010, 1, 1), full_on=date(2011, 1, 1), group="第一党小组"))
    ids["调走者"] = v.id
    ws.members.record_event(v.id, MembershipEventKind.TRANSFER_OUT, date(2024, 6, 30), "调往市教育局")
    ws.organization.elect_committee(date(2022, 1, 10), 3, {
        ids["王书记"]: CommitteeRole.SECRETARY, ids["李组织"]: CommitteeRole.ORGANIZATION,
        ids["张宣传"]: CommitteeRole.PROPAGANDA})
    groups = {g.name: g.id for g in ws.organization.groups()}
    return Branch(ids, groups, FULL, PROBATIONARY, ["王书记", "李组织", "张宣传"])


def meeting(br: Branch, kind=MeetingKind.GENERAL_ASSEMBLY, start=datetime(2024, 4, 10, 9, 0), minutes=90,
            absent=(), **fields) -> MeetingInput:
    """A valid input: everyone expected present except ``absent`` (marked 请假 with a reason)."""
    from datetime import timedelta

    data = MeetingInput(kind=kind, start=start, end=start + timedelta(minutes=minutes), place="三楼会议室",
                        chair_id=br.id("王书记"), recorder_id=br.id("李组织"), content="（测试）会议内容",
                        default_status=AttendanceStatus.PRESENT,
                        attendance=[AttendanceInput(br.id(n), AttendanceStatus.ON_LEAVE, "出差") for n in absent])
    for k, v in fields.items():
        setattr(data, k, v)
    return data
