"""Benchmark: ``status`` on a 10-year, 50-member book (target ≤ 50 ms; it was 200–270 ms before issue #13).

Run on demand: ``python tests/benchmarks/bench_status.py [--years 10] [--members 50] [--runs 5]``.
The book is bulk-inserted through the ORM (one transaction, no ledger chain: status reads records, not the
chain; the ledger benchmark covers verification): members with joining/leaving history, five party groups,
committee terms, ~110 finalized meetings a year with full attendance rows, talks, evaluation rounds,
rectifications, dues bases and monthly payments, and a few recruits.

Timed, best of ``--runs`` after one warm-up call (the cold first call after opening is printed too):
  * baseline: just loading the records status needs (``load_facts`` for its window) — the floor;
  * status:   ``ws.rules.status()`` — facts, every rule for two periods, members' health, branch checks,
              and the dues alerts and recruitment deadlines folded in;
the ratio status / baseline, and a breakdown (engine only, dues alerts, recruitment deadlines). The dues
arrears are also read the previous way (every payment and covered month as ORM objects, kept as the oracle in
tests/desktop/dues/test_dues_arrears_sql.py) and compared with the SQL-aggregate reading: same answer, ratio.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from desktop import paths  # noqa: E402

PASSPHRASE = "bench-passphrase-123"
TARGET_MS = 50
GROUPS = 5


def _attendance(rng, expected, now_ids):
    from desktop.domain.enums import MemberStatus
    from desktop.domain.meeting_enums import AttendanceStatus as A

    rows = []
    for i, (mid, name, full) in enumerate(expected):
        roll = rng.random()
        status = A.PRESENT if roll < 0.88 else A.ON_LEAVE if roll < 0.96 else A.ABSENT
        rows.append({"member_id": mid, "position": i, "name": name, "status": status, "reason": "" if
                     status == A.PRESENT else "出差", "member_status": MemberStatus.FULL if full else
                     MemberStatus.PROBATIONARY})
    return rows


def build(book: Path, years: int, n_members: int) -> None:
    from sqlalchemy import insert, update

    from desktop.domain.dues_rules import DuesCategory
    from desktop.domain.enums import CommitteeRole, MembershipEventKind as EK
    from desktop.domain.meeting_enums import MeetingKind as K, RecordStatus, RectificationStatus
    from desktop.storage.models import BranchCommittee, CommitteePost, Member, MembershipEvent, PartyGroup
    from desktop.storage.models_dues import DuesBase, DuesPayment, DuesPaymentMonth
    from desktop.storage.models_evaluations import EvaluationRound
    from desktop.storage.models_meetings import (HeartTalk, HeartTalkParticipant, Meeting, MeetingAttendance,
                                                 Rectification)
    from desktop.workspace import Workspace

    rng = random.Random(11)
    today = date.today()
    first = date(today.year - years, 1, 1)
    now = datetime.now()
    ws = Workspace.create(book, PASSPHRASE, "基准测试党支部")
    try:
        with ws.session() as s:
            groups = [PartyGroup(name=f"第{i + 1}党小组", sort_order=i) for i in range(GROUPS)]
            s.add_all(groups)
            s.flush()
            members = []
            for i in range(n_members):
                joined = first - timedelta(days=400 + 37 * i) if i < n_members - 8 else \
                    first + timedelta(days=rng.randrange(200, 365 * years - 200))
                m = Member(name=f"党员{i:02d}", gender="男" if i % 2 else "女", birth_date=date(1970, 1, 1) +
                           timedelta(days=150 * i), id_number=None, joined_on=joined,
                           full_on=joined + timedelta(days=365), group_id=groups[i % GROUPS].id,
                           phone="13800000000", roster_order=i, created_at=now, updated_at=now)
                m.events.append(MembershipEvent(kind=EK.JOINED, on=joined, note="", created_at=now))
                m.events.append(MembershipEvent(kind=EK.FULL, on=joined + timedelta(days=365), note="",
                                                created_at=now))
                if i % 17 == 5:  # a few leave mid-way
                    m.events.append(MembershipEvent(kind=EK.TRANSFER_OUT, on=first + timedelta(days=700 + 90 * i),
                                                    note="", created_at=now))
                members.append(m)
            s.add_all(members)
            s.flush()
            for g, leader in zip(groups, members):
                g.leader_id = leader.id
            for k, start in enumerate(range(first.year, today.year + 1, 3)):
                c = BranchCommittee(term_start=date(start, 3, 1), term_years=3, notes="")
                c.posts = [CommitteePost(member_id=members[k + j].id, role=r) for j, r in enumerate(
                    (CommitteeRole.SECRETARY, CommitteeRole.ORGANIZATION, CommitteeRole.PROPAGANDA,
                     CommitteeRole.DISCIPLINE, CommitteeRole.MEMBER))]
                s.add(c)
            s.flush()
            spans = {m.id: (m.joined_on, next((e.on for e in m.events if e.kind == EK.TRANSFER_OUT), date.max))
                     for m in members}

            def here(day):
                return [(m.id, m.name, m.full_on <= day) for m in members if spans[m.id][0] <= day < spans[m.id][1]]

            plan = []
            for year in range(first.year, today.year + 1):
                for month in range(1, 13):
                    base = date(year, month, 1)
                    plan.append((K.COMMITTEE_MEETING, base + timedelta(days=4), None))
                    plan.append((K.THEME_DAY, base + timedelta(days=14), None))
                    plan += [(K.GROUP_MEETING, base + timedelta(days=8 + g), groups[g].id) for g in range(GROUPS)]
                    if month % 3 == 0:
                        plan.append((K.GENERAL_ASSEMBLY, base + timedelta(days=20), None))
                        plan.append((K.PARTY_LECTURE, base + timedelta(days=22), None))
                    if month % 2 == 0:
                        plan.append((K.STUDY_SESSION, base + timedelta(days=25), None))
                plan.append((K.ORG_LIFE_MEETING, date(year, 12, 18), None))
            meeting_rows, attendance = [], []
            committee_ids = {}
            for kind, day, group_id in plan:
                if day >= today:
                    continue
                start = datetime.combine(day, datetime.min.time()).replace(hour=9)
                meeting_rows.append({"kind": kind, "status": RecordStatus.DRAFT, "title": f"{day} {kind.label}",
                                     "start": start, "end": start + timedelta(hours=2), "group_id": group_id,
                                     "lecturer_id": members[0].id if kind == K.PARTY_LECTURE else None,
                                     "topic": "学习", "study_minutes": 240 if kind == K.STUDY_SESSION else None,
                                     "observers": [], "upper_attendees": [], "agenda": [], "created_at": now,
                                     "updated_at": now, "ledger_seq": None})
            s.execute(insert(Meeting), meeting_rows)
            rows = s.execute(Meeting.__table__.select().with_only_columns(
                Meeting.id, Meeting.kind, Meeting.start, Meeting.group_id)).all()
            for c in s.query(BranchCommittee).all():
                committee_ids[c.term_start] = {p.member_id for p in c.posts}
            for r in rows:
                day = r.start.date()
                expected = here(day)
                if r.kind == K.GROUP_MEETING:
                    expected = [e for e in expected if members[[m.id for m in members].index(e[0])].group_id ==
                                r.group_id]
                elif r.kind == K.COMMITTEE_MEETING:
                    term = max((t for t in committee_ids if t <= day), default=None)
                    expected = [e for e in expected if term and e[0] in committee_ids[term]]
                for row in _attendance(rng, expected, None):
                    attendance.append({"meeting_id": r.id, **row})
            s.execute(insert(MeetingAttendance), attendance)
            # children go in while the parents are drafts (the append-only triggers), then 定稿 in one statement
            s.execute(update(Meeting).values(status=RecordStatus.FINAL))
            talk_rows = []
            for year in range(first.year, today.year + 1):
                for k in range(40):
                    day = date(year, 1, 1) + timedelta(days=rng.randrange(0, 360))
                    if day < today:
                        talk_rows.append({"status": RecordStatus.DRAFT, "held_at": datetime.combine(
                            day, datetime.min.time()), "others": [], "created_at": now, "updated_at": now})
            s.execute(insert(HeartTalk), talk_rows)
            talks = s.execute(HeartTalk.__table__.select().with_only_columns(HeartTalk.id, HeartTalk.held_at)).all()
            s.execute(insert(HeartTalkParticipant), [
                {"talk_id": t.id, "member_id": members[j].id, "position": j, "name": members[j].name}
                for t in talks for j in (t.id % 5, 5 + t.id % (n_members - 5))])
            s.execute(update(HeartTalk).values(status=RecordStatus.FINAL))
            s.add_all([EvaluationRound(year=y, status=RecordStatus.FINAL, held_on=date(y, 12, 20), created_at=now,
                                       updated_at=now) for y in range(first.year, today.year)])
            s.add_all([Rectification(item=f"问题{i}", due_on=date(first.year + i, 6, 30), created_at=now,
                                     status=RectificationStatus.CLOSED if i % 3 else RectificationStatus.OPEN,
                                     ledger_seq=1000 + i) for i in range(years)])
            bases, payments, months = [], [], []
            for m in members:
                for year in range(first.year, today.year + 1):
                    bases.append({"member_id": m.id, "year": year, "category": DuesCategory.EMPLOYED,
                                  "base_fen": 600000, "rate_bp": 150, "monthly_fen": 9000, "rules_version": "2008-1",
                                  "note": "", "created_at": now, "updated_at": now})
            s.execute(insert(DuesBase), bases)
            pid = 0
            for i, m in enumerate(members):
                lo, hi = spans[m.id]
                for year in range(first.year, today.year + 1):
                    for month in range(1, 13):
                        day = date(year, month, 10)
                        if not (lo <= day < hi) or day >= today or (i == 7 and day > today - timedelta(days=240)):
                            continue
                        pid += 1
                        payments.append({"id": pid, "member_id": m.id, "paid_on": day, "amount_fen": 9000,
                                         "proxy": "", "note": "", "created_at": now})
                        months.append({"payment_id": pid, "member_id": m.id, "year": year, "month": month,
                                       "due_fen": 9000, "paid_fen": 9000})
            s.execute(insert(DuesPayment), payments)
            s.execute(insert(DuesPaymentMonth), months)
            print(f"  {len(members)} members, {len(meeting_rows)} meetings, {len(attendance)} attendance rows, "
                  f"{len(talk_rows)} talks, {len(payments)} dues payments")
        for k in range(3):
            ws.recruitment.add(f"申请人{k}", "男", date(1998, 1, 1), today - timedelta(days=30 + 200 * k))
    finally:
        ws.close()


def _reference_arrears():
    import importlib.util

    path = ROOT / "tests" / "desktop" / "dues" / "test_dues_arrears_sql.py"
    spec = importlib.util.spec_from_file_location("dues_reference", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.reference_arrears


def best(fn, runs: int) -> float:
    fn()  # warm-up (imports, caches, the rule file)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--members", type=int, default=50)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from desktop.rules.cadence import window_start
    from desktop.rules.facts import load_facts
    from desktop.workspace import Workspace

    with tempfile.TemporaryDirectory() as tmp:
        paths.set_data_dir(Path(tmp) / "data")
        book = Path(tmp) / "bench.zhibu"
        t = time.perf_counter()
        print(f"building a {args.years}-year, {args.members}-member book …")
        build(book, args.years, args.members)
        print(f"  built in {time.perf_counter() - t:.1f} s")
        with Workspace.open(book, PASSPHRASE, auto_backup=False) as ws:
            today = date.today()
            t = time.perf_counter()
            ws.rules.status(today)
            cold_ms = (time.perf_counter() - t) * 1000  # the dashboard's first call after unlocking
            ruleset = ws.rules.ruleset()

            def baseline():
                with ws.session() as s:
                    load_facts(s, min(window_start(ruleset, today), today - timedelta(days=366)), today)

            base_ms = best(baseline, args.runs)
            status_ms = best(lambda: ws.rules.status(today), args.runs)
            engine_ms = best(lambda: ws.rules.status(today, dues=False, recruitment=False), args.runs)
            dues_ms = best(lambda: ws.dues.alerts(today), args.runs)
            recruit_ms = best(lambda: ws.recruitment.deadlines(today), args.runs)
            report = ws.rules.status(today)
            reference = _reference_arrears()
            assert ws.dues.arrears(today) == reference(ws, today), "SQL and ORM readings of the arrears differ"
            orm_ms = best(lambda: reference(ws, today), args.runs)
            sql_ms = best(lambda: ws.dues.arrears(today), args.runs)
        print(f"baseline (load the records status needs): {base_ms:7.1f} ms")
        ratio = status_ms / base_ms
        print(f"status (everything):                       {status_ms:7.1f} ms   ratio {ratio:.2f}× baseline")
        print(f"  first call after opening (cold):          {cold_ms:7.1f} ms")
        print(f"  engine only (no dues/recruitment):        {engine_ms:7.1f} ms")
        print(f"  dues alerts:                              {dues_ms:7.1f} ms")
        print(f"  recruitment deadlines:                    {recruit_ms:7.1f} ms")
        print(f"dues arrears, previous ORM reading:         {orm_ms:7.1f} ms")
        print(f"dues arrears, SQL aggregates (same answer): {sql_ms:7.1f} ms   ratio {orm_ms / sql_ms:.1f}× faster")
        print(f"  {len(report.rules)} rule results, {len(report.alerts)} alerts, {len(report.members)} members")
        ok = status_ms <= TARGET_MS
        print(f"target ≤ {TARGET_MS} ms: {'OK' if ok else 'MISSED'}")
        paths.set_data_dir(None)
        return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
