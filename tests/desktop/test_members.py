"""Members: input rules, the member service (history, roster on a day) and the branch organization."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from desktop.domain.enums import CommitteeRole, MembershipEventKind as K, MemberStatus
from desktop.domain.member_rules import MemberInput, status_on, validate
from desktop.errors import NotFound, ValidationError
from desktop.services.members import members_on
from desktop.services.organization import committee_member_ids_at
from desktop.storage.models import AuditEntry

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def make_id(birth: date, seq: str = "123", region: str = "110105") -> str:
    first17 = f"{region}{birth:%Y%m%d}{seq}"
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, WEIGHTS)) % 11]


def person(name="张三", gender="男", birth=date(1980, 5, 17), joined=date(2005, 7, 1), full=date(2006, 7, 1), **kw):
    return MemberInput(name=name, gender=gender, birth_date=birth, joined_on=joined, full_on=full, **kw)


def messages(errors) -> dict[str, str]:
    return {e.field: str(e) for e in errors}


# ---- rules ----------------------------------------------------------------------------------
def test_a_complete_entry_has_no_problems():
    data = person(id_number=make_id(date(1980, 5, 17), "131"), phone="+86 138-0000-0000").cleaned()
    assert validate(data, date(2024, 1, 1)) == []


def test_required_fields_are_named():
    errs = messages(validate(MemberInput(name="", gender="", birth_date=None, joined_on=None).cleaned()))
    assert errs["name"] == "请填写姓名。"
    assert "性别" in errs["gender"]
    assert errs["birth_date"] == "请填写出生日期。" and errs["joined_on"] == "请填写入党时间。"


def test_id_number_must_match_birth_date_and_sex():
    data = person(gender="女", birth=date(1980, 5, 18), id_number=make_id(date(1980, 5, 17), "131"))
    errs = messages(validate(data.cleaned()))
    assert "身份证号中的出生日期（1980年5月17日）与填写的出生日期（1980年5月18日）不一致" in errs["birth_date"]
    assert "身份证号显示性别为“男”" in errs["gender"]


def test_bad_id_checksum_reported_on_the_id_field():
    number = make_id(date(1980, 5, 17), "131")
    bad = number[:17] + str((int(number[17]) + 1) % 10 if number[17] != "X" else 0)
    assert "校验位" in messages(validate(person(id_number=bad).cleaned()))["id_number"]


def test_date_order_rules():
    assert "晚于出生日期" in messages(validate(person(joined=date(1980, 5, 1), full=None)))["joined_on"]
    errs = messages(validate(person(joined=date(1998, 5, 16), full=None)))  # one day before turning 18
    assert "年满18周岁" in errs["joined_on"] and "1998年5月17日" in errs["joined_on"]
    assert validate(person(joined=date(1998, 5, 17), full=None)) == []  # the 18th birthday itself is fine
    assert "不能早于入党时间" in messages(validate(person(full=date(2005, 6, 30))))["full_on"]
    tomorrow = date.today() + timedelta(days=1)
    assert "晚于今天" in messages(validate(person(full=tomorrow)))["full_on"]
    assert "晚于今天" in messages(validate(person(joined=tomorrow, full=None)))["joined_on"]


def test_phone_numbers():
    for ok in ("13800000000", "010-12345678", "+86 138 0000 0000"):
        assert validate(person(phone=ok)) == []
    assert "联系电话" in messages(validate(person(phone="138号")))["phone"]
    assert "phone" in messages(validate(person(phone="12")))


def test_status_on_a_day():
    assert status_on(None, date(2030, 1, 1)) is MemberStatus.PROBATIONARY
    assert status_on(date(2020, 5, 1), date(2020, 4, 30)) is MemberStatus.PROBATIONARY
    assert status_on(date(2020, 5, 1), date(2020, 5, 1)) is MemberStatus.FULL


# ---- the service ----------------------------------------------------------------------------
def test_add_creates_member_events_and_group(ws):
    ms = ws.members
    number = make_id(date(1980, 5, 17), "131")
    v = ms.add(person(id_number=number.lower(), group="第一党小组", position="科长"))
    assert v.id_number == number and v.id_masked == number[:6] + "********" + number[-4:]
    assert (v.status, v.status_label, v.group_name, v.active) == (MemberStatus.FULL, "正式党员", "第一党小组", True)
    assert [(e.kind, e.on) for e in ms.events(v.id)] == [(K.JOINED, date(2005, 7, 1)), (K.FULL, date(2006, 7, 1))]
    p = ms.add(person("李四", "女", date(1995, 1, 2), date(2022, 6, 1), None, group="第一党小组"))
    assert p.status is MemberStatus.PROBATIONARY and p.group_id == v.group_id
    assert [g.name for g in ws.organization.groups()] == ["第一党小组"]
    assert ms.get(p.id) == p and ms.count() == 2


def test_add_refuses_bad_input_and_duplicate_id(ws):
    ms = ws.members
    number = make_id(date(1980, 5, 17), "131")
    ms.add(person(id_number=number))
    with pytest.raises(ValidationError) as info:
        ms.add(person("张叁", id_number=number))
    assert "已有党员“张三”" in str(info.value) and info.value.field == "id_number"
    with pytest.raises(ValidationError, match="年满18周岁"):
        ms.add(person("王五", joined=date(1990, 1, 1)))
    assert ms.count() == 1
    assert ms.validate(person(id_number=number)) and ms.validate(person(id_number=number), member_id=1) == []


def test_get_missing_member(ws):
    with pytest.raises(NotFound, match="找不到"):
        ws.members.get(999)


def test_transfer_in_and_roster_on_days(ws):
    ms = ws.members
    a = ms.add(person("王一", joined=date(2010, 1, 1), full=date(2011, 1, 1)))
    b = ms.add(person("李二", birth=date(1990, 1, 1), joined=date(2015, 1, 1), full=date(2016, 1, 1)),
               transfer_in_on=date(2023, 3, 1))
    c = ms.add(person("张三", birth=date(1992, 2, 2), joined=date(2022, 9, 1), full=None))
    d = ms.add(person("刘四", birth=date(1950, 1, 1), joined=date(1975, 1, 1), full=date(1976, 1, 1)))
    ms.record_event(c.id, K.FULL, date(2023, 9, 1))
    ms.record_event(a.id, K.TRANSFER_OUT, date(2023, 6, 30), "调往市教育局机关党支部")
    ms.record_event(d.id, K.DIED, date(2024, 2, 1))

    def names(day):
        return {v.name: v.status for v in ms.roster_on(day)}

    assert names(date(2023, 1, 1)) == {"王一": MemberStatus.FULL, "张三": MemberStatus.PROBATIONARY,
                                       "刘四": MemberStatus.FULL}
    assert set(names(date(2023, 3, 1))) == {"王一", "李二", "张三", "刘四"}  # entered that day
    assert set(names(date(2023, 6, 30))) == {"李二", "张三", "刘四"}  # left that day
    assert names(date(2023, 10, 1))["张三"] is MemberStatus.FULL
    assert set(names(date(2024, 3, 1))) == {"李二", "张三"}
    assert [e.kind for e in ms.events(b.id)] == [K.FULL, K.TRANSFER_IN]  # 转正 happened before arriving
    assert ms.count() == 2 and ms.count(include_left=True) == 4
    gone = ms.get(a.id)
    assert not gone.active and gone.left_on == date(2023, 6, 30)
    assert {v.name for v in ms.list()} == {"李二", "张三"}
    assert {v.name for v in ms.list(include_left=True)} == {"王一", "李二", "张三", "刘四"}
    with ws.session() as s:
        assert {m.name for m in members_on(s, date(2023, 1, 1))} == {"王一", "张三", "刘四"}


def test_event_rules(ws):
    ms = ws.members
    m = ms.add(person(full=None))
    with pytest.raises(ValidationError, match="早于入党时间"):
        ms.record_event(m.id, K.GROUP_CHANGED, date(2005, 6, 30), "第二党小组")
    with pytest.raises(ValidationError, match="晚于今天"):
        ms.record_event(m.id, K.FULL, date.today() + timedelta(days=1))
    with pytest.raises(ValidationError, match="已自动生成"):
        ms.record_event(m.id, K.JOINED, date(2006, 1, 1))
    ms.record_event(m.id, K.PROBATION_EXTENDED, date(2006, 7, 1), "延长预备期一年")
    ms.record_event(m.id, K.FULL, date(2007, 7, 1))
    v = ms.get(m.id)
    assert v.full_on == date(2007, 7, 1) and v.status is MemberStatus.FULL
    with pytest.raises(ValidationError, match="不能重复转正"):
        ms.record_event(m.id, K.FULL, date(2008, 1, 1))
    with pytest.raises(ValidationError, match="已是正式党员"):
        ms.record_event(m.id, K.PROBATION_EXTENDED, date(2008, 1, 1))
    with pytest.raises(ValidationError, match="党小组名称"):
        ms.record_event(m.id, K.GROUP_CHANGED, date(2010, 1, 1))
    e = ms.record_event(m.id, K.GROUP_CHANGED, date(2010, 1, 1), "第二党小组")
    assert (e.kind_label, e.note, ms.get(m.id).group_name) == ("调整党小组", "第二党小组", "第二党小组")
    with pytest.raises(ValidationError, match="目前在本支部"):
        ms.record_event(m.id, K.TRANSFER_IN, date(2012, 1, 1))
    ms.record_event(m.id, K.TRANSFER_OUT, date(2020, 1, 1))
    with pytest.raises(ValidationError, match="不能重复登记"):
        ms.record_event(m.id, K.LEFT, date(2021, 1, 1))
    with pytest.raises(ValidationError, match="不在本支部"):
        ms.record_event(m.id, K.GROUP_CHANGED, date(2021, 1, 1), "第一党小组")
    ms.record_event(m.id, K.TRANSFER_IN, date(2022, 1, 1), "调回")  # came back
    assert ms.get(m.id).active and {v.name for v in ms.roster_on(date(2021, 1, 1))} == set()


def test_update_corrects_data_and_keeps_history_consistent(ws):
    ms = ws.members
    m = ms.add(person(full=None, id_number=make_id(date(1980, 5, 17), "131")))
    v = ms.update(m.id, person(full=date(2006, 7, 1), id_number=make_id(date(1980, 5, 17), "131"), group="机关党小组"))
    assert v.status is MemberStatus.FULL and v.group_name == "机关党小组"
    assert [e.kind for e in ms.events(m.id)] == [K.JOINED, K.FULL]
    v = ms.update(m.id, replace(person(joined=date(2005, 8, 1), full=date(2006, 8, 1)), phone="13900000000"))
    events = ms.events(m.id)
    assert [(e.kind, e.on) for e in events] == [(K.JOINED, date(2005, 8, 1)), (K.FULL, date(2006, 8, 1))]
    assert "更正" in events[1].note and v.phone == "13900000000" and v.id_number is None
    with ws.session() as s:
        assert any("转正日期由2006年7月1日改为2006年8月1日" in a.detail for a in s.scalars(select(AuditEntry)))
    other = ms.add(person("李四", id_number=make_id(date(1980, 5, 17), "135")))
    with pytest.raises(ValidationError, match="已有党员“李四”"):
        ms.update(m.id, person(id_number=other.id_number))


def test_list_search_and_order(ws):
    ms = ws.members
    ms.add(person("张三", phone="13812345678", group="第一党小组"))
    ms.add(person("李四", birth=date(1981, 1, 1), position="办公室主任"))
    ms.add(person("王五", birth=date(1982, 1, 1), group="第二党小组"))
    assert [v.name for v in ms.list()] == ["王五", "李四", "张三"]  # 姓氏笔画 by default
    assert [v.name for v in ms.list(order="roster")] == ["张三", "李四", "王五"]
    ms.reorder([3, 1])
    assert [v.name for v in ms.list(order="roster")] == ["王五", "张三", "李四"]
    assert [v.name for v in ms.list(order="pinyin")] == ["李四", "王五", "张三"]
    ws.set_setting("name_order", "pinyin")
    assert [v.name for v in ms.list()] == ["李四", "王五", "张三"]
    assert [v.name for v in ms.list(search="zs")] == ["张三"]
    assert [v.name for v in ms.list(search="ZhangSan")] == ["张三"]
    assert [v.name for v in ms.list(search="1234")] == ["张三"]
    assert [v.name for v in ms.list(search="第二")] == ["王五"]
    assert [v.name for v in ms.list(search="主任")] == ["李四"]
    with pytest.raises(ValidationError):
        ms.list(order="height")


# ---- organization ---------------------------------------------------------------------------
def test_groups_and_leaders(ws):
    org, ms = ws.organization, ws.members
    g = org.add_group(" 第一党小组 ")
    assert (g.name, g.member_count, g.leader_name) == ("第一党小组", 0, "")
    with pytest.raises(ValidationError, match="已有名为"):
        org.add_group("第一党小组")
    a = ms.add(person(group="第一党小组"))
    b = ms.add(person("李四", group="第二党小组"))
    with pytest.raises(ValidationError, match="不在“第一党小组”"):
        org.set_group_leader(g.id, b.id)
    g = org.set_group_leader(g.id, a.id)
    assert (g.leader_id, g.leader_name, g.member_count) == (a.id, "张三", 1)
    assert org.rename_group(g.id, "综合党小组").name == "综合党小组" and ms.get(a.id).group_name == "综合党小组"
    ms.record_event(a.id, K.TRANSFER_OUT, date(2020, 1, 1))
    with pytest.raises(ValidationError, match="现有党员"):
        org.set_group_leader(g.id, a.id)
    assert [(x.name, x.member_count) for x in org.groups()] == [("综合党小组", 0), ("第二党小组", 1)]
    assert [x.name for x in org.reorder_groups([b.group_id])] == ["第二党小组", "综合党小组"]
    with pytest.raises(ValidationError, match="还有党员"):
        org.remove_group(b.group_id)
    org.remove_group(g.id)
    assert [x.name for x in org.groups()] == ["第二党小组"] and ms.get(a.id).group_name == ""
    org.update_branch(committee_name="市直机关工委", founded_on=date(2001, 7, 1))
    info = org.branch_info()
    assert (info.name, info.committee_name, info.founded_on) == ("测试党支部", "市直机关工委", date(2001, 7, 1))
    with pytest.raises(ValidationError, match="不能为空"):
        org.update_branch(name="  ")


def test_committee_election_and_attendance_set(ws):
    org, ms = ws.organization, ws.members
    sec = ms.add(person("书记甲"))
    org_m = ms.add(person("组织乙", birth=date(1981, 1, 1)))
    prob = ms.add(person("预备丙", birth=date(1995, 1, 1), joined=date(2022, 1, 1), full=None))
    assert org.current_committee() is None
    with pytest.raises(ValidationError, match="书记"):
        org.elect_committee(date(2021, 1, 1), 3, {org_m.id: CommitteeRole.ORGANIZATION})
    with pytest.raises(ValidationError, match="只有一名书记"):
        org.elect_committee(date(2021, 1, 1), 3, {sec.id: CommitteeRole.SECRETARY, org_m.id: "secretary"})
    with pytest.raises(ValidationError, match="预备党员"):
        org.elect_committee(date(2022, 6, 1), 3, {sec.id: CommitteeRole.SECRETARY, prob.id: CommitteeRole.MEMBER})
    c = org.elect_committee(date(2021, 1, 1), 3, {org_m.id: CommitteeRole.ORGANIZATION, sec.id: CommitteeRole.SECRETARY})
    assert c.term_end == date(2024, 1, 1) and c.secretary.member_name == "书记甲"
    assert [p.role_label for p in c.posts] == ["书记", "组织委员"]
    member_id, name, role, label = c.posts[1]
    assert (member_id, name, role, label) == (org_m.id, "组织乙", CommitteeRole.ORGANIZATION, "组织委员")
    assert org.current_committee(date(2020, 12, 31)) is None
    assert org.current_committee(date(2023, 12, 31)).expired is False
    assert org.current_committee(date(2024, 1, 1)).expired is True
    ms.record_event(org_m.id, K.TRANSFER_OUT, date(2022, 3, 1))
    assert org.committee_member_ids(date(2022, 1, 1)) == {sec.id, org_m.id}
    assert org.committee_member_ids(date(2022, 3, 1)) == {sec.id}
    assert org.committee_member_ids(date(2020, 1, 1)) == set()
    with ws.session() as s:
        assert committee_member_ids_at(s, date(2022, 1, 1)) == {sec.id, org_m.id}
