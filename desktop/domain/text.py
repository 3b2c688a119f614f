"""The one sanitizer for text typed, pasted or imported into a book.

Removed: control characters (NUL, ESC, … — everything in Unicode category Cc except line feed and tab),
bidirectional overrides, embeddings and isolates (which can make a name read backwards in a printout),
zero-width characters and other invisible format marks, and lone surrogates (which cannot be stored as
UTF-8). Line endings become ``\\n`` and the text is NFC-normalised, so the ledger encoding is stable.

Nothing visible is ever removed: the characters dropped here cannot be seen on screen or paper, so
stripping them never changes what the user meant. The storage layer applies ``clean`` to every text column
(``desktop.storage.models``), and the services apply it to their inputs before validating them.
"""

from __future__ import annotations

import dataclasses
import enum
import re
import unicodedata

# bidi controls: LRM RLM ALM, LRE RLE PDF LRO RLO, LRI RLI FSI PDI; zero-width and invisible operators; BOM
_INVISIBLE = ("\u200b\u200c\u200d\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063"
              "\u2064\u2066\u2067\u2068\u2069\u206a\u206b\u206c\u206d\u206e\u206f\ufeff\u180e")
_DROP = re.compile("[" + "".join(f"\\u{ord(c):04x}" for c in _INVISIBLE)
                   + "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def clean(text: str | None) -> str:
    """``text`` without invisible control/format characters, ``\\r\\n``/``\\r`` as ``\\n``, in NFC."""
    if not text:
        return ""
    text = str(text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _DROP.sub("", text)
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def strip_hidden(text: str) -> str:
    """Only the removal part of ``clean`` (no line-ending or NFC change): for rendering stored text."""
    return _DROP.sub("", text)


def has_hidden(text: str) -> bool:
    """Whether ``clean`` would change ``text`` other than by line endings and normalisation."""
    return bool(_DROP.search(text or ""))


def clean_value(value):
    """``clean`` applied to every string inside ``value``: lists, tuples, dicts and (mutable or frozen)
    dataclasses are rebuilt with cleaned strings; enums, numbers, dates and bytes are left alone."""
    if isinstance(value, enum.Enum) or value is None:
        return value
    if isinstance(value, str):
        cleaned = clean(value)
        return value if cleaned == value else cleaned
    if isinstance(value, list):
        return [clean_value(v) for v in value]
    if isinstance(value, tuple) and not hasattr(value, "_fields"):
        return tuple(clean_value(v) for v in value)
    if isinstance(value, dict):
        return {clean_value(k): clean_value(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for f in dataclasses.fields(value):
            if not f.init:
                continue
            old = getattr(value, f.name)
            new = clean_value(old)
            if new is not old:
                changes[f.name] = new
        return dataclasses.replace(value, **changes) if changes else value
    return value
