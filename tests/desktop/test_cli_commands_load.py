"""A command loads only its own module (read-only commands start fast); the help still lists every command."""

from __future__ import annotations

import argparse
import importlib
import os
import subprocess
import sys

from desktop.cli import main as cli
from tests.conftest import ROOT


def _registered(module: str) -> set[str]:
    sub = argparse.ArgumentParser().add_subparsers()
    importlib.import_module(module).register(sub)
    return set(sub.choices)


def test_every_known_command_belongs_to_the_module_that_registers_it():
    for module in cli.COMMAND_MODULES:
        for name in _registered(module):
            assert cli.COMMAND_OWNERS.get(name) == module, f"{name}: add it to COMMAND_OWNERS"
    for name, module in cli.COMMAND_OWNERS.items():
        assert module in cli.COMMAND_MODULES and name in _registered(module), name


def test_command_of_skips_the_data_dir_option():
    assert cli.command_of(["--data-dir", "/tmp/x", "status", "b.zhibu"]) == "status"
    assert cli.command_of(["--data-dir=/tmp/x", "members", "list"]) == "members"
    assert cli.command_of(["--help"]) is None and cli.command_of([]) is None


def test_help_lists_every_command(capsys):
    parser = cli.build_parser(["--help"])
    names = set(parser._subparsers._group_actions[0].choices)
    assert names == set().union(*(_registered(m) for m in cli.COMMAND_MODULES))


def test_read_only_commands_import_neither_documents_nor_excel(tmp_path):
    code = ("import sys; from desktop.cli.main import build_parser; "
            "[build_parser([c, 'list', 'b']) for c in ('members', 'meetings')]; build_parser(['status', 'b']); "
            "print(sorted(m for m in ('reportlab', 'docx', 'openpyxl', 'pypinyin', 'alembic', 'PySide6', 'pydantic', "
            "'cryptography') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def run_on_demo(tmp_path, book_templates, argv: list[str], modules: tuple[str, ...]) -> tuple[str, str]:
    """Run ``zhibu-cli argv`` (``BOOK``: a copy of the demo) in a fresh interpreter. Returns its exit code and which
    of ``modules`` it loaded, as "0 ['x', 'y']" — followed by " ORM mappers configured" when the command set up the
    ORM mappers (≈0.07 s for all of them; read-only commands read through Core selects and need none) — and what
    it printed."""
    from tests.conftest import PASSPHRASE

    book = book_templates.demo(tmp_path / "演示.zhibu")
    code = ("import sys; from desktop.cli.main import main; from desktop.storage.models import Base; "
            f"code = main([sys.argv[1] if a == 'BOOK' else a for a in {argv!r}]); "
            f"orm = any(m.configured for m in Base.registry.mappers); "
            f"print(code, sorted(m for m in {modules!r} if m in sys.modules), "
            "*(['ORM mappers configured'] if orm else []), file=sys.stderr)")
    env = dict(os.environ, ZHIBU_PASSPHRASE=PASSPHRASE, ZHIBU_DATA_DIR=str(tmp_path / "data"))
    out = subprocess.run([sys.executable, "-c", code, str(book)], cwd=ROOT, capture_output=True, text=True,
                         env=env, check=True)
    return out.stderr.strip().splitlines()[-1], out.stdout


def test_status_on_the_demo_loads_neither_signatures_nor_schemas(tmp_path, book_templates):
    """The demo has corrected (amended) records, so status reads the ledger's documents: still without the
    报送 signing stack (cryptography, age) or the JSON schemas (pydantic), which cost a read-only command ≈0.2 s,
    without the 报送 models and receipt parser while the book holds no receipt, and without configuring the ORM
    mappers (the rules engine, dues, recruitment and the settings read plain rows)."""
    loaded, out = run_on_demo(tmp_path, book_templates, ["status", "BOOK"], (
        "cryptography", "pyrage", "pydantic", "reportlab", "docx", "alembic", "desktop.sync.receipts",
        "desktop.storage.models_sync"))
    assert loaded == "0 []"
    assert "党员" in out


def test_members_list_on_the_demo_reads_no_pinyin_table(tmp_path, book_templates):
    """Sorting the roster by 姓氏笔画 uses the readings kept in the book: pypinyin's phrase table (≈0.2 s) stays
    unloaded, no ORM mapper is configured, and the order is the one the names read afresh give."""
    import json

    from desktop.domain import ordering

    loaded, out = run_on_demo(tmp_path, book_templates, ["members", "list", "BOOK", "--json"],
                              ("pypinyin", "desktop.services.roster_excel"))
    assert loaded == "0 []"  # nor the Excel import/export
    names = [row["name"] for row in json.loads(out)]
    ordering._known.clear()
    assert len(names) > 20 and names == ordering.sort_names(names, "stroke")


def test_meetings_list_on_the_demo_loads_no_json_input_nor_excel(tmp_path, book_templates):
    """Listing reads no JSON file, writes no workbook and checks no record: the JSON input parser (with the
    domain's input rules), the roster's Excel import/export and the meetings service's input mapping and roster
    checks stay unloaded, no ORM mapper is configured, and every meeting is listed."""
    loaded, out = run_on_demo(tmp_path, book_templates, ["meetings", "list", "BOOK"], (
        "desktop.cli.meeting_json", "desktop.services.roster_excel", "openpyxl", "pydantic",
        "desktop.services.meeting_input", "desktop.services.meeting_checks"))
    assert loaded == "0 []"
    assert len(out.strip().splitlines()) > 20 and "应到" in out
