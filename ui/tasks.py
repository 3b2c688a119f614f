"""The only thread bridge: core calls run on ONE worker thread, results come back to the UI thread.

``TaskRunner.run(fn, *args, on_done=..., on_error=..., progress=True|False)``. All database work goes
through here, so it is serialized on a single thread (services return plain dataclasses; no ORM object
crosses threads). Errors never crash the app: a ZhibuError shows its Chinese message, anything else a
generic message with the traceback folded into "详细信息". Long work (``progress=True``) receives
``progress=`` and ``cancel=`` (a :class:`desktop.progress.CancelToken`) keyword arguments and gets a
progress dialog whose 取消 button sets the token.

After a call succeeded, the :class:`desktop.changes.Changes` it made (``changes=``, else what the service method
declares with ``desktop.changes.mutates``) is announced once with the ``changed`` signal; pages refresh from it
(``PageContext.changed``) instead of reloading everything.
"""

from __future__ import annotations

import itertools
import logging
import traceback
from dataclasses import dataclass, field
from typing import Any, Callable

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget

from desktop.changes import NOTHING, Changes, changes_of
from desktop.errors import ZhibuError
from desktop.progress import Cancelled, CancelToken

log = logging.getLogger(__name__)

GENERIC_ERROR = "发生了意外错误，操作没有完成。请稍后重试；如果问题反复出现，请把“详细信息”中的内容提供给技术支持人员。"
APP_TITLE = "支部纪实"


class _Relay(QObject):
    """Lives in the UI thread; signals emitted from the worker are queued to it."""

    done = Signal(int, object)
    failed = Signal(int, object, str)
    progressed = Signal(int, int, int, str)


class _Job(QRunnable):
    def __init__(self, task_id: int, fn: Callable, args: tuple, kwargs: dict, relay: _Relay):
        super().__init__()
        self.setAutoDelete(True)
        self._id, self._fn, self._args, self._kwargs, self._relay = task_id, fn, args, kwargs, relay

    def run(self) -> None:  # worker thread
        try:
            result = self._fn(*self._args, **self._kwargs)
        except BaseException as exc:  # noqa: BLE001 - every failure must reach the UI, never kill the worker
            self._relay.failed.emit(self._id, exc, traceback.format_exc())
        else:
            self._relay.done.emit(self._id, result)


@dataclass
class Task:
    id: int
    label: str
    on_done: Callable[[Any], None] | None = None
    on_error: Callable[[BaseException], bool | None] | None = None
    owner: QObject | None = field(default=None, repr=False)
    cancel: CancelToken | None = None
    dialog: QProgressDialog | None = field(default=None, repr=False)
    result: Any = None
    error: BaseException | None = None
    state: str = "pending"  # pending | done | failed
    changes: Changes = NOTHING  # announced when the call succeeded


