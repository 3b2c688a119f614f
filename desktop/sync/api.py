"""The contract between the 报送 core (``desktop/sync``) and its clients (GUI ``ui/sync``, CLI, tests).

Branch side: ``ws.sync`` (a :class:`BranchSync`) on an ordinary branch book.
Committee side: ``Workspace.create_committee(path, passphrase, name)`` makes a committee book; on a committee
book ``ws.is_committee`` is True and ``ws.committee`` (a :class:`CommitteeDesk`) is the service. The same
storage (SQLCipher file, lock, backups, migrations) serves both. Every method raises ``ZhibuError`` subclasses
with a Chinese message for anything a user can cause; long work takes ``progress`` and ``cancel``.

Fingerprints are shown as digit groups a person can read out (e.g. ``"30215 77410 09863 …"``);
:func:`normalize_fingerprint` accepts them with or without spaces or dashes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal, Protocol, Sequence

from desktop.progress import CancelToken, Progress

ImportStatus = Literal["accepted", "already", "pending", "rejected"]


def normalize_fingerprint(text: str) -> str:
    """The fingerprint's digits only, so ``"12345 67890"``, ``"12345-67890"`` and ``"1234567890"`` compare equal."""
    return "".join(ch for ch in text if ch.isdigit())


@dataclass(frozen=True)
class KeyInfo:
    """A party's public identity as a person checks it: name and fingerprint (digit groups)."""

    name: str
    fingerprint: str


@dataclass(frozen=True)
class TrustedCommittee:
    name: str
    fingerprint: str
    trusted_at: datetime
    full_id: bool = False  # the committee's signed policy asks for full ID numbers: bundles carry them


@dataclass(frozen=True)
class BranchIdentity:
    branch_id: str  # stable UUID of this branch book
    name: str
    fingerprint: str  # of the branch's Ed25519 signing key


@dataclass(frozen=True)
class ExportResult:
    path: Path  # the bundle file written (atomically) into the chosen folder
    seq: int
    fingerprint: str  # of the bundle file (SHA-256 shown as digit groups; the handover slip prints it)
    entries: int  # chain entries carried in this bundle
    ledger_length: int
    period_from: datetime | None  # claimed times covered by the carried records
    period_to: datetime | None


@dataclass(frozen=True)
class BundleRow:
    """One exported bundle as the branch lists it."""

    seq: int
    created_at: datetime
    file_name: str
    fingerprint: str
    entries: int
    ledger_length: int
    acknowledged: bool  # a receipt covering this bundle's head has been imported
    received_at: datetime | None  # committee clock, from the receipt


@dataclass(frozen=True)
class ReceiptResult:
    committee: str
    seq: int
    ledger_length: int
    received_at: datetime  # committee clock


@dataclass(frozen=True)
class AckState:
    """How far the committee has confirmed this branch's chain."""

    acknowledged_length: int  # chain entries with seq <= this are held by the committee
    received_at: datetime | None
    pending_entries: int  # entries not yet covered by a receipt ("N 条记录尚未报送")


@dataclass(frozen=True)
class ImportOutcome:
    """One bundle file's fate in a committee import."""

    path: Path
    status: ImportStatus
    message: str  # Chinese sentence: what happened, or exactly why it was refused
    branch_id: str | None = None
    branch_name: str | None = None
    seq: int | None = None
    receipt_path: Path | None = None  # written when a receipts folder was given (also for "already")


@dataclass(frozen=True)
class BranchRow:
    """One branch as the committee sees it."""

    branch_id: str
    name: str
    fingerprint: str
    enrolled: bool  # False: bundles kept as pending until the clerk confirms the fingerprint
    last_seq: int | None
    held_length: int
    head: str | None
    last_received_at: datetime | None
    alerts: list[str] = field(default_factory=list)  # Chinese sentences (fork, rollback, …)


@dataclass(frozen=True)
class HeldEntry:
    """One chain entry of a branch as the committee holds it (added for the cross-branch views)."""

    seq: int
    kind: str  # finalize | correction | supplement | void | progress | trust | export | receipt | handover
    record_type: str
    claimed_at: datetime | None  # when the record says it happened (the meeting time)
    entered_at: datetime | None  # the branch's clock
    first_seen_at: datetime  # the committee's clock, when a bundle first brought it
    bundle_seq: int

    @property
    def reporting_lag(self):
        """first seen − meeting time: the lag the committee can trust (None without a meeting time)."""
        return self.first_seen_at - self.claimed_at if self.claimed_at else None


class BranchSync(Protocol):
    def identity(self) -> BranchIdentity: ...  # creates the branch id and key pair on first use
    def committee(self) -> TrustedCommittee | None: ...
    def read_key_file(self, key_file: Path) -> KeyInfo: ...  # to show the fingerprint before trusting
    def trust(self, key_file: Path, *, replace: bool = False) -> TrustedCommittee: ...  # also takes its policy
    def rotate_key(self) -> BranchIdentity: ...  # new key; handover signed by the old one goes in the chain
    def ack_state(self) -> AckState: ...
    def export(self, dest_dir: Path, progress: Progress | None = None,
               cancel: CancelToken | None = None) -> ExportResult: ...
    def bundles(self) -> list[BundleRow]: ...
    def import_receipt(self, receipt_file: Path) -> ReceiptResult: ...


class CommitteeDesk(Protocol):
    def info(self) -> KeyInfo: ...
    def full_id_policy(self) -> bool: ...
    def set_full_id_policy(self, full_id: bool) -> None: ...  # carried, signed, in the next exported key file
    def export_public_key(self, dest: Path) -> Path: ...
    def import_bundles(self, files: Sequence[Path], receipts_dir: Path | None = None,
                       progress: Progress | None = None, cancel: CancelToken | None = None) -> list[ImportOutcome]: ...
    def branches(self) -> list[BranchRow]: ...
    def enrol(self, branch_id: str, confirm_fingerprint: str,
              receipts_dir: Path | None = None) -> list[ImportOutcome]: ...  # applies the kept pending bundles
    def entries(self, branch_id: str) -> list[HeldEntry]: ...  # added: the branch's chain as held, in order
