"""The cadence rule set as data (``resources/rules/cadence.toml``): what each rule counts, over which period,
how many, by when, how serious a miss is and where the rule comes from; plus the thresholds of the member and
branch checks. ``load_ruleset`` validates a file and reports every problem in Chinese.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from desktop import paths
from desktop.domain.meeting_enums import MeetingKind
from desktop.rules.filecheck import Checker, decode, parse_toml, sha256_text
from desktop.rules.periods import KINDS, Period, add_months

DEFAULT_FILE = ("rules", "cadence.toml")
MEASURES = ("count", "per_group", "study_hours", "talk_coverage")
RECORDS = ("meeting", "heart_talk", "evaluation")
SEVERITIES = ("critical", "warning", "info")
LECTURERS = ("secretary", "committee")
TALK_MODES = ("any", "each", "secretary")
MEETING_KINDS = tuple(k.value for k in MeetingKind)
_DUE = re.compile(r"^(end(\+(\d{1,3}))?|day:(\d{1,2}))$")


@dataclass(frozen=True)
class Applies:
    """When a rule applies; all conditions must hold on the period's reference day (else 不适用)."""

    committee_members_at_least: int = 0  # e.g. 3: a branch without a 支委会 holds no 支委会会议
    full_members_at_least: int = 0
    groups_at_least: int = 0  # party groups that have members
    secretary: bool = False  # a 书记 is recorded

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v}


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    measure: str  # count | per_group | study_hours | talk_coverage
    record: str  # meeting | heart_talk | evaluation: the record type it counts (ids in results are of this type)
    period: str  # month | quarter | half | year
    minimum: int
    due: str  # "end", "end+N" (N days of grace), or "day:N" (day N of the period's last month)
    severity: str
    source: str
    local: bool = False  # a local rule, not national regulation
    note: str = ""
    meeting_kinds: tuple[str, ...] = ()
    lecturer: str | None = None  # only lectures given by the secretary / a committee member count
    hours: int = 0  # study_hours: hours per member per year (pro-rated, see docs/rules.md)
    committee_pairs: bool = True  # talk_coverage: every two committee members
    committee_member: str = "any"  # talk_coverage: any | each | secretary (see docs/rules.md)
    applies: Applies = field(default_factory=Applies)

    def due_on(self, period: Period) -> date:
        m = _DUE.match(self.due)
        if m.group(4):
            last_month = date(period.end.year, period.end.month, 1)
            return min(period.end, last_month.replace(day=1) + timedelta(days=int(m.group(4)) - 1))
        return period.end + timedelta(days=int(m.group(3) or 0))

    def as_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "measure": self.measure, "record": self.record,
                "period": self.period, "minimum": self.minimum, "due": self.due, "severity": self.severity,
                "source": self.source, "local": self.local, "note": self.note,
                "meeting_kinds": list(self.meeting_kinds), "lecturer": self.lecturer, "hours": self.hours,
                "applies": self.applies.as_dict()}


@dataclass(frozen=True)
class MemberChecks:
    absence_streak_warn: int = 3  # meetings missed in a row
    no_attendance_months: int = 6  # 党章第九条
    no_attendance_source: str = "《中国共产党章程》第九条"
    attendance_window_months: int = 12
    probation_notice_days: int = 30
    probation_source: str = "《中国共产党章程》第七条"
    data_gaps: tuple[str, ...] = ("id_number", "phone", "group")


@dataclass(frozen=True)
class BranchChecks:
    min_full_members: int = 3
    committee_full_members: int = 7
    committee_min_size: int = 3
    max_members: int = 50
    size_source: str = ""
    term_warn_months: int = 6
    term_source: str = ""
    recruitment_within_days: int = 30


