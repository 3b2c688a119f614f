"""Three years of plausible organizational life for the demo branch (fictional; every text says 演示数据).

Monthly 主题党日, 支委会 and 党小组会, quarterly 党课 and 支部党员大会, some 集中学习, a yearly 组织生活会 with a
整改清单 followed up and a 民主评议, 谈心谈话 through the year — with months missed, a few records entered late
(补录), one correction, one voided duplicate, one clock that went backwards, and two recent drafts.
Everything goes through the real services in one transaction, in the order it was "entered", with the
ledger's clock set to each entry time.
"""

from __future__ import annotations

import io
import random
from datetime import date, datetime, time, timedelta

from desktop.domain.enums import MemberStatus
from desktop.domain.evaluation_rules import EvaluationInput, MemberEvaluationInput, Tally
from desktop.domain.meeting_enums import (AttendanceStatus, EvaluationGrade, MeetingKind, RectificationStatus,
                                          VoteMethod)
from desktop.domain.meeting_records import Resolution
from desktop.domain.meeting_rules import (AttendanceInput, HeartTalkInput, MeetingInput, PersonNoteInput,
                                          RectificationInput)
from desktop.services.meeting_roster import committee_ids, expected_members, members_on, status_on
from desktop.storage.models import PartyGroup
from desktop.storage.models_meetings import Rectification

DEMO = "（演示数据）"
LEAVE_REASONS = ["出差", "病假", "参加上级培训", "外出办事", "休年假"]
THEMES = ["学习贯彻党的创新理论", "重温入党誓词", "志愿服务进社区", "参观革命传统教育基地", "廉洁文化主题教育",
          "学习身边先进典型", "为民办实事调研", "读书分享"]
TOPICS = ["党章学习", "全面从严治党", "党的优良传统和作风", "《中国共产党支部工作条例（试行）》解读"]
PLACES = ["机关三楼会议室", "党员活动室", "五楼小会议室"]


