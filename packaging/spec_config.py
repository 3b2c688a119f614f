"""What goes into the PyInstaller build, as plain data: read by ``build.spec`` and checked by the tests.

The app uses QtCore, QtGui, QtWidgets and QtPrintSupport only. Everything else in PySide6-Essentials
(QML/Quick, network, OpenGL, D-Bus bindings, SQL, designer, …) is excluded, and the Qt plugins, libraries and
translations that PyInstaller's Qt hooks collect anyway are filtered by :func:`keep_bundled_file`.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parent.parent
APP_NAME = "zhibu"           # dist/zhibu/zhibu(.exe)
ENTRY = ROOT / "packaging" / "zhibu_main.py"
ICON_ICO = ROOT / "resources" / "icons" / "zhibu.ico"
SIZE_BUDGET_MB = 183

# Python packages of the app itself, collected completely (services/CLI modules are imported by name).
APP_PACKAGES = ("desktop", "ui")
# Modules imported only by string (Alembic loads env.py and the revision files with importlib; its runtime
# and DDL implementations register themselves on import).
EXTRA_HIDDEN_IMPORTS = (
    "alembic.runtime.migration",
    "alembic.runtime.environment",
    "alembic.ddl",
    "alembic.ddl.sqlite",
    "alembic.ddl.impl",
    "alembic.operations.toimpl",
    "alembic.autogenerate",
    "sqlalchemy.dialects.sqlite",
    "sqlalchemy.dialects.sqlite.pysqlcipher",
    "sqlcipher3",
    "sqlcipher3.dbapi2",
    "logging.config",
    "encodings.shift_jis",
    # reportlab.graphics.barcode (the QR codes of the 交接单 and minutes) registers its widgets by importing
    # these inside a function; PyInstaller misses them (the frozen self-test failed on code128).
    *(f"reportlab.graphics.barcode.{m}" for m in ("code128", "code39", "code93", "common", "eanbc",
                                                   "ecc200datamatrix", "fourstate", "lto", "qr", "qrencoder",
                                                   "usps", "usps4s", "widgets")),
)

# Modules also shipped as .py files next to the PYZ: python-docx finds its header/footer templates through
# ``docx/parts/../templates``, which only resolves if the docx/parts folder exists on disk.
MODULE_COLLECTION_MODE = {"docx.parts": "pyz+py"}

# PySide6 modules the app does not use. Excluding them keeps PyInstaller's Qt hooks from pulling in their
# shared libraries, plugins and QML files. (QtDBus is kept: ui/session_lock.py hears the desktop's screen
# lock on D-Bus; its library libQt6DBus ships anyway for the ibus input-method plugin.)
QT_MODULES_EXCLUDED = (
    "QtNetwork", "QtQml", "QtQmlFeatures", "QtQuick", "QtQuickControls2", "QtQuickTest", "QtQuickWidgets",
    "QtOpenGL", "QtOpenGLWidgets", "QtSql", "QtTest", "QtDesigner", "QtHelp", "QtUiTools",
    "QtConcurrent", "QtXml", "QtLabsStyleKit", "QtSvg", "QtSvgWidgets",
)
# Python modules nobody needs at run time (GUI toolkits, test frameworks, build tools, docs).
PY_MODULES_EXCLUDED = (
    "tkinter", "_tkinter", "turtle", "turtledemo", "idlelib", "lib2to3", "pydoc_data", "ensurepip", "venv",
    "test", "tests", "unittest.test", "sqlite3.test", "ctypes.test", "distutils.tests",
    "pytest", "_pytest", "pluggy", "pytestqt", "pdfplumber", "pdfminer",
    "PyInstaller", "setuptools", "pkg_resources", "pip", "wheel",
    "IPython", "matplotlib", "numpy", "pandas", "scipy", "PyQt5", "PyQt6", "PySide2",
    "fontTools",  # build-time only (tools/fonts/build_fonts.py)
    "docutils", "sphinx", "jinja2", "mako.testing", "mako.ext", "pygments",
    # Offline app: no TLS, and the stdlib SQLite must never touch a book (only sqlcipher3 opens books).
    "ssl", "_ssl", "sqlite3", "_sqlite3",
    # Interactive debugging and terminal line editing.
    "readline", "pdb", "doctest",
    # Pillow: AVIF codec (4.7 MB of libavif), Tk bridge and Qt bridge are unused; photos are JPEG/PNG.
    "PIL._avif", "PIL.AvifImagePlugin", "PIL.ImageTk", "PIL._imagingtk", "PIL.ImageQt",
    # lxml: python-docx and openpyxl use lxml.etree only.
    "lxml.objectify", "lxml.html", "lxml.isoschematron", "lxml.sax", "lxml.ElementInclude",
    # Korean codecs (GBK/GB18030 live in _codecs_cn, Big5 in _codecs_tw; Shift-JIS stays: the QR encoder of
    # reportlab probes it for kanji mode).
    "_codecs_kr", "_codecs_iso2022",
    # SQLAlchemy's asyncio support (greenlet) is unused.
    # (Alembic's DDL package imports every SQLAlchemy dialect and the sqlite dialect imports its aiosqlite
    # variant, so those stay; without greenlet they simply cannot be used.)
    "greenlet",
)

# Qt plugin folders kept, with the plugins kept in each (None = all of the folder).
QT_PLUGINS_KEPT: dict[str, tuple[str, ...] | None] = {
    # xcb: X11 desktops (UOS, Kylin and most Linux sessions; Wayland sessions run it through XWayland).
    # offscreen/minimal: --self-test, CI, screenshots. Windows/macOS equivalents are kept below.
    "platforms": ("xcb", "offscreen", "minimal", "windows", "cocoa"),
    # Chinese input methods on Linux: ibus (and fcitx5 through its ibus frontend), compose keys.
    "platforminputcontexts": ("ibusplatforminputcontextplugin", "composeplatforminputcontextplugin"),
    # Photos and icons: PNG and BMP are built into QtGui; JPEG, GIF, ICO and WebP (phone pictures) as plugins.
    "imageformats": ("qjpeg", "qgif", "qico", "qwebp"),
    "printsupport": None,     # CUPS on Linux, the Windows print system on Windows
    "styles": None,           # Windows: the native "windowsvista"/"modernwindows" style if present
    "xcbglintegrations": (),  # the app draws no OpenGL
    "egldeviceintegrations": (),
    "generic": (),            # evdev/tuio touch input for kiosks
    "iconengines": (),        # no SVG icons
    "platformthemes": (),     # gtk3/xdg-portal themes would drag in the build machine's GTK; the app uses Fusion
    "networkinformation": (),
    "tls": (),
    "sqldrivers": (),
    "qmltooling": (),
    "qmllint": (),            # QML tooling (PySide6 6.11)
    "designer": (),
    "vectorimageformats": (),
    "wayland-decoration-client": (),
    "wayland-graphics-integration-client": (),
    "wayland-graphics-integration-server": (),
    "wayland-shell-integration": (),
    "multimedia": (),
    "position": (),
}
# Qt shared libraries that must not be shipped even if a dependency scan finds them.
QT_LIBS_EXCLUDED = re.compile(
    r"Qt6(Network|Qml\w*|Quick\w*|OpenGL\w*|Sql|Test|Designer\w*|Help|UiTools|Concurrent|Xml|Labs\w*|Svg\w*|"
    r"Wayland\w*|WlShell\w*|EglFS\w*|EglFsKms\w*|VirtualKeyboard\w*|Lottie\w*|Pdf\w*|ShaderTools|Multimedia\w*)\b"
)
# Libraries every Linux desktop has and that must match the system rather than the build machine: the C++
# runtime (a newer system GL driver loaded into the process may need a newer one) and libdbus (talks to the
# system's D-Bus daemon; Debian's copy also drags in libsystemd, libgcrypt, liblz4 …) and libcups (talks to
# the system's CUPS daemon; a PC that prints has it, and Debian's copy drags in gnutls, krb5, p11-kit … ≈9 MB;
# without it Qt's print dialog still offers printing to PDF).
# Also the desktop stack under Qt's xcb plugin, which any desktop that can show a window has and whose copies
# from the build machine would only clash with the system's configuration (fonts.conf, GIO modules): X11 and its
# xcb authorization libraries (the system's libxcb, never bundled, loads its own), GLib (libglib, libgthread —
# with libX11 and libgcc_s on the manylinux list of libraries a wheel may assume), fontconfig and FreeType.
# Their own dependencies (libpng, brotli, pcre2, expat, libbsd …) then go as orphans. ≈5 MB.
SYSTEM_LIBS_EXCLUDED = re.compile(
    r"^(libstdc\+\+\.so|libdbus-1\.so|libcups\.so|libgcc_s\.so|libX11\.so|libXau\.so|libXdmcp\.so|"
    r"libglib-2\.0\.so|libgthread-2\.0\.so|libfontconfig\.so|libfreetype\.so)"
)
# Qt translations kept: Chinese only (the .qm names the ui loads).
QT_TRANSLATIONS_KEPT = ("qtbase_zh_CN.qm", "qt_zh_CN.qm")


def project_metadata(pyproject: Path = ROOT / "pyproject.toml") -> dict:
    """name, version and description from pyproject.toml (the single source of the version)."""
    with open(pyproject, "rb") as fh:
        project = tomllib.load(fh)["project"]
    return {"name": project["name"], "version": project["version"], "description": project.get("description", "")}


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """'0.1.0' → (0, 1, 0, 0); pre-release and local parts are dropped (Windows wants four integers)."""
    numbers = [int(n) for n in re.findall(r"\d+", version.split("+")[0].split("-")[0])[:4]]
    return tuple((numbers + [0, 0, 0, 0])[:4])  # type: ignore[return-value]


def _qt_parts(dest: str) -> tuple[str, ...] | None:
    """The path parts after ``PySide6/Qt/`` (Linux/macOS) or ``PySide6/`` (Windows wheels), else None."""
    parts = PurePosixPath(dest.replace("\\", "/")).parts
    if not parts or parts[0] != "PySide6":
        return None
    rest = parts[1:]
    return rest[1:] if rest and rest[0] == "Qt" else rest


def keep_bundled_file(dest: str) -> bool:
    """Whether a file PyInstaller collected (by its destination path in the bundle) stays in the build."""
    name = PurePosixPath(dest.replace("\\", "/")).name
    if QT_LIBS_EXCLUDED.search(name) and ("Qt6" in name):
        return False
    if _is_top_level(dest) and SYSTEM_LIBS_EXCLUDED.match(name):
        return False
    parts = _qt_parts(dest)
    if parts is None:
        return not _is_excluded_py_module_file(dest)
    if not parts:
        return True
    top = parts[0]
    if top in ("qml", "metatypes", "libexec", "resources"):  # QML files, build metadata, WebEngine data
        return False
    if top == "translations":
        return name in QT_TRANSLATIONS_KEPT
    if top == "plugins" and len(parts) >= 3:
        folder = parts[1]
        kept = QT_PLUGINS_KEPT.get(folder, ())
        if kept is None:
            return True
        stem = re.sub(r"^lib", "", name.split(".")[0])  # libqjpeg.so / qjpeg.dll / libqjpeg.dylib → qjpeg
        return any(stem in (k, "q" + k) for k in kept)
    if name.startswith(tuple(f"{m}." for m in QT_MODULES_EXCLUDED)):  # PySide6/QtNetwork.abi3.so etc.
        return False
    return True


def _is_excluded_py_module_file(dest: str) -> bool:
    top = PurePosixPath(dest.replace("\\", "/")).parts[0]
    return top in {"tkinter", "_tkinter", "tcl", "tk", "_tcl_data", "_tk_data", "tcl8", "tk8.6"}


def filter_toc(toc):
    """A PyInstaller TOC (list of (dest, src, kind)) without the files :func:`keep_bundled_file` rejects."""
    return [entry for entry in toc if keep_bundled_file(entry[0])]


def _is_top_level(dest: str) -> bool:
    return "/" not in dest.replace("\\", "/")


def _is_python_library(name: str) -> bool:
    return bool(re.match(r"(lib)?python3[\d.]*(\.dll|\.so|\.dylib)", name, re.I))


def orphaned_libraries(kept, pruned, imports_of) -> set[str]:
    """Top-level shared libraries that only pruned binaries needed.

    ``kept`` and ``pruned`` are (dest, src) pairs; ``imports_of(src)`` names the libraries a binary links to.
    PyInstaller collects the dependencies of every binary before the spec can prune it (e.g. the GTK stack for
    the gtk3 platform theme); a library stays if any kept binary needs it, directly or through other libraries,
    or if no pruned binary needed it (libraries found through ctypes, Python itself).
    """
    top = {Path(dest).name: src for dest, src in kept if _is_top_level(dest)}

    def closure(roots) -> set[str]:
        seen: set[str] = set()
        todo = [src for src in roots]
        while todo:
            for name in imports_of(todo.pop()):
                name = Path(name).name
                if name in top and name not in seen:
                    seen.add(name)
                    todo.append(top[name])
        return seen

    kept_roots = [src for dest, src in kept if not _is_top_level(dest) or _is_python_library(Path(dest).name)]
    needed = closure(kept_roots) | {n for n in top if _is_python_library(n)}
    pruned_needs = closure(src for _, src in pruned)
    return pruned_needs - needed


def direct_imports(src: str) -> list[str]:
    """The libraries a binary links to directly (ELF DT_NEEDED via objdump on Linux; PyInstaller's reader
    elsewhere, which is direct on Windows and macOS). ``ldd`` would list the whole closure, which would make
    a pruned library's own dependencies look needed."""
    if sys.platform.startswith("linux"):
        import subprocess

        out = subprocess.run(["objdump", "-p", src], capture_output=True, text=True).stdout
        return re.findall(r"^\s*NEEDED\s+(\S+)", out, re.M)
    from PyInstaller.depend.bindepend import get_imports

    return [name for name, _path in get_imports(src)]


def excluded_modules() -> list[str]:
    return [*PY_MODULES_EXCLUDED, *(f"PySide6.{m}" for m in QT_MODULES_EXCLUDED)]


def is_windows() -> bool:
    return sys.platform.startswith("win")
