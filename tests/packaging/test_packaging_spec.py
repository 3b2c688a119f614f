"""build.spec's data (packaging/spec_config.py): metadata, what is pruned, and that the app needs nothing pruned."""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest
from packaging_support import ROOT


def test_metadata_comes_from_pyproject(spec_config):
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    meta = spec_config.project_metadata()
    assert (meta["name"], meta["version"]) == (project["name"], project["version"])
    assert spec_config.version_tuple("0.1.0") == (0, 1, 0, 0)
    assert spec_config.version_tuple("1.2.3.4") == (1, 2, 3, 4)
    assert spec_config.version_tuple("2.0.0rc1+local") == (2, 0, 0, 1) or \
        spec_config.version_tuple("2.0.0-rc1") == (2, 0, 0, 0)


def test_entry_point_and_icon_exist(spec_config):
    assert spec_config.ENTRY.is_file()
    assert spec_config.ICON_ICO.is_file()
    assert (ROOT / "resources" / "icons" / "zhibu.png").is_file()


@pytest.mark.parametrize("dest, kept", [
    # Linux wheel layout
    ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
    ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
    ("PySide6/Qt/plugins/platforms/libqminimal.so", True),
    ("PySide6/Qt/plugins/platforms/libqwayland.so", False),
    ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
    ("PySide6/Qt/plugins/platforms/libqvnc.so", False),
    ("PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so", True),
    ("PySide6/Qt/plugins/platforminputcontexts/libcomposeplatforminputcontextplugin.so", True),
    ("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", False),
    ("PySide6/Qt/plugins/imageformats/libqjpeg.so", True),
    ("PySide6/Qt/plugins/imageformats/libqgif.so", True),
    ("PySide6/Qt/plugins/imageformats/libqico.so", True),
    ("PySide6/Qt/plugins/imageformats/libqsvg.so", False),
    ("PySide6/Qt/plugins/imageformats/libqicns.so", False),
    ("PySide6/Qt/plugins/printsupport/libcupsprintersupport.so", True),
    ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
    ("PySide6/Qt/plugins/tls/libqopensslbackend.so", False),
    ("PySide6/Qt/plugins/sqldrivers/libqsqlite.so", False),
    ("PySide6/Qt/plugins/xcbglintegrations/libqxcb-glx-integration.so", False),
    ("PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so", False),
    ("PySide6/Qt/plugins/some-future-folder/libqnew.so", False),
    ("PySide6/Qt/lib/libQt6Core.so.6", True),
    ("PySide6/Qt/lib/libQt6Widgets.so.6", True),
    ("PySide6/Qt/lib/libQt6DBus.so.6", True),  # the ibus input-method plugin needs it
    ("PySide6/Qt/lib/libQt6Network.so.6", False),
    ("PySide6/Qt/lib/libQt6Qml.so.6", False),
    ("PySide6/Qt/lib/libQt6QuickControls2Basic.so.6", False),
    ("PySide6/Qt/lib/libQt6WaylandClient.so.6", False),
    ("libQt6Network.so.6", False),
    ("PySide6/Qt/translations/qtbase_zh_CN.qm", True),
    ("PySide6/Qt/translations/qt_zh_CN.qm", True),
    ("PySide6/Qt/translations/qtbase_de.qm", False),
    ("PySide6/Qt/translations/qtdeclarative_zh_CN.qm", False),
    ("PySide6/Qt/qml/QtQuick/Controls/qmldir", False),
    ("PySide6/QtNetwork.abi3.so", False),
    ("PySide6/QtWidgets.abi3.so", True),
    # Windows wheel layout
    ("PySide6\\plugins\\platforms\\qwindows.dll", True),
    ("PySide6\\plugins\\platforms\\qdirect2d.dll", False),
    ("PySide6\\plugins\\styles\\qmodernwindowsstyle.dll", True),
    ("PySide6\\plugins\\imageformats\\qjpeg.dll", True),
    ("PySide6\\translations\\qtbase_zh_CN.qm", True),
    ("PySide6\\translations\\qtbase_ja.qm", False),
    ("PySide6\\Qt6Network.dll", False),
    ("PySide6\\Qt6Core.dll", True),
    ("PySide6\\QtNetwork.pyd", False),
    # the app and its other dependencies
    ("resources/fonts/ZhibuSerifSC-Regular.ttf", True),
    ("resources/fonts/ZhibuFangSC-Regular.ttf", True),
    ("resources/fonts/GPL-ZhibuFangSC.txt", True),  # the GPL asks for the licence beside the font
    ("desktop/storage/migrations/versions/0001_initial_schema.py", True),
    ("sqlcipher3/_sqlite3.cpython-311-x86_64-linux-gnu.so", True),
    ("tcl8/8.6/init.tcl", False),
    # libraries beside the app: the desktop stack is the system's, what Python's own modules link stays
    ("libX11.so.6", False),
    ("libglib-2.0.so.0", False),
    ("libfontconfig.so.1", False),
    ("libfreetype.so.6", False),
    ("libgcc_s.so.1", False),
    ("libstdc++.so.6", False),
    ("libxcb-cursor.so.0", True),  # often missing on older desktops; Qt's xcb plugin needs it
    ("libxkbcommon-x11.so.0", True),
    ("libcrypto.so.3", True),  # hashlib (the KDF); UOS 20 and Kylin V10 have OpenSSL 1.1 only
    ("libffi.so.8", True),
    ("libbz2.so.1.0", True),
    ("pillow.libs/libXau-154567c4.so.6.0.0", True),
])
def test_keep_bundled_file(spec_config, dest, kept):
    assert spec_config.keep_bundled_file(dest) is kept


