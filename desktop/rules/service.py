"""``ws.rules``: the active rule set of a book, and the engine's answers for a day or a year.

A book keeps the full text of any rule file loaded into it (book setting ``rules.cadence`` / ``rules.assessment``)
with its version and SHA-256, so the book stays self-contained and a later change of the bundled defaults does
not silently change how it is judged. Without a loaded file the bundled defaults apply.

Hook for sync (a committee-signed rule file): the sync importer verifies the signature first, then calls
``install_committee_file(data, name, signer=…)``; the origin is then recorded as "committee".
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from desktop.changes import mutates
from desktop.domain.meeting_enums import MeetingKind
from desktop.errors import ValidationError
from desktop.rules import alerts as alert_list
from desktop.rules import rubric as rubric_mod
from desktop.rules import ruleset as ruleset_mod
from desktop.rules.cadence import evaluate, window_start
from desktop.rules.facts import BookFacts, load_facts
from desktop.rules.filecheck import decode, parse_toml, sha256_text
from desktop.rules.members_health import MemberHealth, member_health
from desktop.rules.periods import add_months, periods_in_year
from desktop.rules.results import RuleResult
from desktop.rules.rubric import Rubric
from desktop.rules.ruleset import RuleSet
from desktop.rules.status import StatusReport, compute
from desktop.storage.models import BookSetting, setting_text

SETTINGS = {"cadence": "rules.cadence", "assessment": "rules.assessment"}
ORIGINS = ("file", "committee")


@dataclass(frozen=True)
class CalendarEntry:
    """One activity on the year's calendar (heat map): finalized and draft records, voided ones left out."""

    day: date
    record_type: str  # meeting | heart_talk | evaluation
    kind: str  # the meeting kind, or heart_talk / member_evaluation
    kind_label: str
    record_id: int
    status: str  # final | draft


def file_kind(text: str, name: str) -> str:
    kind = parse_toml(text, name).get("kind", "cadence")
    if kind not in SETTINGS:
        raise ValidationError(f"规则文件“{name}”的 kind = {kind!r} 无法识别：应为 \"cadence\"（组织生活制度）或 "
                              "\"assessment\"（考评细则）。", "rules")
    return kind


