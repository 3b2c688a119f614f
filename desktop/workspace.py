"""The facade every client (GUI, CLI, tests) uses: ``Workspace.open(path, passphrase)`` → services."""

from __future__ import annotations

import base64
import json
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Iterator

import sqlcipher3
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from desktop.errors import (BackupFailed, BookDamaged, BookExists, BookReadOnly, StorageFull, StorageIOError,
                            ZhibuError)
from desktop.storage import backup as backups
from desktop.storage import diagnose, tempfiles
from desktop.storage import engine as book_engine
from desktop.storage import migrate
from desktop.storage import guards
from desktop.storage.lock import BookLock
from desktop.storage.models import BookSetting, Branch, setting_text

UI_DRAFTS_KEY = "ui_drafts"
AUTO_BACKUP_EVERY = timedelta(hours=1)  # on open: at most one automatic backup an hour
DAILY_BACKUP_EVERY = timedelta(days=1)  # while the book stays open (the GUI checks hourly)


class Workspace:
    """An unlocked, locked-for-writing book. Close it to release the lock and drop the key."""

    def __init__(self, path: Path, key: book_engine.BookKey, lock: BookLock):
        self.path = Path(path)
        self._key = key
        self._lock = lock
        self.engine = book_engine.make_engine(self.path, key)
        self._sessions = sessionmaker(bind=self.engine, expire_on_commit=False)
        self._services: dict[str, object] = {}
        self.open_backup_pending = False  # see open(…, backup_later=True) and finish_open()
        self.warnings: list[str] = []  # things the user should know that did not stop the book opening

    # ---- life cycle -------------------------------------------------------------------------
    @classmethod
    def open(cls, path, passphrase: str, *, auto_backup: bool = True, backup_later: bool = False) -> "Workspace":
        """Unlock a book: passphrase, lock, schema revision (migrating after a backup), the open-time backup.

        With ``backup_later`` the open-time backup (at most hourly) is left for :meth:`finish_open`, which the
        caller runs before any write (the GUI queues it on its one worker right after the first paint)."""
        path = Path(path)
        try:
            book_engine.read_salt(path)  # clear message for a missing or damaged file before locking
            lock = BookLock(path)
            lock.acquire()
        except BookDamaged as exc:
            raise diagnose.offer_backup(path, passphrase, exc) from exc
        try:
            key = book_engine.unlock(path, passphrase)
            ws = cls(path, key, lock)
        except BookDamaged as exc:
            lock.release()
            raise diagnose.offer_backup(path, passphrase, exc) from exc
        except BaseException:
            lock.release()
            raise
        try:
            _clean_leftovers(path)  # left by a process killed during a backup, export or passphrase change
            ws._migrate_and_backup(auto_backup, later=backup_later)
            ws.is_committee  # read once now, so later callers never nest a session to learn the mode
        except (DBAPIError, sqlcipher3.DatabaseError, BookDamaged) as exc:
            ws.close()
            raise _open_error(path, passphrase, exc) from exc
        except BaseException:
            ws.close()
            raise
        return ws

    @classmethod
    def create(cls, path, passphrase: str, branch_name: str, **branch_fields) -> "Workspace":
        path = Path(path)
        if path.exists():
            raise BookExists(f"文件已存在：{path}。为防止覆盖已有数据，请换一个文件名。")
        if not branch_name.strip():
            raise ZhibuError("支部名称不能为空。")
        book_engine.create_file(path, passphrase)
        ws = cls.open(path, passphrase, auto_backup=False)
        with ws.session() as s:
            s.add(Branch(name=branch_name.strip(), created_at=datetime.now(), **branch_fields))
        return ws

    @classmethod
    def create_committee(cls, path, passphrase: str, name: str) -> "Workspace":
        """A committee book (工委纪实本): the same storage, in committee mode, holding the committee's key pairs."""
        from desktop.sync.committee import create_identity
        from desktop.sync.mode import COMMITTEE_MODE, MODE_SETTING

        path = Path(path)
        if path.exists():
            raise BookExists(f"文件已存在：{path}。为防止覆盖已有数据，请换一个文件名。")
        if not name.strip():
            raise ZhibuError("工委名称不能为空。")
        book_engine.create_file(path, passphrase)
        ws = cls.open(path, passphrase, auto_backup=False)
        with ws.session() as s:
            s.add(BookSetting(key=MODE_SETTING, value=json.dumps(COMMITTEE_MODE)))
            create_identity(s, name.strip(), datetime.now())
        ws._services["is_committee"] = True
        return ws

    def _migrate_and_backup(self, auto_backup: bool, later: bool = False) -> None:
        current = migrate.current_revision(self.engine)
        if current != migrate.head_revision():
            if current is not None:
                self.backup(reason="migrate")
            migrate.upgrade(self.engine)
        elif auto_backup and later:
            self.open_backup_pending = True
        elif auto_backup:
            self.backup_if_due_or_warn()

    def finish_open(self) -> Path | None:
        """Run the open-time backup that ``open(…, backup_later=True)`` left pending (a no-op otherwise)."""
        if not self.open_backup_pending:
            return None
        made = self.backup_if_due_or_warn()  # a full backup folder only warns (see ``warnings``)
        self.open_backup_pending = False
        return made

    def close(self) -> None:
        if self.engine is not None:
            self.engine.dispose()
            self.engine = None
        self._key = None
        self._lock.release()

    def __enter__(self) -> "Workspace":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def is_open(self) -> bool:
        return self.engine is not None

    # ---- units of work ----------------------------------------------------------------------
    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: committed on success, rolled back on any error."""
        with self._sessions.begin() as s:
            yield s

    @contextmanager
    def unit(self, session: Session | None = None) -> Iterator[Session]:
        """Join the caller's unit of work when one is given, else start one (so services can compose atomically)."""
        if session is not None:
            yield session
            return
        with self.session() as s:
            yield s

    def service(self, name: str, factory):
        if name not in self._services:
            self._services[name] = factory(self)
        return self._services[name]

    @property
    def members(self):
        from desktop.services.members import MemberService

        return self.service("members", MemberService)

    @property
    def dues(self):
        from desktop.services.dues import DuesService

        return self.service("dues", DuesService)

    @property
    def recruitment(self):
        from desktop.services.recruitment import RecruitmentService

        return self.service("recruitment", RecruitmentService)

    @property
    def organization(self):
        from desktop.services.organization import OrganizationService

        return self.service("organization", OrganizationService)

    @property
    def meetings(self):
        from desktop.services.meetings import MeetingService

        return self.service("meetings", MeetingService)

    @property
    def talks(self):
        from desktop.services.talks import TalkService

        return self.service("talks", TalkService)

    @property
    def evaluations(self):
        from desktop.services.evaluations import EvaluationService

        return self.service("evaluations", EvaluationService)

    @property
    def rectifications(self):
        from desktop.services.rectifications import RectificationService

        return self.service("rectifications", RectificationService)

    @property
    def ledger(self):
        """The record chain (纪实): verify, entries, late-entry threshold."""
        return self.meetings.ledger

    @property
    def rules(self):
        from desktop.rules.service import RulesService

        return self.service("rules", RulesService)

    @property
    def assessment(self):
        from desktop.services.assessment import AssessmentService

        return self.service("assessment", AssessmentService)

    @property
    def documents(self):
        from desktop.services.documents import DocumentService

        return self.service("documents", DocumentService)

    @property
    def sync(self):
        """报送 on a branch book: identity, trusted committee, export, receipts (desktop/sync/api.py BranchSync)."""
        from desktop.sync.branch import BranchSyncService

        return self.service("sync", BranchSyncService)

    @property
    def is_committee(self) -> bool:
        from desktop.sync.mode import COMMITTEE_MODE, MODE_SETTING

        if "is_committee" not in self._services:
            self._services["is_committee"] = self.get_setting(MODE_SETTING) == COMMITTEE_MODE
        return self._services["is_committee"]

    @property
    def committee(self):
        """The committee desk on a committee book (desktop/sync/api.py CommitteeDesk)."""
        from desktop.sync.committee import CommitteeDeskService

        return self.service("committee", CommitteeDeskService)

    @property
    def oversight(self):
        """Committee mode beyond 报送: 落实情况, 诚信预警, verification, review (desktop/committee/api.py)."""
        from desktop.committee.service import OversightService

        return self.service("oversight", OversightService)

    @property
    def reviews(self):
        """On a branch book: the committee's 审阅 results carried back by receipts (desktop/committee/review.py)."""
        from desktop.committee.branch_reviews import BranchReviewService

        return self.service("reviews", BranchReviewService)

    # ---- book-level facts -------------------------------------------------------------------
    def branch(self) -> Branch:
        with self.session() as s:
            branch = s.scalars(select(Branch).order_by(Branch.id)).first()
            if branch is None:
                raise ZhibuError("该支部纪实本没有支部信息。")
            return branch

    def audit(self, action: str, detail: str = "", session: Session | None = None) -> None:
        """Append to the audit log (a hash chain: deleting or editing a row is detected by ``check``)."""
        from desktop.ledger import audit_chain

        with self.unit(session) as s:
            audit_chain.append(s, action, detail)

    def get_setting(self, key: str, default=None):
        with self.session() as s:
            text = setting_text(s, key)
            return json.loads(text) if text is not None else default

    def set_setting(self, key: str, value) -> None:
        with self.session() as s:
            s.merge(BookSetting(key=key, value=json.dumps(value, ensure_ascii=False)))

    def keep_drafts(self, blob: bytes) -> None:
        """Store unsaved edits (an opaque blob from the GUI) inside the encrypted book, e.g. before a lock."""
        self.set_setting(UI_DRAFTS_KEY, base64.b64encode(blob).decode("ascii"))

    def take_drafts(self) -> bytes | None:
        """The stored unsaved edits, removed from the book in the same transaction (restored once)."""
        with self.session() as s:
            row = s.get(BookSetting, UI_DRAFTS_KEY)
            if row is None:
                return None
            s.delete(row)
            return base64.b64decode(json.loads(row.value))

    # ---- backups, passphrase, health --------------------------------------------------------
    def _raw(self):
        return self.engine.raw_connection()

    def backup(self, dest: Path | None = None, reason: str = "manual") -> Path:
        raw = self._raw()
        try:
            return backups.make_backup(raw.driver_connection, self.path, self._key, reason, dest)
        finally:
            raw.close()

    def backup_if_due(self, every: timedelta = AUTO_BACKUP_EVERY, reason: str = "open") -> Path | None:
        """A rotating backup when the newest one is older than ``every`` (on open; daily while open)."""
        latest = backups.list_backups(self.path)
        if latest and datetime.now() - latest[0].made_at < every:
            return None
        return self.backup(reason=reason)

    def backup_if_due_or_warn(self, every: timedelta = AUTO_BACKUP_EVERY, reason: str = "open") -> Path | None:
        """Like :meth:`backup_if_due`, but a full or failing backup folder only warns (``self.warnings``):
        the user keeps working, and the backup is retried next time (it is still due)."""
        try:
            return self.backup_if_due(every, reason)
        except (StorageFull, StorageIOError, BackupFailed, BookReadOnly, OSError) as exc:
            message = exc.message if isinstance(exc, ZhibuError) else str(exc)
            self.warnings.append(f"自动备份没有成功（{message}），支部纪实本可以照常使用，稍后会再次尝试备份。"
                                 "请清理备份所在磁盘的空间。")
            return None

    def list_backups(self):
        return backups.list_backups(self.path)

    def change_passphrase(self, new_passphrase: str) -> None:
        """Export under the new key, verify, then swap atomically; the old file stays intact until then."""
        book_engine.derive_key(new_passphrase, b"\0" * 16)  # rejects an empty passphrase early
        self.backup(reason="passwd")  # a verified copy under the old passphrase first (README promises it)
        raw = self._raw()
        try:
            raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            new_key = backups.rekey_file(raw.driver_connection, self.path, new_passphrase)
        finally:
            raw.close()
        self.engine.dispose()
        try:
            backups.swap_in(self.path)
        except BaseException:
            backups.discard_staged_rekey(self.path)  # the old file and passphrase stay as they were
            raise
        self._key = new_key
        self.engine = book_engine.make_engine(self.path, new_key)
        self._sessions.configure(bind=self.engine)
        self.audit("passwd", "更换口令")

    def check(self) -> dict:
        """Health report: SQLite and SQLCipher integrity, schema revision (and the ledger, when present)."""
        report = book_engine.integrity_report(self.engine)
        report["schema"] = {"current": migrate.current_revision(self.engine), "head": migrate.head_revision()}
        report["ok"] = report["ok"] and report["schema"]["current"] == report["schema"]["head"]
        if report["schema"]["current"] is not None:
            from desktop.ledger.service import LedgerService

            ledger = self.service("ledger", LedgerService).verify().as_dict()
            report["ledger"] = {k: ledger[k] for k in ("ok", "length", "head", "first_bad_seq", "problems")}
            report["ok"] = report["ok"] and ledger["ok"]
            with self.session() as s:
                gone = guards.missing(s)
            report["guards"] = {"ok": not gone, "missing": gone}
            report["ok"] = report["ok"] and not gone
        return report


