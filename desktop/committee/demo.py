"""``zhibu-cli committee demo DIR``: a committee book and 12 fictional branches with a year of bundles.

Everything goes through the real path (branch services → export → committee import → receipt), with simulated
clocks month by month over the last twelve months. Four branches misbehave so the committee has something to
find: 第三支部 reports late (a bundle only every quarter), 第五支部 sets its clock back and back-dates a meeting,
第八支部 rewrites a held record and recomputes its chain in the last month (a fork attempt), 第十一支部 stops sending; and one
person appears in the rosters of 第二支部 and 第六支部. All names and records are fictional.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from desktop.domain.enums import CommitteeRole
from desktop.domain.meeting_enums import AttendanceStatus, MeetingKind
from desktop.domain.meeting_rules import MeetingInput
from desktop.domain.member_rules import MemberInput
from desktop.errors import ZhibuError
from desktop.ledger.chain import entry_hash
from desktop.progress import Progress, no_progress
from desktop.rules.periods import add_months
from desktop.workspace import Workspace

PASSPHRASE = "演示口令2026"
COMMITTEE = "市直机关工委（演示）"
UNITS = ["市财政局机关党委", "市教育局机关党委", "市卫健委机关党委"]
BRANCHES = ["第一支部", "第二支部", "第三支部", "第四支部", "第五支部", "第六支部", "第七支部", "第八支部",
            "第九支部", "第十支部", "第十一支部", "第十二支部"]
LATE, CLOCK_BACK, FORK, SILENT = "第三支部", "第五支部", "第八支部", "第十一支部"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = ["建国", "卫东", "秀英", "丽华", "志强", "海燕", "立新", "晓明", "春梅", "国庆", "文静", "红霞", "振华", "玉兰",
         "思远", "佳怡", "子涵", "浩然", "雨桐", "明轩", "欣然", "宇航", "若曦", "俊杰"]
SHARED_ID = "11010519491231002X"  # one person in two rosters (a fictional, checksum-valid number)


class Clock:
    """A settable clock that ticks a second per reading (entry times stay distinct)."""

    def __init__(self, t: datetime):
        self.t = t

    def __call__(self) -> datetime:
        self.t += timedelta(seconds=1)
        return self.t


@dataclass
class DemoBranch:
    name: str
    ws: Workspace
    members: list[int]
    groups: list[int]
    secretary: int
    clock: Clock
    diligence: float  # share of the required meetings it holds
    hour: int  # when its meetings start
    exported: list = field(default_factory=list)


@dataclass(frozen=True)
class DemoResult:
    committee: Path
    branches: dict  # name -> book path
    bundles: int
    receipts: int
    refused: list  # (branch, message)


def _member_inputs(rng: random.Random, n: int) -> list[MemberInput]:
    out, names = [], set()
    while len(out) < n:
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        if name in names:
            continue
        names.add(name)
        probationary = len(out) == n - 1
        birth = date(rng.randint(1965, 1995), rng.randint(1, 12), rng.randint(1, 28))
        joined = date(rng.randint(max(1995, birth.year + 20), 2018), rng.randint(1, 12), 1) if not probationary \
            else date(2025, 6, 1)
        out.append(MemberInput(name=name, gender=rng.choice("男女"), birth_date=birth,
                               joined_on=joined, full_on=None if probationary else add_months(joined, 12),
                               group="第一党小组" if len(out) % 2 == 0 else "第二党小组"))
    return out


def _branch(folder: Path, name: str, unit: str, rng: random.Random, start: datetime, key_file: Path) -> DemoBranch:
    path = folder / f"{name}.zhibu"
    ws = Workspace.create(path, PASSPHRASE, name, committee_name=unit)
    clock = Clock(start)
    ws.ledger.now = clock
    ids = [ws.members.add(m).id for m in _member_inputs(rng, rng.randint(7, 11))]
    if name in ("第二支部", "第六支部"):
        ids.append(ws.members.add(MemberInput(name="周共享", gender="女", birth_date=date(1949, 12, 31),
                                              joined_on=date(1975, 7, 1), full_on=date(1976, 7, 1),
                                              id_number=SHARED_ID, group="第一党小组")).id)
    ws.organization.elect_committee(date(2024, 1, 10), 3, {ids[0]: CommitteeRole.SECRETARY,
                                                            ids[1]: CommitteeRole.ORGANIZATION,
                                                            ids[2]: CommitteeRole.PROPAGANDA})
    groups = [g.id for g in ws.organization.groups()]
    ws.sync.trust(key_file)
    diligence = 0.55 if name in ("第七支部", SILENT) else 0.97
    index = BRANCHES.index(name)
    return DemoBranch(name, ws, ids, groups, ids[0], clock, diligence, 9 + (index * 5) % 8)


def _hold(b: DemoBranch, kind: MeetingKind, start: datetime, **fields) -> int:
    data = MeetingInput(kind=kind, start=start, end=start + timedelta(minutes=90), place="机关三楼党员活动室",
                        chair_id=b.secretary, recorder_id=b.members[1], content="（演示数据）会议按议程进行。",
                        default_status=AttendanceStatus.PRESENT, **fields)
    meeting = b.ws.meetings.create(data)
    return b.ws.meetings.finalize(meeting.id).id


def _month_of_meetings(b: DemoBranch, month: date, rng: random.Random, skip=lambda kind: False) -> None:
    """The month's meetings, each finalized a day or two after it was held (the branch clock follows)."""
    plan = [(MeetingKind.COMMITTEE_MEETING, 5, {}), (MeetingKind.THEME_DAY, 12, {"theme": "主题党日"})]
    plan += [(MeetingKind.GROUP_MEETING, 15 + i, {"group_id": g}) for i, g in enumerate(b.groups)]
    if month.month in (3, 6, 9, 12):
        plan += [(MeetingKind.GENERAL_ASSEMBLY, 20, {}),
                 (MeetingKind.PARTY_LECTURE, 22, {"lecturer_id": b.secretary, "topic": "学习党的创新理论"})]
    for kind, day, fields in plan:
        if skip(kind) or rng.random() > b.diligence:
            continue
        held = datetime(month.year, month.month, day, b.hour, 0)
        b.clock.t = max(b.clock.t, held + timedelta(days=1, hours=rng.randint(0, 30)))
        _hold(b, kind, held, **fields)


