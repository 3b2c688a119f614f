"""The subcommands every chained-record group (meetings, talks, evaluations, rectifications) has in common.

Each command opens the book, does one thing through the group's service (``ws.<service>``), closes the book,
and only then prints, so the output text and exit codes are the same in every group.
"""

from __future__ import annotations

import sys
from typing import Callable

from desktop.cli.common import open_book, print_json


def json_input():
    """``desktop.cli.meeting_json`` (it loads the domain's input rules), for the commands that read a JSON
    file: ``list`` and ``show`` read none and start without it."""
    from desktop.cli import meeting_json

    return meeting_json


def report_findings(findings) -> None:
    for f in findings:
        print(f"{'问题' if f.level == 'error' else '提示'}：{f.message}", file=sys.stderr)


# ---- parsers ------------------------------------------------------------------------------------
def add_record_parser(cmds, name: str, help: str, func, *, json: bool = False):
    """A subcommand on one record: ``<name> BOOK ID`` (plus ``--json`` for output as JSON)."""
    q = cmds.add_parser(name, help=help)
    q.add_argument("book")
    q.add_argument("id", type=int)
    if json:
        q.add_argument("--json", action="store_true")
    q.set_defaults(func=func)
    return q


def add_create_parser(cmds, help: str, func, *, json_help: str | None = None):
    q = cmds.add_parser("add", help=help)
    q.add_argument("book")
    q.add_argument("--json", required=True, dest="json_file", metavar="FILE", help=json_help)
    q.add_argument("--finalize", action="store_true", help="新建后立即定稿")
    q.set_defaults(func=func)
    return q


def add_amend_parser(cmds, help: str, func, *, reason_help: str | None = None):
    q = add_record_parser(cmds, "amend", help, func)
    q.add_argument("--json", required=True, dest="json_file", metavar="FILE")
    q.add_argument("--reason", required=True, help=reason_help)
    return q


def add_void_parser(cmds, help: str, func):
    q = add_record_parser(cmds, "void", help, func)
    q.add_argument("--reason", required=True)
    return q


def add_attach_parser(cmds, help: str, func, *, reason_help: str | None = None):
    q = add_record_parser(cmds, "attach", help, func)
    q.add_argument("file")
    q.add_argument("--reason", default="", help=reason_help)
    return q


# ---- commands -----------------------------------------------------------------------------------
def print_rows(rows, as_json: bool, line: Callable[[object], str], empty: str) -> int:
    """A list command's output: JSON of ``as_dict()``, or one line a row (and ``empty`` on stderr if none)."""
    if as_json:
        print_json([r.as_dict() for r in rows])
        return 0
    for r in rows:
        print(line(r))
    if not rows:
        print(empty, file=sys.stderr)
    return 0


def show_command(service: str, print_view: Callable[[object], None]):
    def cmd_show(args) -> int:
        with open_book(args.book) as ws:
            view = getattr(ws, service).get(args.id)
        if args.json:
            print_json(view.as_dict())
        else:
            print_view(view)
        return 0

    return cmd_show


def add_record(args, ws, records, data, files=(), findings: Callable[[object], object] = lambda view: ()) -> int:
    """``add``: create the draft, store its attachments (``(name, bytes)``, read beforehand) and 定稿 it when
    ``--finalize`` is given, all in one unit of work: if any step fails the book is left exactly as it was.
    The new id is printed only once it is committed; without ``--finalize``, what 定稿 still needs."""
    with ws.session() as s:
        view = records.create(data, session=s)
        for name, blob in files:
            records.attach(view.id, blob, name, session=s)
        if args.finalize:
            view = records.finalize(view.id, session=s)
    print(view.id)
    if not args.finalize:
        report_findings(findings(view))
    return 0


def finalize_command(service: str, flags: Callable[[object], str] = lambda v: "",
                     after: Callable[[object], None] = lambda v: None):
    def cmd_finalize(args) -> int:
        with open_book(args.book) as ws:
            v = getattr(ws, service).finalize(args.id)
        print(f"已定稿：第{v.entry.seq}条，哈希 {v.entry.hash}{flags(v)}")
        after(v)
        return 0

    return cmd_finalize


def amend_command(service: str, to_input: Callable[[object, dict, object], object]):
    """``amend``: the JSON's "note" is a 补充说明; its other fields, laid over the current input, a 更正."""

    def cmd_amend(args) -> int:
        meeting_json = json_input()
        obj, _folder = meeting_json.load(args.json_file)
        with open_book(args.book) as ws:
            records = getattr(ws, service)
            note, fields = meeting_json.split_note(obj)
            data = to_input(ws, fields, records.input_of(args.id)) if fields else None
            v = records.amend(args.id, data, reason=args.reason, note=note)
        am = v.amendments[-1]
        print(f"已{am.kind.label}：第{am.entry.seq}条，哈希 {am.entry.hash}")
        return 0

    return cmd_amend


def void_command(service: str, noun: str):
    def cmd_void(args) -> int:
        with open_book(args.book) as ws:
            getattr(ws, service).void(args.id, args.reason)
        print(f"已作废：{noun} {args.id}")
        return 0

    return cmd_void


def delete_command(service: str):
    def cmd_delete(args) -> int:
        with open_book(args.book) as ws:
            getattr(ws, service).delete_draft(args.id)
        print(f"已删除草稿：{args.id}")
        return 0

    return cmd_delete


def attach_command(service: str):
    def cmd_attach(args) -> int:
        with open_book(args.book) as ws:
            info = getattr(ws, service).attach(args.id, args.file, reason=args.reason)
        print(info.id)
        return 0

    return cmd_attach
