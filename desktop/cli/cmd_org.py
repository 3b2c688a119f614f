"""``zhibu-cli org …``: the branch's details, its 党小组 and the elected 支委会."""

from __future__ import annotations

from desktop.cli.common import UsageError, cn_date, open_book, parse_date, print_json
from desktop.domain.enums import CommitteeRole
from desktop.errors import NotFound, ValidationError

BRANCH_OPTIONS = (("name", "--name", "支部名称"), ("committee_name", "--committee-name", "上级党组织"),
                  ("contact_person", "--contact-person", "联系人"), ("contact_phone", "--contact-phone", "联系电话"))


def register(sub) -> None:
    p = sub.add_parser("org", help="支部组织：支部信息、党小组、支委会换届")
    p.set_defaults(func=_missing_subcommand)
    org = p.add_subparsers(dest="org_command", metavar="子命令", parser_class=type(p))

    q = org.add_parser("show", help="显示支部信息、党小组和本届支委会")
    q.add_argument("book")
    q.add_argument("--json", action="store_true", help="输出 JSON")
    q.set_defaults(func=cmd_show)

    q = org.add_parser("branch", help="修改支部信息（只改给出的项）")
    q.add_argument("book")
    for dest, flag, label in BRANCH_OPTIONS:
        q.add_argument(flag, dest=dest, help=label)
    q.set_defaults(func=cmd_branch)

    q = org.add_parser("group", help="党小组：add 新建 | rename 改名 | leader 设组长 | remove 删除")
    q.add_argument("book")
    groups = q.add_subparsers(dest="group_command", metavar="操作", parser_class=type(p))
    g = groups.add_parser("add", help="新建党小组")
    g.add_argument("name")
    g.set_defaults(func=cmd_group_add)
    g = groups.add_parser("rename", help="党小组改名")
    g.add_argument("old")
    g.add_argument("new")
    g.set_defaults(func=cmd_group_rename)
    g = groups.add_parser("leader", help="设置组长（姓名或编号；写“无”则取消组长）")
    g.add_argument("group")
    g.add_argument("member")
    g.set_defaults(func=cmd_group_leader)
    g = groups.add_parser("remove", help="删除没有党员的党小组")
    g.add_argument("name")
    g.set_defaults(func=cmd_group_remove)
    q.set_defaults(func=_missing_group_action)

    q = org.add_parser("elect", help="登记支委会换届选举结果")
    q.add_argument("book")
    q.add_argument("--start", required=True, help="换届（任期开始）日期 YYYY-MM-DD")
    q.add_argument("--years", type=int, default=3, help="任期年数，默认3年")
    q.add_argument("--post", action="append", default=[], metavar="职务=姓名",
                   help="一项职务，如 书记=张三；可重复。职务：" + "、".join(r.label for r in CommitteeRole))
    q.set_defaults(func=cmd_elect)


def _missing_subcommand(args) -> int:
    raise UsageError("请指定子命令：org show | branch | group | elect（加 -h 查看帮助）")


def _missing_group_action(args) -> int:
    raise UsageError("请指定操作：org group BOOK add | rename | leader | remove（加 -h 查看帮助）")


# ---- lookups ---------------------------------------------------------------------------------
def _group(ws, name: str):
    for g in ws.organization.groups():
        if g.name == name.strip() or (name.strip().isdigit() and g.id == int(name)):
            return g
    raise NotFound(f"找不到名为“{name}”的党小组。可用 zhibu-cli org show 查看现有党小组。")


def _member(ws, who: str):
    """A member of the branch today, by id or exact name (a name shared by two people needs the id)."""
    who = who.strip()
    people = ws.members.list()
    if who.isdigit():
        match = [m for m in people if m.id == int(who)]
    else:
        match = [m for m in people if m.name == who]
    if not match:
        raise NotFound(f"本支部现有党员中找不到“{who}”。")
    if len(match) > 1:
        ids = "、".join(str(m.id) for m in match)
        raise ValidationError(f"有{len(match)}名党员叫“{who}”（编号 {ids}），请改用编号。", "member")
    return match[0]


def _role(text: str) -> CommitteeRole:
    try:
        return CommitteeRole.from_label(text.strip())
    except ValueError:
        raise UsageError(f"不认识的职务“{text}”，可用：{'、'.join(r.label for r in CommitteeRole)}") from None


