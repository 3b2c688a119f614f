"""首页 on a 10-year, 50-member book (run on demand: python tests/benchmarks/bench_dashboard.py).

Prints the worker call (status + calendar; target ≈ 0.35 s), the first paint (target < 100 ms) and reload →
painted, with the bare ``status`` call measured in the same run as the baseline ratio.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _bench_status():
    spec = importlib.util.spec_from_file_location("bench_status", Path(__file__).with_name("bench_status.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    import ui  # noqa: F401  (applies the PySide6 guard before Qt is used)
    from PySide6.QtWidgets import QApplication

    from desktop import paths
    from desktop.workspace import Workspace
    from ui.dashboard.data import load_dashboard
    from ui.dashboard.page import DashboardPage
    from ui.pages import PageContext
    from ui.settings_store import SettingsStore
    from ui.tasks import TaskRunner

    app = QApplication.instance() or QApplication([])
    bench = _bench_status()
    with tempfile.TemporaryDirectory() as tmp:
        paths.set_data_dir(Path(tmp) / "data")
        book = Path(tmp) / "bench.zhibu"
        bench.build(book, 10, 50)
        ws = Workspace.open(book, bench.PASSPHRASE)
        try:
            t0 = time.perf_counter()
            load_dashboard(ws)
            cold = time.perf_counter() - t0
            warm = min(_timed(lambda: load_dashboard(ws)) for _ in range(3))
            base = min(_timed(lambda: ws.rules.status()) for _ in range(3))
            data = load_dashboard(ws)

            tasks = TaskRunner()
            page = DashboardPage(PageContext(ws, tasks, SettingsStore(), None))
            page.resize(1180, 760)
            page.show()
            t0 = time.perf_counter()
            page._loaded(page._generation, data)
            page.grab()
            paint = time.perf_counter() - t0

            t0 = time.perf_counter()
            page.reload()
            while not (page.loaded and not tasks.busy):
                app.processEvents()
                time.sleep(0.005)
            page.grab()
            first = time.perf_counter() - t0
            page.close()
        finally:
            ws.close()
    print(f"worker (status + calendar): {warm * 1000:7.1f} ms warm, {cold * 1000:7.1f} ms cold (target ≈ 350 ms)")
    print(f"status alone (baseline):    {base * 1000:7.1f} ms  ratio {warm / base:.2f}x")
    print(f"first paint:                {paint * 1000:7.1f} ms (target < 100 ms)")
    print(f"reload → painted:           {first * 1000:7.1f} ms")


def _timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


if __name__ == "__main__":
    main()
