from __future__ import annotations

import threading
import time

from desktop.errors import ZhibuError
from desktop.progress import Cancelled


def test_runs_off_the_ui_thread_on_one_worker(qtbot):
    from ui.tasks import TaskRunner

    runner = TaskRunner()
    seen, results = [], []
    for i in range(5):
        runner.run(lambda i=i: (seen.append(threading.get_ident()), i)[1], on_done=results.append)
    qtbot.waitUntil(lambda: not runner.busy)
    assert results == [0, 1, 2, 3, 4]
    assert len(set(seen)) == 1 and seen[0] != threading.get_ident()


def test_errors_become_dialogs_not_crashes(qtbot):
    from ui.tasks import GENERIC_ERROR, TaskRunner

    runner = TaskRunner()
    with qtbot.waitSignal(runner.error_shown) as blocker:
        runner.run(lambda: (_ for _ in ()).throw(ZhibuError("中文错误信息")))
    assert blocker.args == ["中文错误信息"]
    runner.last_error_box.close()
    with qtbot.waitSignal(runner.error_shown) as blocker:
        runner.run(lambda: 1 / 0)
    assert blocker.args == [GENERIC_ERROR]
    assert "ZeroDivisionError" in runner.last_error_box.detailedText()
    runner.last_error_box.close()


def test_on_error_returning_true_suppresses_dialog(qtbot):
    from ui.tasks import TaskRunner

    runner = TaskRunner()
    shown, got = [], []
    runner.error_shown.connect(shown.append)
    runner.run(lambda: 1 / 0, on_error=lambda e: got.append(e) or True)
    qtbot.waitUntil(lambda: not runner.busy)
    assert isinstance(got[0], ZeroDivisionError) and shown == []


def test_progress_and_cancel(qtbot):
    from PySide6.QtWidgets import QPushButton

    from ui.tasks import TaskRunner

    runner = TaskRunner()
    errors = []

    def long_work(*, progress, cancel):
        for i in range(200):
            cancel.check()
            progress(i, 200, f"第 {i} 步")
            time.sleep(0.01)
        return "done"

    task = runner.run(long_work, progress=True, on_error=lambda e: errors.append(e) or False)
    qtbot.waitUntil(lambda: task.dialog is not None and task.dialog.value() > 5, timeout=5000)
    task.dialog.findChild(QPushButton).click()  # the dialog's 取消 button
    qtbot.waitUntil(lambda: not runner.busy, timeout=5000)
    assert isinstance(errors[0], Cancelled) and task.state == "failed"
    assert runner.last_error_box is None  # cancelling is not an error to report


def test_callbacks_skipped_when_owner_destroyed(qtbot):
    from PySide6.QtWidgets import QWidget

    from ui.tasks import TaskRunner

    runner = TaskRunner()
    owner = QWidget()
    called = []
    gate = threading.Event()
    runner.run(lambda: gate.wait(5), owner=owner, on_done=called.append)
    owner.deleteLater()
    qtbot.wait(20)
    gate.set()
    qtbot.waitUntil(lambda: not runner.busy)
    assert called == []


def test_task_finishing_while_its_progress_dialog_updates(qtbot):
    """A long task reporting progress right before it returns (as the year book export does) must not crash
    the progress update that is still running when the task's result arrives."""
    from ui.tasks import TaskRunner

    runner = TaskRunner()
    results = []

    def work(*, progress, cancel):
        progress(0, 10, "开始")
        time.sleep(0.5)  # long enough for the progress dialog to be shown
        progress(1, 10, "排版")
        time.sleep(0.3)
        progress(10, 10, "完成")  # immediately followed by the result
        return "ok"

    for _ in range(3):
        runner.run(work, progress=True, on_done=results.append)
        qtbot.waitUntil(lambda: not runner.busy, timeout=10000)
    assert results == ["ok", "ok", "ok"]


def test_task_finishes_when_the_window_under_its_progress_dialog_is_closed(qtbot):
    """A progress dialog is shown over the active window (e.g. the 打印/导出 dialog). When the user closes that
    window while the task runs, the progress dialog goes with it; the task must still deliver its result and the
    runner must not stay busy (lock and quit wait for a busy runner)."""
    import shiboken6
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialog

    from ui.tasks import TaskRunner

    window = QDialog()
    window.setAttribute(Qt.WA_DeleteOnClose)
    window.show()
    runner = TaskRunner(dialog_parent=lambda: window)
    results, shown = [], []
    runner.error_shown.connect(shown.append)
    gate = threading.Event()

    def work(*, progress, cancel):
        progress(0, 3, "开始")
        gate.wait(5)
        progress(2, 3, "排版")  # reaches a dialog that no longer exists
        return "ok"

    task = runner.run(work, progress=True, on_done=results.append)
    qtbot.waitUntil(lambda: task.dialog is not None)
    window.close()  # deletes the window and, as its child, the progress dialog
    qtbot.waitUntil(lambda: not shiboken6.isValid(window))
    gate.set()
    qtbot.waitUntil(lambda: not runner.busy, timeout=5000)
    assert results == ["ok"] and shown == []
