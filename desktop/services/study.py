"""Study hours (学时) credited to members: 党课, 集中学习 and any meeting with recorded study minutes.

Only finalized, not voided records count, as they now read (corrections applied). The yearly target comes
from 《中国共产党党员教育管理工作条例》 art. 20: at least 32 study hours per member.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from desktop.domain.meeting_enums import AttendanceStatus, RecordStatus
from desktop.ledger import lifecycle
from desktop.ledger.meeting_documents import meeting_records
from desktop.services.meeting_roster import belonging
from desktop.storage.models_meetings import Meeting

TARGET_HOURS_PER_YEAR = 32


@dataclass(frozen=True)
class StudyCredit:
    meeting_id: int
    title: str
    start: datetime
    minutes: int


@dataclass(frozen=True)
class StudyHours:
    member_id: int
    name: str
    minutes: int
    credits: tuple[StudyCredit, ...]

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 1)

    @property
    def meets_target(self) -> bool:
        return self.minutes >= TARGET_HOURS_PER_YEAR * 60


class StudyService:
    def __init__(self, ws):
        self.ws = ws

    def hours(self, year: int, today: date | None = None) -> list[StudyHours]:
        """Every member of the year's roster (as of year end, or today) and anyone credited, with minutes."""
        m = Meeting.__table__
        q = select(m.c.id).where(m.c.status == RecordStatus.FINAL, m.c.start >= datetime(year, 1, 1),
                                 m.c.start < datetime(year + 1, 1, 1))
        as_of = min(date(year, 12, 31), today or date.today())
        with self.ws.session() as s:
            ids = list(s.scalars(q))
            records = meeting_records(s, ids)
            amendments = lifecycle.amendments_of(s, "meeting", ids)
            roster = {mid: mm.name for mid, mm in belonging(s, as_of).items()}
        credits: dict[int, list[StudyCredit]] = {mid: [] for mid in roster}
        names = dict(roster)
        for rid, record in sorted(records.items(), key=lambda kv: kv[1].start):
            record, _ = lifecycle.apply_amendments(record, amendments.get(rid, []))
            minutes = record.credited_minutes
            if minutes <= 0:
                continue
            for a in record.attendance:
                if a.status == AttendanceStatus.PRESENT:
                    credits.setdefault(a.member_id, []).append(StudyCredit(rid, record.title, record.start, minutes))
                    names.setdefault(a.member_id, a.name)
        return [StudyHours(mid, names[mid], sum(c.minutes for c in cs), tuple(cs))
                for mid, cs in sorted(credits.items(), key=lambda kv: kv[0])]

    def for_member(self, member_id: int, year: int) -> StudyHours | None:
        return next((h for h in self.hours(year) if h.member_id == member_id), None)