@dataclass(frozen=True)
class RuleSet:
    version: str
    title: str
    source: str
    rules: tuple[Rule, ...]
    members: MemberChecks
    branch: BranchChecks
    sha256: str
    origin: str = "default"  # default | file | committee
    name: str = "cadence.toml"

    def rule(self, rule_id: str) -> Rule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)

    def info(self) -> dict:
        return {"version": self.version, "title": self.title, "sha256": self.sha256, "origin": self.origin,
                "name": self.name, "rules": len(self.rules)}


def _rule(c: Checker, t: dict, i: int) -> Rule | None:
    rid = t.get("id")
    where = f"第{i}条规则（{rid}）" if isinstance(rid, str) else f"第{i}条规则"
    c.unknown(t, ("id", "title", "measure", "record", "period", "minimum", "due", "severity", "source", "local",
                  "note", "meeting_kind", "lecturer", "hours", "committee_pairs", "committee_member", "applies"),
              where)
    if not isinstance(rid, str) or not re.fullmatch(r"[a-z][a-z0-9_]{1,39}", rid):
        c.fail(where, "id 应为小写英文字母、数字和下划线组成的代号（如 committee_meeting）。")
    measure = c.choice(t, "measure", where, MEASURES, required=False, default="count")
    record = c.choice(t, "record", where, RECORDS, required=False, default="meeting")
    period = c.choice(t, "period", where, KINDS)
    due = t.get("due", "end")
    m = _DUE.match(due) if isinstance(due, str) else None
    if m is None or (m.group(4) and not 1 <= int(m.group(4)) <= 31):
        c.fail(where, f"due 应为 \"end\"（期末）、\"end+N\"（期末后N天）或 \"day:N\"（期内最后一个月的第N天），现在是 {due!r}。")
        due = "end"
    kinds = c.names(t, "meeting_kind", where, MEETING_KINDS, required=measure in ("count", "per_group")
                    and record == "meeting")
    if measure == "per_group" and kinds != ("group_meeting",):
        c.fail(where, "measure = \"per_group\" 只用于党小组会：meeting_kind 应为 \"group_meeting\"。")
    if record == "evaluation" and period != "year":
        c.fail(where, "民主评议按年度统计：period 应为 \"year\"。")
    if measure in ("study_hours", "talk_coverage") and period != "year":
        c.fail(where, f"measure = \"{measure}\" 按年度统计：period 应为 \"year\"。")
    if measure == "talk_coverage" and record != "heart_talk":
        c.fail(where, "谈心谈话覆盖（talk_coverage）应统计 record = \"heart_talk\"。")
    applies_t = t.get("applies", {})
    if not isinstance(applies_t, dict):
        c.fail(where, "applies 应为表（[rules.applies]）。")
        applies_t = {}
    aw = f"{where}的 applies"
    c.unknown(applies_t, ("committee_members_at_least", "full_members_at_least", "groups_at_least", "secretary"), aw)
    applies = Applies(
        c.integer(applies_t, "committee_members_at_least", aw, required=False, low=0, high=50),
        c.integer(applies_t, "full_members_at_least", aw, required=False, low=0, high=1000),
        c.integer(applies_t, "groups_at_least", aw, required=False, low=0, high=100),
        c.flag(applies_t, "secretary", aw))
    return Rule(
        id=rid if isinstance(rid, str) else "", title=c.text(t, "title", where, limit=60), measure=measure,
        record=record, period=period,
        minimum=c.integer(t, "minimum", where, required=measure not in ("study_hours", "talk_coverage"), default=1,
                          low=1, high=100),
        due=due, severity=c.choice(t, "severity", where, SEVERITIES, default="warning"),
        source=c.text(t, "source", where), local=c.flag(t, "local", where), note=c.text(t, "note", where,
                                                                                      required=False),
        meeting_kinds=kinds, lecturer=c.choice(t, "lecturer", where, LECTURERS, required=False),
        hours=c.integer(t, "hours", where, required=measure == "study_hours", low=1, high=500),
        committee_pairs=c.flag(t, "committee_pairs", where, True),
        committee_member=c.choice(t, "committee_member", where, TALK_MODES, required=False, default="any"),
        applies=applies)


