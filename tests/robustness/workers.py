"""Subprocess entry points for the robustness tests (``python -m tests.robustness.workers KIND …``).

Kept tiny and import-light: contenders import only the lock module, so many of them fit on a small machine.
"""

from __future__ import annotations

import errno
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def contend(book: str, seconds: float, sentinel: str) -> None:
    """Acquire and release the book's lock as fast as possible; inside, claim ``sentinel`` exclusively.

    Prints ``acquired N overlaps M``: an overlap is a moment when another holder was inside at the same time
    (the O_EXCL create of the sentinel failed), i.e. the lock was not exclusive.
    """
    from desktop.errors import BookLocked
    from desktop.storage.lock import BookLock

    acquired = overlaps = 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        lock = BookLock(Path(book))
        try:
            lock.acquire()
        except BookLocked:
            continue
        try:
            acquired += 1
            try:
                fd = os.open(sentinel, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            except OSError as exc:
                if exc.errno != errno.EEXIST:
                    raise
                overlaps += 1
            else:
                os.close(fd)
                os.unlink(sentinel)
        finally:
            lock.release()
    print(f"acquired {acquired} overlaps {overlaps}", flush=True)


def hold_and_write(book: str, passphrase: str, data_dir: str, stop_file: str, deadline: float) -> None:
    """The GUI's path: open the book (retrying while contenders hold it), keep it open, write members
    until ``stop_file`` exists.

    Prints ``open`` once, then ``ack NAME`` for each committed write, then ``done``.
    """
    from datetime import date

    from desktop import paths

    paths.set_data_dir(data_dir)
    from desktop.domain.member_rules import MemberInput
    from desktop.errors import BookLocked
    from desktop.workspace import Workspace

    end = time.monotonic() + deadline
    while True:
        try:
            ws = Workspace.open(book, passphrase, auto_backup=False)
            break
        except BookLocked:
            if time.monotonic() > end:
                print("never-opened", flush=True)
                return
            time.sleep(0.001)
    print("open", flush=True)
    i = 0
    while not os.path.exists(stop_file) or i < 3:
        i += 1
        name = f"持有者{i}"
        ws.members.add(MemberInput(name=name, gender="女", birth_date=date(1985, 3, 1), joined_on=date(2010, 7, 1)))
        print("ack", name, flush=True)
        time.sleep(0.05)
    ws.close()
    print("done", flush=True)


if __name__ == "__main__":
    kind, *rest = sys.argv[1:]
    if kind == "contend":
        contend(rest[0], float(rest[1]), rest[2])
    elif kind == "hold":
        hold_and_write(rest[0], rest[1], rest[2], rest[3], float(rest[4]))
    else:
        raise SystemExit(f"unknown worker {kind}")
