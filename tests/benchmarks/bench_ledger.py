"""Benchmark: verify a ledger of 10 years × 150 records with attachments (target < 1 s).

Run on demand: ``python tests/benchmarks/bench_ledger.py [--years 10] [--per-year 150] [--attachment-kb 64]``.
The book is built through the real services (one transaction per year, clock injected), then verification
is timed and compared with baselines measured in the same run on the same bytes:
  * sha-only:   SHA-256 over every entry's canonical bytes already in memory (the floor of any chain check);
  * chain-only: reading the entries from the encrypted book and re-linking the hashes, without rebuilding
                records from their rows (what a verifier that trusted the stored bytes would cost).
``verify`` additionally rebuilds every record from its current rows and re-encodes it; ``--deep`` re-hashes
every attachment as well (reported separately: it scales with the bytes stored, not the record count).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import random
import sys
import tempfile
import time
from datetime import date, datetime, time as dtime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from desktop import paths  # noqa: E402

PASSPHRASE = "bench-passphrase-123"
TARGET_S = 1.0


def photo(rng: random.Random, kb: int) -> bytes:
    """A JPEG of roughly ``kb`` KB (noise compresses badly, so size tracks pixel count)."""
    from PIL import Image

    side = max(16, int((kb * 1024 / 3) ** 0.5))
    img = Image.frombytes("RGB", (side, side), rng.randbytes(side * side * 3))
    out = io.BytesIO()
    img.save(out, format="JPEG", quality=85)
    return out.getvalue()


def build(book: Path, years: int, per_year: int, attachment_kb: int) -> None:
    from desktop.domain.enums import CommitteeRole
    from desktop.domain.evaluation_rules import EvaluationInput
    from desktop.domain.meeting_enums import AttendanceStatus, EvaluationGrade, MeetingKind
    from desktop.domain.meeting_rules import AttendanceInput, HeartTalkInput, MeetingInput
    from desktop.domain.member_rules import MemberInput
    from desktop.services.meeting_roster import members_on
    from desktop.workspace import Workspace

    rng = random.Random(7)
    first = date(date.today().year - years, 1, 1)
    ws = Workspace.create(book, PASSPHRASE, "基准测试党支部")
    try:
        ids = [ws.members.add(MemberInput(name=f"党员{i:02d}", gender="男" if i % 2 else "女",
                                          birth_date=date(1975, 1, 1) + timedelta(days=97 * i),
                                          joined_on=first - timedelta(days=800 + i), full_on=first - timedelta(days=400),
                                          group=f"第{i % 3 + 1}党小组")).id for i in range(30)]
        ws.organization.elect_committee(first, 5, {ids[0]: CommitteeRole.SECRETARY, ids[1]: CommitteeRole.ORGANIZATION,
                                                   ids[2]: CommitteeRole.PROPAGANDA})
        groups = [g.id for g in ws.organization.groups()]
        kinds = [MeetingKind.THEME_DAY, MeetingKind.COMMITTEE_MEETING, MeetingKind.PARTY_LECTURE,
                 MeetingKind.STUDY_SESSION, MeetingKind.GENERAL_ASSEMBLY]
        clock = ws.meetings.ledger
        for year in range(first.year, first.year + years):
            with ws.session() as s:
                n_talks = per_year // 8
                n_meetings = per_year - n_talks - 2  # + one evaluation and one correction a year
                slots = sorted(rng.sample(range(1, 360), n_meetings + n_talks))
                last = None
                for k, offset in enumerate(slots):
                    start = datetime.combine(date(year, 1, 1) + timedelta(days=offset), dtime(9 + k % 6))
                    clock.now = lambda t=start + timedelta(hours=30): t
                    if k < n_talks:
                        v = ws.talks.create(HeartTalkInput(start, "办公室", [ids[0], ids[3 + k % 27]], topics="谈话主题",
                                                           content="谈话记录" * 20), session=s)
                        ws.talks.finalize(v.id, session=s)
                        continue
                    kind = rng.choice(kinds + [MeetingKind.GROUP_MEETING] * 3)
                    group = rng.choice(groups) if kind == MeetingKind.GROUP_MEETING else None
                    here = [m.id for m in members_on(s, start.date())]
                    data = MeetingInput(kind=kind, start=start, end=start + timedelta(minutes=50), place="会议室",
                                        group_id=group, chair_id=ids[0], recorder_id=ids[1], topic="学习专题",
                                        theme="主题", lecturer_id=ids[0], content="会议记录内容" * 60,
                                        default_status=AttendanceStatus.PRESENT,
                                        attendance=[AttendanceInput(here[-1], AttendanceStatus.ON_LEAVE, "出差")])
                    if kind == MeetingKind.GROUP_MEETING:
                        members = [m for m in members_on(s, start.date()) if m.group_id == group]
                        data.chair_id, data.recorder_id = members[0].id, members[1].id
                    if kind in (MeetingKind.GROUP_MEETING, MeetingKind.COMMITTEE_MEETING):
                        data.attendance = []
                    v = ws.meetings.create(data, session=s)
                    ws.meetings.attach(v.id, photo(rng, attachment_kb), "会议照片.jpg", session=s)
                    last = ws.meetings.finalize(v.id, session=s).id
                clock.now = lambda: datetime(year, 12, 31, 12)
                data = ws.meetings.input_of(last, session=s)
                data.place = "另一会议室"
                ws.meetings.amend(last, data, reason="地点更正", session=s)
                ev = ws.evaluations.create(EvaluationInput(year, date(year, 12, 30)), session=s)
                inp = ws.evaluations.input_of(ev.id, session=s)
                for row in inp.members:
                    row.final_grade = EvaluationGrade.QUALIFIED
                ws.evaluations.save_draft(ev.id, inp, session=s)
                ws.evaluations.finalize(ev.id, session=s)
            print(f"  built {year}", file=sys.stderr)
    finally:
        ws.close()


def best_of(n: int, fn):
    best, result = float("inf"), None
    for _ in range(n):
        t = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t)
    return best, result


def measure(book: Path) -> int:
    from sqlalchemy import select

    from desktop.ledger.chain import GENESIS, entry_hash
    from desktop.storage.models_ledger import LedgerEntry
    from desktop.workspace import Workspace

    ws = Workspace.open(book, PASSPHRASE, auto_backup=False)
    try:
        ledger = ws.meetings.ledger
        t_verify, report = best_of(3, ledger.verify)
        assert report.ok, report.problems[:3]
        t = LedgerEntry.__table__

        def chain_only():
            with ws.session() as s:
                rows = s.execute(select(t.c.seq, t.c.prev_hash, t.c.hash, t.c.canonical).order_by(t.c.seq)).all()
            prev = GENESIS
            for seq, prev_hash, h, canonical in rows:
                assert prev_hash == prev and entry_hash(seq, prev_hash, canonical) == h
                prev = h
            return rows

        t_chain, rows = best_of(3, chain_only)
        blobs = [r.canonical for r in rows]
        t_sha, _ = best_of(3, lambda: [hashlib.sha256(b).digest() for b in blobs])
        t_deep, deep = best_of(1, lambda: ledger.verify(deep=True))
        t_list, listed = best_of(3, ws.meetings.list)
        t_year, _ = best_of(3, lambda: ws.meetings.list(year=listed[-1].start.year))
        with ws.session() as s:
            from sqlalchemy import func

            from desktop.storage.models_meetings import Attachment

            n_att, att_bytes = s.execute(select(func.count(), func.sum(Attachment.size))).one()
    finally:
        ws.close()
    canon_mb = sum(map(len, blobs)) / 1e6
    print(f"ledger: {report.length} entries, {canon_mb:.1f} MB canonical, {n_att} attachments "
          f"({att_bytes / 1e6:.0f} MB), book {book.stat().st_size / 1e6:.0f} MB")
    print(f"verify (rebuild every record from rows):  {t_verify * 1000:7.0f} ms   target < {TARGET_S * 1000:.0f} ms "
          f"{'OK' if t_verify < TARGET_S else 'SLOW'}")
    print(f"baseline chain-only (read + re-link):     {t_chain * 1000:7.0f} ms   verify/chain-only = "
          f"{t_verify / t_chain:.1f}x")
    print(f"baseline sha-only (SHA-256, in memory):   {t_sha * 1000:7.1f} ms   verify/sha-only   = {t_verify / t_sha:.0f}x")
    print(f"deep verify (+ re-hash attachments):      {t_deep * 1000:7.0f} ms   ({deep.attachments_checked} files, "
          f"{att_bytes / 1e6 / max(t_deep - t_verify, 1e-9):.0f} MB/s beyond verify)")
    print(f"meetings.list() all {len(listed)} rows:        {t_list * 1000:7.0f} ms;  one year: {t_year * 1000:.0f} ms")
    return 0 if t_verify < TARGET_S else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--per-year", type=int, default=150)
    parser.add_argument("--attachment-kb", type=int, default=64, help="size of the photo attached to each meeting")
    parser.add_argument("--book", help="reuse (or build once into) this book file")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="zhibu-bench-"))
    paths.set_data_dir(tmp / "data")
    book = Path(args.book) if args.book else tmp / "bench.zhibu"
    if not book.exists():
        t = time.perf_counter()
        build(book, args.years, args.per_year, args.attachment_kb)
        print(f"built {args.years} × {args.per_year} records in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    return measure(book)


if __name__ == "__main__":
    raise SystemExit(main())
