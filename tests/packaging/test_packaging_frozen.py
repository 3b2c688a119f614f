"""The frozen build in dist/zhibu/: self-test offscreen and with no display, offline, size budget, contents.

Runs when dist/zhibu/zhibu exists (after `make dist`) or when ZHIBU_TEST_FROZEN=1 (then a missing build fails).
"""

from __future__ import annotations

import os
import re
import subprocess
import time

import pytest
from packaging_support import FROZEN_DIR, ROOT, load_spec_config, no_network_prefix

cfg = load_spec_config()


def run_frozen(app, *args, prefix=(), env_extra=None, drop=("DISPLAY", "WAYLAND_DISPLAY"), timeout=300):
    env = {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("PYTHON")}
    env.update(env_extra or {})
    return subprocess.run([*prefix, str(app), *args], capture_output=True, text=True, encoding="utf-8",
                          errors="replace", env=env, timeout=timeout, cwd=FROZEN_DIR.parent)


def expect_pass(proc) -> None:
    """Every step passes (a 未实现 step fails: rebuild dist/ with `make dist` after pulling new core code)."""
    output = proc.stdout + proc.stderr
    if proc.returncode != 0:
        pytest.fail(f"frozen self-test failed (exit {proc.returncode}):\n{output}")
    assert "自检通过" in proc.stdout and "未实现" not in output, output


def test_frozen_selftest_offscreen(frozen_app):
    proc = run_frozen(frozen_app, "--self-test", env_extra={"QT_QPA_PLATFORM": "offscreen"})
    assert "打包版 frozen" in proc.stdout, proc.stdout + proc.stderr
    expect_pass(proc)


