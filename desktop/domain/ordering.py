"""Name ordering: 姓氏笔画 (stroke count, the usual order in party documents), pinyin, or the roster's own order.

Stroke counts come from ``resources/collation/strokes.txt`` (Unihan kTotalStrokes, built by
``tools/build_strokes.py``). Names are compared character by character: for 姓氏笔画 by (strokes, pinyin,
code point) of each character, so members with the same surname stay together and surnames with the same
stroke count are ordered by pinyin (李 before 张); for pinyin by (syllable with tone, strokes, code point).
Surnames are read as surnames (单 shàn, 曾 zēng, 解 xiè …), not as pypinyin would read the word.

Reading a name needs pypinyin's phrase table (≈0.2 s to load), so each member's reading is kept in the book
(``member.name_reading``, written with the name by an ORM hook, see ``desktop/storage/models.py``) and handed to
this module when members are loaded (:func:`remember`): listing the roster then loads no pypinyin. A name with
no stored reading (rows written by plain SQL) is read as before. A change to how names are read (the surname
tables, a pypinyin upgrade that reads names differently) needs a migration that recomputes ``name_reading``.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Callable, Iterable, TypeVar

from desktop.errors import ValidationError

T = TypeVar("T")
ORDERS = ("stroke", "pinyin", "roster")
ORDER_LABELS = {"stroke": "姓氏笔画", "pinyin": "拼音", "roster": "花名册顺序"}
DEFAULT_ORDER = "stroke"
UNKNOWN_STROKES = 99  # an ideograph missing from the table sorts after every known one
SEPARATORS = set(" \u3000·•・‧.-_")  # 买买提·艾力 — the dot does not take part in ordering

# Surname readings (TONE3) where pypinyin's word reading is wrong for a surname. Compound surnames first.
COMPOUND_SURNAMES = {
    "欧阳": ["ou1", "yang2"], "单于": ["chan2", "yu2"], "澹台": ["tan2", "tai2"], "尉迟": ["yu4", "chi2"],
    "万俟": ["mo4", "qi2"], "长孙": ["zhang3", "sun1"], "令狐": ["ling2", "hu2"], "司马": ["si1", "ma3"],
    "诸葛": ["zhu1", "ge3"], "上官": ["shang4", "guan1"], "皇甫": ["huang2", "fu3"], "东方": ["dong1", "fang1"],
    "夏侯": ["xia4", "hou2"], "公孙": ["gong1", "sun1"], "慕容": ["mu4", "rong2"], "司徒": ["si1", "tu2"],
}
SURNAMES = {
    "单": "shan4", "曾": "zeng1", "解": "xie4", "仇": "qiu2", "朴": "piao2", "区": "ou1", "查": "zha1",
    "盖": "ge3", "任": "ren2", "乐": "yue4", "翟": "zhai2", "缪": "miao4", "覃": "qin2", "秘": "bi4",
    "种": "chong2", "召": "shao4", "员": "yun4", "繁": "po2", "折": "she2", "隗": "wei3", "句": "gou1",
    "阚": "kan4", "柏": "bai3", "薄": "bo2", "都": "du1", "长": "chang2", "乜": "nie4", "能": "nai4",
    "藏": "zang4", "冼": "xian3", "洗": "xian3", "燕": "yan1", "纪": "ji3", "华": "hua4", "宁": "ning4",
    "重": "chong2", "祭": "zhai4", "颉": "xie2", "尉": "wei4", "沈": "shen3", "卜": "bu3", "缑": "gou1",
    "过": "guo1", "相": "xiang1", "朝": "chao2", "贲": "ben1", "莘": "shen1", "谌": "chen2", "禚": "zhuo2",
}

_lines: list[tuple[int, str]] | None = None  # (strokes, the characters with that many), last line first
_strokes: dict[str, int | None] = {}  # characters looked up so far
_lock = threading.Lock()


def _stroke_lines() -> list[tuple[int, str]]:
    """The table's lines as they are: a dict of all its ≈98 000 characters takes ≈30 ms to build, while finding
    one character in the ≈50 lines takes ≈10 µs (a roster names a few hundred distinct characters)."""
    global _lines
    with _lock:
        if _lines is None:
            from desktop.paths import resource_path

            lines = []
            with open(resource_path("collation", "strokes.txt"), encoding="utf-8") as fh:
                for line in fh:
                    if line.startswith("#") or "\t" not in line:
                        continue
                    count, chars = line.rstrip("\n").split("\t", 1)
                    lines.append((int(count), chars))
            _lines = lines[::-1]  # a character listed twice takes its last line's count
    return _lines


def strokes(ch: str) -> int | None:
    """Total strokes of one character, or None when it is not a known CJK ideograph."""
    try:
        return _strokes[ch]
    except KeyError:
        pass
    found = next((n for n, chars in _lines or _stroke_lines() if ch in chars), None) if len(ch) == 1 else None
    _strokes[ch] = found
    return found


def _is_han(ch: str) -> bool:
    return strokes(ch) is not None


def _clean(name: str) -> str:
    return "".join(ch for ch in (name or "").strip() if ch not in SEPARATORS)


_known: dict[str, tuple[str, ...]] = {}  # cleaned name → stored reading (derived data, no member identity)


def reading(name: str) -> str:
    """The stored form of a name's reading: its TONE3 syllables, one per character of the cleaned name, read
    now (never taken from :func:`remember`)."""
    return " ".join(_read(_clean(name)))


def remember(name: str, stored: str | None) -> None:
    """Take a reading kept in the book for ``name`` (ignored unless it has one syllable per character)."""
    clean = _clean(name)
    if not stored or not clean or clean in _known:
        return
    syllables = tuple(stored.split(" "))
    if len(syllables) == len(clean) and all(syllables):
        _known[clean] = syllables


def _syllables(name: str) -> tuple[str, ...]:
    known = _known.get(name)
    return known if known is not None else _read(name)


@lru_cache(maxsize=4096)
def _read(name: str) -> tuple[str, ...]:
    """One TONE3 syllable per character of the cleaned name (non-Han characters lower-cased as they are)."""
    if not name:
        return ()
    from pypinyin import Style, lazy_pinyin  # ≈0.1 s (its phrase table): only when a name is read

    result = lazy_pinyin(name, style=Style.TONE3, neutral_tone_with_five=True, errors=lambda s: list(s))
    if len(result) != len(name):  # pypinyin grouped something unexpectedly: fall back to one char at a time
        result = [lazy_pinyin(ch, style=Style.TONE3, neutral_tone_with_five=True, errors=lambda s: [s])[0]
                  for ch in name]
    result = [s.lower() for s in result]
    compound = COMPOUND_SURNAMES.get(name[:2]) if len(name) > 2 else None
    if compound:
        result[:2] = compound
    elif name[0] in SURNAMES and len(name) > 1:
        result[0] = SURNAMES[name[0]]
    return tuple(result)


def name_pinyin(name: str) -> list[str]:
    """Toneless pinyin, one syllable per character, with surname readings: ``['shan', 'xiong', 'xin']``."""
    return [s.rstrip("012345") for s in _syllables(_clean(name))]


def initials(name: str) -> str:
    """Pinyin initials as typed in a search box: 张三 → ``zs``, 单雄信 → ``sxx``."""
    return "".join(s[0] for s in name_pinyin(name) if s)


def search_keys(name: str) -> tuple[str, ...]:
    """Lower-case strings a search query may match: initials and full pinyin (surname and word readings)."""
    from pypinyin import lazy_pinyin

    clean = _clean(name)
    plain = [s.lower() for s in lazy_pinyin(clean, errors=lambda s: list(s))] if clean else []
    surname = name_pinyin(name)
    keys = {"".join(surname), "".join(s[:1] for s in surname), "".join(plain), "".join(s[:1] for s in plain)}
    return tuple(k for k in keys if k)


def stroke_key(name: str) -> tuple:
    clean = _clean(name)
    syllables = _syllables(clean)
    key = []
    for ch, syl in zip(clean, syllables):
        n = strokes(ch)
        key.append((0, n, syl, ord(ch)) if n is not None else (1, UNKNOWN_STROKES, ch.lower(), ord(ch)))
    return tuple(key)


def pinyin_key(name: str) -> tuple:
    clean = _clean(name)
    key = []
    for ch, syl in zip(clean, _syllables(clean)):
        n = strokes(ch)
        key.append((0, syl, n, ord(ch)) if n is not None else (1, ch.lower(), UNKNOWN_STROKES, ord(ch)))
    return tuple(key)


def check_order(order: str | None) -> str:
    order = (order or DEFAULT_ORDER).strip().lower()
    if order not in ORDERS:
        raise ValidationError(f"排序方式“{order}”无效，应为 stroke（姓氏笔画）、pinyin（拼音）或 roster（花名册顺序）。", "order")
    return order


def sort_by_name(items: Iterable[T], order: str = DEFAULT_ORDER, *, name: Callable[[T], str] = lambda x: x.name,
                 roster: Callable[[T], int] | None = None) -> list[T]:
    """Sort anything with a name. ``roster`` gives the roster position (default ``.roster_order``, then ``.id``)."""
    order = check_order(order)
    if order == "roster":
        roster = roster or (lambda x: (getattr(x, "roster_order", 0), getattr(x, "id", 0)))
        return sorted(items, key=roster)
    name_key = stroke_key if order == "stroke" else pinyin_key
    return sorted(items, key=lambda x: (name_key(name(x)), getattr(x, "id", 0)))


def sort_names(names: Iterable[str], order: str = DEFAULT_ORDER) -> list[str]:
    return sort_by_name(names, order, name=lambda x: x, roster=lambda x: 0)