def _fork(ws: Workspace) -> None:
    """What a key holder could do to a book: rewrite a held record and recompute every hash after it."""
    raw = ws.engine.raw_connection()
    try:
        c = raw.driver_connection
        c.execute("DROP TRIGGER guard_ledger_entry_update")
        seq = c.execute("SELECT min(seq) FROM ledger_entry WHERE record_type = 'meeting'").fetchone()[0]
        rows = c.execute("SELECT seq, prev_hash, canonical FROM ledger_entry WHERE seq >= ? ORDER BY seq",
                         (seq,)).fetchall()
        prev = rows[0][1]
        for s, _prev, canonical in rows:
            if s == seq:
                canonical = canonical.replace("机关三楼".encode(), "机关五楼".encode())
            h = entry_hash(s, prev, canonical)
            c.execute("UPDATE ledger_entry SET prev_hash = ?, hash = ?, canonical = ? WHERE seq = ?",
                      (prev, h, canonical, s))
            prev = h
        c.commit()
    finally:
        raw.close()


def build(folder: Path, *, today: date | None = None, seed: int = 10, progress: Progress | None = None,
          only: tuple[str, ...] | None = None) -> DemoResult:
    """``only``: build just these of :data:`BRANCHES` (a small committee for tests); all twelve by default."""
    progress = progress or no_progress
    names = [n for n in BRANCHES if only is None or n in only]
    if only is not None and len(names) != len(set(only)):
        raise ValueError(f"unknown demo branches: {sorted(set(only) - set(BRANCHES))}")
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise ZhibuError(f"文件夹 {folder} 不是空的。请指定一个新的（或空的）文件夹来存放演示数据。")
    for sub in ("支部", "数据包", "回执"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    today = today or date.today()
    first = add_months(date(today.year, today.month, 1), -12)
    rng = random.Random(seed)
    cpath = folder / "工委.zhibu"
    cw = Workspace.create_committee(cpath, PASSPHRASE, COMMITTEE)
    cclock = Clock(datetime.combine(first, datetime.min.time()))
    cw.ledger.now = cclock
    key_file = cw.committee.export_public_key(folder)
    start = datetime.combine(first, datetime.min.time()) + timedelta(hours=8)
    branches = [_branch(folder / "支部", n, UNITS[BRANCHES.index(n) % 3], rng, start, key_file) for n in names]
    bundles, receipts, refused = 0, 0, []
    try:
        for k in range(12):
            month = add_months(first, k)
            progress(k, 12, f"{month.year}年{month.month}月")
            for b in branches:
                if b.name == SILENT and k >= 6:
                    continue
                skip = (lambda kind: kind == MeetingKind.COMMITTEE_MEETING) if b.name == CLOCK_BACK and k == 7 \
                    else (lambda kind: False)
                _month_of_meetings(b, month, rng, skip)
                if b.name == CLOCK_BACK and k == 8:
                    # the missed 支委会 of last month, entered now with the clock set back before the last export
                    before = add_months(month, -1)
                    held = datetime(before.year, before.month, 28, b.hour, 0)
                    b.clock.t = held + timedelta(days=1)
                    _hold(b, MeetingKind.COMMITTEE_MEETING, held)
                if b.name == FORK and k == 11:
                    _fork(b.ws)
                if b.name == LATE and k % 3 != 2:
                    continue
                next_month = add_months(month, 1)
                b.clock.t = max(b.clock.t, datetime(next_month.year, next_month.month, 2, 10, 0))
                out = b.ws.sync.export(folder / "数据包")
                bundles += 1
                cclock.t = max(cclock.t, datetime(next_month.year, next_month.month, 4, 9, 0))
                [result] = cw.committee.import_bundles([out.path], folder / "回执")
                if result.status == "pending":
                    [result] = cw.committee.enrol(result.branch_id, b.ws.sync.identity().fingerprint,
                                                  folder / "回执")
                if result.status == "rejected":
                    refused.append((b.name, result.message))
                    continue
                b.clock.t = max(b.clock.t, cclock.t + timedelta(hours=2))
                b.ws.sync.import_receipt(result.receipt_path)
                receipts += 1
        progress(12, 12, "完成")
    finally:
        paths = {b.name: b.ws.path for b in branches}
        for b in branches:
            b.ws.close()
        cw.close()
    return DemoResult(cpath, paths, bundles, receipts, refused)