# ---- commands --------------------------------------------------------------------------------
def _snapshot(ws) -> dict:
    b = ws.organization.branch_info()
    c = ws.organization.current_committee()
    return {
        "branch": {"name": b.name, "kind": b.kind, "committee_name": b.committee_name, "founded_on": b.founded_on,
                   "contact_person": b.contact_person, "contact_phone": b.contact_phone},
        "groups": [{"id": g.id, "name": g.name, "leader_id": g.leader_id, "leader": g.leader_name or None,
                    "members": g.member_count} for g in ws.organization.groups()],
        "committee": None if c is None else {
            "term_start": c.term_start, "term_years": c.term_years, "term_end": c.term_end, "expired": c.expired,
            "posts": [{"member_id": p.member_id, "name": p.member_name, "role": p.role, "role_label": p.role_label}
                      for p in c.posts]},
    }


def _print_snapshot(data: dict) -> None:
    b = data["branch"]
    print(f"支部名称：{b['name']}")
    print(f"上级党组织：{b['committee_name'] or '（未填写）'}")
    contact = "  ".join(x for x in (b["contact_person"], b["contact_phone"]) if x)
    print(f"联系人：{contact or '（未填写）'}")
    print()
    print(f"党小组（{len(data['groups'])}个）：")
    for g in data["groups"]:
        print(f"  {g['name']}  组长：{g['leader'] or '（未设）'}  党员{g['members']}人")
    if not data["groups"]:
        print("  （没有党小组）")
    print()
    c = data["committee"]
    if c is None:
        print("支委会：尚未登记换届选举。")
        return
    state = "（已到期，应及时换届）" if c["expired"] else ""
    print(f"支委会：{cn_date(c['term_start'])}换届，任期{c['term_years']}年，{cn_date(c['term_end'])}届满{state}")
    for p in c["posts"]:
        print(f"  {p['role_label']}：{p['name']}")


def cmd_show(args) -> int:
    with open_book(args.book) as ws:
        data = _snapshot(ws)
    if args.json:
        print_json(data)
    else:
        _print_snapshot(data)
    return 0


def cmd_branch(args) -> int:
    fields = {dest: getattr(args, dest) for dest, _f, _l in BRANCH_OPTIONS if getattr(args, dest) is not None}
    if not fields:
        raise UsageError("请至少给出一项要修改的内容：" + " ".join(f for _d, f, _l in BRANCH_OPTIONS))
    with open_book(args.book) as ws:
        b = ws.organization.update_branch(**fields)
    print(f"已更新支部信息：{b.name}")
    return 0


def cmd_group_add(args) -> int:
    with open_book(args.book) as ws:
        g = ws.organization.add_group(args.name)
    print(f"已新建党小组“{g.name}”（编号 {g.id}）。")
    return 0


def cmd_group_rename(args) -> int:
    with open_book(args.book) as ws:
        g = ws.organization.rename_group(_group(ws, args.old).id, args.new)
    print(f"党小组“{args.old}”已改名为“{g.name}”。")
    return 0


def cmd_group_leader(args) -> int:
    with open_book(args.book) as ws:
        group = _group(ws, args.group)
        member_id = None if args.member.strip() in ("无", "none", "-") else _member(ws, args.member).id
        g = ws.organization.set_group_leader(group.id, member_id)
    print(f"“{g.name}”组长：{g.leader_name}" if g.leader_name else f"已取消“{g.name}”的组长。")
    return 0


def cmd_group_remove(args) -> int:
    with open_book(args.book) as ws:
        ws.organization.remove_group(_group(ws, args.name).id)
    print(f"已删除党小组“{args.name}”。")
    return 0


def cmd_elect(args) -> int:
    start = parse_date(args.start)
    if not args.post:
        raise UsageError("请用 --post 职务=姓名 给出支委会成员，至少要有书记。")
    pairs = []
    for item in args.post:
        role, sep, who = item.partition("=")
        if not sep or not who.strip():
            raise UsageError(f"--post 的格式应为 职务=姓名：{item}")
        pairs.append((_role(role), who))
    with open_book(args.book) as ws:
        posts: dict[int, CommitteeRole] = {}
        for role, who in pairs:
            m = _member(ws, who)
            if m.id in posts:
                raise ValidationError(f"{m.name}被指定了两项职务，每人只能担任一项。", "posts")
            posts[m.id] = role
        c = ws.organization.elect_committee(start, args.years, posts)
    print(f"已登记{cn_date(c.term_start)}换届选举，任期至{cn_date(c.term_end)}：")
    for p in c.posts:
        print(f"  {p.role_label}：{p.member_name}")
    return 0
