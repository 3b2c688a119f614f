"""The app's state machine: start screen → unlock → main window ⇄ locked, and back to the start screen.

Holds the one open Workspace. Locking (manual, Ctrl+L or idle) closes the workspace on the worker, which
drops the key, hides every page behind the lock screen and asks for the passphrase of the same book; a
successful unlock rebuilds the pages and returns to the page that was showing.
"""

from __future__ import annotations

import importlib
import logging
import pickle
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QDialog

from desktop.errors import BookDamaged, WrongPassphrase, ZhibuError
from desktop.storage import keyderive
from ui import core_loader, theme
from ui.app_events import AppEvents
from ui.idle import IdleWatcher
from ui.main_window import MainWindow
from ui.pages import PAGE_FACTORIES, PageContext
from ui.settings_store import SettingsStore
from ui.start.create_dialog import CreateBookDialog
from ui.start.start_window import StartWindow
from ui.start.unlock_dialog import FailureThrottle, UnlockDialog
from ui.tasks import TaskRunner

if TYPE_CHECKING:  # the core is loaded by ui.core_loader once the start screen is painted
    from desktop.workspace import Workspace
    from ui.start.damaged import DamagedBookBox

log = logging.getLogger(__name__)
DAILY_BACKUP_EVERY = None  # the rotating backup's period: desktop.workspace's own unless set here (tests)


def open_book(path: Path, passphrase: str) -> tuple[Workspace, str, str]:
    """Worker side of unlocking: open the book, read its name (the branch's, or the committee's for a
    committee book) and its mode ("branch" or "committee", which navigation the window shows). The open-time
    backup is left for :meth:`AppSession._attach`, which queues it on the same worker right after the first
    page's load, so it finishes before any write (every write is a later task on that one worker)."""
    from desktop.workspace import Workspace

    ws = Workspace.open(path, passphrase, backup_later=True)
    try:
        if ws.is_committee:
            return ws, ws.committee.info().name, "committee"
        return ws, ws.branch().name, "branch"
    except BaseException:
        ws.close()
        raise


def create_book(path: Path, branch_name: str, passphrase: str) -> tuple[Workspace, str, str]:
    from desktop.workspace import Workspace

    ws = Workspace.create(path, passphrase, branch_name)
    return ws, branch_name, "branch"


def create_committee_book(path: Path, name: str, passphrase: str) -> tuple[Workspace, str, str]:
    from desktop.workspace import Workspace

    ws = Workspace.create_committee(path, passphrase, name)
    return ws, name, "committee"


def restore_and_reopen(ws: Workspace, backup: Path, passphrase: str) -> tuple[Workspace, str, str]:
    from desktop.workspace import restore_backup

    book = ws.path
    ws.close()
    restore_backup(backup, book, passphrase)
    return open_book(book, passphrase)


