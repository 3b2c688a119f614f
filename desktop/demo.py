"""A fictional but realistic demo branch: members, groups, committee and (when present) 3 years of activity.

Every person here is invented; ID numbers are generated with valid check digits in a fictional pattern.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from desktop import paths
from desktop.domain.enums import CommitteeRole, MembershipEventKind

if TYPE_CHECKING:  # the constants and the path are read by the GUI's start screen, before the core is loaded
    from desktop.workspace import Workspace

DEMO_PASSPHRASE = "演示口令2026"
DEMO_BRANCH = "市直机关示范局第一党支部（演示）"
DEMO_FILE = "演示支部.zhibu"

_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
_GIVEN = ["建国", "海燕", "志强", "丽华", "晓东", "婷", "伟", "静", "明", "秀英", "国栋", "文博", "雪梅", "卫东",
          "佳怡", "子涵", "宇航", "晨曦", "振华", "玉兰", "德胜", "春燕", "立新", "思远", "欣然", "浩然", "红霞",
          "永刚", "亚楠", "鹏飞", "镕", "堃", "喆", "晓光", "慧敏", "学军"]
_POSITIONS = ["局办公室主任", "办公室科员", "财务科科长", "财务科科员", "政策法规科副科长", "政策法规科科员",
              "综合规划科科长", "综合规划科四级主任科员", "人事科科长", "人事科一级科员", "信息中心主任",
              "信息中心工程师", "机关党委专职副书记", "执法监督科科员", "行政审批科科长", "行政审批科科员"]
_EDUCATION = ["研究生", "大学本科", "大学本科", "大学本科", "大学专科"]
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _id_number(rng: random.Random, birth: date, male: bool) -> str:
    seq = rng.randrange(0, 99) * 10 + (rng.choice((1, 3, 5, 7, 9)) if male else rng.choice((0, 2, 4, 6, 8)))
    body = f"370102{birth:%Y%m%d}{seq:03d}"
    check = "10X98765432"[sum(int(c) * w for c, w in zip(body, _WEIGHTS)) % 11]
    return body + check


def default_demo_path() -> Path:
    return paths.data_dir() / DEMO_FILE


def ensure_demo_book(path: Path | None = None) -> Path:
    """The demo book, created on first use."""
    path = Path(path) if path else default_demo_path()
    if not path.exists():
        create_demo_book(path, DEMO_PASSPHRASE)
    return path


def create_demo_book(path: Path, passphrase: str | None = None, *, today: date | None = None,
                     seed: int = 2020, with_activity: bool = True) -> tuple[Path, str]:
    passphrase = passphrase or DEMO_PASSPHRASE
    today = today or date.today()
    rng = random.Random(seed)
    from desktop.workspace import Workspace

    ws = Workspace.create(path, passphrase, DEMO_BRANCH, committee_name="市直机关示范局机关党委（演示）",
                          founded_on=date(2009, 7, 1), contact_person="", contact_phone="0531-0000000")
    try:
        populate_members(ws, today, rng)
        if with_activity:
            from desktop.demo_activity import add_demo_activity
            from desktop.demo_dues import add_demo_dues, add_demo_recruits

            add_demo_activity(ws, today, rng)
            add_demo_recruits(ws, today, rng)  # before dues: an admitted recruit gets dues bases too
            add_demo_dues(ws, today, rng)
    finally:
        ws.close()
    return path, passphrase


def populate_members(ws: Workspace, today: date, rng: random.Random) -> None:
    """28 members in 3 groups with three years of membership history and a committee."""
    from desktop.domain.member_rules import MemberInput

    groups = ["第一党小组", "第二党小组", "第三党小组"]
    used: set[str] = set()
    three_years_ago = today - timedelta(days=3 * 365)
    ids = []
    for i in range(28):
        while True:
            name = rng.choice(_SURNAMES) + rng.choice(_GIVEN)
            if name not in used:
                used.add(name)
                break
        male = rng.random() < 0.55
        birth = date(rng.randint(1966, 1998), rng.randint(1, 12), rng.randint(1, 28))
        joined = date(birth.year + rng.randint(19, 26), rng.randint(1, 12), rng.randint(1, 28))
        recent = i >= 25  # three members still in or just out of probation
        if recent:
            joined = today - timedelta(days=rng.randint(120, 500))
        joined = min(joined, today - timedelta(days=30))
        full_on = joined + timedelta(days=365) if joined + timedelta(days=365) <= today else None
        data = MemberInput(
            name=name, gender="男" if male else "女", birth_date=birth, joined_on=joined, full_on=full_on,
            id_number=_id_number(rng, birth, male), education=rng.choice(_EDUCATION), group=groups[i % 3],
            position=rng.choice(_POSITIONS), phone=f"1{rng.choice('3578')}{rng.randrange(10**8, 10**9)}",
        )
        transfer = None
        if i in (7, 19):  # came from other branches during the last three years
            transfer = three_years_ago + timedelta(days=rng.randint(30, 700))
            data = _replace(data, joined_on=min(joined, transfer - timedelta(days=400)))
            if data.full_on and data.full_on > transfer:
                data = _replace(data, full_on=data.joined_on + timedelta(days=365))
        ids.append(ws.members.add(data, transfer_in_on=transfer).id)

    # one member moved away, one retired member died (history, not deletion)
    ws.members.record_event(ids[11], MembershipEventKind.TRANSFER_OUT, three_years_ago + timedelta(days=400),
                            "调任市交通运输局，组织关系转出")
    ws.members.record_event(ids[23], MembershipEventKind.DIED, three_years_ago + timedelta(days=800), "因病去世")

    org = ws.organization
    leaders = {g.name: g for g in org.groups()}
    roster = {m.id: m for m in ws.members.list(order="roster")}
    for gname in groups:
        candidates = [m for m in roster.values() if m.group_name == gname and m.status.value == "full"]
        org.set_group_leader(leaders[gname].id, candidates[0].id)
    full = [m for m in roster.values() if m.status.value == "full" and m.id not in (ids[11], ids[23])]
    term_start = today - timedelta(days=2 * 365 + 200)  # 换届 falls due within the next year
    eligible = [m for m in full if m.joined_on <= term_start and (m.full_on or today) <= term_start]
    roles = [CommitteeRole.SECRETARY, CommitteeRole.ORGANIZATION, CommitteeRole.PROPAGANDA, CommitteeRole.DISCIPLINE,
             CommitteeRole.DEPUTY]
    org.elect_committee(term_start, 3, {m.id: role for m, role in zip(eligible, roles)})


def _replace(data, **changes):
    from dataclasses import replace

    return replace(data, **changes)
