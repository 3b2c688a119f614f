"""Build ``resources/collation/strokes.txt`` from Unihan's kTotalStrokes (Unicode licence, see LICENSE-Unicode.txt).

Usage: ``python tools/build_strokes.py [SOURCE]`` where SOURCE is ``Unihan.zip``, ``Unihan_IRGSources.txt``
(optionally ``.bz2``) or a folder holding one of them; default: Debian's ``unicode-data`` package
(``apt-get install unicode-data`` → /usr/share/unicode). kTotalStrokes may list two counts (the first is the
one preferred for zh-Hans, the second for zh-Hant); we keep the first because rosters are in simplified
characters.

Output format (compact, loaded by ``desktop.domain.ordering``): ``#`` comment lines, then one line per
stroke count, ``N<TAB>`` followed by every character with that count, in code point order.
"""

from __future__ import annotations

import bz2
import io
import re
import sys
import zipfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "resources" / "collation" / "strokes.txt"
DEFAULT_SOURCES = [Path("/usr/share/unicode"), Path("/usr/share/unicode-data")]
LINE = re.compile(r"^U\+([0-9A-F]{4,6})\tkTotalStrokes\t(\d+)")
VERSION = re.compile(r"^#\s*Unicode version:\s*(\S+)", re.M)


def _text_from(source: Path) -> str:
    if source.is_dir():
        for name in ("Unihan.zip", "Unihan_IRGSources.txt", "Unihan_IRGSources.txt.bz2",
                     "Unihan_RadicalStrokeCounts.txt", "Unihan_RadicalStrokeCounts.txt.bz2"):
            if (source / name).exists():
                return _text_from(source / name)
        raise SystemExit(f"no Unihan data in {source}")
    if source.suffix == ".zip":
        with zipfile.ZipFile(source) as zf:
            return "".join(zf.read(n).decode("utf-8") for n in zf.namelist() if n.endswith(".txt"))
    if source.suffix == ".bz2":
        return bz2.decompress(source.read_bytes()).decode("utf-8")
    return source.read_text(encoding="utf-8")


def build(text: str) -> tuple[str, int]:
    by_count: dict[int, list[int]] = defaultdict(list)
    for line in io.StringIO(text):
        m = LINE.match(line)
        if m:
            by_count[int(m.group(2))].append(int(m.group(1), 16))
    version = VERSION.search(text)
    total = sum(len(v) for v in by_count.values())
    uro = sum(1 for cps in by_count.values() for cp in cps if 0x4E00 <= cp <= 0x9FFF)
    if uro < 20902:  # the URO has had 20 902+ ideographs since Unicode 1.1
        raise SystemExit("kTotalStrokes data looks incomplete; expected the whole URO (U+4E00–U+9FFF)")
    out = [
        "# Total stroke counts of CJK ideographs (Unihan kTotalStrokes, first value = zh-Hans preference).",
        f"# Source: Unicode Character Database {version.group(1) if version else '?'}, Unihan.",
        "# Modified by tools/build_strokes.py: reformatted as one line per stroke count. Licence: LICENSE-Unicode.txt",
        "# Format: N<TAB>characters having N strokes, in code point order.",
    ]
    for count in sorted(by_count):
        out.append(f"{count}\t" + "".join(chr(cp) for cp in sorted(by_count[count])))
    return "\n".join(out) + "\n", total


def main(argv: list[str]) -> int:
    source = Path(argv[0]) if argv else next((p for p in DEFAULT_SOURCES if p.exists()), None)
    if source is None:
        print("Unihan data not found: apt-get install unicode-data, or pass the path of Unihan.zip", file=sys.stderr)
        return 2
    data, total = build(_text_from(source))
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(data, encoding="utf-8", newline="\n")
    print(f"wrote {total} characters to {OUTPUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