def _members(c: Checker, t: dict) -> MemberChecks:
    where, d = "[members]", MemberChecks()
    c.unknown(t, MemberChecks.__dataclass_fields__, where)
    return MemberChecks(
        c.integer(t, "absence_streak_warn", where, required=False, default=d.absence_streak_warn, low=1, high=50),
        c.integer(t, "no_attendance_months", where, required=False, default=d.no_attendance_months, low=1, high=24),
        c.text(t, "no_attendance_source", where, required=False, default=d.no_attendance_source),
        c.integer(t, "attendance_window_months", where, required=False, default=d.attendance_window_months, low=1,
                  high=12),
        c.integer(t, "probation_notice_days", where, required=False, default=d.probation_notice_days, low=0,
                  high=365),
        c.text(t, "probation_source", where, required=False, default=d.probation_source),
        c.names(t, "data_gaps", where, ("id_number", "phone", "group"), required=False) if "data_gaps" in t
        else d.data_gaps)


def _branch(c: Checker, t: dict) -> BranchChecks:
    where, d = "[branch]", BranchChecks()
    c.unknown(t, BranchChecks.__dataclass_fields__, where)

    def n(key, low=0, high=1000):
        return c.integer(t, key, where, required=False, default=getattr(d, key), low=low, high=high)

    return BranchChecks(n("min_full_members", 1), n("committee_full_members", 1), n("committee_min_size", 1, 7),
                        n("max_members", 1, 10000), c.text(t, "size_source", where, required=False),
                        n("term_warn_months", 0, 36), c.text(t, "term_source", where, required=False),
                        n("recruitment_within_days", 0, 365))


def parse_ruleset(text: str, name: str, origin: str = "file") -> RuleSet:
    """A rule set from TOML text; raises RuleFileError listing every problem."""
    data = parse_toml(text, name)
    c = Checker(name)
    if data.get("kind", "cadence") != "cadence":
        c.fail("", f"这是“{data.get('kind')}”类规则文件，不是组织生活制度规则（kind = \"cadence\"）。")
        c.done()
    c.unknown(data, ("kind", "version", "title", "source", "rules", "members", "branch"), "文件开头")
    version = c.text(data, "version", "文件开头", limit=40)
    title = c.text(data, "title", "文件开头", limit=100)
    source = c.text(data, "source", "文件开头", required=False)
    tables = data.get("rules")
    if not isinstance(tables, list) or not tables or not all(isinstance(t, dict) for t in tables):
        c.fail("", "没有任何规则：每条规则以 [[rules]] 开头。")
        tables = []
    rules = [_rule(c, t, i) for i, t in enumerate(tables, 1)]
    seen = set()
    for r in rules:
        if r.id in seen:
            c.fail("", f"规则代号 {r.id} 重复出现，每条规则的 id 应不同。")
        seen.add(r.id)
    members = _members(c, data.get("members", {}) if isinstance(data.get("members", {}), dict) else {})
    branch = _branch(c, data.get("branch", {}) if isinstance(data.get("branch", {}), dict) else {})
    c.done()
    return RuleSet(version, title, source, tuple(rules), members, branch, sha256_text(text), origin, name)


def load_bytes(data: bytes, name: str, origin: str = "file") -> RuleSet:
    return parse_ruleset(decode(data, name), name, origin)


@lru_cache(maxsize=16)
def cached(text: str, name: str, origin: str) -> RuleSet:
    """Parsing is cheap, but ``status`` runs often: the same text gives the same (immutable) rule set."""
    return parse_ruleset(text, name, origin)


def default_text() -> str:
    return paths.resource_path(*DEFAULT_FILE).read_text("utf-8")


def default_ruleset() -> RuleSet:
    return cached(default_text(), DEFAULT_FILE[-1], "default")


def term_warn_from(term_end: date, months: int) -> date:
    return add_months(term_end, -months)
