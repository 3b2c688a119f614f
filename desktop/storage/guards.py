"""The guard triggers the migrations create (defence in depth: refuse edits of chained rows and of the audit
log). Verification never relies on them, but a dropped guard is reported by ``check``: someone removed it, most
likely to edit what it protects."""

from __future__ import annotations

from sqlalchemy import text

_CHILDREN = ("meeting_attendance", "meeting_resolution", "meeting_person_note", "heart_talk_participant",
             "member_evaluation")

EXPECTED = frozenset(
    [f"guard_{t}_{op}" for t in ("ledger_entry", "amendment", "rectification_progress", "meeting", "heart_talk",
                                 "evaluation_round", "audit_log") for op in ("update", "delete")]
    + [f"guard_{t}_{op}" for t in _CHILDREN for op in ("insert", "update", "delete")]
    + ["guard_rectification_update"]
)


def missing(session) -> list[str]:
    """Names of expected guard triggers that are not in the book (only those whose table exists)."""
    rows = session.execute(text("SELECT type, name, tbl_name FROM sqlite_master WHERE type IN ('table', 'trigger')"))
    tables, triggers = set(), set()
    for kind, name, _table in rows:
        (tables if kind == "table" else triggers).add(name)
    out = []
    for name in sorted(EXPECTED - triggers):
        table = name[len("guard_"):].rsplit("_", 1)[0]
        if table in tables:
            out.append(name)
    return out