def test_every_plugin_folder_of_the_installed_qt_is_decided(spec_config):
    """A new Qt release may add plugin folders: each must be listed (kept or not) in QT_PLUGINS_KEPT."""
    PySide6 = pytest.importorskip("PySide6")
    base = Path(PySide6.__file__).parent
    plugins = base / "Qt" / "plugins" if (base / "Qt" / "plugins").is_dir() else base / "plugins"
    undecided = sorted(p.name for p in plugins.iterdir() if p.is_dir() and p.name not in spec_config.QT_PLUGINS_KEPT)
    assert not undecided, f"decide in packaging/spec_config.py QT_PLUGINS_KEPT: {undecided}"


def _imported_names(package: str) -> set[str]:
    names = set()
    for path in (ROOT / package).rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
                names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_app_imports_nothing_the_build_excludes(spec_config):
    """If desktop/ or ui/ starts using an excluded module (QtSvg, QtNetwork, sqlite3 …), the frozen app would
    fail at run time: update packaging/spec_config.py in the same change."""
    excluded = spec_config.excluded_modules()
    used = _imported_names("desktop") | _imported_names("ui")
    clashes = sorted(name for name in used for ex in excluded if name == ex or name.startswith(ex + "."))
    assert not clashes, clashes


def test_app_uses_only_the_kept_qt_modules(spec_config):
    used = {name.split(".")[1] for name in _imported_names("ui") if name.startswith("PySide6.")}
    assert used <= {"QtCore", "QtGui", "QtWidgets", "QtPrintSupport", "QtDBus"}, used
    assert not used & set(spec_config.QT_MODULES_EXCLUDED)


def test_excludes_keep_what_the_core_needs(spec_config):
    excluded = set(spec_config.excluded_modules())
    for needed in ("PySide6.QtDBus", "PIL", "PIL.Image", "hashlib", "sqlcipher3", "alembic", "sqlalchemy", "lxml", "lxml.etree",
                   "reportlab", "docx", "openpyxl", "pypinyin", "cryptography", "unittest", "asyncio"):
        assert needed not in excluded
    for dropped in ("tkinter", "PySide6.QtNetwork", "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtOpenGL",
                    "PySide6.QtSql", "PySide6.QtTest", "PySide6.QtDesigner", "PySide6.QtHelp",
                    "PySide6.QtUiTools", "PySide6.QtConcurrent", "PySide6.QtXml", "PySide6.QtLabsStyleKit",
                    "pytest", "sqlite3", "ssl"):
        assert dropped in excluded


def test_orphaned_libraries():
    """Only libraries that pruned binaries needed, and no kept binary needs, are dropped."""
    from packaging_support import load_spec_config

    cfg = load_spec_config()
    graph = {
        "src/qxcb.so": ["libQt6Gui.so.6", "libxcb-icccm.so.4"],
        "src/qgtk3.so": ["libgtk-3.so.0", "libcairo.so.2", "libglib-2.0.so.0"],
        "src/libQt6Gui.so.6": ["libglib-2.0.so.0"],
        "src/libcairo.so.2": ["libpixman-1.so.0"],
        "src/libxcb-icccm.so.4": [],
        "src/libglib-2.0.so.0": [],
        "src/libpixman-1.so.0": [],
        "src/libctypes-only.so": [],
        "src/libpython3.11.so.1.0": ["libz.so.1"],
        "src/libz.so.1": [],
    }
    kept = [("PySide6/Qt/plugins/platforms/libqxcb.so", "src/qxcb.so"),
            ("PySide6/Qt/lib/libQt6Gui.so.6", "src/libQt6Gui.so.6"),
            ("libxcb-icccm.so.4", "src/libxcb-icccm.so.4"), ("libglib-2.0.so.0", "src/libglib-2.0.so.0"),
            ("libcairo.so.2", "src/libcairo.so.2"), ("libpixman-1.so.0", "src/libpixman-1.so.0"),
            ("libctypes-only.so", "src/libctypes-only.so"), ("libpython3.11.so.1.0", "src/libpython3.11.so.1.0"),
            ("libz.so.1", "src/libz.so.1")]
    pruned = [("PySide6/Qt/plugins/platformthemes/libqgtk3.so", "src/qgtk3.so")]
    orphans = cfg.orphaned_libraries(kept, pruned, lambda src: graph[src])
    assert orphans == {"libcairo.so.2", "libpixman-1.so.0"}


