"""Checks of the chain that hold even after a careful rewrite which re-hashed every entry after an edit.

Each entry's own facts must agree with the rest of the chain and with the rule that made them:
- an entry that refers to another (an amendment, a progress entry, or any future kind with a target) carries
  the hash of the entry it refers to (``ref_seq``/``ref_hash``): that entry must exist, come earlier, and
  still have that hash;
- ``late_entry`` (补录) is re-derived from the stored claimed/entered times and the stored threshold, and
  ``clock_anomaly`` from the entered time, the clock reading and the floor ``chain.append`` used: the previous
  entry's time, or a later committee time from an earlier ``receipt`` entry (its signed ``received_at``).
These work for every entry kind: they only use the entry columns.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta


def _problem(seq, code, message):
    from desktop.ledger.verify import LedgerProblem

    return LedgerProblem(seq, code, message)


def check_refs(entries) -> list:
    by_seq = {e.seq: e for e in entries}
    problems = []
    for e in entries:
        if e.ref_seq is None and e.ref_hash is None:
            continue
        ref = by_seq.get(e.ref_seq)
        if ref is None or ref.seq >= e.seq:
            problems.append(_problem(e.seq, "ref_mismatch", f"第{e.seq}条引用的第{e.ref_seq}条不存在或不在它之前："
                                                            "纪实条目被改动或删除。"))
        elif ref.hash != e.ref_hash:
            problems.append(_problem(e.seq, "ref_mismatch",
                                     f"第{e.seq}条记录的被引用条目（第{e.ref_seq}条）哈希与该条目现在的哈希不符："
                                     f"第{e.ref_seq}条在被引用之后被改写。"))
    return problems


def expected_late(e) -> bool:
    return (e.kind == "finalize" and e.claimed_at is not None and e.late_after_days is not None
            and e.entered_at - e.claimed_at > timedelta(days=e.late_after_days))


def _receipt_time(e) -> datetime | None:
    """The committee time a ``receipt`` entry carries (it becomes a floor for later entries)."""
    try:
        value = json.loads(e.canonical)["record"]["received_at"]
        return datetime.fromisoformat(value) if value else None
    except (ValueError, KeyError, TypeError):
        return None  # a damaged entry: the hash walk reports it


def check_flags(entries) -> list:
    problems = []
    prev = None
    outside = None  # the latest committee time seen in an earlier receipt entry
    for e in entries:
        if bool(e.late_entry) != expected_late(e):
            state = "标为补录" if e.late_entry else "没有标为补录"
            problems.append(_problem(e.seq, "flag_mismatch",
                                     f"第{e.seq}条{state}，但按其记录时间、录入时间和当时的补录期限（{e.late_after_days}天）"
                                     "应当相反：补录标记被改动。"))
        floor = prev.entered_at if prev is not None else None
        if outside is not None and (floor is None or outside > floor):
            floor = outside
        if e.clock_anomaly:
            ok = (floor is not None and e.clock_reading is not None and e.clock_reading < floor
                  and e.entered_at == floor)
        else:
            ok = e.clock_reading is None
        if not ok:
            problems.append(_problem(e.seq, "flag_mismatch",
                                     f"第{e.seq}条的时钟异常标记与其录入时间、时钟读数不符：时钟异常标记或时间被改动。"))
        if e.kind == "receipt":
            received = _receipt_time(e)
            if received is not None and (outside is None or received > outside):
                outside = received
        prev = e
    return problems
