"""Shared pieces of the CLI: passphrase input, opening a book, output helpers."""

from __future__ import annotations

import getpass
import json
import os
import sys
from datetime import date, datetime

from desktop.errors import ZhibuError
from desktop.workspace import Workspace


class UsageError(Exception):
    """Bad command-line usage: exit code 2."""


def read_passphrase(prompt: str = "口令: ", env: str = "ZHIBU_PASSPHRASE", confirm: bool = False) -> str:
    value = os.environ.get(env)
    if value:
        return value
    if not sys.stdin or not sys.stdin.isatty():
        raise ZhibuError(f"需要口令：请设置环境变量 {env}，或在终端中运行以输入口令。")
    value = getpass.getpass(prompt)
    if confirm and getpass.getpass("再次输入口令: ") != value:
        raise ZhibuError("两次输入的口令不一致，请重试。")
    return value


def open_book(path: str) -> Workspace:
    """Open a book for a command: the GUI's growing delay after wrong passphrases (persisted per book),
    and warnings that did not stop the book opening (e.g. a full backup folder) on stderr."""
    from pathlib import Path

    from desktop.errors import WrongPassphrase
    from desktop.unlock_throttle import FailureThrottle

    passphrase = read_passphrase()
    throttle = FailureThrottle(book=Path(path))
    throttle.wait(announce=lambda s: print(f"口令错误次数较多，请等待 {s} 秒…", file=sys.stderr, flush=True))
    try:
        ws = Workspace.open(path, passphrase)
    except WrongPassphrase:
        throttle.record_failure()
        raise
    if throttle.failures:
        throttle.record_success()
    for warning in ws.warnings:
        print(f"注意：{warning}", file=sys.stderr)
    return ws


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        raise UsageError(f"日期格式应为 YYYY-MM-DD：{text}") from None


def _default(obj):
    if isinstance(obj, (date, datetime)):
        return obj.isoformat()
    if hasattr(obj, "value"):
        return obj.value
    raise TypeError(type(obj))


def print_json(data) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=_default))


def cn_date(d: date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else ""
