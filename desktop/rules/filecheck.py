"""Reading a rule file (TOML) and checking its fields, with every problem reported in Chinese at once.

A committee edits these files by hand; a message must say which rule, which field, what was found and what
is expected, so the file can be fixed without reading code.
"""

from __future__ import annotations

import hashlib
import tomllib

from desktop.errors import ValidationError

MAX_FILE_BYTES = 512 * 1024
MAX_REPORTED = 12


class RuleFileError(ValidationError):
    """A rule file that cannot be used; ``problems`` lists each one (the message shows the first few)."""

    def __init__(self, name: str, problems: list[str]):
        shown = "\n".join(f"{i}. {p}" for i, p in enumerate(problems[:MAX_REPORTED], 1))
        more = f"\n……另有{len(problems) - MAX_REPORTED}处问题。" if len(problems) > MAX_REPORTED else ""
        super().__init__(f"规则文件“{name}”有问题，未启用。请修改后重新导入：\n{shown}{more}", "rules")
        self.problems = list(problems)


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def decode(data: bytes, name: str) -> str:
    if len(data) > MAX_FILE_BYTES:
        raise RuleFileError(name, [f"文件过大（{len(data) // 1024} KB），规则文件一般只有几 KB，请确认选对了文件。"])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RuleFileError(name, ["文件不是 UTF-8 编码的文本。请用记事本等编辑器另存为 UTF-8 编码。"]) from None


def parse_toml(text: str, name: str) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RuleFileError(name, [f"不是有效的 TOML 格式（{exc}）。请检查该行的引号、括号和等号。"]) from None


class Checker:
    """Collects problems while fields are read; ``done()`` raises them all together."""

    def __init__(self, name: str):
        self.name = name
        self.problems: list[str] = []

    def fail(self, where: str, message: str) -> None:
        self.problems.append(f"{where}：{message}" if where else message)

    def text(self, table: dict, key: str, where: str, *, required: bool = True, default: str = "",
             limit: int = 400) -> str:
        value = table.get(key)
        if value is None:
            if required:
                self.fail(where, f"缺少 {key}，请补上（文字，用英文双引号括起）。")
            return default
        if not isinstance(value, str) or (required and not value.strip()):
            self.fail(where, f"{key} 应为非空文字，现在是 {value!r}。")
            return default
        if len(value) > limit:
            self.fail(where, f"{key} 太长（最多{limit}个字）。")
        return value.strip()

    def integer(self, table: dict, key: str, where: str, *, required: bool = True, default: int = 0,
                low: int | None = None, high: int | None = None) -> int:
        value = table.get(key)
        if value is None:
            if required:
                self.fail(where, f"缺少 {key}，请补上（整数）。")
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(where, f"{key} 应为整数，现在是 {value!r}。")
            return default
        if (low is not None and value < low) or (high is not None and value > high):
            span = f"{low}至{high}" if high is not None else f"不小于{low}"
            self.fail(where, f"{key} 应在{span}之间，现在是 {value}。")
            return default
        return value

    def number(self, table: dict, key: str, where: str, *, required: bool = True, default=0, low=0):
        value = table.get(key)
        if value is None:
            if required:
                self.fail(where, f"缺少 {key}，请补上（数字）。")
            return default
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < low:
            self.fail(where, f"{key} 应为不小于{low}的数字，现在是 {value!r}。")
            return default
        return value

    def flag(self, table: dict, key: str, where: str, default: bool = False) -> bool:
        value = table.get(key, default)
        if not isinstance(value, bool):
            self.fail(where, f"{key} 应为 true 或 false，现在是 {value!r}。")
            return default
        return value

    def choice(self, table: dict, key: str, where: str, choices, *, required: bool = True, default=None):
        value = table.get(key, default)
        if value is None and not required:
            return default
        if value not in choices:
            allowed = "、".join(str(c) for c in choices)
            found = "缺少该项" if value is None else f"现在是 {value!r}"
            self.fail(where, f"{key} 应为 {allowed} 之一，{found}。")
            return default
        return value

    def names(self, table: dict, key: str, where: str, choices, *, required: bool = True) -> tuple[str, ...]:
        """A name or a list of names, each from ``choices``."""
        value = table.get(key)
        if value is None:
            if required:
                self.fail(where, f"缺少 {key}。")
            return ()
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not items or not all(isinstance(i, str) for i in items):
            self.fail(where, f"{key} 应为文字或文字列表，现在是 {value!r}。")
            return ()
        bad = [i for i in items if i not in choices]
        if bad:
            self.fail(where, f"{key} 中的 {'、'.join(bad)} 无法识别，可用的有：{'、'.join(choices)}。")
        return tuple(i for i in items if i in choices)

    def unknown(self, table: dict, known, where: str) -> None:
        extra = sorted(set(table) - set(known))
        if extra:
            self.fail(where, f"无法识别的项 {'、'.join(extra)}（拼写错误？），可用的有：{'、'.join(sorted(known))}。")

    def done(self) -> None:
        if self.problems:
            raise RuleFileError(self.name, self.problems)