def _photo(rng: random.Random) -> bytes:
    """A small solid-colour JPEG standing in for a meeting photo."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (160, 120), tuple(rng.randrange(90, 220) for _ in range(3))).save(out, format="JPEG")
    return out.getvalue()


class _Plan:
    """Something to enter at ``entered``; ``claimed`` is when it happened. ``result`` keeps a record id."""

    def __init__(self, kind: str, claimed: datetime, entered: datetime, action):
        self.kind, self.claimed, self.entered, self.action = kind, claimed, entered, action
        self.draft = False
        self.result = None

    def run(self):
        self.result = self.action(self)


def add_demo_activity(ws, today: date, rng: random.Random) -> None:
    ledger = ws.meetings.ledger
    real_clock = ledger.now
    try:
        with ws.session() as s:
            _Demo(ws, s, today, rng).build()
    finally:
        ledger.now = real_clock


class _Demo:
    def __init__(self, ws, s, today, rng):
        self.ws, self.s, self.today, self.rng = ws, s, today, rng
        self.groups = {g.id: g for g in s.query(PartyGroup).order_by(PartyGroup.id)}
        self.plans: list[_Plan] = []

    # ---- helpers ------------------------------------------------------------------------------
    def entered_after(self, end: datetime, late: bool = False) -> datetime:
        r = self.rng
        lag = timedelta(days=r.randint(9, 40)) if late else timedelta(hours=r.randint(1, 60))
        return end + lag + timedelta(minutes=r.randint(0, 59))

    def board(self, day: date, here):
        committee = committee_ids(self.s, day)
        return [m for m in here if m.id in committee] or [m for m in here if status_on(m, day) == MemberStatus.FULL][:3]

    def absences(self, kind, expected, day, keep):
        rows = [AttendanceInput(m.id, AttendanceStatus.ON_LEAVE if self.rng.random() < 0.85 else AttendanceStatus.ABSENT,
                                self.rng.choice(LEAVE_REASONS))
                for m in expected if m.id not in keep and self.rng.random() < 0.08]
        if kind == MeetingKind.COMMITTEE_MEETING:
            rows = rows[:1]
        full = [m.id for m in expected if status_on(m, day) == MemberStatus.FULL]
        while rows and (len(full) - sum(1 for a in rows if a.member_id in full)) * 2 <= len(full):
            rows.pop()
        return rows

    def meeting(self, kind, start, minutes, *, group_id=None, late=False, photo=False, **fields):
        end = start + timedelta(minutes=minutes)
        day = start.date()
        if end.date() >= self.today:
            return None
        here = members_on(self.s, day)
        expected = expected_members(self.s, kind, day, group_id)
        board = self.board(day, here)
        if not expected or not board:
            return None
        if kind == MeetingKind.GROUP_MEETING:
            leader = self.groups[group_id].leader_id
            chair = leader if leader in {m.id for m in expected} else expected[0].id
            recorder = next((m.id for m in expected if m.id != chair), chair)
        else:
            chair, recorder = board[0].id, board[min(1, len(board) - 1)].id
        data = MeetingInput(kind=kind, start=start, end=end, place=self.rng.choice(PLACES), group_id=group_id,
                            chair_id=chair, recorder_id=recorder, default_status=AttendanceStatus.PRESENT,
                            attendance=self.absences(kind, expected, day, {chair, recorder}),
                            content=f"{DEMO}会议内容由记录人如实填写，此处为演示占位。")
        away = {a.member_id for a in data.attendance}
        present = [m for m in expected if m.id not in away]
        for key, value in fields.items():
            setattr(data, key, value(present, board, day) if callable(value) else value)

        def action(plan):
            view = self.ws.meetings.create(data, session=self.s)
            if photo:
                self.ws.meetings.attach(view.id, _photo(self.rng), "会议照片.jpg", session=self.s)
            if not plan.draft:
                self.ws.meetings.finalize(view.id, session=self.s)
            return view.id

        plan = _Plan("meeting", start, self.entered_after(end, late), action)
        self.plans.append(plan)
        return plan

    # ---- the calendar ---------------------------------------------------------------------------
    def build(self) -> None:
        r, today = self.rng, self.today
        month = date(today.year - 3, today.month, 1)
        late_months = set(r.sample(range(36), 4))
        n = 0
        while month < today:
            y, m = month.year, month.month
            at = lambda d, h, mi=0: datetime.combine(date(y, m, d), time(h, mi))  # noqa: E731
            if r.random() > 0.1:
                self.meeting(MeetingKind.THEME_DAY, at(8, 14, 30), 120, photo=r.random() < 0.3, late=n in late_months,
                             theme=f"{DEMO}{r.choice(THEMES)}", agenda=[f"{DEMO}集中学习", f"{DEMO}交流研讨"],
                             study_minutes=90)  # the study part counts towards the 32 hours a year
            if r.random() > 0.1:
                self.meeting(MeetingKind.COMMITTEE_MEETING, at(4, 9), 90, agenda=[f"{DEMO}研究本月党建工作安排"],
                             resolutions=lambda p, b, d: [Resolution(f"{DEMO}同意本月工作安排", VoteMethod.SHOW_OF_HANDS,
                                                                     len(p), 0, 0)])
            for gid in self.groups:
                if r.random() > 0.15:
                    self.meeting(MeetingKind.GROUP_MEETING, at(15, 15 + gid % 2), 60, group_id=gid)
            if m in (3, 6, 9, 12):
                self.meeting(MeetingKind.PARTY_LECTURE, at(20, 9), 120, photo=True, topic=f"{DEMO}{r.choice(TOPICS)}",
                             lecturer_id=lambda p, b, d: b[0].id)
            if m in (2, 5, 8, 11):
                self.meeting(MeetingKind.STUDY_SESSION, at(22, 9), 180, topic=f"{DEMO}专题学习", study_minutes=180)
            if m in (1, 4, 7, 10):
                self.meeting(MeetingKind.GENERAL_ASSEMBLY, at(25, 14, 30), 90,
                             agenda=[f"{DEMO}通报支部工作", f"{DEMO}讨论表决事项"], resolutions=self.assembly_vote)
            if m == 12:
                self.org_life(y)
            n += 1
            month = date(y + (m == 12), m % 12 + 1, 1)
        self.talks()
        self.extras()
        self.run()

    def assembly_vote(self, present, board, day):
        voters = sum(1 for m in present if status_on(m, day) == MemberStatus.FULL)
        abstain = self.rng.randint(0, 1)
        return [Resolution(f"{DEMO}关于支部年度工作计划的决议", VoteMethod.SHOW_OF_HANDS, voters - abstain, 0, abstain)]

    def org_life(self, year: int) -> None:
        day = date(year, 12, 27)

        def notes(present, board, d):
            return [PersonNoteInput(m.id, f"{DEMO}查摆问题：理论学习不够系统。", f"{DEMO}批评与自我批评要点。") for m in board]

        def items(present, board, d):
            return [RectificationInput(f"{DEMO}问题{i + 1}：学习制度落实不够严格", f"{DEMO}整改措施{i + 1}",
                                       board[i % len(board)].id, date(year + 1, 3 + 2 * i, 28)) for i in range(3)]

        plan = self.meeting(MeetingKind.ORG_LIFE_MEETING, datetime.combine(day, time(9)), 180,
                            prep_study=f"{DEMO}会前组织集中学习2次。", prep_talks=f"{DEMO}支委之间、支委与党员开展谈心谈话。",
                            prep_opinions=f"{DEMO}通过座谈、意见箱征求意见若干条。", notes=notes, rectifications=items,
                            upper_attendees=["机关党委组织委员（演示）"])
        if plan is None:
            return
        steps = [d for d in (day + timedelta(days=50), day + timedelta(days=120)) if d < self.today]

        def follow_up(_plan):
            ids = [x.id for x in self.s.query(Rectification).filter(Rectification.meeting_id == plan.result)]
            for i, rid in enumerate(ids):
                self.ws.rectifications.record_progress(rid, steps[0], RectificationStatus.IN_PROGRESS,
                                                       f"{DEMO}已制定整改台账。", session=self.s)
                if i < 2 and len(steps) > 1:
                    self.ws.rectifications.record_progress(
                        rid, steps[1], RectificationStatus.CLOSED, f"{DEMO}整改完成，已建立长效机制。",
                        evidence=[("整改佐证.txt", f"{DEMO}整改佐证材料".encode("utf-8"))], session=self.s)

        if steps:
            when = datetime.combine(steps[-1], time(17))
            self.plans.append(_Plan("follow_up", when, when, follow_up))
        self.evaluation(year, day + timedelta(days=1))

    def evaluation(self, year: int, held_on: date) -> None:
        if held_on >= self.today:
            return
        here = members_on(self.s, held_on)
        returned = len(here) - self.rng.randint(0, 2)
        tallies = []
        for m in here:
            excellent = self.rng.randint(0, returned // 2)
            basic = 1 if self.rng.random() < 0.1 else 0
            tallies.append((m, excellent, returned - excellent - basic, basic))
        tallies.sort(key=lambda t: -t[1])
        rows = []
        for i, (m, exc, qual, basic) in enumerate(tallies):
            grade, follow = (EvaluationGrade.EXCELLENT if i < max(1, len(here) // 3 - 1) else EvaluationGrade.QUALIFIED), ""
            if year % 2 == 1 and i == len(tallies) - 1:
                grade, follow = EvaluationGrade.BASICALLY_QUALIFIED, f"{DEMO}由支部书记谈心谈话，帮助查找差距、限期改进。"
            if m.full_on is None or m.full_on > held_on:  # 预备党员 take part but are not graded
                grade, follow = None, ""
            rows.append(MemberEvaluationInput(m.id, f"{DEMO}本人自评（由党员本人填写）。",
                                              f"{DEMO}党性分析（由党员本人填写）。", Tally(exc, qual, basic, 0),
                                              grade, grade, follow))
        data = EvaluationInput(year, held_on, None, len(here), returned, f"{DEMO}民主评议情况说明。", rows)

        def action(_plan):
            view = self.ws.evaluations.create(data, session=self.s)
            self.ws.evaluations.finalize(view.id, session=self.s)
            return view.id

        held = datetime.combine(held_on, time(17))
        self.plans.append(_Plan("evaluation", held, self.entered_after(held), action))

    def talks(self) -> None:
        day = date(self.today.year - 3, self.today.month, 1) + timedelta(days=10)
        while day < self.today - timedelta(days=5):
            here = members_on(self.s, day)
            committee = committee_ids(self.s, day)
            board = [m for m in here if m.id in committee]
            if board and len(here) > 1:
                a = self.rng.choice(board)
                b = self.rng.choice([m for m in here if m.id != a.id])
                held = datetime.combine(day, time(16, 30))
                data = HeartTalkInput(held, "书记办公室", [a.id, b.id], topics=f"{DEMO}思想、工作和生活情况交流",
                                      content=f"{DEMO}谈话要点由谈话人如实记录，此处为演示占位。",
                                      follow_up=f"{DEMO}约定下月再次沟通。")

                def action(_plan, data=data):
                    view = self.ws.talks.create(data, session=self.s)
                    self.ws.talks.finalize(view.id, session=self.s)
                    return view.id

                self.plans.append(_Plan("talk", held, self.entered_after(held + timedelta(hours=1)), action))
            day += timedelta(days=self.rng.randint(12, 25))

    def extras(self) -> None:
        """Two recent drafts, one correction and one voided duplicate (entered after what they concern)."""
        meetings = sorted((p for p in self.plans if p.kind == "meeting"), key=lambda p: p.claimed)
        if len(meetings) < 10:
            return
        for p in meetings[-2:]:
            p.draft = True
        target, dup = meetings[len(meetings) // 2], meetings[len(meetings) // 3]

        def correct(_plan):
            data = self.ws.meetings.input_of(target.result, session=self.s)
            data.place = "机关二楼会议室"
            self.ws.meetings.amend(target.result, data, reason=f"{DEMO}会议地点记录有误，据签到表更正。", session=self.s)

        def void(_plan):
            self.ws.meetings.void(dup.result, f"{DEMO}与另一条记录重复录入，作废。", session=self.s)

        self.plans.append(_Plan("amend", target.claimed, target.entered + timedelta(days=3), correct))
        self.plans.append(_Plan("void", dup.claimed, dup.entered + timedelta(days=1), void))

    def run(self) -> None:
        plans = sorted(self.plans, key=lambda p: p.entered)
        cutoff = datetime.combine(self.today, time(8))
        later = [i for i, p in enumerate(plans) if p.kind in ("talk", "meeting") and not p.draft
                 and i > len(plans) * 2 // 3]
        skew = next((i for i in later if plans[i].claimed + timedelta(hours=3) < plans[i - 1].entered - timedelta(days=1)),
                    None)
        ledger = self.ws.meetings.ledger
        for i, plan in enumerate(plans):
            entered = min(plan.entered, cutoff)
            if i == skew:  # an office PC whose clock had been set a day back
                entered = plans[i - 1].entered - timedelta(days=1)
            ledger.now = lambda t=entered: t
            plan.run()
