"""Per member: attendance rate, meetings missed in a row, months without any organizational life, study
hours, 预备期 end (转正 due) and missing data — with the alerts they raise.

Attendance counts finalized meetings at which the member was expected (应到), over the last
``attendance_window_months``; 请假 is not 出席 but is shown apart from 缺席. The 6-month rule (党章第九条)
is critical when the member was expected at meetings in that time, attended none and was absent without
leave at least once; if every one was 请假, it is a warning to look into.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop.domain.enums import MemberStatus
from desktop.domain.meeting_enums import AttendanceStatus
from desktop.rules.cadence import cn
from desktop.rules.coverage import member_hours
from desktop.rules.facts import FINAL, BookFacts, MemberFact
from desktop.rules.periods import add_months, period_of
from desktop.rules.results import Alert, MemberHours
from desktop.rules.ruleset import RuleSet

PRESENT, ON_LEAVE, ABSENT = (AttendanceStatus.PRESENT.value, AttendanceStatus.ON_LEAVE.value,
                             AttendanceStatus.ABSENT.value)
GAP_LABELS = {"id_number": "身份证号", "phone": "联系电话", "group": "所在党小组"}


@dataclass(frozen=True)
class MemberHealth:
    member_id: int
    name: str
    status: MemberStatus
    group_name: str
    expected: int  # finalized meetings in the window where the member was 应到
    present: int
    on_leave: int
    absent: int
    attendance_rate: float | None  # present / expected, None without any meeting
    missed_in_a_row: int  # latest meetings not attended (缺席 or 请假), counting back from the day asked about
    last_present: date | None
    study: MemberHours | None  # this year, if a study-hours rule exists
    probation_end: date | None  # for 预备党员
    gaps: tuple[str, ...]  # id_number | phone | group

    def as_dict(self) -> dict:
        return {"member_id": self.member_id, "name": self.name, "status": self.status.value,
                "status_label": self.status.label, "group": self.group_name, "expected": self.expected,
                "present": self.present, "on_leave": self.on_leave, "absent": self.absent,
                "attendance_rate": self.attendance_rate, "missed_in_a_row": self.missed_in_a_row,
                "last_present": self.last_present,
                "study_hours": self.study.hours if self.study else None,
                "study_target_hours": self.study.target_hours if self.study else None,
                "probation_end": self.probation_end, "gaps": list(self.gaps)}


def _attendance(facts: BookFacts, at: date) -> dict[int, list[tuple[date, str]]]:
    """Per member, (day, status) of each finalized meeting up to ``at`` where they were expected, by date."""
    out: dict[int, list[tuple[date, str]]] = {}
    for m in facts.meetings:
        if m.status != FINAL or m.day > at:
            continue
        for member_id, status in m.attendance:
            out.setdefault(member_id, []).append((m.day, status))
    return out


def _gaps(m: MemberFact, ruleset: RuleSet, has_groups: bool) -> tuple[str, ...]:
    checks = ruleset.members.data_gaps
    found = []
    if "id_number" in checks and not m.id_number:
        found.append("id_number")
    if "phone" in checks and not m.phone.strip():
        found.append("phone")
    if "group" in checks and has_groups and m.group_id is None:
        found.append("group")
    return tuple(found)


def member_health(facts: BookFacts, ruleset: RuleSet, at: date) -> list[MemberHealth]:
    window_from = add_months(at, -ruleset.members.attendance_window_months)
    seen = _attendance(facts, at)
    study_rule = next((r for r in ruleset.rules if r.measure == "study_hours"), None)
    study = {}
    if study_rule is not None:
        rows, _, _ = member_hours(study_rule, facts, period_of("year", at), at)
        study = {r.member_id: r for r in rows}
    has_groups = bool(facts.groups)
    out = []
    for m in facts.members_on(at):
        rows = seen.get(m.id, [])
        recent = [s for d, s in rows if d > window_from]
        streak = 0
        for _, status in reversed(rows):
            if status == PRESENT:
                break
            streak += 1
        last_present = max((d for d, s in rows if s == PRESENT), default=None)
        status = m.status_on(at)
        out.append(MemberHealth(
            m.id, m.name, status, facts.groups.get(m.group_id, ("", None))[0], len(recent),
            recent.count(PRESENT), recent.count(ON_LEAVE), recent.count(ABSENT),
            round(recent.count(PRESENT) / len(recent), 3) if recent else None, streak, last_present,
            study.get(m.id), m.probation_end if status == MemberStatus.PROBATIONARY else None,
            _gaps(m, ruleset, has_groups)))
    return out


def _no_attendance(h: MemberHealth, m: MemberFact, facts: BookFacts, ruleset: RuleSet, at: date,
                   rows: list[tuple[date, str]]) -> Alert | None:
    months = ruleset.members.no_attendance_months
    since = add_months(at, -months)
    entered = m.entered_on(at)
    if entered is None or entered > since:
        return None
    recent = [s for d, s in rows if d > since]
    if not recent or PRESENT in recent:
        return None
    last = f"最近一次参加是{cn(h.last_present)}" if h.last_present else "近期没有出席记录"
    if ABSENT in recent:
        return Alert("member_no_attendance", "critical",
                     f"{m.name}已连续{months}个月未参加组织生活（期间应到{len(recent)}次，{last}）。"
                     f"无正当理由连续{months}个月不参加党的组织生活的，按自行脱党处理，请尽快谈话了解情况并做好教育。",
                     "member", m.id, source=ruleset.members.no_attendance_source)
    return Alert("member_long_leave", "warning",
                 f"{m.name}已连续{months}个月请假未参加组织生活（期间应到{len(recent)}次，{last}），请了解情况，"
                 "必要时组织补学。", "member", m.id, source=ruleset.members.no_attendance_source)


def member_alerts(health: list[MemberHealth], facts: BookFacts, ruleset: RuleSet, at: date) -> list[Alert]:
    rules = ruleset.members
    seen = _attendance(facts, at)
    by_id = {m.id: m for m in facts.members}
    out: list[Alert] = []
    for h in health:
        m = by_id[h.member_id]
        critical = _no_attendance(h, m, facts, ruleset, at, seen.get(m.id, []))
        if critical is not None:
            out.append(critical)
        elif h.missed_in_a_row >= rules.absence_streak_warn:
            out.append(Alert("member_absences", "warning",
                             f"{m.name}已连续{h.missed_in_a_row}次未参加组织生活（缺席或请假），请谈心谈话了解原因。",
                             "member", m.id))
        if h.probation_end is not None and m.id not in facts.recruit_members:
            days = (h.probation_end - at).days
            if days < 0:
                out.append(Alert("member_probation_overdue", "warning",
                                 f"{m.name}的预备期已于{cn(h.probation_end)}届满，尚未登记转正。请及时召开支部党员大会讨论转正"
                                 "（或延长预备期），并报上级党委审批；已转正的请登记转正时间。",
                                 "member", m.id, due=h.probation_end, source=rules.probation_source))
            elif days <= rules.probation_notice_days:
                out.append(Alert("member_probation_due", "info",
                                 f"{m.name}的预备期将于{cn(h.probation_end)}届满（还有{days}天），请提醒本人提交转正申请，"
                                 "并准备支部党员大会讨论转正。", "member", m.id, due=h.probation_end,
                                 source=rules.probation_source))
    for gap, label in GAP_LABELS.items():
        who = [h for h in health if gap in h.gaps]
        if who:
            names = "、".join(h.name for h in who[:8]) + (f"等{len(who)}人" if len(who) > 8 else "")
            out.append(Alert(f"member_missing_{gap}", "info", f"{names}未填写{label}，请在党员信息中补充。", "member",
                             member_ids=tuple(h.member_id for h in who)))
    return out
