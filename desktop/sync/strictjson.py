"""Strict JSON for anything that arrives from outside (bundles, receipts, key files).

No duplicate keys, no NaN/Infinity, no floats at all (the canonical form has none), integers of at most 18
digits, a nesting-depth cap checked *before* the parser recurses, and a size cap. Each failure raises
:class:`StrictJSONError` with a Chinese reason the caller puts into its own sentence.
"""

from __future__ import annotations

import json

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


def check_depth(data: bytes, max_depth: int = MAX_DEPTH) -> None:
    """Refuse nesting deeper than ``max_depth`` with a linear scan (strings and escapes skipped)."""
    depth = 0
    in_string = escaped = False
    for byte in data:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            if depth > max_depth:
                raise StrictJSONError(f"嵌套层数超过 {max_depth} 层")
        elif byte in (0x5D, 0x7D):
            depth -= 1


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
