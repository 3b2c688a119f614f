"""诚信预警: integrity alerts, each with its evidence.

Raised at import (stored in ``committee_alert``), from the entries a bundle brings and the bundles before it:
``reporting_lag`` (the committee first saw a record long after it was held), ``clock_anomaly`` (the branch's
chain flagged a clock that went backwards), ``clock_back`` (an entry's clock reading is earlier than the
branch's previous export), ``late_report`` (补报: a record dated before the previous export, first reported
after it), ``chain_break`` (a bundle that never arrived, or a bundle that does not name its predecessor).
Judged when asked (they depend on today or on other branches): ``fork`` and ``rollback`` (from the kept
evidence bundles), ``silent`` (no bundle for N days), ``roster_overlap`` (one person in two branches' rosters,
matched by the committee-keyed ID hash) and ``attendance_overlap`` (one person present at overlapping meetings
of two branches).
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from itertools import combinations

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.committee.api import IntegrityAlert
from desktop.committee.orgfacts import OrgFacts
from desktop.committee.records import RECORD_CLASSES, held_records
from desktop.domain.meeting_enums import AttendanceStatus
from desktop.storage.models_committee import CommitteeAlert, CommitteeBundle, CommitteeOrg
from desktop.storage.models_sync import CommitteeBranch, CommitteeEvidence

LAG_SETTING, SILENT_SETTING = "committee.lag_days", "committee.silent_days"
DEFAULT_LAG_DAYS, DEFAULT_SILENT_DAYS = 30, 45
KIND_LABELS = {"reporting_lag": "报送滞后", "clock_anomaly": "时钟异常", "clock_back": "时钟回拨",
               "late_report": "补报", "chain_break": "链条中断", "fork": "历史被改写（分叉）",
               "rollback": "回滚到旧备份", "silent": "长期未报送", "roster_overlap": "一人在两个支部名册",
               "attendance_overlap": "同一人同时出席两支部会议"}
SEVERITY = {"reporting_lag": "warning", "clock_anomaly": "warning", "clock_back": "critical",
            "late_report": "info", "chain_break": "warning", "fork": "critical", "rollback": "critical",
            "silent": "warning", "roster_overlap": "warning", "attendance_overlap": "critical"}
SEVERITY_ORDER = {"critical": 0, "warning": 1, "info": 2}


def cn(t: datetime | date | None) -> str:
    if t is None:
        return "—"
    text = f"{t.year}年{t.month}月{t.day}日"
    return text + (f" {t.hour:02d}:{t.minute:02d}" if isinstance(t, datetime) else "")


def _iso(t):
    return t.isoformat() if t is not None else None


def _alert(branch_id, kind, message, evidence, raised_at, *, bundle_seq=None, entry_seq=None, record_type="",
           record_id=None) -> dict:
    return dict(branch_id=branch_id, kind=kind, severity=SEVERITY[kind], bundle_seq=bundle_seq,
                entry_seq=entry_seq, record_type=record_type, record_id=record_id, message=message,
                evidence=json.dumps(evidence, ensure_ascii=False), raised_at=raised_at)


# ---- at import ---------------------------------------------------------------------------------------------
def on_bundle(session: Session, m, entries, now: datetime, lag_days: int) -> list[dict]:
    """The alerts one applied bundle raises (``entries``: the entries it added, payload.Entry values)."""
    bid, name = m.branch_id, m.branch_name
    prev = session.scalars(select(CommitteeBundle).where(CommitteeBundle.branch_id == bid,
                                                         CommitteeBundle.seq < m.seq)
                           .order_by(CommitteeBundle.seq.desc()).limit(1)).first()
    out = []
    expected = prev.seq + 1 if prev else 1
    if m.seq > expected:
        missing = list(range(expected, m.seq))
        out.append(_alert(bid, "chain_break", f"支部“{name}”的第{missing[0]}"
                          + (f"–{missing[-1]}" if len(missing) > 1 else "") + f"号数据包工委从未收到，"
                          f"直接收到了第{m.seq}号（其内容已补齐，但中间的数据包去向不明，请向支部核实）。",
                          {"missing_bundles": missing, "received_bundle": m.seq,
                           "previous_bundle": prev.seq if prev else None}, now, bundle_seq=m.seq))
    elif prev is not None and m.prev_bundle != prev.bundle_sha256:
        out.append(_alert(bid, "chain_break", f"支部“{name}”第{m.seq}号数据包记载的上一个数据包与工委收到的"
                          f"第{prev.seq}号不是同一个文件：支部可能另外导出过数据包，请向支部核实。",
                          {"bundle": m.seq, "names_previous": m.prev_bundle, "held_previous": prev.bundle_sha256},
                          now, bundle_seq=m.seq))
    lagging = []
    for e in entries:
        env = json.loads(e.canonical)
        rid = env.get("record_id")
        what = f"纪实第{e.seq}条"
        if env.get("clock_anomaly"):
            out.append(_alert(bid, "clock_anomaly", f"支部“{name}”{what}录入时电脑时钟读数为"
                              f"{cn(_dt(env.get('clock_reading')))}，早于前一条纪实的时间"
                              f"{cn(e.entered_at)}（时钟被调回或不准）。",
                              {"clock_reading": env.get("clock_reading"), "entered_at": _iso(e.entered_at)},
                              now, bundle_seq=m.seq, entry_seq=e.seq, record_type=e.record_type, record_id=rid))
        clock = _dt(env.get("clock_reading")) or e.entered_at
        if prev is not None and clock is not None and clock < prev.created_at:
            out.append(_alert(bid, "clock_back", f"支部“{name}”{what}的录入时间{cn(clock)}早于该支部上一次导出"
                              f"数据包（第{prev.seq}号，{cn(prev.created_at)}）：两次报送之间电脑时钟被调回，"
                              "可能在倒签记录。",
                              {"entry_clock": _iso(clock), "previous_export_seq": prev.seq,
                               "previous_export_at": _iso(prev.created_at)},
                              now, bundle_seq=m.seq, entry_seq=e.seq, record_type=e.record_type, record_id=rid))
        if e.kind != "finalize" or e.record_type not in RECORD_CLASSES or e.claimed_at is None:
            continue
        lag = now - e.claimed_at
        if lag.days > lag_days:
            lagging.append((lag.days, e, rid))
        if prev is not None and e.claimed_at < prev.created_at:
            out.append(_alert(bid, "late_report", f"支部“{name}”{cn(e.claimed_at.date())}的记录（纪实第{e.seq}条）"
                              f"早于上一次报送（第{prev.seq}号数据包，{cn(prev.created_at)}），却在第{m.seq}号数据包中"
                              "才首次报送（补报）。",
                              {"held_at": _iso(e.claimed_at), "entered_at": _iso(e.entered_at),
                               "previous_export_seq": prev.seq, "previous_export_at": _iso(prev.created_at),
                               "reported_in_bundle": m.seq},
                              now, bundle_seq=m.seq, entry_seq=e.seq, record_type=e.record_type, record_id=rid))
    if lagging:
        out.append(_lag_alert(m, lagging, now, lag_days))
    return out


def _lag_alert(m, lagging, now: datetime, lag_days: int) -> dict:
    """One alert per bundle for its records first seen more than ``lag_days`` after they were held."""
    days, worst, rid = max(lagging, key=lambda x: (x[0], -x[1].seq))
    held = f"{cn(worst.claimed_at.date())}的记录（纪实第{worst.seq}条）"
    if len(lagging) == 1:
        message = (f"支部“{m.branch_name}”{held}工委{cn(now.date())}才首次收到，滞后{days}天（阈值{lag_days}天）。")
    else:
        message = (f"支部“{m.branch_name}”第{m.seq}号数据包中有{len(lagging)}条记录在举行{lag_days}天以后才报送，"
                   f"工委{cn(now.date())}首次收到；最长滞后{days}天（{held}）。")
    records = [{"entry_seq": e.seq, "record_type": e.record_type, "record_id": r, "held_at": _iso(e.claimed_at),
                "lag_days": d} for d, e, r in lagging]
    return _alert(m.branch_id, "reporting_lag", message,
                  {"lag_days": days, "records": records, "first_seen_at": _iso(now), "threshold_days": lag_days},
                  now, bundle_seq=m.seq, entry_seq=worst.seq, record_type=worst.record_type, record_id=rid)


def _dt(text) -> datetime | None:
    try:
        return datetime.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        return None


# ---- when asked ----------------------------------------------------------------------------------------------
def stored(session: Session, names: dict[str, str]) -> list[IntegrityAlert]:
    rows = session.scalars(select(CommitteeAlert).order_by(CommitteeAlert.id)).all()
    return [IntegrityAlert(r.branch_id, names.get(r.branch_id, ""), r.kind, KIND_LABELS[r.kind], r.severity,
                           r.message, json.loads(r.evidence), r.raised_at, r.bundle_seq, r.entry_seq,
                           r.record_type, r.record_id) for r in rows]


def evidence_alerts(session: Session, names: dict[str, str]) -> list[IntegrityAlert]:
    rows = session.scalars(select(CommitteeEvidence).order_by(CommitteeEvidence.id)).all()
    return [IntegrityAlert(r.branch_id, names.get(r.branch_id, ""), r.kind, KIND_LABELS.get(r.kind, r.kind),
                           SEVERITY.get(r.kind, "critical"), r.message,
                           {"kept_bundle_id": r.id, "bundle_seq": r.seq, "bundle_sha256": r.bundle_sha256,
                            "received_at": _iso(r.received_at)}, r.received_at, r.seq)
            for r in rows if r.kind in ("fork", "rollback")]


def silent(branches: list[CommitteeBranch], now: datetime, days: int) -> list[IntegrityAlert]:
    out = []
    for b in branches:
        if not b.enrolled or b.last_received_at is None:
            continue
        gap = (now - b.last_received_at).days
        if gap > days:
            out.append(IntegrityAlert(b.branch_id, b.name, "silent", KIND_LABELS["silent"], SEVERITY["silent"],
                                      f"支部“{b.name}”已{gap}天没有报送数据包（最近一次：第{b.last_seq}号，"
                                      f"{cn(b.last_received_at.date())}收到；阈值{days}天）。",
                                      {"last_received_at": _iso(b.last_received_at), "last_bundle": b.last_seq,
                                       "days": gap, "threshold_days": days}, now, b.last_seq))
    return out


def _current(member) -> bool:
    return any(end is None for _start, end in member.spans)


def cross_branch(session: Session, names: dict[str, str], now: datetime) -> list[IntegrityAlert]:
    """One person (same keyed ID hash) in two branches: in both rosters now, or present at overlapping meetings."""
    orgs = {r.branch_id: OrgFacts(json.loads(r.doc)) for r in session.scalars(select(CommitteeOrg))}
    people: dict[str, list[tuple[str, object]]] = {}
    for bid, org in orgs.items():
        for m in org.members:
            h = org.id_hashes.get(m.id)
            if h:
                people.setdefault(h, []).append((bid, m))
    out = []
    shared = {h: rows for h, rows in people.items() if len({bid for bid, _ in rows}) > 1}
    meetings: dict[str, list] = {}
    for h, rows in sorted(shared.items()):
        now_in = [(bid, m) for bid, m in rows if _current(m)]
        for (b1, m1), (b2, m2) in combinations(now_in, 2):
            if b1 != b2:
                out.append(IntegrityAlert(b1, names.get(b1, ""), "roster_overlap", KIND_LABELS["roster_overlap"],
                                          SEVERITY["roster_overlap"],
                                          f"同一名党员（身份证号相同）同时在支部“{names.get(b1, '')}”（{m1.name}）和"
                                          f"支部“{names.get(b2, '')}”（{m2.name}）的名册中。党员只能在一个支部。",
                                          {"id_hash": h[:16], "branches": [
                                              {"branch_id": b1, "name": names.get(b1, ""), "member": m1.name},
                                              {"branch_id": b2, "name": names.get(b2, ""), "member": m2.name}]},
                                          now))
        present = []
        for bid, m in rows:
            if bid not in meetings:
                meetings[bid] = [h for (t, _), h in held_records(session, bid, ("meeting",)).items()
                                 if not h.voided]
            for held in meetings[bid]:
                r = held.record
                if any(a.member_id == m.id and AttendanceStatus(a.status) == AttendanceStatus.PRESENT
                       for a in r.attendance):
                    end = r.end if r.end and r.end > r.start else r.start + timedelta(hours=1)
                    present.append((bid, m.name, held, r.start, end))
        for (b1, n1, h1, s1, e1), (b2, n2, h2, s2, e2) in combinations(sorted(present, key=lambda x: x[3]), 2):
            if b1 != b2 and s1 < e2 and s2 < e1:
                out.append(IntegrityAlert(b1, names.get(b1, ""), "attendance_overlap",
                                          KIND_LABELS["attendance_overlap"], SEVERITY["attendance_overlap"],
                                          f"同一名党员在{cn(s1)}被支部“{names.get(b1, '')}”的“{h1.title}”和支部"
                                          f"“{names.get(b2, '')}”的“{h2.title}”（{cn(s2)}）同时记为出席，时间重叠。",
                                          {"id_hash": h[:16], "meetings": [
                                              {"branch_id": b1, "name": names.get(b1, ""), "member": n1,
                                               "record_id": h1.record_id, "hash": h1.hash, "start": _iso(s1),
                                               "end": _iso(e1)},
                                              {"branch_id": b2, "name": names.get(b2, ""), "member": n2,
                                               "record_id": h2.record_id, "hash": h2.hash, "start": _iso(s2),
                                               "end": _iso(e2)}]},
                                          now, None, None, "meeting", h1.record_id))
    return out


def ordered(alerts: list[IntegrityAlert]) -> list[IntegrityAlert]:
    return sorted(alerts, key=lambda a: (SEVERITY_ORDER[a.severity], a.branch_name, a.kind, a.entry_seq or 0))
