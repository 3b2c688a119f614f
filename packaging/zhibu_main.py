"""Entry point of the packaged app (PyInstaller runs this file as ``__main__``).

``--self-test`` is handled before anything imports Qt, so it works with no display, on a server, over SSH or in
CI. Every other invocation starts the GUI (``ui.app.main``).
"""

from __future__ import annotations

import os
import sys
import tempfile


def _console_for_windowed_windows() -> None:
    """A windowed (console=False) Windows build has no stdout: attach to the calling console, else log to a file.

    Run it as ``start /wait zhibu.exe --self-test`` (cmd) or ``zhibu.exe --self-test | Out-Host`` (PowerShell) to
    wait for the exit code; the report also goes to %TEMP%\\zhibu-selftest.txt when there is no console at all.
    """
    if sys.stdout is not None and sys.stderr is not None:
        return
    stream = None
    if os.name == "nt":
        try:
            import ctypes

            if ctypes.windll.kernel32.AttachConsole(-1):  # ATTACH_PARENT_PROCESS
                stream = open("CONOUT$", "w", encoding="utf-8", errors="replace")  # noqa: SIM115
        except Exception:  # noqa: BLE001 - fall back to the log file
            stream = None
    if stream is None:
        stream = open(os.path.join(tempfile.gettempdir(), "zhibu-selftest.txt"), "w",  # noqa: SIM115
                      encoding="utf-8")
    sys.stdout = sys.stdout or stream
    sys.stderr = sys.stderr or stream


SHIPPED_INPUT_METHODS = ("ibus", "compose")  # packaging/spec_config.py QT_PLUGINS_KEPT["platforminputcontexts"]


def _input_method_fallback() -> None:
    """Chinese input on Linux: the bundled Qt has the ibus plugin only. If the desktop asks for another one
    (fcitx/fcitx5 on UOS and Kylin), let Qt (6.8+ reads QT_IM_MODULES, a fallback list) try ibus next; fcitx5
    serves ibus clients through its ibus frontend. The user's own QT_IM_MODULES always wins."""
    if not (getattr(sys, "frozen", False) and sys.platform.startswith("linux")) or os.environ.get("QT_IM_MODULES"):
        return
    wanted = os.environ.get("QT_IM_MODULE", "").strip()
    if wanted and wanted not in SHIPPED_INPUT_METHODS:
        os.environ["QT_IM_MODULES"] = f"{wanted};ibus"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if "--self-test" in args:
        _console_for_windowed_windows()
        from desktop.selftest import main as selftest_main

        return selftest_main()
    if "--version" in args:
        _console_for_windowed_windows()
        from desktop.selftest import version_line

        print(version_line().split(" 自检")[0], flush=True)
        return 0
    _input_method_fallback()
    from ui.app import main as gui_main

    return int(gui_main() or 0)


if __name__ == "__main__":
    raise SystemExit(main())