class RulesService:
    def __init__(self, ws):
        self.ws = ws

    # ---- the active rule set and rubric -----------------------------------------------------------
    def _stored(self, s: Session, kind: str) -> dict | None:
        text = setting_text(s, SETTINGS[kind])
        return json.loads(text) if text is not None else None

    def _ruleset(self, s: Session) -> RuleSet:
        stored = self._stored(s, "cadence")
        if not stored:
            return ruleset_mod.default_ruleset()
        return ruleset_mod.cached(stored["text"], stored["name"], stored["origin"])

    def _rubric(self, s: Session) -> Rubric:
        stored = self._stored(s, "assessment")
        if not stored:
            return rubric_mod.example_rubric()
        return rubric_mod.parse_rubric(stored["text"], stored["name"], stored["origin"])

    def ruleset(self) -> RuleSet:
        with self.ws.session() as s:
            return self._ruleset(s)

    def rubric(self) -> Rubric:
        with self.ws.session() as s:
            return self._rubric(s)

    def active(self) -> dict:
        """What is in force: version, SHA-256, origin (default/file/committee), file name and when loaded."""
        with self.ws.session() as s:
            out = {}
            for kind, getter in (("cadence", self._ruleset), ("assessment", self._rubric)):
                info = getter(s).info()
                stored = self._stored(s, kind) or {}
                info.update({k: stored[k] for k in ("loaded_at", "signer") if k in stored})
                out[kind] = info
            return out

    # ---- loading ------------------------------------------------------------------------------------
    @mutates("settings")
    def load_text(self, text: str, name: str, *, origin: str = "file", signer: str = "") -> RuleSet | Rubric:
        """Validate and store a rule file's text in the book (replacing the previous one of its kind)."""
        if origin not in ORIGINS:
            raise ValueError(origin)
        kind = file_kind(text, name)
        if kind == "cadence":
            parsed = ruleset_mod.parse_ruleset(text, name, origin)
        else:
            parsed = rubric_mod.parse_rubric(text, name, origin)
            known = {r.id for r in self.ruleset().rules}
            unknown = sorted({i.rule for i in parsed.items if i.rule and i.rule not in known})
            if unknown:
                raise ValidationError(f"考评细则“{name}”引用了当前组织生活规则中没有的规则：{'、'.join(unknown)}。"
                                      "请先导入配套的组织生活规则文件，再导入考评细则。", "rules")
        value = {"kind": kind, "text": text, "name": name, "sha256": sha256_text(text), "version": parsed.version,
                 "origin": origin, "signer": signer, "loaded_at": datetime.now().isoformat(timespec="seconds")}
        with self.ws.session() as s:
            s.merge(BookSetting(key=SETTINGS[kind], value=json.dumps(value, ensure_ascii=False)))
            self.ws.audit("rules_load", f"启用{'组织生活规则' if kind == 'cadence' else '考评细则'}“{parsed.title}”"
                                        f"版本 {parsed.version}（{name}，SHA-256 {value['sha256'][:16]}…，来源 {origin}）",
                          session=s)
        return parsed

    @mutates("settings")
    def load_file(self, path) -> RuleSet | Rubric:
        path = Path(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ValidationError(f"无法读取规则文件 {path}：{exc.strerror or exc}。请检查路径。", "rules") from None
        return self.load_text(decode(data, path.name), path.name)

    @mutates("settings")
    def install_committee_file(self, data: bytes, name: str, *, signer: str) -> RuleSet | Rubric:
        """For sync: a committee's rule file whose signature the caller has already verified."""
        return self.load_text(decode(data, name), name, origin="committee", signer=signer)

    @mutates("settings")
    def reset(self, kind: str = "cadence") -> None:
        """Go back to the bundled defaults (the example rubric for ``assessment``)."""
        with self.ws.session() as s:
            row = s.get(BookSetting, SETTINGS[kind])
            if row is not None:
                s.delete(row)
                self.ws.audit("rules_reset", f"恢复默认{'组织生活规则' if kind == 'cadence' else '考评细则'}", session=s)

    # ---- answers ------------------------------------------------------------------------------------
    # ``status``, ``year`` and ``calendar`` read the book for their own window of days, or, given ``facts``
    # (what :meth:`facts` returned for a window that holds theirs), answer from that one read.
    def facts(self, start: date, end: date) -> tuple[RuleSet, BookFacts]:
        with self.ws.session() as s:
            return self._ruleset(s), load_facts(s, start, end)

    def _window(self, start: date, end: date, facts: tuple[RuleSet, BookFacts] | None) -> tuple[RuleSet, BookFacts]:
        if facts is None:
            return self.facts(start, end)
        ruleset, read = facts
        return ruleset, read.within(start, end)

    @staticmethod
    def status_start(ruleset: RuleSet, at: date) -> date:
        """The first day :meth:`status` on ``at`` reads (the previous periods, the members' attendance window)."""
        m = ruleset.members
        return min(window_start(ruleset, at), add_months(at, -max(m.attendance_window_months, m.no_attendance_months)))

    def status(self, at: date | None = None, *, dues: bool = True, recruitment: bool = True,
               facts: tuple[RuleSet, BookFacts] | None = None) -> StatusReport:
        """Every rule for its previous and current period on ``at`` (default today), members' health, alerts
        (with the dues alerts and the recruitment deadlines folded in)."""
        at = at or date.today()
        if facts is None:
            with self.ws.session() as s:
                ruleset = self._ruleset(s)
                read = load_facts(s, self.status_start(ruleset, at), at)
        else:
            ruleset, read = facts[0], facts[1].within(self.status_start(facts[0], at), at)
        extra = []
        if dues:
            extra += alert_list.from_dues(self.ws.dues.alerts(at))
        if recruitment:
            within = ruleset.branch.recruitment_within_days
            extra += alert_list.from_recruitment(self.ws.recruitment.deadlines(at, within_days=within), at)
        return compute(read, ruleset, at, extra)

    def year(self, year: int, at: date | None = None, *,
             facts: tuple[RuleSet, BookFacts] | None = None) -> list[RuleResult]:
        """Every rule for every period of ``year`` that has begun by ``at`` (default: today or the year end)."""
        at = at or min(date.today(), date(year, 12, 31))
        ruleset, read = self._window(date(year, 1, 1), min(at, date(year, 12, 31)), facts)
        return [evaluate(rule, p, read, at) for rule in ruleset.rules for p in periods_in_year(rule.period, year)
                if p.start <= at]

    def member_health(self, at: date | None = None) -> list[MemberHealth]:
        at = at or date.today()
        ruleset, facts = self.facts(date(at.year - 1, 1, 1), at)
        return member_health(facts, ruleset, at)

    def calendar(self, year: int, *, facts: tuple[RuleSet, BookFacts] | None = None) -> list[CalendarEntry]:
        """The year's activities by day, for the dashboard's heat map."""
        _, read = self._window(*self.calendar_window(year), facts)  # a round for last year held this year
        out = [CalendarEntry(m.day, "meeting", m.kind, MeetingKind(m.kind).label, m.id, m.status)
               for m in read.meetings if m.day.year == year]
        out += [CalendarEntry(t.day, "heart_talk", "heart_talk", "谈心谈话", t.id, t.status) for t in read.talks
                if t.day.year == year]
        out += [CalendarEntry(e.held_on, "evaluation", "member_evaluation", "民主评议党员", e.id, e.status)
                for e in read.evaluations if e.held_on.year == year]
        return sorted(out, key=lambda e: (e.day, e.record_type, e.record_id))

    @staticmethod
    def calendar_window(year: int) -> tuple[date, date]:
        """The days :meth:`calendar` for ``year`` reads: from the start of the year before (an evaluation round
        for that year held in this one)."""
        return date(year - 1, 1, 1), date(year, 12, 31)
