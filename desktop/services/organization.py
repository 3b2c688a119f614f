"""The branch itself: its details, party groups (党小组) and elected committee terms (支委会)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from desktop.changes import mutates
from desktop.domain.enums import CommitteeRole, MemberStatus
from desktop.domain.member_rules import add_years, cn, status_on
from desktop.errors import NotFound, ValidationError, ZhibuError
from desktop.services.members import belongs_on, members_on
from desktop.storage.models import Branch, BranchCommittee, CommitteePost, Member, PartyGroup

ROLE_ORDER = list(CommitteeRole)
MAX_COMMITTEE = 7
TERM_YEARS = range(1, 6)
BRANCH_FIELDS = ("name", "kind", "committee_name", "founded_on", "contact_person", "contact_phone")
BRANCH_LIMITS = {"name": 100, "kind": 40, "committee_name": 100, "contact_person": 40, "contact_phone": 40}


@dataclass(frozen=True)
class BranchView:
    id: int
    name: str
    kind: str
    committee_name: str  # 上级党组织
    founded_on: date | None
    contact_person: str
    contact_phone: str


@dataclass(frozen=True)
class GroupView:
    id: int
    name: str
    leader_id: int | None
    leader_name: str  # '' when there is no leader
    member_count: int  # members of the branch today who are in this group


class CommitteePostView(NamedTuple):
    member_id: int
    member_name: str
    role: CommitteeRole
    role_label: str


@dataclass(frozen=True)
class CommitteeView:
    id: int
    term_start: date
    term_years: int
    term_end: date  # term_start + term_years (换届 is due then)
    posts: tuple[CommitteePostView, ...]  # secretary first, then deputy, organization, propaganda, discipline
    expired: bool  # the term had ended on the day asked about: 换届 is overdue

    @property
    def secretary(self) -> CommitteePostView | None:
        return next((p for p in self.posts if p.role == CommitteeRole.SECRETARY), None)


def _branch_view(b: Branch) -> BranchView:
    return BranchView(b.id, b.name, b.kind, b.committee_name, b.founded_on, b.contact_person, b.contact_phone)


def _committee_at(session: Session, day: date) -> BranchCommittee | None:
    return session.scalars(
        select(BranchCommittee).where(BranchCommittee.term_start <= day)
        .options(selectinload(BranchCommittee.posts).selectinload(CommitteePost.member).selectinload(Member.events))
        .order_by(BranchCommittee.term_start.desc(), BranchCommittee.id.desc())
    ).first()


def _committee_view(c: BranchCommittee, day: date) -> CommitteeView:
    posts = sorted(c.posts, key=lambda p: (ROLE_ORDER.index(p.role), p.id))
    end = add_years(c.term_start, c.term_years)
    return CommitteeView(
        id=c.id, term_start=c.term_start, term_years=c.term_years, term_end=end,
        posts=tuple(CommitteePostView(p.member_id, p.member.name, p.role, p.role.label) for p in posts),
        expired=day >= end,
    )


def committee_member_ids_at(session: Session, day: date) -> set[int]:
    """Members of the committee in office on ``day`` who still belonged to the branch that day."""
    committee = _committee_at(session, day)
    if committee is None:
        return set()
    return {p.member_id for p in committee.posts if belongs_on(p.member, day)}


class OrganizationService:
    def __init__(self, ws):
        self.ws = ws

    # ---- branch -----------------------------------------------------------------------------
    def _branch(self, s: Session) -> Branch:
        branch = s.scalars(select(Branch).order_by(Branch.id)).first()
        if branch is None:
            raise ZhibuError("该支部纪实本没有支部信息。")
        return branch

    def branch_info(self) -> BranchView:
        with self.ws.session() as s:
            return _branch_view(self._branch(s))

    @mutates("organization")
    def update_branch(self, **fields) -> BranchView:
        """Change any of name, kind, committee_name (上级党组织), founded_on, contact_person, contact_phone."""
        unknown = set(fields) - set(BRANCH_FIELDS)
        if unknown:
            raise TypeError(f"unknown branch fields: {sorted(unknown)}")
        for key, limit in BRANCH_LIMITS.items():
            if key in fields:
                fields[key] = str(fields[key] or "").strip()
                if len(fields[key]) > limit:
                    raise ValidationError(f"内容太长（最多{limit}个字），请精简。", key)
        if "name" in fields and not fields["name"]:
            raise ValidationError("支部名称不能为空。", "name")
        founded = fields.get("founded_on")
        if founded is not None and (not isinstance(founded, date) or founded > date.today()):
            raise ValidationError("成立日期不能晚于今天，请核对。", "founded_on")
        phone = fields.get("contact_phone")
        if phone and not re.fullmatch(r"[0-9+\- ]{5,40}", phone):
            raise ValidationError(f"联系电话“{phone}”不像电话号码：只能包含数字、空格、“-”和“+”。", "contact_phone")
        with self.ws.session() as s:
            branch = self._branch(s)
            for key, value in fields.items():
                setattr(branch, key, value)
            return _branch_view(branch)

    # ---- party groups -----------------------------------------------------------------------
    def _group(self, s: Session, group_id: int) -> PartyGroup:
        group = s.get(PartyGroup, group_id)
        if group is None:
            raise NotFound(f"找不到编号为 {group_id} 的党小组，可能已被删除。请刷新后重试。")
        return group

    def _check_name(self, s: Session, name: str, exclude: int | None = None) -> str:
        name = re.sub(r"\s+", "", name or "")
        if not name:
            raise ValidationError("请填写党小组名称。", "name")
        if len(name) > 60:
            raise ValidationError("党小组名称太长（最多60个字），请精简。", "name")
        other = s.scalar(select(PartyGroup).where(PartyGroup.name == name))
        if other is not None and other.id != exclude:
            raise ValidationError(f"已有名为“{name}”的党小组，请换一个名称。", "name")
        return name

    def _group_views(self, s: Session) -> list[GroupView]:
        today = date.today()
        counts = Counter(m.group_id for m in members_on(s, today))
        groups = s.scalars(select(PartyGroup).order_by(PartyGroup.sort_order, PartyGroup.id)).all()
        names = {m.id: m.name for m in s.scalars(select(Member).where(
            Member.id.in_([g.leader_id for g in groups if g.leader_id])))}
        return [GroupView(g.id, g.name, g.leader_id, names.get(g.leader_id, ""), counts.get(g.id, 0)) for g in groups]

    def _group_view(self, s: Session, group_id: int) -> GroupView:
        s.flush()
        return next(g for g in self._group_views(s) if g.id == group_id)

    def groups(self) -> list[GroupView]:
        with self.ws.session() as s:
            return self._group_views(s)

    @mutates("organization")
    def add_group(self, name: str) -> GroupView:
        with self.ws.session() as s:
            name = self._check_name(s, name)
            last = max((g.sort_order for g in s.scalars(select(PartyGroup))), default=0)
            group = PartyGroup(name=name, sort_order=last + 1)
            s.add(group)
            s.flush()
            return self._group_view(s, group.id)

    @mutates("organization")
    def rename_group(self, group_id: int, name: str) -> GroupView:
        with self.ws.session() as s:
            group = self._group(s, group_id)
            group.name = self._check_name(s, name, exclude=group_id)
            return self._group_view(s, group_id)

    @mutates("organization")
    def set_group_leader(self, group_id: int, member_id: int | None) -> GroupView:
        """The leader (组长) must be a member of the branch today and belong to this group."""
        with self.ws.session() as s:
            group = self._group(s, group_id)
            if member_id is not None:
                m = s.get(Member, member_id)
                if m is None or not belongs_on(m, date.today()):
                    raise ValidationError("组长必须是本支部现有党员，请重新选择。", "leader_id")
                if m.group_id != group_id:
                    raise ValidationError(f"{m.name}不在“{group.name}”党小组，请先把他/她调入该党小组再设为组长。",
                                          "leader_id")
            group.leader_id = member_id
            return self._group_view(s, group_id)

    @mutates("organization")
    def reorder_groups(self, group_ids: list[int]) -> list[GroupView]:
        """Set the display order of party groups: the given ones first, in this order."""
        with self.ws.session() as s:
            groups = {g.id: g for g in s.scalars(select(PartyGroup))}
            missing = [i for i in group_ids if i not in groups]
            if missing:
                raise NotFound(f"找不到编号为 {missing[0]} 的党小组，请刷新后重试。")
            rest = sorted((g for g in groups.values() if g.id not in set(group_ids)), key=lambda g: (g.sort_order, g.id))
            for position, g in enumerate([groups[i] for i in dict.fromkeys(group_ids)] + rest, start=1):
                g.sort_order = position
            s.flush()
            return self._group_views(s)

    @mutates("organization")
    def remove_group(self, group_id: int) -> None:
        """Delete an empty party group (nobody of the branch today is in it)."""
        with self.ws.session() as s:
            group = self._group(s, group_id)
            if any(m.group_id == group_id for m in members_on(s, date.today())):
                raise ValidationError(f"“{group.name}”党小组还有党员，请先把他们调到其他党小组再删除。", "group")
            s.delete(group)

    # ---- committee --------------------------------------------------------------------------
    def current_committee(self, on: date | None = None) -> CommitteeView | None:
        """The committee elected most recently on or before ``on`` (default today); None if never elected."""
        on = on or date.today()
        with self.ws.session() as s:
            committee = _committee_at(s, on)
            return _committee_view(committee, on) if committee else None

    def committees(self) -> list[CommitteeView]:
        """Every recorded term, newest first."""
        today = date.today()
        with self.ws.session() as s:
            rows = s.scalars(select(BranchCommittee).order_by(BranchCommittee.term_start.desc())).all()
            return [_committee_view(c, today) for c in rows]

    def committee_member_ids(self, on: date) -> set[int]:
        with self.ws.session() as s:
            return committee_member_ids_at(s, on)

    @mutates("organization")
    def elect_committee(self, term_start: date, term_years: int, posts: dict[int, CommitteeRole]) -> CommitteeView:
        """Record an election (换届): exactly one 书记; every post held by a full member of the branch on
        ``term_start``."""
        roles = {int(mid): CommitteeRole(role) for mid, role in posts.items()}
        secretaries = sum(1 for r in roles.values() if r == CommitteeRole.SECRETARY)
        if secretaries != 1:
            raise ValidationError("支委会必须有且只有一名书记，请核对职务。" if secretaries else "请指定一名书记。", "posts")
        if len(roles) > MAX_COMMITTEE:
            raise ValidationError(f"支委会一般不超过{MAX_COMMITTEE}人，现在是{len(roles)}人，请核对。", "posts")
        if term_years not in TERM_YEARS:
            raise ValidationError("任期应为1至5年（现行规定一般为3年），请核对。", "term_years")
        if not isinstance(term_start, date) or term_start > date.today():
            raise ValidationError("换届日期不能晚于今天，请核对。", "term_start")
        with self.ws.session() as s:
            if s.scalar(select(BranchCommittee).where(BranchCommittee.term_start == term_start)):
                raise ValidationError(f"{cn(term_start)}已经登记过一届支委会，请核对换届日期。", "term_start")
            for member_id in roles:
                m = s.get(Member, member_id)
                if m is None:
                    raise NotFound(f"找不到编号为 {member_id} 的党员，请刷新后重新选择。")
                if not belongs_on(m, term_start):
                    raise ValidationError(f"{m.name}在{cn(term_start)}不是本支部党员，不能担任支委。", "posts")
                if status_on(m.full_on, term_start) != MemberStatus.FULL:
                    raise ValidationError(f"{m.name}在{cn(term_start)}还是预备党员，没有被选举权，不能担任支委。",
                                          "posts")
            committee = BranchCommittee(term_start=term_start, term_years=term_years, notes="")
            committee.posts = [CommitteePost(member_id=mid, role=role) for mid, role in roles.items()]
            s.add(committee)
            s.flush()
            s.refresh(committee)
            return _committee_view(committee, date.today())
