"""组织生活 page on the demo book: time from building the page to its first rows painted (target < 200 ms).

Run on demand: python tests/benchmarks/bench_meetings_page.py. The baseline measured in the same run is the
bare service call ``ws.meetings.list()`` for the same rows.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    import ui  # noqa: F401  (applies the PySide6 guard before Qt is used)
    from PySide6.QtWidgets import QApplication

    from desktop import paths
    from desktop.demo import create_demo_book
    from desktop.workspace import Workspace
    from ui.meetings.page import MeetingsPage
    from ui.pages import PageContext
    from ui.settings_store import SettingsStore
    from ui.tasks import TaskRunner

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        paths.set_data_dir(Path(tmp) / "data")
        book, passphrase = create_demo_book(Path(tmp) / "demo.zhibu")
        ws = Workspace.open(book, passphrase)
        tasks = TaskRunner()
        try:
            t0 = time.perf_counter()
            rows = ws.meetings.list()
            base = time.perf_counter() - t0
            timings = []
            for _ in range(3):
                t0 = time.perf_counter()
                page = MeetingsPage(PageContext(ws, tasks, SettingsStore(), None))
                page.resize(1180, 760)
                page.show()
                page.on_activated()
                tab = page.tab("meeting")
                while not (tab.loaded and not tasks.busy):
                    app.processEvents()
                    time.sleep(0.002)
                page.grab()
                timings.append(time.perf_counter() - t0)
                page.close()
                page.deleteLater()
                app.processEvents()
        finally:
            tasks.wait_for_done(10_000)
            ws.close()
    first, warm = timings[0], min(timings[1:])
    print(f"demo book: {len(rows)} meetings")
    print(f"service list() alone (baseline): {base * 1000:7.1f} ms")
    print(f"page → first rows painted:       {first * 1000:7.1f} ms first, {warm * 1000:7.1f} ms warm "
          f"(target < 200 ms)  ratio {warm / base:.2f}x")


if __name__ == "__main__":
    main()
