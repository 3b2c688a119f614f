"""Garbage collection is paused only while a process loads its modules, and always comes back on."""

from __future__ import annotations

import gc

import pytest

from desktop import startup_gc


@pytest.fixture(autouse=True)
def _collection_on():
    yield
    startup_gc.resume()
    gc.enable()


def test_pause_and_resume_turn_collection_off_and_on_once():
    assert startup_gc.pause() and not gc.isenabled()
    assert not startup_gc.pause()  # already paused: nothing more
    assert startup_gc.resume() and gc.isenabled()
    assert not startup_gc.resume()


def test_collection_turned_off_by_someone_else_stays_off():
    gc.disable()
    assert not startup_gc.pause()
    assert not startup_gc.resume() and not gc.isenabled()


def _run(*argv) -> int:
    from desktop.cli.main import main

    try:
        return main(list(argv))
    except SystemExit as exc:  # argparse's own usage errors
        return exc.code


def test_a_cli_command_collects_again_before_it_runs_and_after_a_usage_error(book_path, book_templates,
                                                                          monkeypatch, capsys):
    from tests.conftest import PASSPHRASE

    book_templates.empty(book_path)
    monkeypatch.setenv("ZHIBU_PASSPHRASE", PASSPHRASE)
    seen = []
    import desktop.cli.cmd_members as members

    listed = members.cmd_list
    monkeypatch.setattr(members, "cmd_list", lambda args: seen.append(gc.isenabled()) or listed(args))
    assert _run("members", "list", str(book_path)) == 0
    assert gc.isenabled() and not startup_gc.paused()
    assert seen == [True]  # the command itself ran with collection on
    assert _run("members", "list") == 2  # the book is missing: argparse refuses
    assert gc.isenabled() and not startup_gc.paused()


def test_the_core_loader_resumes_collection_even_when_an_import_fails(monkeypatch):
    from ui import core_loader

    monkeypatch.setattr(core_loader, "MODULES", ("desktop.no_such_module_gc",))
    startup_gc.pause()
    with pytest.raises(ModuleNotFoundError):
        core_loader._load_here()
    assert gc.isenabled() and not startup_gc.paused()
