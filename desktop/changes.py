"""What a mutating call changed: a small frozen :class:`Changes` naming the kinds of data it touched.

A mutating service method declares its kinds with :func:`mutates`; :func:`changes_of` reads them from the
(bound) method, so a caller that runs ``ws.meetings.finalize`` knows "meetings and the ledger changed" without
reading anything back. The GUI's task runner announces them once after the call succeeded and each page
refreshes only for the kinds it shows (Anki's ``OpChanges`` / ``operation_did_execute`` is the model).

A chained-record service (meetings, talks, evaluations) names its own kinds in ``changes_kinds``; its shared
transitions declare ``RECORD``, which stands for them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, TypeVar

KINDS = frozenset({
    "meetings", "talks", "evaluations", "rectifications",  # records of 组织生活
    "members", "organization",  # the roster, groups and the committee
    "dues", "recruitment", "assessment",
    "attachments", "ledger",  # files of records, and the 纪实链 (every 定稿 / 更正 / 补充说明 / 作废)
    "settings",  # the book's settings, the 组织生活规则 and the 考评细则 in force
    "sync",  # 报送: keys and trust, bundles exported or (on a committee book) imported, receipts, 工作提示
    "reviews",  # the committee's 审阅 (given on a committee book; carried back to a branch by receipts)
})
RECORD = "record"  # the kinds of the chained-record service the method belongs to

F = TypeVar("F", bound=Callable)


@dataclass(frozen=True)
class Changes:
    kinds: frozenset[str] = frozenset()

    @classmethod
    def of(cls, *kinds: str) -> "Changes":
        unknown = set(kinds) - KINDS
        if unknown:
            raise ValueError(f"unknown kinds of data: {sorted(unknown)}")
        return cls(frozenset(kinds))

    def __or__(self, other: "Changes") -> "Changes":
        return Changes(self.kinds | other.kinds)

    def __bool__(self) -> bool:
        return bool(self.kinds)

    def touches(self, *kinds: str) -> bool:
        """True when any of ``kinds`` changed."""
        return not self.kinds.isdisjoint(kinds)


NOTHING = Changes()


def mutates(*kinds: str) -> Callable[[F], F]:
    """Declare the kinds of data a service method changes (``RECORD``: the service's own ``changes_kinds``)."""
    bad = set(kinds) - KINDS - {RECORD}
    if bad or not kinds:
        raise ValueError(f"mutates() needs kinds of {sorted(KINDS)}, got {sorted(kinds)}")

    def mark(fn: F) -> F:
        fn.__mutates__ = tuple(kinds)  # type: ignore[attr-defined]
        return fn

    return mark


def changes_of(fn: Callable) -> Changes:
    """The changes a call of ``fn`` makes when it succeeds (``NOTHING`` for a read or an undeclared callable)."""
    kinds = getattr(fn, "__mutates__", None)
    if not kinds:
        return NOTHING
    owner = getattr(fn, "__self__", None)
    out: list[str] = []
    for k in kinds:
        out += list(getattr(owner, "changes_kinds")) if k == RECORD else [k]
    return Changes.of(*out)
