"""PySide6's per-module ``__feature__`` check, made cheap, answers as PySide6's own does, and new modules are
still registered with it (0: uses PySide6, -1: ignored)."""

from __future__ import annotations

import importlib
import sys

import pytest

from ui import pyside_feature_scan


@pytest.fixture
def feature():
    module = sys.modules.get("shibokensupport.feature")
    if module is None or pyside_feature_scan._original is None:
        pytest.skip("this PySide6 has no per-module feature check")
    return module


@pytest.mark.parametrize("name", ["ui.session", "ui.app_events", "ui.dashboard.page", "desktop.workspace",
                                  "desktop.rules.service", "sqlalchemy.orm", "json", "sqlcipher3._sqlite3",
                                  "PySide6.QtWidgets", "ui"])
def test_the_cheap_check_answers_as_pysides_own(feature, name):
    module = importlib.import_module(name)
    assert feature._mod_uses_pyside is pyside_feature_scan.uses_pyside
    assert pyside_feature_scan.uses_pyside(module) == pyside_feature_scan._original(module)


def test_new_modules_are_still_registered_for_feature_selection(feature, tmp_path, monkeypatch):
    (tmp_path / "p13_uses_qt.py").write_text("from PySide6.QtCore import QObject\n", encoding="utf-8")
    (tmp_path / "p13_plain.py").write_text("VALUE = '支部'\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    import p13_plain  # noqa: F401
    import p13_uses_qt  # noqa: F401

    assert feature.pyside_feature_dict["p13_uses_qt"] == 0
    assert feature.pyside_feature_dict["p13_plain"] == -1
