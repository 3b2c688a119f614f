"""Fuzz ``zhibu-cli``'s arguments and inputs (issue #14: no traceback ever reaches a CLI user).

Every sub-command of the real parser gets seeded random argument vectors: its positionals and a random subset
of its options, filled from a pool of hostile values (bad dates, huge numbers, bidi and zero-width characters,
directories, damaged books, junk JSON/xlsx files), with junk on stdin. Each run must end with exit code 0, 1
or 2 and a message — never an exception escaping ``main`` and never a traceback on stderr. Runs that hit the
central handler's "unexpected error" are counted separately: they are explained to the user, but each is a bug
to look at.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

from desktop.cli.main import build_parser, main


def leaves(parser: argparse.ArgumentParser, prefix=()) -> list[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        return [(prefix, parser)]
    out = []
    for name, sub in subs[0].choices.items():
        out += leaves(sub, prefix + (name,))
    return out


def hostile_values(tmp: Path, book: Path) -> list[str]:
    junk_json = tmp / "junk.json"
    junk_json.write_text('{"a": [1, 2, {"b": "\\ud800"}], "date": "2026-02-30"', encoding="utf-8")
    deep = tmp / "deep.json"
    deep.write_text("[" * 5000 + "]" * 5000, encoding="utf-8")
    fake_xlsx = tmp / "fake.xlsx"
    fake_xlsx.write_bytes(b"PK\x03\x04 not really a zip")
    damaged = tmp / "damaged.zhibu"
    data = bytearray(book.read_bytes())
    data[5000] ^= 0xFF
    damaged.write_bytes(bytes(data))
    (tmp / "empty.zhibu").write_bytes(b"")
    return ["", "0", "-1", "1", "3", "99999999999999999999999", "1e309", "nan", "2026-03-05", "2026-13-45",
            "1899-01-01", "9999-12-31", "张三", "第一党小组", "书记=张三", "x" * 3000, "\u202e反向\u200b",
            "男", "女", "--", "-", str(tmp), str(tmp / "missing.zhibu"), str(damaged), str(tmp / "empty.zhibu"),
            str(junk_json), str(deep), str(fake_xlsx), str(book), str(tmp / "out.pdf"),
            str(tmp / "out.docx"), str(tmp / "out.xlsx"), "meeting", "branch_meeting", "2026", "0.01", "12"]


@dataclass
class FuzzResult:
    runs: int = 0
    exit_codes: dict[int, int] = field(default_factory=dict)
    unexpected: list[str] = field(default_factory=list)  # explained, but a bug to look at
    escaped: list[str] = field(default_factory=list)  # exception out of main or a traceback: failure


def fuzz(book: Path, tmp: Path, runs: int, seed: int = 14) -> FuzzResult:
    """Runs inside ``tmp`` as the working folder: relative paths among the values create files there only."""
    import os

    here = os.getcwd()
    os.chdir(tmp)
    try:
        return _fuzz(book, tmp, runs, seed)
    finally:
        os.chdir(here)


def _fuzz(book: Path, tmp: Path, runs: int, seed: int) -> FuzzResult:
    rng = random.Random(seed)
    values = hostile_values(tmp, book)
    commands = leaves(build_parser())
    result = FuzzResult()
    for i in range(runs):
        path, parser = commands[i % len(commands)] if i < len(commands) else rng.choice(commands)
        argv = list(path)
        for action in parser._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            if not action.option_strings:  # positional
                nargs = action.nargs if isinstance(action.nargs, int) else (0 if action.nargs == "?" else 1)
                for _ in range(max(1, nargs) if action.nargs != "?" else rng.randint(0, 1)):
                    if action.dest == "book" and rng.random() < 0.7:
                        argv.append(str(book))
                    else:
                        argv.append(rng.choice(action.choices) if action.choices and rng.random() < 0.6
                                    else rng.choice(values))
            elif rng.random() < 0.45:
                argv.append(rng.choice(action.option_strings))
                if action.nargs != 0:
                    argv.append(rng.choice(list(action.choices)) if action.choices and rng.random() < 0.6
                                else rng.choice(values))
        code, err = _run(argv, rng)
        result.runs += 1
        result.exit_codes[code] = result.exit_codes.get(code, 0) + 1
        if code not in (0, 1, 2) or "Traceback" in err:
            result.escaped.append(f"{argv!r}: exit {code}: {err[-300:]}")
        elif "出现意外错误" in err:
            result.unexpected.append(f"{argv!r}: {err.strip()[:200]}")
    return result


def _run(argv: list[str], rng: random.Random) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    stdin = io.StringIO(rng.choice(["", "110105198005171318\n13800000000\n", "{\"id_number\": 5}", "\x00\xff"]))
    old_in = sys.stdin
    sys.stdin = stdin
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(argv)
            except SystemExit as exc:  # argparse's usage errors and --help
                code = exc.code if isinstance(exc.code, int) else 2
            except BaseException as exc:  # noqa: BLE001 - exactly what must never happen
                import traceback

                return 99, "Traceback\n" + "".join(traceback.format_exception(exc))
    finally:
        sys.stdin = old_in
    return code, err.getvalue()