def test_build_spec_is_valid_python_wired_to_spec_config():
    source = (ROOT / "build.spec").read_text(encoding="utf-8")
    compile(source, "build.spec", "exec")
    for needed in ("import spec_config", "cfg.filter_toc", "cfg.excluded_modules()", "cfg.orphaned_libraries",
                   "desktop/storage/migrations", "contents_directory", "console=not WINDOWS"):
        assert needed in source, needed
    assert "raise SystemExit(\"build.spec is not ready" not in source


def test_windows_version_template(spec_config):
    template = (ROOT / "packaging" / "version_info.txt.in").read_text(encoding="utf-8")
    text = template.format(filevers=spec_config.version_tuple("0.1.0"), version="0.1.0", name="zhibu",
                           product="支部纪实", company="zhibu project", copyright="Apache-2.0", comments="离线")
    assert "filevers=(0, 1, 0, 0)" in text and "'支部纪实'" in text
    # PyInstaller evaluates this text with its version-info classes (Windows only); stand-ins check the structure.
    kinds = ("VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable", "StringStruct", "VarFileInfo",
             "VarStruct")
    calls: list[tuple] = []

    def stand_in(kind):
        def make(*args, **kwargs):
            calls.append((kind, args, kwargs))
            return kind
        return make

    assert eval(text, {k: stand_in(k) for k in kinds}) == "VSVersionInfo"  # noqa: S307 - our own template
    fixed = next(kw for kind, _, kw in calls if kind == "FixedFileInfo")
    assert fixed["filevers"] == fixed["prodvers"] == (0, 1, 0, 0)
    strings = dict(args for kind, args, _ in calls if kind == "StringStruct")
    assert strings["ProductName"] == "支部纪实" and strings["OriginalFilename"] == "zhibu.exe"
    assert strings["ProductVersion"] == strings["FileVersion"] == "0.1.0"


def test_entry_script_handles_self_test_before_qt():
    """packaging/zhibu_main.py must not import Qt (or ui) at module level: --self-test runs with no display."""
    tree = ast.parse((ROOT / "packaging" / "zhibu_main.py").read_text(encoding="utf-8"))
    top_level = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
    names = {a.name for n in top_level if isinstance(n, ast.Import) for a in n.names} | {
        n.module for n in top_level if isinstance(n, ast.ImportFrom)}
    assert not {n for n in names if n and re.match(r"(PySide6|shiboken6|ui)(\.|$)", n)}, names


def test_size_report_runs_on_a_folder(tmp_path):
    sys.path.insert(0, str(ROOT / "packaging"))
    try:
        import size_report
    finally:
        sys.path.remove(str(ROOT / "packaging"))
    (tmp_path / "_internal" / "resources" / "fonts").mkdir(parents=True)
    (tmp_path / "_internal" / "resources" / "fonts" / "a.ttf").write_bytes(b"x" * 2048)
    (tmp_path / "zhibu").write_bytes(b"\x7fELF" + b"GLIBC_2.28\0" + b"y" * 100)
    assert size_report.main([str(tmp_path), "--budget-mb", "1", "--strict", "--glibc"]) == 0
    assert size_report.glibc_needed(tmp_path)[0] == "2.28"
    assert size_report.main([str(tmp_path), "--budget-mb", "0.001", "--strict"]) == 1


def _icu_trim():
    import importlib.util

    spec = importlib.util.spec_from_file_location("zhibu_icu_trim", ROOT / "packaging" / "icu_trim.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("item, kept", [
    ("coll/ucadata.icu", True), ("coll/root.res", True), ("coll/zh.res", True), ("coll/zh_Hant.res", True),
    ("coll/de.res", False), ("coll/de_.res", False), ("coll/res_index.res", True),
    ("zh.res", True), ("zh_Hans_CN.res", True), ("en.res", True), ("root.res", True), ("ja.res", False),
    ("zone/zh.res", True), ("zone/fr.res", False), ("zone/tzdbNames.res", True), ("zoneinfo64.res", True),
    ("metaZones.res", True), ("supplementalData.res", True), ("pool.res", True), ("curr/pool.res", True),
    ("gb18030.cnv", True), ("ibm-1386_P100-2001.cnv", True), ("windows-950-2000.cnv", True),
    ("ibm-943_P15A-2003.cnv", False), ("cnvalias.icu", True), ("nfkc.nrm", True), ("unames.icu", True),
    ("brkitr/zh.res", False), ("brkitr/cjdict.dict", False), ("rbnf/zh.res", False), ("translit/root.res", False),
])
def test_icu_data_kept_for_a_chinese_desktop(item, kept):
    assert _icu_trim().keep_item(item) is kept
