"""``zhibu-cli``: the headless command line. Exit 0 success, 1 a problem the user can fix, 2 usage."""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from desktop.errors import ZhibuError

# One module per command group; each has register(subparsers) and sets args.func.
COMMAND_MODULES = [
    "desktop.cli.cmd_book",
    "desktop.cli.cmd_members",
    "desktop.cli.cmd_org",
    "desktop.cli.cmd_dues",
    "desktop.cli.cmd_recruits",
    "desktop.cli.cmd_meetings",
    "desktop.cli.cmd_talks",
    "desktop.cli.cmd_evaluations",
    "desktop.cli.cmd_rectifications",
    "desktop.cli.cmd_ledger",
    "desktop.cli.cmd_status",
    "desktop.cli.cmd_assess",
    "desktop.cli.cmd_rules",
    "desktop.cli.cmd_doc",
    "desktop.cli.cmd_sync",
    "desktop.cli.cmd_committee",
    "desktop.cli.cmd_reviews",
]

# Which module registers each top-level command, so a command imports only its own module (the others pull in
# documents, rules, Excel … and cost a read-only command most of its time). A command missing here (a new
# module) still works: the parser then loads every module, as it does for ``zhibu-cli --help`` (a test asks for
# every command to be listed).
COMMAND_OWNERS = {
    **dict.fromkeys(("init", "demo", "backup", "restore", "passwd", "check"), "desktop.cli.cmd_book"),
    "members": "desktop.cli.cmd_members", "org": "desktop.cli.cmd_org", "dues": "desktop.cli.cmd_dues",
    "recruits": "desktop.cli.cmd_recruits", "meetings": "desktop.cli.cmd_meetings",
    "talks": "desktop.cli.cmd_talks", "evaluations": "desktop.cli.cmd_evaluations",
    "rectifications": "desktop.cli.cmd_rectifications", "ledger": "desktop.cli.cmd_ledger",
    "status": "desktop.cli.cmd_status", "assess": "desktop.cli.cmd_assess", "rules": "desktop.cli.cmd_rules",
    "doc": "desktop.cli.cmd_doc", "committee": "desktop.cli.cmd_committee",
    **dict.fromkeys(("trust", "rekey", "export", "receipt", "bundles"), "desktop.cli.cmd_sync"),
    **dict.fromkeys(("reviews", "guidance"), "desktop.cli.cmd_reviews"),
}


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse's usage errors exit 2 with a Chinese hint
        self.print_usage(sys.stderr)
        print(f"用法错误：{message}", file=sys.stderr)
        raise SystemExit(2)


def command_of(argv: list[str]) -> str | None:
    """The top-level command named in ``argv`` (skipping ``--data-dir DIR``), or None (help, no command)."""
    args = iter(argv)
    for arg in args:
        if arg == "--data-dir":
            next(args, None)
        elif not arg.startswith("-"):
            return arg
        elif not arg.startswith("--data-dir="):
            return None  # -h / --help / an unknown option: the full parser answers
    return None


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser; given ``argv`` naming a known command, only that command's module is loaded."""
    parser = _Parser(prog="zhibu-cli", description="支部纪实 命令行工具")
    parser.add_argument("--data-dir", help="数据文件夹（默认为用户数据目录）")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)
    owner = COMMAND_OWNERS.get(command_of(argv)) if argv is not None else None
    for name in [owner] if owner in COMMAND_MODULES else COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def prefetch_keys(argv: list[str]) -> int:
    """With the passphrase in ``ZHIBU_PASSPHRASE``, start deriving the key of each book named in ``argv``
    (``*.zhibu`` files) on a thread of its own before the command imports SQLAlchemy and the models: the KDF runs
    without the GIL, so both overlap. The open still verifies the key as always (see storage/keyderive.py)."""
    passphrase = os.environ.get("ZHIBU_PASSPHRASE")
    if not passphrase:
        return 0
    from desktop.storage import keyderive

    return sum(keyderive.prefetch(arg, passphrase) for arg in argv if arg.lower().endswith(".zhibu"))


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    argv = sys.argv[1:] if argv is None else list(argv)
    prefetch_keys(argv)
    from desktop import startup_gc

    startup_gc.pause()  # while the command's modules load (desktop/startup_gc.py)
    try:
        from desktop.cli.common import UsageError

        parser = build_parser(argv)
        args = parser.parse_args(argv)
    finally:
        startup_gc.resume()
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    if args.data_dir:
        from desktop import paths

        paths.set_data_dir(args.data_dir)
    try:
        from desktop.storage.tempfiles import clean_stale

        clean_stale()  # temp files of outputs a killed run left behind
        result = args.func(args)
    except UsageError as exc:
        print(f"用法错误：{exc}", file=sys.stderr)
        return 2
    except ZhibuError as exc:
        print(_with_restore_hint(exc, args), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 1
    except BrokenPipeError:  # output piped into `head` etc.: not an error of the user's
        sys.stdout = None
        return 0
    except Exception as exc:  # noqa: BLE001 - the central handler: no traceback ever reaches a CLI user
        return _explain_unexpected(exc)
    return int(result or 0)


def _with_restore_hint(exc: ZhibuError, args) -> str:
    backup = getattr(exc, "backup", None)
    book = getattr(args, "book", None)
    if backup is None or not book:
        return str(exc)
    return f"{exc}\n恢复：zhibu-cli restore {_quote(str(backup.path))} {_quote(str(book))}"


def _quote(text: str) -> str:
    import shlex

    return shlex.quote(text)


def _explain_unexpected(exc: BaseException) -> int:
    """Low-level failures (full disk, I/O error, damaged pages) get their own message; anything else a short
    note naming the error, with the traceback only when ``ZHIBU_DEBUG=1``."""
    import os

    from desktop.storage.diagnose import classify

    known = classify(exc)
    if known is not None:
        print(str(known), file=sys.stderr)
        return 1
    if os.environ.get("ZHIBU_DEBUG") == "1":
        import traceback

        traceback.print_exc()
    print(f"出现意外错误（{type(exc).__name__}），操作没有完成；已保存的数据不受影响。"
          "请检查输入后重试；如果反复出现，请设置 ZHIBU_DEBUG=1 重新运行，并把输出报告给开发者。", file=sys.stderr)
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
