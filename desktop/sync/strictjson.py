"""Strict JSON for anything that arrives from outside (bundles, receipts, key files).

No duplicate keys, no NaN/Infinity, no floats at all (the canonical form has none), integers of at most 18
digits, a nesting-depth cap checked *before* the parser recurses, and a size cap. Each failure raises
:class:`StrictJSONError` with a Chinese reason the caller puts into its own sentence.
"""

from __future__ import annotations

import json
import re

MAX_DEPTH = 32
MAX_INT_DIGITS = 18


class StrictJSONError(ValueError):
    """``str(err)`` is a short Chinese reason (e.g. “键名重复：seq”)."""


def _pairs(pairs):
    out = {}
    for k, v in pairs:
        if k in out:
            raise StrictJSONError(f"键名重复：{k[:40]}")
        out[k] = v
    return out


def _constant(name):
    raise StrictJSONError(f"含有非法数值 {name}")


def _float(text):
    raise StrictJSONError(f"含有小数 {text[:20]}")


def _int(text):
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise StrictJSONError(f"数字过大（{len(text)} 位）")
    return int(text)


_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)  # a JSON string, unrolled loop
_NOT_BRACKETS = bytes(sorted(set(range(256)) - set(b"[]{}")))
_STEP = bytes.maketrans(b"[{]}", b"\x02\x02\x00\x00")


def check_depth(data: bytes, max_depth: int = MAX_DEPTH) -> None:
    """Refuse nesting deeper than ``max_depth`` before the parser recurses: strings are cut out (a C-speed
    regex), the brackets that remain are counted."""
    skeleton = _STRING.sub(b"", data).translate(None, _NOT_BRACKETS).translate(_STEP)
    if len(skeleton) <= max_depth:
        return
    depth = 0
    for step in skeleton:
        depth += step - 1
        if depth > max_depth:
            raise StrictJSONError(f"嵌套层数超过 {max_depth} 层")


def loads(data: bytes, *, max_bytes: int, max_depth: int = MAX_DEPTH):
    if len(data) > max_bytes:
        raise StrictJSONError(f"大小 {len(data)} 字节超过上限 {max_bytes} 字节")
    check_depth(data, max_depth)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise StrictJSONError("不是 UTF-8 文本") from None
    try:
        return json.loads(text, object_pairs_hook=_pairs, parse_constant=_constant, parse_float=_float,
                          parse_int=_int)
    except StrictJSONError:
        raise
    except (ValueError, RecursionError) as exc:
        raise StrictJSONError(f"JSON 格式错误（{str(exc)[:60]}）") from None


def dumps(value) -> bytes:
    """The canonical bytes we sign: sorted keys, no whitespace, UTF-8."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      allow_nan=False).encode("utf-8")
