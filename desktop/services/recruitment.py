"""发展党员: people in the pipeline, their dated steps, and what is due next (rules in recruitment.toml).

When the upper committee approves (``approved``) the recruit becomes a 预备党员: a Member is created with
``joined_on`` = the branch assembly's date, and linked. 转正 approval sets the member's full date to the end of
the probation term; an extension is recorded on the member too.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from types import SimpleNamespace

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.changes import mutates
from desktop.domain import idnumber
from desktop.domain import recruitment_rules as RR
from desktop.domain.enums import GENDERS, MembershipEventKind
from desktop.domain.member_rules import MemberInput, status_on
from desktop.domain.recruitment_rules import ContactRole, RecruitStage, StepFact
from desktop.errors import NotFound, ValidationError
from desktop.storage.models import Member
from desktop.storage.models_recruitment import Recruit, RecruitContact, RecruitStep

MAX_LENGTHS = {"name": 40, "unit": 100, "position": 100, "phone": 40, "education": 20, "ethnicity": 20}
LABELS = {"name": "姓名", "unit": "工作单位", "position": "岗位职务", "phone": "联系电话", "education": "学历",
          "ethnicity": "民族"}
STAGE_ORDER = list(RecruitStage)


def _today() -> date:
    return date.today()


@dataclass(frozen=True)
class StepView:
    id: int
    step: str
    step_label: str
    on: date
    details: dict = field(hash=False)
    note: str = ""


@dataclass(frozen=True)
class Deadline:
    recruit_id: int
    recruit_name: str
    step: str
    step_label: str
    due: date
    kind: str  # "deadline": must happen by ``due``; "earliest": allowed from ``due``
    overdue: bool
    days_left: int  # negative when overdue
    rule_id: str
    title: str
    source: str


@dataclass(frozen=True)
class RecruitView:
    id: int
    name: str
    gender: str
    birth_date: date
    unit: str
    position: str
    phone: str
    stage: RecruitStage
    stage_label: str
    next_step: str | None
    next_step_label: str
    next_due: date | None
    overdue: bool
    days_left: int | None
    problems: tuple[str, ...]
    deadlines: tuple[Deadline, ...]
    earliest: tuple[Deadline, ...]
    probation_end: date | None
    member_id: int | None
    contacts: tuple[tuple[int, str], ...]  # (member id, name)
    introducers: tuple[tuple[int, str], ...]
    steps: tuple[StepView, ...]
    warnings: tuple[str, ...] = ()  # from the step just recorded


class RecruitmentService:
    def __init__(self, ws, rules: RR.RecruitmentRules | None = None):
        self.ws = ws
        self.rules = rules or RR.load_rules()

    # ---- reading ----------------------------------------------------------------------------
    def _recruit(self, s: Session, recruit_id: int) -> Recruit:
        r = s.get(Recruit, recruit_id)
        if r is None:
            raise NotFound(f"找不到编号为 {recruit_id} 的发展对象记录，请用“recruits list”查看编号。")
        return r

    def _facts(self, r: Recruit, extra_roles: dict | None = None) -> RR.RecruitFacts:
        roles: dict = {}
        for c in r.contacts:
            roles[c.role] = roles.get(c.role, 0) + 1
        for role, n in (extra_roles or {}).items():
            roles[role] = roles.get(role, 0) + n
        steps = tuple(StepFact(st.step, st.on, json.loads(st.details or "{}")) for st in r.steps)
        return RR.RecruitFacts(r.birth_date, steps, roles)

    def _view(self, r: Recruit, on: date, warnings=()) -> RecruitView:
        ev = RR.evaluate(self._facts(r), self.rules, on)

        def deadline(d: RR.Due) -> Deadline:
            left = (d.due - on).days
            return Deadline(r.id, r.name, d.step, d.step_label, d.due, d.kind, d.kind == "deadline" and left < 0,
                            left, d.rule_id, d.title, d.source)

        deadlines = tuple(deadline(d) for d in ev.deadlines)
        earliest = tuple(deadline(d) for d in ev.earliest)
        if deadlines:
            first = deadlines[0]
            nxt, due, overdue, left = first.step, first.due, first.overdue, first.days_left
        else:
            nxt = ev.next_step
            when = next((d for d in earliest if d.step == nxt), None)
            due, overdue, left = (when.due, False, when.days_left) if when else (None, False, None)
        people = {role: tuple((c.member_id, c.member.name) for c in r.contacts if c.role == role) for role in ContactRole}
        return RecruitView(
            r.id, r.name, r.gender, r.birth_date, r.unit, r.position, r.phone, ev.stage, ev.stage.label, nxt,
            self.rules.steps[nxt].label if nxt else "", due, overdue, left, ev.problems, deadlines, earliest,
            ev.probation_end, r.member_id, people[ContactRole.CONTACT], people[ContactRole.INTRODUCER],
            tuple(StepView(st.id, st.step, self._label(st.step), st.on, json.loads(st.details or "{}"), st.note)
                  for st in sorted(r.steps, key=lambda st: (st.on, st.id))),
            tuple(warnings),
        )

    def _label(self, step: str) -> str:
        return self.rules.steps[step].label if step in self.rules.steps else step

    def _all(self, s: Session) -> list[SimpleNamespace]:
        """Every recruit as :meth:`_view` reads it — the recruit's columns, its ``steps`` and ``contacts`` in id
        order as the relationships give them, each contact's ``member`` (its ``name``) — from three Core selects:
        the pipeline (the 首页's deadlines, ``status``) configures no ORM mappers."""
        r, st, c, m = Recruit.__table__, RecruitStep.__table__, RecruitContact.__table__, Member.__table__
        steps, contacts = defaultdict(list), defaultdict(list)
        for row in s.execute(select(st).order_by(st.c.id)):
            steps[row.recruit_id].append(row)
        for row in s.execute(select(c.c.recruit_id, c.c.member_id, c.c.role, m.c.id.label("found"), m.c.name)
                             .outerjoin(m, m.c.id == c.c.member_id).order_by(c.c.id)):
            member = SimpleNamespace(name=row.name) if row.found is not None else None
            contacts[row.recruit_id].append(SimpleNamespace(member_id=row.member_id, role=row.role, member=member))
        return [SimpleNamespace(**row._mapping, steps=steps[row.id], contacts=contacts[row.id])
                for row in s.execute(select(r).order_by(r.c.id))]

    def get(self, recruit_id: int, on: date | None = None) -> RecruitView:
        with self.ws.session() as s:
            return self._view(self._recruit(s, recruit_id), on or _today())

    def pipeline(self, on: date | None = None, *, include_closed: bool = False) -> list[RecruitView]:
        """Everyone in the pipeline with stage, next step and due date; overdue first, then by due date."""
        on = on or _today()
        with self.ws.session() as s:
            views = [self._view(r, on) for r in self._all(s)]
        if not include_closed:
            views = [v for v in views if v.stage not in (RecruitStage.FULL, RecruitStage.STOPPED)]
        far = date.max
        return sorted(views, key=lambda v: (not v.overdue, v.next_due or far, STAGE_ORDER.index(v.stage), v.id))

    def deadlines(self, on: date | None = None, within_days: int = 30) -> list[Deadline]:
        """Overdue steps and steps due within ``within_days`` days, for the dashboard."""
        on = on or _today()
        out = [d for v in self.pipeline(on) for d in v.deadlines if d.overdue or d.days_left <= within_days]
        return sorted(out, key=lambda d: (d.due, d.recruit_id))

    # ---- writing ----------------------------------------------------------------------------
    @mutates("recruitment")
    def add(self, name: str, gender: str, birth_date: date, applied_on: date, *, id_number: str | None = None,
            unit: str = "", position: str = "", phone: str = "", education: str = "", ethnicity: str = "汉族",
            notes: str = "") -> RecruitView:
        """Register a person who has handed in an application (递交入党申请书 on ``applied_on``)."""
        today = _today()
        fields = {"name": "".join((name or "").split()), "unit": (unit or "").strip(),
                  "position": (position or "").strip(), "phone": (phone or "").strip(),
                  "education": (education or "").strip(), "ethnicity": (ethnicity or "").strip() or "汉族"}
        gender = (gender or "").strip()
        if not fields["name"]:
            raise ValidationError("请填写姓名。", "name")
        if gender not in GENDERS:
            raise ValidationError("性别应为“男”或“女”。", "gender")
        for key, limit in MAX_LENGTHS.items():
            if len(fields[key]) > limit:
                raise ValidationError(f"{LABELS[key]}太长（最多{limit}个字），请精简。", key)
        if not isinstance(birth_date, date):
            raise ValidationError("请填写出生日期。", "birth_date")
        if not isinstance(applied_on, date):
            raise ValidationError("请填写递交入党申请书的日期。", "applied_on")
        if birth_date >= applied_on:
            raise ValidationError("出生日期应早于递交入党申请书的日期，请核对。", "birth_date")
        number = idnumber.normalize(id_number) or None
        if number:
            info = idnumber.parse(number, today)
            if info.birth_date != birth_date:
                raise ValidationError(f"身份证号中的出生日期（{RR.cn(info.birth_date)}）与填写的出生日期不一致，请核对。",
                                      "birth_date")
            if info.gender != gender:
                raise ValidationError(f"身份证号显示性别为“{info.gender}”，与填写的性别不一致，请核对。", "gender")
        errors, _ = RR.check_step(RR.RecruitFacts(birth_date, ()), self.rules, StepFact("applied", applied_on), today)
        if errors:
            raise errors[0]
        now = datetime.now()
        with self.ws.session() as s:
            if number and s.scalar(select(Recruit.id).where(Recruit.id_number == number)):
                raise ValidationError("已有相同身份证号的发展对象记录，请勿重复登记。", "id_number")
            r = Recruit(gender=gender, birth_date=birth_date, id_number=number, notes=(notes or "").strip(),
                        created_at=now, updated_at=now, **fields)
            r.steps.append(RecruitStep(step="applied", on=applied_on, details="{}", note="", created_at=now))
            s.add(r)
            s.flush()
            self.ws.audit("recruit_add", f"{r.name} {RR.cn(applied_on)}递交入党申请书", session=s)
            return self._view(r, today)

    @mutates("recruitment", "members")
    def record_step(self, recruit_id: int, step: str, on: date, *, note: str = "", **details) -> RecruitView:
        """Record a dated step; enforced rules refuse it, the others come back as ``warnings``.

        Details by step: activist ``contacts=[member ids]``; candidate/admitted ``introducers=[member ids]``;
        training ``hours=``/``days=``; extended ``months=``; stopped ``reason=``; votes ``votes_for=`` ….
        """
        today = _today()
        if not isinstance(on, date):
            raise ValidationError("请填写日期。", "on")
        definition = self.rules.steps.get(step)
        with self.ws.session() as s:
            r = self._recruit(s, recruit_id)
            if definition is None:
                errors, _ = RR.check_step(self._facts(r), self.rules, StepFact(step, on), today)
                raise errors[0]
            people, plain = self._details(s, r, definition, on, details)
            facts = self._facts(r, {role: len(ids) for role, ids in people.items()})
            errors, warnings = RR.check_step(facts, self.rules, StepFact(step, on, plain), today)
            if errors:
                raise errors[0]
            admitted = facts.all("admitted")
            member_input = self._member_input(r, admitted[0].on) if step == "approved" else None
            member_id = r.member_id
            probation_end = RR.evaluate(facts, self.rules, on).probation_end
            # one unit of work: the new Member, its events and the step are written together or not at all
            if member_input is not None and member_id is None:
                member_id = self.ws.members.add(member_input, session=s).id
            if member_id is not None and step == "extended":
                self.ws.members.record_event(member_id, MembershipEventKind.PROBATION_EXTENDED, on,
                                             f"延长预备期{plain['months']}个月", session=s)
            if member_id is not None and step == "full_approved":
                end = RR.evaluate(RR.RecruitFacts(facts.birth_date, facts.steps + (StepFact(step, on, plain),),
                                                  facts.roles), self.rules, on).probation_end or probation_end
                self.ws.members.record_event(member_id, MembershipEventKind.FULL, end,
                                             "经上级党委批准，预备期满转为正式党员", session=s)
            now = datetime.now()
            r.member_id, r.updated_at = member_id, now
            r.steps.append(RecruitStep(step=step, on=on, details=json.dumps(plain, ensure_ascii=False),
                                       note=(note or "").strip(), created_at=now))
            for role, ids in people.items():
                for mid in ids:
                    r.contacts.append(RecruitContact(member_id=mid, role=role, since=on))
            s.flush()
            s.expire(r, ["contacts"])
            self.ws.audit("recruit_step", f"{r.name} {RR.cn(on)} {definition.label}", session=s)
            return self._view(r, today, warnings)

    def _details(self, s: Session, r: Recruit, definition: RR.StepDef, on: date, details: dict):
        people: dict[ContactRole, list[int]] = {}
        plain: dict = {}
        for key, value in details.items():
            if value in (None, "", [], ()):
                continue
            if key not in definition.fields:
                allowed = "、".join(RR.FIELD_LABELS.get(f, f) for f in definition.fields) or "无"
                raise ValidationError(f"“{definition.label}”不需要填写{RR.FIELD_LABELS.get(key, key)}（可填写：{allowed}）。",
                                      key)
            if key in RR.ROLE_FIELDS:
                people[RR.ROLE_FIELDS[key]] = self._people(s, r, RR.ROLE_FIELDS[key], value, on)
            elif key in RR.NUMBER_FIELDS:
                plain[key] = _number(key, value)
            else:
                plain[key] = str(value).strip()
        return people, plain

    def _people(self, s: Session, r: Recruit, role: ContactRole, ids, on: date) -> list[int]:
        from desktop.services.members import belongs_on

        existing = {c.member_id for c in r.contacts if c.role == role}
        out = []
        for mid in ids:
            m = s.get(Member, int(mid))
            if m is None:
                raise NotFound(f"找不到编号为 {mid} 的党员，不能指定为{role.label}。")
            if not belongs_on(m, on) or status_on(m.full_on, on).value != "full":
                raise ValidationError(f"{m.name}在{RR.cn(on)}不是本支部的正式党员，不能担任{role.label}。", role.value)
            if m.id not in existing and m.id not in out:
                out.append(m.id)
        return out

    def _member_input(self, r: Recruit, admitted_on: date) -> MemberInput:
        return MemberInput(name=r.name, gender=r.gender, birth_date=r.birth_date, joined_on=admitted_on, full_on=None,
                           id_number=r.id_number, ethnicity=r.ethnicity, education=r.education,
                           position=r.position, phone=r.phone, notes=f"由发展党员记录（编号{r.id}）转入")


def _number(key: str, value):
    label = RR.FIELD_LABELS.get(key, key)
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValidationError(f"{label}“{value}”不是有效的数字。", key) from None
    if not number.is_finite() or number < 0:
        raise ValidationError(f"{label}应为不小于0的数字。", key)
    if key in ("hours", "days"):
        return int(number) if number == number.to_integral_value() else str(number)
    if number != number.to_integral_value():
        raise ValidationError(f"{label}应为整数。", key)
    return int(number)
