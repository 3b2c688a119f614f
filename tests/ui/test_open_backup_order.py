"""The open-time backup runs after the first paint of the 首页, on the one worker, before any write."""

from __future__ import annotations

from tests.ui.uihelpers import unlock, wait_tasks


def test_open_backup_after_the_first_load_and_before_the_first_write(qtbot, session, make_book):
    book = make_book()
    done = []
    session.tasks.finished.connect(lambda task: done.append(task.label))
    unlock(qtbot, session, book)
    wait_tasks(qtbot, session)
    assert [b.reason for b in session.ws.list_backups()] == ["open"]
    assert not session.ws.open_backup_pending
    # unlock, then the 首页's data, then the backup, then taking the kept drafts out of the book (a write)
    assert done.index("正在解锁…") < done.index("正在读取首页…") < done.index("正在自动备份…") \
        < done.index("正在恢复未保存的内容…")


def test_failed_unlock_makes_no_backup(qtbot, session, make_book):
    book = make_book()
    unlock(qtbot, session, book, "不对的口令-123")
    wait_tasks(qtbot, session)
    from desktop.workspace import backups_of

    assert backups_of(book) == []
