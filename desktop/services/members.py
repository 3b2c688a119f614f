"""党员: the roster, each member's dated history, and who belonged to the branch on a given day.

Membership is derived from dated events (入党/转入 enter, 转出/去世/出党 leave), so the roster of any past
day can be rebuilt: ``members_on(session, day)`` is the one place that rule lives.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from desktop.changes import mutates
from desktop.domain import idnumber, ordering
from desktop.domain.enums import MembershipEventKind as K
from desktop.domain.enums import MemberStatus
from desktop.domain.member_rules import MemberInput, cn, status_on
from desktop.domain.member_rules import validate as validate_rules
from desktop.errors import NotFound, ValidationError
from desktop.progress import CancelToken, Progress, no_progress
from desktop.services.name_check import names_warnings
from desktop.storage.models import Member, MembershipEvent, PartyGroup

if TYPE_CHECKING:  # the Excel import and export load on first use: reading the roster needs neither
    from desktop.services.roster_excel import ImportPreview, ImportResult

NAME_ORDER_SETTING = "name_order"


def _today() -> date:
    return date.today()


@dataclass(frozen=True)
class MemberView:
    id: int
    name: str
    gender: str
    ethnicity: str
    birth_date: date
    id_number: str | None  # the full number: show ``id_masked`` unless the user asks (and log it)
    id_masked: str
    education: str
    joined_on: date
    full_on: date | None
    status: MemberStatus
    status_label: str
    group_id: int | None
    group_name: str
    position: str
    phone: str
    notes: str
    roster_order: int
    active: bool  # belongs to the branch today
    left_on: date | None  # when the member left (转出/去世/出党), if not active
    warnings: tuple[str, ...] = ()  # set by add(): e.g. a name character no font of this PC can print


@dataclass(frozen=True)
class EventView:
    id: int
    member_id: int
    kind: K
    kind_label: str
    on: date
    note: str


# ---- membership over time (shared with meetings and organization) ---------------------------
def _timeline(m: Member) -> list[tuple[date, int, K]]:
    """Entering and leaving events in date order; a member without any counts as entered at joined_on."""
    events = sorted((e.on, e.id or 0, e.kind) for e in m.events if e.kind.enters or e.kind.leaves)
    if not any(kind.enters for _, _, kind in events):
        events.insert(0, (m.joined_on, 0, K.JOINED))
    return events


def belongs_on(m: Member, day: date) -> bool:
    inside = False
    for on, _, kind in _timeline(m):
        if on > day:
            break
        inside = kind.enters
    return inside


def left_on(m: Member, day: date) -> date | None:
    last = None
    for on, _, kind in _timeline(m):
        if on > day:
            break
        last = (on, kind)
    return last[0] if last and last[1].leaves else None


def members_on(session: Session, day: date) -> list[Member]:
    """ORM members who belonged to the branch on ``day`` (entered on or before it, not left on or before it)."""
    rows = session.scalars(
        select(Member).options(selectinload(Member.events), selectinload(Member.group))
        .order_by(Member.roster_order, Member.id)
    ).all()
    return [m for m in rows if belongs_on(m, day)]


def _view(m: Member, today: date, status_day: date | None = None) -> MemberView:
    status = status_on(m.full_on, status_day or today)
    active = belongs_on(m, today)
    return MemberView(
        id=m.id, name=m.name, gender=m.gender, ethnicity=m.ethnicity, birth_date=m.birth_date,
        id_number=m.id_number, id_masked=idnumber.mask(m.id_number), education=m.education,
        joined_on=m.joined_on, full_on=m.full_on, status=status, status_label=status.label,
        group_id=m.group_id, group_name=m.group.name if m.group else "", position=m.position, phone=m.phone,
        notes=m.notes, roster_order=m.roster_order, active=active, left_on=None if active else left_on(m, today),
    )


def _event_view(e: MembershipEvent) -> EventView:
    return EventView(id=e.id, member_id=e.member_id, kind=e.kind, kind_label=e.kind.label, on=e.on, note=e.note)


def _matches(v: MemberView, query: str) -> bool:
    q = query.strip().lower()
    if not q:
        return True
    if any(q in text.lower() for text in (v.name, v.phone, v.group_name, v.position)):
        return True
    compact = q.replace(" ", "")
    return compact.isascii() and compact.isalpha() and any(compact in k for k in ordering.search_keys(v.name))


class _GroupCache:
    """Party groups by name within one unit of work, created on first use."""

    def __init__(self, s: Session):
        self.s = s
        self.by_name = {g.name: g for g in s.scalars(select(PartyGroup))}
        self.created: list[str] = []

    def get(self, name: str | None) -> PartyGroup | None:
        if not name:
            return None
        if name not in self.by_name:
            order = (self.s.scalar(select(func.max(PartyGroup.sort_order))) or 0) + 1
            group = PartyGroup(name=name, sort_order=order)
            self.s.add(group)
            self.by_name[name] = group
            self.created.append(name)
        return self.by_name[name]


class MemberService:
    def __init__(self, ws):
        self.ws = ws

    # ---- queries ----------------------------------------------------------------------------
    def default_order(self) -> str:
        try:
            return ordering.check_order(self.ws.get_setting(NAME_ORDER_SETTING) or ordering.DEFAULT_ORDER)
        except ValidationError:
            return ordering.DEFAULT_ORDER

    def _sorted(self, views, order: str | None):
        return ordering.sort_by_name(views, ordering.check_order(order) if order else self.default_order())

    def _all(self, s: Session) -> list[SimpleNamespace]:
        """Every member as :func:`_view` and :func:`belongs_on` read one — the member's columns, its ``group``
        (with its ``name``) and its ``events`` in date order as the relationship gives them — from two Core selects:
        listing the roster configures no ORM mappers. Each stored name reading goes to ``ordering`` as the ORM's
        load hook would hand it."""
        m, e, g = Member.__table__, MembershipEvent.__table__, PartyGroup.__table__
        events = defaultdict(list)
        for row in s.execute(select(e).order_by(e.c.on)):
            events[row.member_id].append(row)
        out = []
        for row in s.execute(select(m, g.c.id.label("_group_found"), g.c.name.label("_group_name"))
                             .outerjoin(g, g.c.id == m.c.group_id)):
            fields = dict(row._mapping)
            found, group_name = fields.pop("_group_found"), fields.pop("_group_name")
            ordering.remember(row.name, row.name_reading)
            out.append(SimpleNamespace(**fields, group=SimpleNamespace(name=group_name) if found is not None else None,
                                       events=events[row.id]))
        return out

    def _member(self, s: Session, member_id: int) -> Member:
        m = s.get(Member, member_id)
        if m is None:
            raise NotFound(f"找不到编号为 {member_id} 的党员，可能已被删除。请刷新列表后重试。")
        return m

    def list(self, *, order: str | None = None, search: str | None = None,
             include_left: bool = False) -> list[MemberView]:
        """Members of the branch today (``include_left`` adds those who left), filtered and ordered.
        ``order`` defaults to the book setting ``name_order``, else 姓氏笔画."""
        today = _today()
        with self.ws.session() as s:
            views = [_view(m, today) for m in self._all(s)]
        views = [v for v in views if (include_left or v.active) and (not search or _matches(v, search))]
        return self._sorted(views, order)

    def get(self, member_id: int) -> MemberView:
        with self.ws.session() as s:
            return _view(self._member(s, member_id), _today())

    def count(self, *, include_left: bool = False) -> int:
        today = _today()
        with self.ws.session() as s:
            return sum(1 for m in self._all(s) if include_left or belongs_on(m, today))

    def roster_on(self, day: date, *, order: str | None = None) -> list[MemberView]:
        """Who belonged to the branch on ``day``, with ``status`` as it was that day."""
        today = _today()
        with self.ws.session() as s:
            views = [_view(m, today, status_day=day) for m in members_on(s, day)]
        return self._sorted(views, order)

    def events(self, member_id: int) -> list[EventView]:
        with self.ws.session() as s:
            m = self._member(s, member_id)
            return [_event_view(e) for e in sorted(m.events, key=lambda e: (e.on, e.id))]

    def reveal_id_number(self, member_id: int) -> str:
        """The full ID number for display; every reveal is written to the audit log."""
        with self.ws.session() as s:
            m = self._member(s, member_id)
            if m.id_number:
                self.ws.audit("full_id", f"查看完整身份证号：{m.name}", session=s)
            return m.id_number or ""

    # ---- validation -------------------------------------------------------------------------
    def _validate(self, s: Session, data: MemberInput, today: date, exclude_id: int | None = None):
        errors = validate_rules(data, today)
        if data.id_number and not any(e.field == "id_number" for e in errors):
            other = s.scalar(select(Member).where(Member.id_number == data.id_number, Member.id != (exclude_id or -1)))
            if other is not None:
                errors.append(ValidationError(
                    f"身份证号与已有党员“{other.name}”相同。同一人不要重复添加；如果号码录错了，请核对后重新填写。",
                    "id_number"))
        return errors

    def validate(self, data: MemberInput, *, member_id: int | None = None) -> list[ValidationError]:
        """All problems with ``data``; pass ``member_id`` when editing so the member's own ID is not a duplicate."""
        with self.ws.session() as s:
            return self._validate(s, data.cleaned(), _today(), exclude_id=member_id)

    # ---- writes -----------------------------------------------------------------------------
    def _create(self, s: Session, data: MemberInput, groups: _GroupCache, order: int,
                transfer_in_on: date | None = None) -> Member:
        now = datetime.now()
        m = Member(
            name=data.name, gender=data.gender, ethnicity=data.ethnicity, birth_date=data.birth_date,
            id_number=data.id_number, education=data.education, joined_on=data.joined_on, full_on=data.full_on,
            position=data.position, phone=data.phone, notes=data.notes, roster_order=order,
            created_at=now, updated_at=now,
        )
        m.group = groups.get(data.group)
        entry = (K.TRANSFER_IN, transfer_in_on) if transfer_in_on else (K.JOINED, data.joined_on)
        m.events.append(MembershipEvent(kind=entry[0], on=entry[1], note="", created_at=now))
        if data.full_on:
            note = "转入本支部前已转正" if transfer_in_on and data.full_on < transfer_in_on else ""
            m.events.append(MembershipEvent(kind=K.FULL, on=data.full_on, note=note, created_at=now))
        s.add(m)
        return m

    @mutates("members")
    def add(self, data: MemberInput, *, transfer_in_on: date | None = None, session: Session | None = None) -> MemberView:
        """Add a member (入党 at joined_on, or 组织关系转入 at ``transfer_in_on``); raises the first problem.
        With ``session`` it joins the caller's unit of work."""
        data, today = data.cleaned(), _today()
        with self.ws.unit(session) as s:
            errors = self._validate(s, data, today)
            if transfer_in_on is not None:
                if transfer_in_on > today:
                    errors.append(ValidationError(f"转入日期（{cn(transfer_in_on)}）晚于今天，请核对。", "transfer_in_on"))
                elif data.joined_on and transfer_in_on < data.joined_on:
                    errors.append(ValidationError("转入日期不能早于入党时间，请核对。", "transfer_in_on"))
            if errors:
                raise errors[0]
            order = (s.scalar(select(func.max(Member.roster_order))) or 0) + 1
            m = self._create(s, data, _GroupCache(s), order, transfer_in_on)
            s.flush()
            view = _view(m, today)
        return replace(view, warnings=names_warnings([view.name]))

    @mutates("members")
    def update(self, member_id: int, data: MemberInput) -> MemberView:
        """Correct a member's data. A new 转正时间 adds a 转正 event; changed dates move the matching event
        (the correction is noted on it and in the audit log)."""
        data, today, now = data.cleaned(), _today(), datetime.now()
        with self.ws.session() as s:
            m = self._member(s, member_id)
            errors = self._validate(s, data, today, exclude_id=member_id)
            if not errors and data.joined_on != m.joined_on:
                early = sorted((e for e in m.events if e.kind not in (K.JOINED, K.FULL) and e.on < data.joined_on),
                               key=lambda e: e.on)
                if early:
                    errors.append(ValidationError(
                        f"该党员已有早于新入党时间的记录（{cn(early[0].on)} {early[0].kind.label}），请核对入党时间。",
                        "joined_on"))
            if errors:
                raise errors[0]
            for kind, old, new in ((K.JOINED, m.joined_on, data.joined_on), (K.FULL, m.full_on, data.full_on)):
                if old == new:
                    continue
                existing = [e for e in m.events if e.kind == kind]
                if new is None:
                    for e in existing:
                        m.events.remove(e)
                elif existing:
                    existing[-1].note = (existing[-1].note + f"（日期由{cn(existing[-1].on)}更正）").strip()
                    existing[-1].on = new
                elif kind == K.FULL:
                    m.events.append(MembershipEvent(kind=K.FULL, on=new, note="", created_at=now))
                if old is not None:
                    self.ws.audit("member_correct", f"{m.name}：{kind.label}日期由{cn(old)}改为{cn(new) if new else '空'}",
                                  session=s)
            for field in ("name", "gender", "ethnicity", "birth_date", "id_number", "education", "joined_on",
                          "full_on", "position", "phone", "notes"):
                setattr(m, field, getattr(data, field))
            m.group = _GroupCache(s).get(data.group)
            m.updated_at = now
            s.flush()
            return _view(m, today)

    @mutates("members")
    def reorder(self, member_ids: list[int]) -> None:
        """Set the roster's own order (``order="roster"``): the given members first, in this order."""
        with self.ws.session() as s:
            members = {m.id: m for m in s.scalars(select(Member))}
            missing = [i for i in member_ids if i not in members]
            if missing:
                raise NotFound(f"找不到编号为 {missing[0]} 的党员，请刷新列表后重试。")
            rest = sorted((m for m in members.values() if m.id not in set(member_ids)),
                          key=lambda m: (m.roster_order, m.id))
            for position, m in enumerate([members[i] for i in dict.fromkeys(member_ids)] + rest, start=1):
                m.roster_order = position

    def _check_event(self, m: Member, kind: K, on: date, note: str, today: date) -> None:
        def fail(message: str, field: str = "on"):
            raise ValidationError(message, field)

        if not isinstance(on, date):
            fail("请填写日期。")
        if on > today:
            fail(f"日期（{cn(on)}）晚于今天，请核对。")
        if on < m.joined_on:
            fail(f"{kind.label}日期不能早于入党时间（{cn(m.joined_on)}），请核对。")
        if kind == K.JOINED:
            fail("入党记录在添加党员时已自动生成，不需要再登记。", "kind")
        last_on, _, last_kind = _timeline(m)[-1]
        if kind.enters or kind.leaves:
            if kind.leaves and last_kind.leaves:
                fail(f"该党员已于{cn(last_on)}{last_kind.label}，不能重复登记。", "kind")
            if kind == K.TRANSFER_IN and last_kind.enters:
                fail("该党员目前在本支部，不需要登记转入。", "kind")
            if kind == K.TRANSFER_IN and last_kind in (K.DIED, K.LEFT):
                fail(f"该党员已于{cn(last_on)}{last_kind.label}，不能登记转入。", "kind")
            if on < last_on:
                fail(f"{kind.label}日期不能早于{last_kind.label}日期（{cn(last_on)}），请核对。")
            return
        if not belongs_on(m, on):
            fail(f"该党员{cn(on)}时不在本支部，不能登记{kind.label}。")
        if kind == K.FULL and m.full_on is not None:
            fail(f"该党员已于{cn(m.full_on)}转正，不能重复转正。", "kind")
        if kind == K.PROBATION_EXTENDED and m.full_on is not None and m.full_on <= on:
            fail("该党员已是正式党员，不能延长预备期。", "kind")
        if kind == K.GROUP_CHANGED:
            if not note:
                fail("请在说明中填写调入的党小组名称。", "note")
            if m.group is not None and m.group.name == note:
                fail(f"该党员已在“{note}”党小组。", "note")

    @mutates("members")
    def record_event(self, member_id: int, kind: K, on: date, note: str = "", *,
                     session: Session | None = None) -> EventView:
        """Record a dated membership event. 转正 sets full_on; 调整党小组 moves the member to the group named
        in ``note`` (created if needed). With ``session`` it joins the caller's unit of work."""
        kind, note, today, now = K(kind), (note or "").strip(), _today(), datetime.now()
        with self.ws.unit(session) as s:
            m = self._member(s, member_id)
            self._check_event(m, kind, on, note, today)
            if kind == K.FULL:
                m.full_on = on
            elif kind == K.GROUP_CHANGED:
                m.group = _GroupCache(s).get(note)
            event = MembershipEvent(kind=kind, on=on, note=note, created_at=now)
            m.events.append(event)
            m.updated_at = now
            s.flush()
            return _event_view(event)

    # ---- Excel ------------------------------------------------------------------------------
    def _existing(self, s: Session):
        ids, people = {}, {}
        for m in s.scalars(select(Member)):
            if m.id_number:
                ids[m.id_number] = m.name
            people[(m.name, m.birth_date)] = m.name
        return ids, people

    def preview_xlsx(self, path, *, sheet: str | None = None, progress: Progress = no_progress,
                     cancel: CancelToken | None = None) -> ImportPreview:
        """Read a roster and list every row's problems, without writing anything."""
        from desktop.services import roster_excel

        loaded = roster_excel.load_roster(path, sheet=sheet, progress=progress, cancel=cancel)
        with self.ws.session() as s:
            ids, people = self._existing(s)
        return roster_excel.read_roster(loaded, today=_today(), existing_ids=ids, existing_people=people,
                                        progress=progress, cancel=cancel)

    @mutates("members", "organization")  # groups named in the workbook are created
    def import_xlsx(self, source, *, sheet: str | None = None, progress: Progress = no_progress,
                    cancel: CancelToken | None = None) -> ImportResult:
        """All or nothing: any problem raises ImportRejected listing every bad row, and nothing is written.
        ``source`` is a path or a ``RosterSheet`` from ``roster_excel.load_roster``; the file is read whole
        before the write transaction starts."""
        from desktop.services import roster_excel
        from desktop.services.roster_excel import ImportResult

        loaded = source if isinstance(source, roster_excel.RosterSheet) else roster_excel.load_roster(
            source, sheet=sheet, progress=progress, cancel=cancel)
        with self.ws.session() as s:
            ids, people = self._existing(s)
            preview = roster_excel.read_roster(loaded, today=_today(), existing_ids=ids, existing_people=people,
                                               progress=progress, cancel=cancel)
            if not preview.ok:
                raise preview.rejection()
            groups = _GroupCache(s)
            order = s.scalar(select(func.max(Member.roster_order))) or 0
            created = [self._create(s, data, groups, order + i) for i, data in enumerate(preview.members, start=1)]
            s.flush()
            name = Path(loaded.path).name
            self.ws.audit("member_import", f"从 {name}（工作表“{loaded.sheet}”）导入党员 {len(created)} 名", session=s)
            result = ImportResult(len(created), tuple(m.id for m in created), tuple(groups.created), loaded.sheet)
        return replace(result, warnings=names_warnings([d.name for d in preview.members]))

    def export_xlsx(self, path, *, full_id: bool = False, order: str | None = None) -> Path:
        """Write the current roster; ID numbers masked unless ``full_id`` (which is logged)."""
        from desktop.services import roster_excel

        views = self.list(order=order)
        title = f"{self.ws.branch().name}党员花名册（{cn(_today())}）"
        written = roster_excel.write_roster(path, views, full_id=full_id, title=title)
        if full_id:
            self.ws.audit("full_id", f"导出花名册含完整身份证号：{written}（{len(views)}人）")
        return written
