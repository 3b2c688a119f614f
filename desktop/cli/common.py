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
    return Workspace.open(path, read_passphrase())


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
