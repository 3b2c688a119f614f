"""民主评议党员: the yearly round, per-member tallies and grades, the 优秀 cap, and the checks.

Source: 《中国共产党党员教育管理工作条例》 art. 18. The share of 优秀 is capped by local rule (default 1/3,
a book setting); exceeding it is a warning, not a refusal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from fractions import Fraction

from desktop.domain.enums import MemberStatus
from desktop.domain.meeting_enums import EvaluationGrade
from desktop.domain.meeting_records import Ref
from desktop.domain.meeting_rules import ERROR, WARNING, Finding
from desktop.errors import ValidationError

DEFAULT_EXCELLENT_CAP = "1/3"


@dataclass(frozen=True)
class Tally:
    """Anonymous votes received per grade (counted from the ballots)."""

    excellent: int = 0
    qualified: int = 0
    basically_qualified: int = 0
    unqualified: int = 0

    @property
    def total(self) -> int:
        return self.excellent + self.qualified + self.basically_qualified + self.unqualified


@dataclass(frozen=True)
class MemberEvaluationRecord:
    member_id: int
    name: str
    member_status: MemberStatus
    self_assessment: str = ""  # the member's own words
    self_analysis: str = ""  # 党性分析, the member's own words
    votes: Tally = field(default_factory=Tally)
    proposed_grade: EvaluationGrade | None = None  # 支委会提出的意见
    final_grade: EvaluationGrade | None = None  # 评定等次
    follow_up: str = ""  # 帮助教育/组织处置 for 基本合格/不合格


@dataclass(frozen=True)
class EvaluationRecord:
    year: int
    held_on: date
    meeting: Ref | None = None  # the 支部党员大会 where the votes were cast
    ballots_issued: int | None = None
    ballots_returned: int | None = None
    excellent_cap: str = DEFAULT_EXCELLENT_CAP
    notes: str = ""
    members: tuple[MemberEvaluationRecord, ...] = ()


@dataclass
class MemberEvaluationInput:
    member_id: int
    self_assessment: str = ""
    self_analysis: str = ""
    votes: Tally = field(default_factory=Tally)
    proposed_grade: EvaluationGrade | None = None
    final_grade: EvaluationGrade | None = None
    follow_up: str = ""


@dataclass
class EvaluationInput:
    """One round. Members evaluated are the roster on ``held_on``; rows given here fill in their data."""

    year: int
    held_on: date
    meeting_id: int | None = None
    ballots_issued: int | None = None
    ballots_returned: int | None = None
    notes: str = ""
    members: list[MemberEvaluationInput] = field(default_factory=list)


def parse_cap(text: str) -> Fraction:
    try:
        cap = Fraction(str(text).strip())
    except (ValueError, ZeroDivisionError):
        raise ValidationError(f"优秀比例上限“{text}”无法识别，请写成分数或小数，如 1/3 或 0.3。", "excellent_cap") from None
    if not 0 < cap <= 1:
        raise ValidationError("优秀比例上限应大于 0 且不超过 1。", "excellent_cap")
    return cap


@dataclass(frozen=True)
class CapCheck:
    excellent: int
    total: int
    cap: str
    allowed: int  # floor(total × cap)
    over: bool


def graded(m: MemberEvaluationRecord) -> bool:
    """Whether a member is graded: 预备党员 take part in the evaluation but are not graded (不评定等次)."""
    return m.member_status != MemberStatus.PROBATIONARY


def cap_check(record: EvaluationRecord) -> CapCheck:
    """The share of 优秀 among the graded (正式) members; 预备党员 are not counted, even if given a grade."""
    cap = parse_cap(record.excellent_cap)
    members = [m for m in record.members if graded(m)]
    total = len(members)
    excellent = sum(1 for m in members if m.final_grade == EvaluationGrade.EXCELLENT)
    allowed = int(total * cap)
    return CapCheck(excellent, total, record.excellent_cap, allowed, excellent > allowed)


def check_evaluation(record: EvaluationRecord, now: datetime) -> list[Finding]:
    found: list[Finding] = []
    if record.held_on > now.date():
        found.append(Finding(ERROR, "future", f"评议日期 {record.held_on} 在未来，评议结束后才能定稿。", "held_on"))
    if not record.members:
        found.append(Finding(ERROR, "no_expected", "该日期支部没有党员可参加评议，请检查评议日期。", "members"))
    issued, returned = record.ballots_issued, record.ballots_returned
    if any(v is not None and v < 0 for v in (issued, returned)):
        found.append(Finding(ERROR, "votes_negative", "票数不能为负数。", "ballots"))
    if issued is not None and returned is not None and returned > issued:
        found.append(Finding(ERROR, "ballots_inconsistent", f"收回测评票{returned}张，多于发出的{issued}张，请核对。",
                             "ballots"))
    missing = []
    for m in record.members:
        v = m.votes
        if min(v.excellent, v.qualified, v.basically_qualified, v.unqualified) < 0:
            found.append(Finding(ERROR, "votes_negative", f"{m.name}的票数不能为负数。", "votes"))
        elif returned is not None and v.total > returned:
            found.append(Finding(ERROR, "votes_exceed",
                                 f"{m.name}的得票合计{v.total}张，多于收回的测评票{returned}张，请核对。", "votes"))
        if not graded(m):
            if m.final_grade is not None and not m.follow_up.strip():
                found.append(Finding(WARNING, "probationary_graded",
                                     f"{m.name}是预备党员，一般不评定等次；如确需评定，请在备注中说明理由。", "follow_up"))
        elif m.final_grade is None:
            missing.append(m.name)
        elif m.final_grade.needs_follow_up and not m.follow_up.strip():
            found.append(Finding(WARNING, "follow_up_missing",
                                 f"{m.name}评定为{m.final_grade.label}，请填写帮助教育或组织处置措施。", "follow_up"))
    if missing:
        found.append(Finding(ERROR, "grade_missing", f"以下党员尚未确定评定等次：{'、'.join(missing)}。", "final_grade"))
    try:
        cap = cap_check(record)
    except ValidationError as exc:
        found.append(Finding(ERROR, "cap_invalid", exc.message, "excellent_cap"))
    else:
        if cap.over:
            found.append(Finding(WARNING, "excellent_over_cap",
                                 f"评为优秀{cap.excellent}人，超过上限（{cap.cap}，即{cap.allowed}人），请核对或说明理由。",
                                 "final_grade"))
    return found
