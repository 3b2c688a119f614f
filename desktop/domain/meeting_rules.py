"""Editable meeting input, derived counts, quorum and vote outcomes, and the pure checks on a record.

Checks that need the roster or other meetings (membership on the day, overlapping meetings) live in
``desktop.services.meeting_checks``; everything here depends only on the record and the clock.
Sources: 《中国共产党支部工作条例（试行）》 arts. 11–12 (quorum, resolutions).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from desktop.domain.enums import MemberStatus
from desktop.domain.meeting_enums import AttendanceStatus, MeetingKind, VoteMethod
from desktop.domain.meeting_records import HeartTalkRecord, MeetingRecord, Resolution
from desktop.domain.text import clean

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """One result of the checks. Errors block 定稿; warnings are shown but do not."""

    level: str  # ERROR | WARNING
    code: str
    message: str
    field: str | None = None


def errors(findings) -> list[Finding]:
    return [f for f in findings if f.level == ERROR]


def clean_text(text: str | None) -> str:
    """Text as typed, with line endings unified, invisible control characters dropped and NFC applied (so the
    ledger encoding is stable): ``desktop.domain.text.clean``."""
    return clean(text)


# ---- input ------------------------------------------------------------------------------------------
@dataclass
class AttendanceInput:
    member_id: int
    status: AttendanceStatus = AttendanceStatus.PRESENT
    reason: str = ""


@dataclass
class PersonNoteInput:
    member_id: int
    problems: str = ""
    criticism: str = ""


@dataclass
class RectificationInput:
    item: str
    measure: str = ""
    owner_id: int | None = None
    due_on: date | None = None


@dataclass
class MeetingInput:
    """What the editor (or ``meetings add --json``) supplies. Members are referred to by id.

    ``attendance`` lists statuses for the expected members (derived from the roster on the day); an expected
    member not listed gets ``default_status`` (UNMARKED unless the caller chooses otherwise). Names, member
    status and counts are never supplied: they are derived.
    """

    kind: MeetingKind
    start: datetime
    end: datetime | None = None
    title: str = ""
    place: str = ""
    group_id: int | None = None
    chair_id: int | None = None
    recorder_id: int | None = None
    lecturer_id: int | None = None
    lecturer_name: str = ""  # for a lecturer from outside the branch
    topic: str = ""
    theme: str = ""
    study_minutes: int | None = None
    observers: list[str] = field(default_factory=list)
    upper_attendees: list[str] = field(default_factory=list)
    agenda: list[str] = field(default_factory=list)
    content: str = ""
    prep_study: str = ""
    prep_talks: str = ""
    prep_opinions: str = ""
    attendance: list[AttendanceInput] = field(default_factory=list)
    default_status: AttendanceStatus = AttendanceStatus.UNMARKED
    resolutions: list[Resolution] = field(default_factory=list)
    notes: list[PersonNoteInput] = field(default_factory=list)
    rectifications: list[RectificationInput] = field(default_factory=list)


def default_title(kind: MeetingKind, start: datetime, group_name: str = "") -> str:
    """A label such as "2026年3月 支部委员会会议" (a heading, not content)."""
    prefix = f"{group_name} " if group_name else ""
    return f"{prefix}{start.year}年{start.month}月 {kind.label}"


# ---- derived counts ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class AttendanceCounts:
    expected: int  # 应到
    present: int  # 实到
    present_full: int  # 实到正式党员
    present_probationary: int  # 实到预备党员
    on_leave: int
    absent: int
    unmarked: int
    expected_full: int  # 应到有表决权的正式党员


def attendance_counts(record: MeetingRecord) -> AttendanceCounts:
    rows = record.attendance
    present = [a for a in rows if a.status == AttendanceStatus.PRESENT]
    return AttendanceCounts(
        expected=len(rows),
        present=len(present),
        present_full=sum(1 for a in present if a.member_status == MemberStatus.FULL),
        present_probationary=sum(1 for a in present if a.member_status == MemberStatus.PROBATIONARY),
        on_leave=sum(1 for a in rows if a.status == AttendanceStatus.ON_LEAVE),
        absent=sum(1 for a in rows if a.status == AttendanceStatus.ABSENT),
        unmarked=sum(1 for a in rows if a.status == AttendanceStatus.UNMARKED),
        expected_full=sum(1 for a in rows if a.member_status == MemberStatus.FULL),
    )


@dataclass(frozen=True)
class Quorum:
    """Whether the meeting may take place: more than half of ``basis`` must be ``present``."""

    required: bool
    basis: int
    present: int
    met: bool
    description: str


def voters(record: MeetingRecord, counts: AttendanceCounts) -> tuple[int, int]:
    """(voting members due to attend, voting members present). Probationary members do not vote."""
    if record.kind == MeetingKind.COMMITTEE_MEETING:
        return counts.expected, counts.present
    return counts.expected_full, counts.present_full


def quorum(record: MeetingRecord, counts: AttendanceCounts | None = None) -> Quorum:
    counts = counts or attendance_counts(record)
    basis, present = voters(record, counts)
    if record.kind == MeetingKind.GENERAL_ASSEMBLY:
        who = "有表决权的正式党员"
    elif record.kind == MeetingKind.COMMITTEE_MEETING:
        who = "支委会委员"
    else:
        return Quorum(False, basis, present, True, "")
    met = present * 2 > basis
    verdict = "超过半数，会议有效" if met else "未超过半数，会议不能召开"
    return Quorum(True, basis, present, met, f"应到{who}{basis}人，实到{present}人，{verdict}")


def resolution_passed(record: MeetingRecord, resolution: Resolution, counts: AttendanceCounts | None = None):
    """True/False when votes are recorded (赞成/同意 more than half of the voting members due), else None."""
    if resolution.votes_for is None:
        return None
    due, _present = voters(record, counts or attendance_counts(record))
    return resolution.votes_for * 2 > due


# ---- pure checks -----------------------------------------------------------------------------------
def check_times(start: datetime, end: datetime | None, now: datetime, *, what: str = "会议") -> list[Finding]:
    found = []
    if end is None:
        found.append(Finding(ERROR, "end_missing", f"请填写{what}结束时间。", "end"))
    elif end < start:
        found.append(Finding(ERROR, "end_before_start", f"结束时间早于开始时间，请检查{what}时间。", "end"))
    if start > now:
        found.append(Finding(ERROR, "future", f"{what}时间 {start:%Y-%m-%d %H:%M} 在未来，{what}举行后才能定稿。", "start"))
    return found


def _check_kind_fields(record: MeetingRecord) -> list[Finding]:
    found = []
    kind = record.kind
    if kind == MeetingKind.GROUP_MEETING and record.group is None:
        found.append(Finding(ERROR, "group_missing", "请选择召开会议的党小组。", "group"))
    if kind == MeetingKind.PARTY_LECTURE:
        if record.lecturer is None or not record.lecturer.name:
            found.append(Finding(ERROR, "lecturer_missing", "请填写党课讲课人。", "lecturer"))
        if not record.topic:
            found.append(Finding(ERROR, "topic_missing", "请填写党课题目。", "topic"))
    if kind == MeetingKind.THEME_DAY and not record.theme:
        found.append(Finding(WARNING, "theme_missing", "请填写主题党日的主题。", "theme"))
    if record.study_minutes is not None:
        if record.study_minutes < 0:
            found.append(Finding(ERROR, "study_negative", "学习时长不能为负数。", "study_minutes"))
        elif record.end and record.study_minutes > (record.end - record.start).total_seconds() // 60:
            found.append(Finding(WARNING, "study_exceeds", "计入的学习时长超过了活动时长，请核对。", "study_minutes"))
    return found


def _check_attendance(record: MeetingRecord, counts: AttendanceCounts) -> list[Finding]:
    found = []
    if not record.attendance:
        found.append(Finding(ERROR, "no_expected", "该日期没有应参加本次会议的党员，请检查会议日期、类型或党小组。",
                             "attendance"))
        return found
    unmarked = [a.name for a in record.attendance if a.status == AttendanceStatus.UNMARKED]
    if unmarked:
        found.append(Finding(ERROR, "unmarked", f"以下党员尚未登记出勤：{'、'.join(unmarked)}。请逐一标记出席、请假或缺席。",
                             "attendance"))
    for a in record.attendance:
        if a.status in (AttendanceStatus.ON_LEAVE, AttendanceStatus.ABSENT) and not a.reason.strip():
            found.append(Finding(WARNING, "reason_missing", f"请填写{a.name}{a.status.label}的原因。", "attendance"))
    q = quorum(record, counts)
    if q.required and not q.met and not unmarked:
        found.append(Finding(ERROR, "quorum", f"{q.description}。请改期召开，或核对出勤登记。", "attendance"))
    if record.chair and record.chair.id is not None:
        chair = next((a for a in record.attendance if a.member_id == record.chair.id), None)
        if chair is not None and chair.status != AttendanceStatus.PRESENT and chair.status != AttendanceStatus.UNMARKED:
            found.append(Finding(WARNING, "chair_not_present", f"主持人{chair.name}未登记为出席，请核对。", "chair"))
    return found


def _check_resolutions(record: MeetingRecord, counts: AttendanceCounts) -> list[Finding]:
    found = []
    due, present = voters(record, counts)
    for i, r in enumerate(record.resolutions, 1):
        label = f"第{i}项决议"
        votes = [v for v in (r.votes_for, r.votes_against, r.votes_abstain) if v is not None]
        if any(v < 0 for v in votes) or any(v is not None and v < 0 for v in (r.ballots_issued, r.ballots_returned)):
            found.append(Finding(ERROR, "votes_negative", f"{label}的票数不能为负数。", "resolutions"))
            continue
        if not r.text.strip():
            found.append(Finding(ERROR, "resolution_empty", f"请填写{label}的内容。", "resolutions"))
        if r.method == VoteMethod.BALLOT:
            issued, returned = r.ballots_issued, r.ballots_returned
            if issued is not None and issued > present:
                found.append(Finding(ERROR, "ballots_exceed",
                                     f"{label}发出选票{issued}张，超过实到有表决权人数{present}人，请核对。", "resolutions"))
            if issued is not None and returned is not None and returned > issued:
                found.append(Finding(ERROR, "ballots_inconsistent",
                                     f"{label}收回选票{returned}张，多于发出的{issued}张，请核对。", "resolutions"))
            if returned is not None and sum(votes) > returned:
                found.append(Finding(ERROR, "ballots_inconsistent",
                                     f"{label}同意、不同意和弃权票合计{sum(votes)}张，多于收回的{returned}张，请核对。",
                                     "resolutions"))
        if sum(votes) > present:
            found.append(Finding(ERROR, "votes_exceed",
                                 f"{label}的表决票数合计{sum(votes)}，超过实到有表决权人数{present}人，请核对"
                                 "（预备党员没有表决权）。", "resolutions"))
        passed = resolution_passed(record, r, counts)
        if passed is False:
            found.append(Finding(WARNING, "resolution_failed",
                                 f"{label}赞成（同意）{r.votes_for}票，未超过应到有表决权人数{due}人的半数，决议未通过。",
                                 "resolutions"))
    return found


def check_record(record: MeetingRecord, now: datetime) -> list[Finding]:
    """Every check that depends on the record alone. Errors block 定稿."""
    found = check_times(record.start, record.end, now)
    if record.chair is None:
        found.append(Finding(ERROR, "chair_missing", "请填写主持人。", "chair"))
    if record.recorder is None:
        found.append(Finding(WARNING, "recorder_missing", "未填写记录人。", "recorder"))
    found += _check_kind_fields(record)
    counts = attendance_counts(record)
    found += _check_attendance(record, counts)
    found += _check_resolutions(record, counts)
    if not record.content.strip():
        found.append(Finding(WARNING, "content_empty", "会议内容为空，请如实记录会议内容。", "content"))
    return found


# ---- 谈心谈话 -----------------------------------------------------------------------------------------
@dataclass
class HeartTalkInput:
    held_at: datetime
    place: str = ""
    participant_ids: list[int] = field(default_factory=list)
    others: list[str] = field(default_factory=list)
    topics: str = ""
    content: str = ""
    follow_up: str = ""
    interviewers: list[int | str] = field(default_factory=list)  # 谈话人: member ids, or names among ``others``
    recorder_id: int | None = None  # 记录人: a member …
    recorder_name: str = ""  # … or someone from outside the branch


def check_talk(record: HeartTalkRecord, now: datetime) -> list[Finding]:
    found = []
    if record.held_at > now:
        found.append(Finding(ERROR, "future", f"谈话时间 {record.held_at:%Y-%m-%d} 在未来，谈话后才能定稿。", "held_at"))
    if not record.participants:
        found.append(Finding(ERROR, "participants_missing", "请至少选择一名本支部党员作为谈话人。", "participants"))
    elif len(record.participants) + len(record.others) < 2:
        found.append(Finding(ERROR, "participants_missing", "谈心谈话至少需要两人，请补充谈话对象。", "participants"))
    if record.interviewers and not record.interviewees:
        found.append(Finding(ERROR, "interviewees_missing",
                             "参加谈话的人都标成了谈话人，请至少留一人作为谈话对象。", "interviewers"))
    if not record.topics.strip():
        found.append(Finding(WARNING, "topics_empty", "请填写谈话主题。", "topics"))
    if not record.content.strip():
        found.append(Finding(WARNING, "content_empty", "谈话内容为空，请如实记录谈话要点。", "content"))
    return found
