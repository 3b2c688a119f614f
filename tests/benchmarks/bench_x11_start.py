"""Start on a real X server, driven from outside as a user would, for the app from source and for the frozen
package (``dist/zhibu``, when built with ``make dist``), against a bare PySide6 window in the same run:

    python tests/benchmarks/bench_x11_start.py [--runs 4] [--typing 1.5]

``bench_startup.py`` measures inside the process (offscreen, a hook in the child); the frozen package takes no
such hook, so this one starts its own Xvfb (1280×720) and watches the windows with xdotool: when the unlock dialog
is mapped, and when the main window is mapped after 解锁 (its title becomes "<支部> - 支部纪实"; the 首页's data
follows it by a few tens of milliseconds, which only ``bench_startup.py`` sees). Two ways in, each from a fresh
process with the open-time backup due: clicking 填入演示口令 and then 解锁 the moment the dialog is mapped, and
typing the passphrase after ``--typing`` seconds and pressing Enter (the user waits for: dialog mapped + Enter →
main window mapped). Windows are polled every 10 ms through xdotool, so each figure is good to about ±15 ms.
Needs Xvfb and xdotool (``apt-get install xvfb xdotool``); without them it says so and exits 0.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FROZEN = ROOT / "dist" / "zhibu" / ("zhibu.exe" if os.name == "nt" else "zhibu")
DIALOG = "^解锁支部纪实本$"
MAIN = " - 支部纪实$"
PASSPHRASE = "演示口令2026"
# Button centres in the unlock dialog, from its bottom-right corner (the demo book's dialog at 1280×720, 100 %).
FILL_DEMO = (79, 78)  # 填入演示口令
UNLOCK = (144, 32)  # 解锁

BARE = """
import sys
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication(sys.argv[:1])
label = QLabel("支部纪实")
label.setWindowTitle("bare-window")
label.resize(300, 80)
label.show()
app.exec()
"""


def xdo(*args: str, env: dict) -> str:
    return subprocess.run(["xdotool", *args], env=env, capture_output=True, text=True).stdout.strip()


def wait_window(pattern: str, env: dict, proc: subprocess.Popen, timeout: float = 20.0) -> str:
    end = time.perf_counter() + timeout
    while time.perf_counter() < end:
        found = xdo("search", "--onlyvisible", "--name", pattern, env=env)
        if found:
            return found.split()[0]
        if proc.poll() is not None:
            errors = proc.stderr.read()[-2000:] if proc.stderr else ""
            raise SystemExit(f"the program ended (exit {proc.returncode}) before a window matching {pattern!r}\n"
                             f"{errors}")
        time.sleep(0.01)
    raise SystemExit(f"no window matching {pattern!r} after {timeout:.0f} s (has the unlock dialog's layout changed?)")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def bare_run(env: dict) -> float:
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", BARE], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    try:
        wait_window("^bare-window$", env, proc)
        return time.perf_counter() - t0
    finally:
        stop(proc)


def app_run(cmd: list[str], data: Path, env: dict, typing: float | None) -> tuple[float, float, float]:
    """(start → dialog mapped, action → main window mapped, start → main window mapped)."""
    shutil.rmtree(data / "backups", ignore_errors=True)  # the open-time backup is due, as at the hour's first start
    t0 = time.perf_counter()
    proc = subprocess.Popen([*cmd, "--demo", "--data-dir", str(data)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        win = wait_window(DIALOG, env, proc)
        dialog = time.perf_counter() - t0
        if typing is None:  # 填入演示口令, then 解锁, at once
            geometry = dict(line.split("=") for line in xdo("getwindowgeometry", "--shell", win, env=env).split())
            right = int(geometry["X"]) + int(geometry["WIDTH"])
            bottom = int(geometry["Y"]) + int(geometry["HEIGHT"])
            acted = time.perf_counter()
            xdo("mousemove", str(right - FILL_DEMO[0]), str(bottom - FILL_DEMO[1]), "click", "1",
                "mousemove", str(right - UNLOCK[0]), str(bottom - UNLOCK[1]), "click", "1", env=env)
        else:
            time.sleep(typing)
            xdo("windowfocus", "--sync", win, env=env)
            xdo("type", "--delay", "12", PASSPHRASE, env=env)  # xdotool needs a delay for non-Latin keys
            acted = time.perf_counter()
            xdo("key", "Return", env=env)
        time.sleep(0.05)  # polling at once can swallow xdotool's last event under Xvfb
        wait_window(MAIN, env, proc)
        done = time.perf_counter()
        return dialog, done - acted, done - t0
    finally:
        stop(proc)


def start_xvfb() -> tuple[subprocess.Popen, str]:
    read, write = os.pipe()
    proc = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x720x24", "-nolisten", "tcp",
                             "-noreset"],
                            pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as fh:
        number = fh.readline().strip()
    if not number:
        raise SystemExit("Xvfb did not start")
    return proc, f":{number}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=4)
    parser.add_argument("--typing", type=float, default=1.5, help="seconds a user takes to type the passphrase")
    args = parser.parse_args()
    if not (shutil.which("Xvfb") and shutil.which("xdotool")):
        print("skipped: needs Xvfb and xdotool (apt-get install xvfb xdotool)")
        return 0
    xvfb, display = start_xvfb()
    try:
        env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
        env.update(DISPLAY=display, PYTHONPATH=str(ROOT))
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # modules load from bytecode, as installed
        programs = {"source": [sys.executable, "-m", "ui"]}
        if FROZEN.is_file():
            programs["frozen"] = [str(FROZEN)]
        else:
            print(f"({FROZEN.relative_to(ROOT)} not built: `make dist` first to time the package too)")
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp) / "data"
            print("creating the demo book …", flush=True)
            subprocess.run([sys.executable, "-m", "desktop", "demo", str(data / "演示支部.zhibu")], cwd=ROOT,
                           env=dict(env, ZHIBU_DATA_DIR=str(data)), check=True, stdout=subprocess.DEVNULL)
            bare_run(env)  # warm the file cache
            for cmd in programs.values():
                app_run(cmd, data, env, None)
            bare: list[float] = []
            results: dict[str, dict[str, list]] = {name: {"click": [], "typed": []} for name in programs}
            for _ in range(args.runs):
                bare.append(bare_run(env))
                for name, cmd in programs.items():
                    results[name]["click"].append(app_run(cmd, data, env, None))
                    results[name]["typed"].append(app_run(cmd, data, env, args.typing))
    finally:
        stop(xvfb)
    b = min(bare)
    print(f"load average {os.getloadavg()[0]:.2f} (wall times need a quiet machine)")
    print(f"bare PySide6 window mapped:  {b:.3f} s   (runs: {', '.join(f'{x:.3f}' for x in bare)})")
    for name, series in results.items():
        click, typed = series["click"], series["typed"]
        dialog = min(r[0] for r in click + typed)
        at_once = min(r[2] for r in click)
        waiting = min(r[0] + r[1] for r in typed)
        print(f"{name}:")
        print(f"  start → unlock dialog mapped:                  {dialog:.3f} s   ({dialog / b:.1f}× bare)")
        print(f"  填入演示口令 + 解锁 at once, start → main window: {at_once:.3f} s   ({at_once / b:.1f}× bare)")
        print(f"  typed ({args.typing:.1f} s), Enter → main window:            {min(r[1] for r in typed):.3f} s "
              f"(KDF included)")
        print(f"  typed start, waiting (dialog + Enter → main):   {waiting:.3f} s   ({waiting / b:.1f}× bare)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