class AppSession(QObject):
    unlocked = Signal()
    locked = Signal()

    def __init__(self, store: SettingsStore | None = None, *, demo_passphrase: str | None = None):
        super().__init__()
        self.store = store or SettingsStore()
        if self.store.prefs.font_scale != theme.font_scale():
            theme.set_font_scale(QApplication.instance(), self.store.prefs.font_scale)
        self.tasks = TaskRunner(self)
        self.idle = IdleWatcher(self)
        self.idle.timed_out.connect(self.auto_lock)
        self.app_events = AppEvents(self.idle, self)  # idle clock, Ctrl+L, screen fit: one app-wide filter
        self.app_events.lock_key_pressed.connect(self._lock_key_pressed)
        from ui.clipboard_guard import ClipboardGuard

        self.clipboard_guard = ClipboardGuard(self)  # copied ID numbers are cleared after 30 s, at lock and quit
        from ui.session_lock import SessionLockWatcher

        self.session_lock = SessionLockWatcher(self)  # the OS screen lock locks the book too
        self.session_lock.session_locked.connect(lambda: self.lock(
            f"计算机已锁屏，{'工委数据本' if self.mode == 'committee' else '支部纪实本'}也已随之锁定。"))
        self.backup_timer = QTimer(self)  # the daily rotating backup of a book left open for days
        self.backup_timer.setInterval(60 * 60 * 1000)
        self.backup_timer.timeout.connect(self.backup_if_due)
        self.backup_timer.start()
        self.ws: Workspace | None = None
        self.book: Path | None = None
        self.branch_name = ""
        self.mode = "branch"  # of the open book: "committee" for a committee book (工委数据本)
        self.demo_book: Path | None = None
        self.demo_books: list[Path] = []  # books whose unlock dialog offers the demo passphrase
        self.demo_passphrase = demo_passphrase
        self.start_window = StartWindow(self.store)
        self.start_window.open_requested.connect(self.request_unlock)
        self.start_window.create_requested.connect(self.request_create)
        self.start_window.create_committee_requested.connect(lambda: self.request_create(committee=True))
        self.main_window: MainWindow | None = None
        self.unlock_dialog: UnlockDialog | None = None
        self.create_dialog: CreateBookDialog | None = None
        self._throttles: dict[str, FailureThrottle] = {}
        self._drafts: list[tuple[str, list]] = []
        self._shut_down = False

    # ---- start screen -----------------------------------------------------------------------
    def show_start(self, select: Path | None = None) -> None:
        self.start_window.refresh(select)
        self.start_window.show()
        self.start_window.raise_()
        self.start_window.activateWindow()

    def offer_book(self, path: Path, name: str = "", *, demo_passphrase: str | None = None) -> None:
        """Put a book at the top of the recent list, select it and ask for its passphrase."""
        path = Path(path)
        if demo_passphrase:
            self.demo_book, self.demo_passphrase = path, demo_passphrase
            self.demo_books.append(path)
        if name:
            self.store.remember_book(path, name)
        self.show_start(select=path)
        self.request_unlock(path)

    def open_demo(self) -> None:
        """``--demo``: offer the demo book with its passphrase, created first (on the worker) on first use.

        A demo book already there is offered at once: like any other book's, its unlock dialog appears without
        waiting for the core, which ``ui.core_loader`` loads meanwhile. Only creating one needs the core first."""
        from desktop.demo import DEMO_BRANCH, DEMO_PASSPHRASE, default_demo_path, ensure_demo_book

        def offer(path: Path) -> None:
            self.offer_book(path, DEMO_BRANCH, demo_passphrase=DEMO_PASSPHRASE)

        if default_demo_path().is_file():
            offer(default_demo_path())
            return
        _prepare_models()
        self.tasks.run(ensure_demo_book, label="正在准备演示支部纪实本…", on_done=offer)

    def open_committee_demo(self) -> None:
        """``--demo --committee``: the demo committee book offered with its passphrase, the demo branch book
        listed under it (same passphrase) for 切换支部纪实本."""
        from desktop.demo import DEMO_BRANCH, DEMO_PASSPHRASE, default_demo_path
        from ui.start.committee_demo import COMMITTEE_DEMO_NAME, committee_demo_path, ensure_committee_demo

        def offer(books) -> None:
            branch, committee = books
            self.store.remember_book(branch, DEMO_BRANCH)
            self.demo_books.append(branch)
            self.offer_book(committee, f"{COMMITTEE_DEMO_NAME}（工委数据本）", demo_passphrase=DEMO_PASSPHRASE)

        books = default_demo_path(), committee_demo_path()
        if all(book.is_file() for book in books):  # both there: offered at once, as open_demo does
            offer(books)
            return
        _prepare_models()
        self.tasks.run(ensure_committee_demo, label="正在准备演示数据本…", on_done=offer)

    # ---- unlock -----------------------------------------------------------------------------
    def throttle_for(self, path: Path) -> FailureThrottle:
        return self._throttles.setdefault(str(Path(path).resolve()), FailureThrottle(book=Path(path)))

    def request_unlock(self, path: Path, reason: str = "") -> UnlockDialog:
        path = Path(path)
        if self.unlock_dialog is not None and self.unlock_dialog.isVisible():
            self.unlock_dialog.reject()
        locked_here = self.main_window is not None and self.main_window.isVisible() and self.main_window.is_locked
        parent = self.main_window if locked_here else self.start_window
        name = next((r.name for r in self.store.prefs.recent_books if Path(r.path) == path), "")
        demo = self.demo_passphrase if any(_same(path, b) for b in self.demo_books) else None
        dlg = UnlockDialog(path, name, throttle=self.throttle_for(path), demo_passphrase=demo, reason=reason,
                           parent=parent)
        dlg.submitted.connect(lambda passphrase: self._unlock(dlg, path, passphrase))
        self.unlock_dialog = dlg
        dlg.open()
        return dlg

    def _unlock(self, dlg: UnlockDialog, path: Path, passphrase: str) -> None:
        def done(result) -> None:
            dlg.throttle.record_success()
            dlg.accept()
            self._attach(path, *result)

        def failed(exc: BaseException) -> bool:
            keyderive.discard()  # e.g. the book was locked by another program before its key was taken
            if isinstance(exc, WrongPassphrase):
                dlg.show_failure(str(exc))
                return True
            dlg.show_failure(str(exc) if isinstance(exc, ZhibuError) else "无法打开支部纪实本。", count_failure=False)
            if isinstance(exc, BookDamaged):
                self._offer_restore(path, str(exc), passphrase, dlg, verified=getattr(exc, "backup", None))
                return True
            return False  # BookLocked, BookNotFound, unexpected errors: also in a message box

        keyderive.prefetch(path, passphrase)  # the KDF on its own thread (no GIL) while the mappers are configured
        _prepare_models()  # before the worker starts: never register or configure mappers alongside its queries
        self.tasks.run(open_book, path, passphrase, on_done=done, on_error=failed, label="正在解锁…")
        QTimer.singleShot(0, _warm_up)  # while the worker derives the key

    def _offer_restore(self, path: Path, message: str, passphrase: str, dlg: UnlockDialog,
                       verified=None) -> DamagedBookBox:
        from ui.start.damaged import DamagedBookBox

        box = DamagedBookBox(path, message, dlg, verified=verified)

        def restore(info) -> None:
            dlg.set_busy(True)
            _prepare_models()

            def work():
                from desktop.workspace import restore_backup

                restore_backup(info.path, path, passphrase)
                return open_book(path, passphrase)

            def failed(exc: BaseException) -> bool:
                dlg.show_failure(str(exc) if isinstance(exc, ZhibuError) else "恢复失败。", count_failure=False)
                return False

            def done(result) -> None:
                dlg.accept()
                self._attach(path, *result)

            self.tasks.run(work, on_done=done, on_error=failed, progress=False, label="正在从备份恢复…")

        box.restore_requested.connect(restore)
        box.open()
        self.damaged_box = box
        return box

    def _attach(self, path: Path, ws: Workspace, name: str, mode: str = "branch") -> None:
        self.ws, self.book, self.branch_name, self.mode = ws, Path(path), name, mode
        self.store.remember_book(path, f"{name}（工委数据本）" if mode == "committee" else name)
        if self.main_window is None:
            self.main_window = MainWindow()
            self.main_window.lock_requested.connect(lambda: self.lock())
            self.main_window.unlock_requested.connect(lambda: self.book and self.request_unlock(self.book))
            self.main_window.switch_requested.connect(self.switch_book)
            self.main_window.closing.connect(self._main_window_closing)
            self.session_lock.watch_window(self.main_window)
        self.main_window.attach(PageContext(ws, self.tasks, self.store, self, mode), name)
        self.main_window.show()
        self.start_window.hide()
        self.idle.set_minutes(self.store.prefs.auto_lock_minutes)
        # after the 首页's load (queued by attach) and before the first write (taking the drafts out is one)
        self.tasks.run(ws.finish_open, label="正在自动备份…", on_done=lambda _made: self.show_warnings())
        self.tasks.run(ws.take_drafts, on_done=self._restore_drafts, label="正在恢复未保存的内容…")
        self.show_warnings()
        self.unlocked.emit()

    def show_warnings(self) -> None:
        """Things that did not stop the work (e.g. a full backup folder) in the status bar, until read."""
        ws = self.ws
        if ws is None or self.main_window is None or not getattr(ws, "warnings", None):
            return
        self.main_window.statusBar().showMessage("注意：" + "；".join(ws.warnings))
        ws.warnings.clear()

    def _restore_drafts(self, stored: bytes | None) -> None:
        """Drafts of this run win; otherwise those kept in the book when it was locked (also across a restart)."""
        drafts, self._drafts = self._drafts or _unpack_drafts(stored), []
        if self.main_window is None or self.ws is None:
            return
        for key, items in drafts:
            page = self.main_window.ensure_page(key)
            hook = getattr(page, "restore_drafts", None)
            if hook and items:
                hook(items)

    def backup_if_due(self) -> None:
        if self.ws is not None:
            from desktop import workspace

            # a full backup folder only warns: the user keeps working and the backup is retried next hour
            every = workspace.DAILY_BACKUP_EVERY if DAILY_BACKUP_EVERY is None else DAILY_BACKUP_EVERY
            self.tasks.run(self.ws.backup_if_due_or_warn, every, "daily", label="正在自动备份…",
                           on_done=lambda _result: self.show_warnings())

    # ---- create -----------------------------------------------------------------------------
    def request_create(self, committee: bool = False) -> CreateBookDialog:
        """新建支部纪实本…, or with ``committee`` 新建工委数据本… (the committee's book of received bundles)."""
        dlg = CreateBookDialog(self.start_window, committee=committee)
        make = create_committee_book if committee else create_book

        def submitted(path: Path, name: str, passphrase: str) -> None:
            _prepare_models()

            def done(result) -> None:
                dlg.accept()
                self._attach(path, *result)

            def failed(exc: BaseException) -> bool:
                dlg.show_failure(str(exc) if isinstance(exc, ZhibuError) else "创建失败。")
                return isinstance(exc, ZhibuError)

            self.tasks.run(make, path, name, passphrase, on_done=done, on_error=failed,
                           label="正在创建工委数据本…" if committee else "正在创建支部纪实本…")

        dlg.submitted.connect(submitted)
        self.create_dialog = dlg
        dlg.open()
        return dlg

    # ---- lock -------------------------------------------------------------------------------
    def auto_lock(self) -> None:
        minutes = self.store.prefs.auto_lock_minutes
        self.lock(f"为保护党员信息，程序在 {minutes} 分钟无操作后自动锁定。" if minutes else "已自动锁定。")

    def _lock_key_pressed(self) -> None:
        if self.ws is not None and self.main_window is not None and not self.main_window.is_locked:
            self.lock()

    def lock(self, reason: str = "已手动锁定。") -> None:
        """Close the workspace (drop the key), hide the data, ask for the passphrase again."""
        if self.ws is None or self.main_window is None:
            return
        self._close_workspace(reason)
        self.clipboard_guard.clear_now()
        self.locked.emit()
        if self.main_window.isVisible():
            self.request_unlock(self.book)

    def _collect_drafts(self) -> None:
        for key, page in self.main_window.pages_built().items():
            hook = getattr(page, "collect_drafts", None)
            items = hook() if hook else []
            if items:
                self._drafts.append((key, items))

    def _close_workspace(self, reason: str) -> None:
        self.idle.stop()
        self._collect_drafts()
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible() and widget is not self.unlock_dialog:
                widget.reject()
        self.main_window.show_locked(reason)
        ws, self.ws = self.ws, None
        self.tasks.run(_keep_drafts_and_close, ws, list(self._drafts), label="正在锁定…")

    def switch_book(self) -> None:
        if self.ws is not None:
            self._close_workspace("")
        self._drafts.clear()
        if self.unlock_dialog is not None and self.unlock_dialog.isVisible():
            self.unlock_dialog.reject()
        if self.main_window is not None:
            self.main_window.hide()
        self.show_start(self.book)

    # ---- used by pages ----------------------------------------------------------------------
    def apply_font_scale(self, percent: int) -> None:
        """字号: remember it, apply it to the application, and rebuild the pages so they use it."""
        self.store.set_font_scale(percent)
        theme.set_font_scale(QApplication.instance(), percent)
        if self.main_window is not None:
            QTimer.singleShot(0, self.main_window.rebuild_pages)  # not inside the settings page's own signal

    def apply_auto_lock(self, minutes: int) -> None:
        self.store.set_auto_lock_minutes(minutes)
        if self.ws is not None:
            self.idle.set_minutes(self.store.prefs.auto_lock_minutes)

    def restore_from_backup(self, backup: Path, passphrase: str, on_error=None) -> None:
        """Check the passphrase against the backup first (nothing changes if it is wrong), then close the
        workspace, restore and reopen it."""
        if self.ws is None:
            return

        def checked(_key) -> None:
            ws = self.ws
            if ws is None:
                return
            self._close_workspace("正在从备份恢复，请稍候…")
            book = ws.path

            def failed(exc: BaseException) -> bool:
                if self.main_window is not None and self.main_window.isVisible():
                    self.request_unlock(book, "恢复没有完成，原文件保持不变。请输入口令重新打开。")
                return False

            self.tasks.run(restore_and_reopen, ws, Path(backup), passphrase, label="正在从备份恢复…",
                           on_done=lambda result: self._attach(book, *result), on_error=failed)

        from desktop.workspace import check_passphrase

        self.tasks.run(check_passphrase, Path(backup), passphrase, on_done=checked, on_error=on_error,
                       label="正在校验口令…")

    # ---- shutdown ---------------------------------------------------------------------------
    def _main_window_closing(self) -> None:
        self.shutdown()
        self.start_window.close()

    def shutdown(self) -> None:
        """Close the workspace and wait for the worker; called on quit."""
        if self._shut_down:
            return
        self._shut_down = True
        self.clipboard_guard.clear_now()
        self.idle.shutdown()
        self.app_events.shutdown()
        self.backup_timer.stop()
        if self.ws is not None:
            if self.main_window is not None:
                self._collect_drafts()  # unsaved edits are restored the next time the book is opened
            ws, self.ws = self.ws, None
            self.tasks.run(_keep_drafts_and_close, ws, list(self._drafts))
        self.tasks.wait_for_done(30_000)


