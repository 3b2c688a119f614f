"""Enumerations of organizational life (三会一课, 组织生活会, 民主评议…), named as in the glossary."""

from __future__ import annotations

from desktop.domain.enums import LabelledEnum


class MeetingKind(LabelledEnum):
    GENERAL_ASSEMBLY = ("general_assembly", "支部党员大会")
    COMMITTEE_MEETING = ("committee_meeting", "支部委员会会议")
    GROUP_MEETING = ("group_meeting", "党小组会")
    PARTY_LECTURE = ("party_lecture", "党课")
    THEME_DAY = ("theme_day", "主题党日")
    ORG_LIFE_MEETING = ("org_life_meeting", "组织生活会")
    STUDY_SESSION = ("study_session", "集中学习")

    @property
    def credits_study(self) -> bool:
        """Attendance of this kind is credited as study hours (by default the meeting's duration)."""
        return self in (MeetingKind.PARTY_LECTURE, MeetingKind.STUDY_SESSION)


class AttendanceStatus(LabelledEnum):
    PRESENT = ("present", "出席")
    ON_LEAVE = ("on_leave", "请假")
    ABSENT = ("absent", "缺席")
    UNMARKED = ("unmarked", "未登记")


class RecordStatus(LabelledEnum):
    DRAFT = ("draft", "草稿")
    FINAL = ("final", "已定稿")
    VOID = ("void", "已作废")


class AmendmentKind(LabelledEnum):
    CORRECTION = ("correction", "更正")
    SUPPLEMENT = ("supplement", "补充说明")
    VOID = ("void", "作废")


class VoteMethod(LabelledEnum):
    """举手表决 records 赞成/反对/弃权; 无记名投票 (e.g. 发展党员) also records 发出/收回 ballots, 同意 = for."""

    SHOW_OF_HANDS = ("show_of_hands", "举手表决")
    BALLOT = ("ballot", "无记名投票")


class RectificationStatus(LabelledEnum):
    OPEN = ("open", "未完成")
    IN_PROGRESS = ("in_progress", "整改中")
    CLOSED = ("closed", "已完成")


class EvaluationGrade(LabelledEnum):
    EXCELLENT = ("excellent", "优秀")
    QUALIFIED = ("qualified", "合格")
    BASICALLY_QUALIFIED = ("basically_qualified", "基本合格")
    UNQUALIFIED = ("unqualified", "不合格")

    @property
    def needs_follow_up(self) -> bool:
        return self in (EvaluationGrade.BASICALLY_QUALIFIED, EvaluationGrade.UNQUALIFIED)
