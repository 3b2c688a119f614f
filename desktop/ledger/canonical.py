"""Canonical encoding (version 1) of what the ledger chains, and the way back to typed records.

Rules (docs/meetings.md has the full spec):
- JSON, UTF-8, keys sorted, no whitespace (separators ``,`` and ``:``), non-ASCII kept as is;
- every string (keys and values) in Unicode NFC;
- only objects, arrays, strings, integers, booleans and null — floats are refused;
- dates ``YYYY-MM-DD``, date-times ``YYYY-MM-DDTHH:MM:SS`` (local time, whole seconds);
- enums by value, dataclasses as objects of their fields, tuples as arrays;
- attachments appear by SHA-256 (with name, size and type), never by content;
- a field added to a record type after records of it were chained (``desktop.domain.fields.omit_if_empty``)
  is left out while it is None or empty, so every record finalized before it existed encodes as before.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import types
import typing
import unicodedata
from datetime import date, datetime
from functools import lru_cache

from desktop.domain.fields import OMIT_EMPTY, is_empty

CANONICAL_VERSION = 1


def nfc(text: str) -> str:
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def fmt_date(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"


def fmt_datetime(t: datetime) -> str:
    return f"{fmt_date(t)}T{t.hour:02d}:{t.minute:02d}:{t.second:02d}"


def _identity(value):
    return value


def _sequence(value):
    return [plain(v) for v in value]


def _mapping(value):
    out = {}
    for k, v in value.items():
        if not isinstance(k, str):
            raise TypeError(f"canonical object keys must be strings, not {type(k).__name__}")
        out[nfc(k)] = plain(v)
    return out


def _refuse(value):
    if isinstance(value, float):
        raise TypeError("canonical encoding has no floats; store minutes, counts or text instead")
    raise TypeError(f"cannot encode {type(value).__name__} canonically")


def _handler_for(t: type):
    if dataclasses.is_dataclass(t):
        fields = dataclasses.fields(t)
        names = tuple(f.name for f in fields if not f.metadata.get(OMIT_EMPTY))
        optional = tuple(f.name for f in fields if f.metadata.get(OMIT_EMPTY))
        if not optional:
            return lambda value: {name: plain(getattr(value, name)) for name in names}

        def encode_with_optional(value):
            out = {name: plain(getattr(value, name)) for name in names}
            for name in optional:
                v = getattr(value, name)
                if not is_empty(v):
                    out[name] = plain(v)
            return out

        return encode_with_optional
    if issubclass(t, enum.Enum):
        return lambda value: plain(value.value)
    if t is type(None) or issubclass(t, bool):
        return lambda value: value if value is None else bool(value)
    if issubclass(t, int):
        return int
    if issubclass(t, str):
        return lambda value: nfc(str(value))
    if issubclass(t, datetime):
        return fmt_datetime
    if issubclass(t, date):
        return fmt_date
    if issubclass(t, (list, tuple)):
        return _sequence
    if issubclass(t, dict):
        return _mapping
    return _refuse


_HANDLERS: dict[type, object] = {str: nfc, int: _identity, bool: _identity, type(None): _identity,
                                 list: _sequence, tuple: _sequence, dict: _mapping}


def plain(value):
    """The JSON-ready form of a value under the canonical rules (one cached handler per type)."""
    handler = _HANDLERS.get(type(value))
    if handler is None:
        handler = _HANDLERS[type(value)] = _handler_for(type(value))
    return handler(value)


def encode(value) -> bytes:
    """Canonical bytes of ``value`` (already plain or not)."""
    return json.dumps(plain(value), ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      allow_nan=False).encode("utf-8")


def decode(data: bytes | str):
    return json.loads(data)


# ---- typed records back from plain data ----------------------------------------------------------------
@lru_cache(maxsize=None)
def _hints(cls) -> dict:
    return typing.get_type_hints(cls)


def _restore(tp, value):
    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(tp) if a is not type(None)]
        return _restore(inner[0], value)
    if origin is tuple:
        (item_tp, *_rest) = typing.get_args(tp)
        return tuple(_restore(item_tp, v) for v in value)
    if origin is list:
        (item_tp,) = typing.get_args(tp)
        return [_restore(item_tp, v) for v in value]
    if origin is dict:
        return dict(value)
    if isinstance(tp, type):
        if dataclasses.is_dataclass(tp):
            return restore(tp, value)
        if issubclass(tp, enum.Enum):
            return tp(value)
        if tp is datetime:
            return datetime.fromisoformat(value)
        if tp is date:
            return date.fromisoformat(value)
    return value


def restore(cls, data: dict):
    """Rebuild dataclass ``cls`` from its plain form; unknown keys are ignored, missing ones take defaults."""
    hints = _hints(cls)
    kwargs = {f.name: _restore(hints[f.name], data[f.name]) for f in dataclasses.fields(cls) if f.name in data}
    return cls(**kwargs)