def _prepare_models() -> None:
    """Every ORM mapper registered and configured before a worker task touches a database: waits for the core
    loader (``ui.core_loader``: imports every model module, then configures the mappers), or does its work here.

    Configuring mappers (and the text guard's attribute listeners hooked on ``mapper_configured``) alongside a
    worker's query crashed the interpreter in a full UI run; done once, before the first task that opens a book
    (later imports add no mappers), and the configuration is checked again here on the GUI thread."""
    core_loader.wait()
    from sqlalchemy.orm import configure_mappers

    configure_mappers()


def _warm_up() -> None:
    """Import the 首页's page module while the worker derives the key (the KDF runs outside the GIL, so on a
    second core this costs the unlock nothing). The core modules it reads were loaded by ``ui.core_loader``."""
    factory = PAGE_FACTORIES.get("home")
    if isinstance(factory, str):
        importlib.import_module(factory.partition(":")[0])


def _pack_drafts(drafts: list) -> bytes | None:
    try:
        return pickle.dumps(drafts, protocol=4) if drafts else None
    except (pickle.PicklingError, TypeError, AttributeError):
        log.warning("unsaved edits could not be kept in the book; they stay in memory only", exc_info=True)
        return None


def _unpack_drafts(blob: bytes | None) -> list:
    """Drafts this app wrote into the (encrypted, key-holder-only) book; anything unreadable is dropped."""
    if not blob:
        return []
    try:
        drafts = pickle.loads(blob)  # noqa: S301 - written by this app into the encrypted book
    except Exception:  # noqa: BLE001 - a draft from an older version is not worth a crash
        log.warning("stored unsaved edits could not be read; dropped", exc_info=True)
        return []
    return drafts if isinstance(drafts, list) else []


def _keep_drafts_and_close(ws: Workspace, drafts: list) -> None:
    """Worker side of a lock: the unsaved edits go into the encrypted book, then the key is dropped. Packed here,
    after the editors' own saves queued before (they mark their items saved, or keep the input and the error)."""
    try:
        blob = _pack_drafts(drafts)
        if blob:
            ws.keep_drafts(blob)
    finally:
        ws.close()


def _same(a: Path, b: Path) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return str(a) == str(b)
