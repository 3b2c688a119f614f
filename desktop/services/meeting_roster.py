"""Who was expected at a meeting on a given day, from the roster as it was then.

支部党员大会, 党课, 主题党日, 组织生活会, 集中学习: every member who belonged that day; 党小组会: that group's
members; 支委会: the committee members in office that day. Group membership is the member's current group
(group changes are not dated in the roster yet).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import event, select
from sqlalchemy.orm import Session, selectinload

from desktop.domain.enums import MemberStatus
from desktop.domain.meeting_enums import MeetingKind
from desktop.errors import ValidationError
from desktop.services.members import belongs_on
from desktop.storage.models import BranchCommittee, CommitteePost, Member, MembershipEvent, PartyGroup


_ROSTER_MODELS = (Member, MembershipEvent, PartyGroup, BranchCommittee, CommitteePost)


def _memo(session: Session) -> dict:
    """Roster lookups memoised for one unit of work (a demo or import makes hundreds of records in one)."""
    return session.info.setdefault("zhibu_roster_memo", {})


@event.listens_for(Session, "after_flush")
def _forget_on_roster_change(session, _context):
    if "zhibu_roster_memo" in session.info and any(
            isinstance(obj, _ROSTER_MODELS) for obj in (*session.new, *session.dirty, *session.deleted)):
        session.info.pop("zhibu_roster_memo")


def _all_members(session: Session) -> list[Member]:
    memo = _memo(session)
    if "all" not in memo:
        memo["all"] = session.scalars(
            select(Member).options(selectinload(Member.events), selectinload(Member.group))
            .order_by(Member.roster_order, Member.id)).all()
    return memo["all"]


def members_on(session: Session, day: date) -> list[Member]:
    """``desktop.services.members.members_on`` (same rule, ``belongs_on``), memoised per unit of work."""
    memo = _memo(session).setdefault("on", {})
    if day not in memo:
        memo[day] = [m for m in _all_members(session) if belongs_on(m, day)]
    return list(memo[day])


def committee_ids(session: Session, day: date) -> set[int]:
    """Same rule as ``organization.committee_member_ids_at`` (the latest term started on or before ``day``; its
    post holders who belonged that day), from terms loaded once per unit of work."""
    memo = _memo(session)
    if "terms" not in memo:
        terms = session.execute(select(BranchCommittee.id, BranchCommittee.term_start)
                                .order_by(BranchCommittee.term_start, BranchCommittee.id)).all()
        posts: dict[int, set[int]] = {}
        for committee_id, member_id in session.execute(select(CommitteePost.committee_id, CommitteePost.member_id)):
            posts.setdefault(committee_id, set()).add(member_id)
        memo["terms"] = [(start, posts.get(cid, set())) for cid, start in terms]
    current = None
    for start, holders in memo["terms"]:
        if start <= day:
            current = holders
    if not current:
        return set()
    return {m.id for m in members_on(session, day) if m.id in current}


def status_on(member: Member, day: date) -> MemberStatus:
    return MemberStatus.FULL if member.full_on and member.full_on <= day else MemberStatus.PROBATIONARY


def _ordered(members) -> list[Member]:
    return sorted(members, key=lambda m: (m.roster_order or 0, m.id))


def belonging(session: Session, day: date) -> dict[int, Member]:
    """Members who belonged to the branch on ``day``, by id."""
    return {m.id: m for m in members_on(session, day)}


def expected_members(session: Session, kind: MeetingKind, day: date, group_id: int | None = None) -> list[Member]:
    members = members_on(session, day)
    if kind == MeetingKind.GROUP_MEETING:
        members = [m for m in members if group_id is not None and m.group_id == group_id]
    elif kind == MeetingKind.COMMITTEE_MEETING:
        committee = committee_ids(session, day)
        members = [m for m in members if m.id in committee]
    return _ordered(members)


@dataclass(frozen=True)
class ExpectedAttendee:
    """A row of the attendance grid before anything is marked."""

    member_id: int
    name: str
    member_status: MemberStatus
    group_id: int | None
    group_name: str


def expected_attendees(session: Session, kind: MeetingKind, day: date,
                       group_id: int | None = None) -> list[ExpectedAttendee]:
    groups = dict(session.execute(select(PartyGroup.id, PartyGroup.name)).all())
    return [ExpectedAttendee(m.id, m.name, status_on(m, day), m.group_id, groups.get(m.group_id, ""))
            for m in expected_members(session, kind, day, group_id)]


def get_members(session: Session, ids) -> dict[int, Member]:
    """Members by id; unknown ids are a user error."""
    ids = {i for i in ids if i is not None}
    found = {m.id: m for m in session.scalars(select(Member).where(Member.id.in_(ids)))} if ids else {}
    missing = sorted(ids - set(found))
    if missing:
        raise ValidationError(f"找不到编号为 {'、'.join(map(str, missing))} 的党员，请检查后重试。", "member")
    return found


def not_belonging_message(member: Member, day: date, role: str) -> str:
    """Why a member cannot appear in a record of ``day`` (joined later, or had left)."""
    events = sorted(member.events, key=lambda e: e.on)
    left = [e for e in events if e.kind.leaves and e.on <= day]
    entered_later = [e for e in events if e.kind.enters and e.on > day]
    if left and not [e for e in events if e.kind.enters and left[-1].on <= e.on <= day]:
        e = left[-1]
        return f"{member.name}已于{e.on}{e.kind.label}，{day}不在本支部，不能作为{role}。"
    if entered_later or member.joined_on > day:
        when = entered_later[0].on if entered_later else member.joined_on
        return f"{member.name}于{when}才入党或转入本支部，{day}还不是本支部党员，不能作为{role}。"
    return f"{member.name}在{day}不是本支部党员，不能作为{role}。"


def resolve_member(session: Session, ref, day: date) -> int:
    """A member id from an id or a name (as in JSON files); a name shared by several needs the id."""
    if isinstance(ref, bool) or ref is None:
        raise ValidationError(f"无法识别的党员：{ref!r}。请填写姓名或编号。", "member")
    if isinstance(ref, int) or (isinstance(ref, str) and ref.strip().isdigit()):
        member_id = int(ref)
        get_members(session, [member_id])
        return member_id
    name = "".join(str(ref).split())
    candidates = session.scalars(select(Member).where(Member.name == name)).all()
    if not candidates:
        raise ValidationError(f"找不到名为“{name}”的党员，请检查姓名，或改用编号（members list 可查看）。", "member")
    if len(candidates) > 1:
        here = [m for m in candidates if belongs_on(m, day)]
        if len(here) != 1:
            raise ValidationError(f"有{len(candidates)}名党员都叫“{name}”，请改用编号（members list 可查看）。", "member")
        return here[0].id
    return candidates[0].id