def check_passphrase(path: Path, passphrase: str) -> None:
    """Raise WrongPassphrase unless ``passphrase`` opens the book or backup at ``path``; writes nothing."""
    book_engine.unlock(Path(path), passphrase)


def backups_of(book: Path) -> list[backups.BackupInfo]:
    """Automatic and manual backups of a book, newest first; works while the book is closed or damaged."""
    return backups.list_backups(Path(book))


def backup_folder_of(book: Path) -> Path:
    return backups.backup_folder(Path(book))


def _open_error(path: Path, passphrase: str, exc: BaseException) -> ZhibuError:
    """A failure after unlocking (migration, open-time backup): a full disk is not a damaged book."""
    known = diagnose.classify(exc)
    if isinstance(known, BookDamaged) or known is None:
        return diagnose.offer_backup(path, passphrase, known if isinstance(known, BookDamaged) else diagnose.damaged(path))
    return known


def _clean_leftovers(path: Path) -> None:
    """Temp files a killed process left: exports beside the book and in the backup folder, a staged rekey."""
    backups.remove_stale_temp_files(path)
    tempfiles.clean_stale()


def restore_backup(backup: Path, book: Path, passphrase: str) -> None:
    """Replace a (closed) book with a verified backup; the current file is backed up first."""
    lock = BookLock(Path(book))
    lock.acquire()
    try:
        backups.restore(Path(backup), Path(book), passphrase)
    finally:
        lock.release()
