"""Look and language of the app: Qt's own Chinese translations, the bundled CJK font, a calm palette."""

from __future__ import annotations

import logging
import re
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication

from desktop.paths import resource_path
from ui.settings_store import FONT_SCALES

log = logging.getLogger(__name__)

BUNDLED_FONTS = ("ZhibuSansSC-Regular.ttf", "ZhibuSerifSC-Regular.ttf")
# Common CJK families, tried in order when no bundled font is present.
SYSTEM_CJK_FAMILIES = ("Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC",
                       "Source Han Sans SC", "WenQuanYi Micro Hei", "SimHei", "SimSun", "Noto Serif CJK SC")
ACCENT = "#a4262c"          # muted party red, used sparingly
ACCENT_SOFT = "#f6e7e7"
TEXT_MUTED = "#6b6b6b"
ERROR = "#b3261e"
BASE_POINT_SIZE = 10
_font_scale = 100
_FONT_SIZE = re.compile(r"font-size:\s*(\d+(?:\.\d+)?)pt")


def font_scale() -> int:
    return _font_scale


def scaled(qss: str) -> str:
    """``qss`` (a style sheet or rich text) with every ``font-size: Npt`` scaled by the 字号 setting."""
    if _font_scale == 100:
        return qss
    return _FONT_SIZE.sub(lambda m: f"font-size: {float(m.group(1)) * _font_scale / 100:g}pt", qss)


def px(pixels: int) -> int:
    """A size in pixels that holds text (a row height, a column width), grown with the 字号 setting."""
    return round(pixels * _font_scale / 100)


def set_font_scale(app: QApplication, percent: int) -> None:
    """Apply the 字号 setting to the whole UI: the application font and every scaled style sheet. Widgets
    built afterwards pick it up; the main window rebuilds its pages so they do too."""
    global _font_scale
    _font_scale = percent if percent in FONT_SCALES else 100
    font = QFont(app.font())
    font.setPointSizeF(BASE_POINT_SIZE * _font_scale / 100)
    app.setFont(font)
    app.setStyleSheet(scaled(STYLESHEET))


def install_translations(app: QApplication) -> list[QTranslator]:
    """Qt's own zh_CN catalogues so standard buttons and dialogs (OK, Cancel, file dialogs) are Chinese."""
    QLocale.setDefault(QLocale(QLocale.Chinese, QLocale.China))
    folders = [Path(QLibraryInfo.path(QLibraryInfo.TranslationsPath)), resource_path("i18n")]
    installed = []
    for name in ("qtbase_zh_CN", "qt_zh_CN"):
        for folder in folders:
            tr = QTranslator(app)
            if (folder / f"{name}.qm").exists() and tr.load(name, str(folder)):
                app.installTranslator(tr)
                installed.append(tr)
                break
    if not installed:
        log.warning("Qt zh_CN translations not found; standard buttons stay in English")
    return installed


def register_fonts(app: QApplication) -> str | None:
    """Load the bundled CJK font and make it the application font. Returns the family used, or None."""
    family = None
    for file_name in BUNDLED_FONTS:
        path = resource_path("fonts", file_name)
        if not path.is_file():
            continue
        font_id = QFontDatabase.addApplicationFont(str(path))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if families:
            family = families[0]
            break
        log.warning("could not load bundled font %s", path)
    if family is None:
        available = set(QFontDatabase.families())
        family = next((f for f in SYSTEM_CJK_FAMILIES if f in available), None)
    font = QFont(app.font())
    if family:
        # Keep the platform UI font for Latin text where it exists, with the CJK family as a fallback too.
        font.setFamilies([family, *[f for f in font.families() if f != family]])
    font.setPointSizeF(BASE_POINT_SIZE * _font_scale / 100)
    app.setFont(font)
    return family


def apply_style(app: QApplication) -> None:
    app.setStyle("Fusion")
    pal = app.palette()
    pal.setColor(QPalette.Window, QColor("#f4f4f2"))
    pal.setColor(QPalette.Base, QColor("#ffffff"))
    pal.setColor(QPalette.AlternateBase, QColor("#f8f8f6"))
    pal.setColor(QPalette.Highlight, QColor("#c9dcef"))
    pal.setColor(QPalette.HighlightedText, QColor("#1a1a1a"))
    pal.setColor(QPalette.Button, QColor("#fbfbfa"))
    pal.setColor(QPalette.Text, QColor("#1f1f1f"))
    pal.setColor(QPalette.WindowText, QColor("#1f1f1f"))
    pal.setColor(QPalette.PlaceholderText, QColor("#9a9a9a"))
    app.setPalette(pal)
    app.setStyleSheet(scaled(STYLESHEET))


STYLESHEET = f"""
QListWidget#navigation {{
    background: #ffffff; border: none; border-right: 1px solid #dcdcd8; outline: 0; font-size: 11pt;
}}
QListWidget#navigation::item {{
    padding-left: 20px; border-left: 3px solid transparent; color: #2b2b2b;
}}
QListWidget#navigation::item:hover {{ background: #f3f3f1; }}
QListWidget#navigation::item:selected {{
    background: {ACCENT_SOFT}; color: {ACCENT}; border-left: 3px solid {ACCENT};
}}
QLabel#pageTitle {{ font-size: 15pt; font-weight: 600; color: #1f1f1f; }}
QLabel#appTitle {{ font-size: 20pt; font-weight: 600; color: {ACCENT}; }}
QLabel#subtitle, QLabel.muted {{ color: {TEXT_MUTED}; }}
QLabel#fieldError, QLabel#formError {{ color: {ERROR}; }}
QLabel#hint {{ color: {TEXT_MUTED}; }}
QLineEdit[invalid="true"] {{ border: 1px solid {ERROR}; border-radius: 2px; background: #fff6f5; }}
QPushButton {{ padding: 5px 14px; min-height: 20px; }}
QPushButton#primary {{
    background: {ACCENT}; color: white; border: 1px solid #8c1f24; border-radius: 3px; font-weight: 600;
}}
QPushButton#primary:hover {{ background: #b52d33; }}
QPushButton#primary:disabled {{ background: #d9a9ab; border-color: #d9a9ab; }}
QTableView {{ gridline-color: #e6e6e3; selection-background-color: #c9dcef; }}
QHeaderView::section {{
    background: #f1f1ee; padding: 5px 6px; border: none; border-right: 1px solid #e0e0dc;
    border-bottom: 1px solid #d4d4cf;
}}
QFrame#card {{ background: #ffffff; border: 1px solid #deded9; border-radius: 4px; }}
QStatusBar {{ background: #ffffff; border-top: 1px solid #dcdcd8; padding-left: 8px; }}
QStatusBar QLabel {{ padding: 2px 4px; }}
QToolBar {{ background: #ffffff; border-bottom: 1px solid #dcdcd8; spacing: 6px; padding: 3px 8px; }}
"""


def setup(app: QApplication) -> str | None:
    install_translations(app)
    apply_style(app)
    return register_fonts(app)