class TaskRunner(QObject):
    """Runs callables on a single worker thread.

    Signals: ``finished(Task)`` after each task's callbacks ran; ``idle()`` when nothing is pending;
    ``error_shown(str)`` with the message of each error dialog (tests and logs use it); ``changed(Changes)``
    once after each successful call that changed data.
    """

    finished = Signal(object)
    changed = Signal(object)
    idle = Signal()
    error_shown = Signal(str)

    def __init__(self, parent: QObject | None = None, dialog_parent: Callable[[], QWidget | None] | None = None):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._pool.setExpiryTimeout(-1)  # keep the one worker thread alive
        self._relay = _Relay(self)
        self._relay.done.connect(self._on_done, Qt.QueuedConnection)
        self._relay.failed.connect(self._on_failed, Qt.QueuedConnection)
        self._relay.progressed.connect(self._on_progress, Qt.QueuedConnection)
        self._pending: dict[int, Task] = {}
        self._ids = itertools.count(1)
        self._dialog_parent = dialog_parent or QApplication.activeWindow
        self.last_error_box: QMessageBox | None = None

    # ---- public -----------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def run(self, fn: Callable, *args, on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[BaseException], bool | None] | None = None, progress: bool = False,
            label: str = "正在处理，请稍候…", owner: QObject | None = None, changes: Changes | None = None,
            **kwargs) -> Task:
        """Queue ``fn(*args, **kwargs)``. ``on_error`` returning True means "handled, show no dialog".

        With an ``owner`` (usually the page), callbacks are skipped once that widget has been destroyed.
        ``changes``: what the call changes when ``fn`` is not a service method declaring it (e.g. a wrapper).
        """
        task = Task(next(self._ids), label, on_done, on_error, owner)
        task.changes = changes if changes is not None else changes_of(fn)
        if progress:
            task.cancel = CancelToken()
            kwargs["cancel"] = task.cancel
            kwargs["progress"] = self._reporter(task.id)
            task.dialog = self._progress_dialog(task)
        self._pending[task.id] = task
        self._pool.start(_Job(task.id, fn, args, kwargs, self._relay))
        return task

    def announce(self, changes: Changes) -> None:
        """Tell the pages about changes made outside :meth:`run` (nothing is emitted for no change)."""
        if changes:
            self.changed.emit(changes)

    def wait_for_done(self, msecs: int = -1) -> bool:
        """Block until the worker is empty (shutdown only; the UI callbacks run later in the event loop)."""
        return self._pool.waitForDone(msecs)

    def show_error(self, exc: BaseException, details: str = "") -> QMessageBox:
        """A non-blocking error box: the ZhibuError's own message, or a generic one plus details."""
        from desktop.storage.diagnose import classify

        exc = classify(exc) or exc  # a full disk, an I/O error, damaged pages: their own message, no details
        if isinstance(exc, ZhibuError):
            text, icon = str(exc), QMessageBox.Warning
        else:
            text, icon = GENERIC_ERROR, QMessageBox.Critical
            details = details or "".join(traceback.format_exception(exc))
        box = QMessageBox(icon, APP_TITLE, text, QMessageBox.Ok, self._dialog_parent())
        box.setAttribute(Qt.WA_DeleteOnClose)
        if details and not isinstance(exc, ZhibuError):
            box.setDetailedText(details)
        box.open()
        self.last_error_box = box
        self.error_shown.emit(text)
        return box

    # ---- worker → UI ------------------------------------------------------------------------
    def _reporter(self, task_id: int):
        relay = self._relay

        def report(done: int, total: int, label: str = "") -> None:  # worker thread
            relay.progressed.emit(task_id, int(done), int(total), label)

        return report

    def _progress_dialog(self, task: Task) -> QProgressDialog:
        dlg = QProgressDialog(task.label, "取消", 0, 0, self._dialog_parent())
        dlg.setWindowTitle(APP_TITLE)
        dlg.setWindowModality(Qt.WindowModal)
        dlg.setMinimumDuration(400)
        dlg.setAutoClose(False)
        dlg.setAutoReset(False)
        token = task.cancel
        dlg.canceled.connect(lambda: token.cancel())
        return dlg

    def _on_progress(self, task_id: int, done: int, total: int, label: str) -> None:
        task = self._pending.get(task_id)
        if task is None or task.dialog is None or task.cancel.cancelled:
            return
        dialog = task.dialog
        if not shiboken6.isValid(dialog):  # deleted with the window it was shown over (e.g. a closed dialog)
            task.dialog = None
            return
        # setValue() of a visible modal progress dialog processes events: the task may finish inside it and
        # drop task.dialog, so set the label first and keep a local reference.
        if label:
            dialog.setLabelText(label)
        dialog.setMaximum(max(total, 0))
        dialog.setValue(min(done, total) if total > 0 else 0)

    def _finish(self, task: Task) -> None:
        dialog, task.dialog = task.dialog, None
        # The progress dialog is a child of the window that was active at the start; when that window was closed
        # and deleted meanwhile, so was the dialog. The task must still finish, or the runner stays busy for good
        # (and lock or quit would wait for it).
        if dialog is not None and shiboken6.isValid(dialog):
            dialog.canceled.disconnect()
            dialog.close()
            dialog.deleteLater()

    def _on_done(self, task_id: int, result: object) -> None:
        task = self._pending.get(task_id)
        if task is None:
            return
        self._finish(task)
        task.result, task.state = result, "done"
        try:
            if task.on_done is not None and self._owner_alive(task):
                task.on_done(result)
        except Exception as exc:  # noqa: BLE001 - a bug in a UI callback must not kill the app
            log.exception("callback of %s failed", task.label)
            self.show_error(exc)
        finally:
            try:
                self.announce(task.changes)  # the data changed even if the owner is gone
            except Exception as exc:  # noqa: BLE001 - a page's refresh must not kill the app
                log.exception("refresh after %s failed", task.label)
                self.show_error(exc)
            self._retire(task)

    def _on_failed(self, task_id: int, exc: BaseException, details: str) -> None:
        task = self._pending.get(task_id)
        if task is None:
            return
        self._finish(task)
        task.error, task.state = exc, "failed"
        if not isinstance(exc, ZhibuError):
            log.error("task %s failed:\n%s", task.label, details)
        try:
            if not self._owner_alive(task):
                return
            handled = task.on_error(exc) if task.on_error is not None else False
            if not handled and not isinstance(exc, Cancelled):
                self.show_error(exc, details)
        except Exception as cb_exc:  # noqa: BLE001
            log.exception("error handler of %s failed", task.label)
            self.show_error(cb_exc)
        finally:
            self._retire(task)

    @staticmethod
    def _owner_alive(task: Task) -> bool:
        return task.owner is None or shiboken6.isValid(task.owner)

    def _retire(self, task: Task) -> None:
        self._pending.pop(task.id, None)
        self.finished.emit(task)
        if not self._pending:
            self.idle.emit()