def test_frozen_selftest_needs_no_display_at_all(frozen_app):
    proc = run_frozen(frozen_app, "--self-test", drop=("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))
    assert "打包版 frozen" in proc.stdout, proc.stdout + proc.stderr
    expect_pass(proc)


def test_frozen_selftest_without_network(frozen_app):
    prefix = no_network_prefix()
    if prefix is None:
        pytest.skip("unshare -n is not available here")
    proc = run_frozen(frozen_app, "--self-test", prefix=prefix, env_extra={"QT_QPA_PLATFORM": "offscreen"})
    assert re.search(r"\[通过 OK  \] \d+ 离线运行", proc.stdout), proc.stdout + proc.stderr
    expect_pass(proc)


def test_frozen_version_matches_pyproject(frozen_app):
    proc = run_frozen(frozen_app, "--version")
    assert proc.returncode == 0, proc.stderr
    assert cfg.project_metadata()["version"] in proc.stdout


def test_frozen_folder_within_size_budget(frozen_app):
    total = sum(p.stat().st_size for p in FROZEN_DIR.rglob("*") if p.is_file() and not p.is_symlink())
    assert total <= cfg.SIZE_BUDGET_MB * 1024 * 1024, (
        f"dist/zhibu is {total / 2**20:.1f} MB > {cfg.SIZE_BUDGET_MB} MB: see `python packaging/size_report.py`")


def test_frozen_folder_contents(frozen_app):
    internal = FROZEN_DIR / "_internal"
    names = {p.relative_to(internal).as_posix() for p in internal.rglob("*")}
    # Alembic reads the migration scripts from disk: every one in the source tree must be shipped.
    source = {p.name for p in (ROOT / "desktop" / "storage" / "migrations" / "versions").glob("*.py")}
    shipped = {p.name for p in (internal / "desktop" / "storage" / "migrations" / "versions").glob("*.py")}
    assert source <= shipped, source - shipped
    assert "desktop/storage/migrations/env.py" in names
    for font in ("ZhibuSerifSC-Regular.ttf", "ZhibuSansSC-Regular.ttf", "ZhibuFangSC-Regular.ttf",
                 "GPL-ZhibuFangSC.txt", "OFL.txt", "OFL-ZhibuKaiSC.txt"):
        assert f"resources/fonts/{font}" in names
    assert "build-info.json" in names
    translations = {n.rsplit("/", 1)[1] for n in names if "/translations/" in n and n.endswith(".qm")}
    assert translations <= set(cfg.QT_TRANSLATIONS_KEPT) and "qtbase_zh_CN.qm" in translations
    unwanted = sorted(n for n in names if re.search(
        r"Qt6(Network|Qml|Quick|OpenGL|Wayland|Svg)|/qml/|tkinter|_tcl_data|libqgtk3|libqwayland|sqldrivers|/tls/", n))
    assert not unwanted, unwanted


def test_frozen_gui_starts_offscreen(frozen_app, tmp_path):
    """The GUI entry (no --self-test) imports every GUI module it needs and keeps running."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(QT_QPA_PLATFORM="offscreen", ZHIBU_DATA_DIR=str(tmp_path / "data"))
    proc = subprocess.Popen([str(frozen_app)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        time.sleep(6)
        alive = proc.poll() is None
    finally:
        proc.terminate()
        try:
            out, _ = proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, _ = proc.communicate()
    text = out.decode("utf-8", "replace")
    assert alive, f"the frozen GUI exited early ({proc.returncode}):\n{text}"
    assert "Traceback" not in text and "could not load the Qt platform plugin" not in text.lower(), text


ICU_CHECK = r"""
import ctypes, sys
from pathlib import Path
lib = Path(sys.argv[1])
version = next(lib.glob("libicuuc.so.*")).name.rsplit(".", 1)[1]
for name in ("libicudata", "libicuuc", "libicui18n"):
    ctypes.CDLL(str(lib / f"{name}.so.{version}"), mode=ctypes.RTLD_GLOBAL)
uc, i18n = ctypes.CDLL(str(lib / f"libicuuc.so.{version}")), ctypes.CDLL(str(lib / f"libicui18n.so.{version}"))
fn = lambda dll, name: getattr(dll, f"{name}_{version}")
for f in (fn(i18n, "ucol_open"), fn(uc, "ucnv_open"), fn(i18n, "ucal_open")):
    f.restype = ctypes.c_void_p
status = ctypes.c_int(0)
coll = fn(i18n, "ucol_open")(b"zh", ctypes.byref(status))
order = fn(i18n, "ucol_strcoll")(ctypes.c_void_p(coll), "张".encode("utf-16-le"), 1, "李".encode("utf-16-le"), 1)
results = [("collator zh", status.value, order)]
for codec in (b"GB18030", b"GBK", b"Big5"):
    status = ctypes.c_int(0)
    fn(uc, "ucnv_open")(codec, ctypes.byref(status))
    results.append((codec.decode(), status.value))
status = ctypes.c_int(0)
cal = fn(i18n, "ucal_open")("Asia/Shanghai".encode("utf-16-le"), 13, b"zh_CN", 0, ctypes.byref(status))
out = (ctypes.c_uint16 * 64)()
n = fn(i18n, "ucal_getTimeZoneDisplayName")(ctypes.c_void_p(cal), 0, b"zh_CN", out, 64, ctypes.byref(status))
results.append(("zone", status.value, bytes(out)[: n * 2].decode("utf-16-le")))
print(results)
"""


def test_frozen_icu_data_serves_chinese(frozen_app):
    """The trimmed ICU data (packaging/icu_trim.py) still answers what Qt asks ICU for on a Chinese desktop:
    pinyin collation (李 before 张), the Chinese codecs and Chinese time-zone names."""
    import sys

    lib = FROZEN_DIR / "_internal" / "PySide6" / "Qt" / "lib"
    if not sys.platform.startswith("linux") or not list(lib.glob("libicudata.so.*")):
        pytest.skip("ICU is bundled with Qt on Linux only")
    proc = subprocess.run([sys.executable, "-c", ICU_CHECK, str(lib)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == ("[('collator zh', 0, 1), ('GB18030', 0), ('GBK', 0), ('Big5', 0), "
                                   "('zone', 0, '中国标准时间')]"), proc.stdout
