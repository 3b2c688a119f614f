"""UI fixtures: a session (start screen, task runner) per test, and helpers to unlock a book."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
import shiboken6

from tests.ui.uihelpers import PASSPHRASE, id_number, unlock, wait_tasks

pytest.importorskip("pytestqt")


@pytest.fixture(scope="session")
def _book_templates(tmp_path_factory):
    """Books are built once per (name, members) and copied per test: creating one costs seconds."""
    return {"dir": tmp_path_factory.mktemp("book-templates"), "made": {}}


def _build_book(path: Path, name: str, members: int) -> None:
    from desktop.domain.member_rules import MemberInput
    from desktop.workspace import Workspace

    ws = Workspace.create(path, PASSPHRASE, name)
    try:
        people = [("张三", "男", date(1980, 5, 1), 1), ("李四", "女", date(1985, 7, 9), 2),
                  ("王五", "男", date(1990, 1, 20), 3)][:members]
        for who, gender, born, seq in people:
            odd = seq * 2 + (1 if gender == "男" else 0)
            ws.members.add(MemberInput(name=who, gender=gender, birth_date=born,
                                       joined_on=date(born.year + 25, 7, 1), full_on=date(born.year + 26, 7, 1),
                                       id_number=id_number(born, odd), group="第一党小组", position="科员"))
    finally:
        ws.close()


@pytest.fixture
def make_book(tmp_path, _book_templates):
    """A closed book with up to 3 members (张三, 李四, 王五) at a fresh path; returns the path."""

    def make(name: str = "测试党支部", members: int = 3, path: Path | None = None) -> Path:
        key = (name, members)
        template = _book_templates["made"].get(key)
        if template is None:
            template = _book_templates["dir"] / f"{len(_book_templates['made'])}.zhibu"
            _build_book(template, name, members)
            _book_templates["made"][key] = template
        path = path or tmp_path / "测试支部.zhibu"
        shutil.copyfile(template, path)  # a closed file: copying is fine for a test fixture
        return path

    return make


@pytest.fixture
def session(qtbot):
    from ui.session import AppSession
    from ui.settings_store import SettingsStore

    s = AppSession(SettingsStore())
    qtbot.addWidget(s.start_window)
    yield s
    wait_tasks(qtbot, s)
    s.shutdown()
    from shiboken6 import isValid

    # pytest-qt closes and deleteLater()s the widgets it was given before fixtures are torn down; whether the
    # deletion already ran depends on event processing, so only touch what still exists.
    # pytest keeps every test's fixture values (item.funcargs) to the end of the run: delete the windows and the
    # session's Qt side now, or each finished session's timers, pages and clipboard hook keep running (and
    # slowing) under every later test.
    for window in (s.main_window, s.start_window):
        if window is not None and isValid(window):
            window.hide()
            shiboken6.delete(window)
    if isValid(s):
        shiboken6.delete(s)


@pytest.fixture
def unlocked(qtbot, session, make_book):
    """A session with a 3-member book open on the main window."""
    book = make_book()
    unlock(qtbot, session, book)
    assert session.ws is not None and session.ws.is_open
    return session


COMMITTEE_DEMO_BRANCHES = ("第五支部", "第十一支部")  # the back-dating one and the silent one


@pytest.fixture(scope="session")
def _committee_demo_template(tmp_path_factory):
    """A small committee demo (two branches, a year of bundles), built once per test session (~10 s)."""
    from desktop import paths
    from desktop.committee import demo

    root = tmp_path_factory.mktemp("committee-demo")
    before = paths._override  # as tests/conftest.py BookTemplates: nothing lands in a real data folder
    paths.set_data_dir(root / "data")
    try:
        demo.build(root / "演示", only=COMMITTEE_DEMO_BRANCHES)
    finally:
        paths.set_data_dir(before)
    return root / "演示"


@pytest.fixture(scope="module")
def committee_demo(_committee_demo_template, tmp_path_factory):
    """A fresh copy of the small committee demo for one test module: (folder, committee book path)."""
    folder = tmp_path_factory.mktemp("committee") / "演示"
    shutil.copytree(_committee_demo_template, folder, ignore=shutil.ignore_patterns("*.lock"))
    return folder, folder / "工委.zhibu"
