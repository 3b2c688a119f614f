"""Build the bundled document fonts in ``resources/fonts/`` from Noto CJK SC.

reportlab can embed only TrueType-outline (``glyf``) fonts, while Noto Serif/Sans CJK ship CFF outlines. This script

1. takes the Simplified Chinese faces out of Debian's ``fonts-noto-cjk`` collections (``.ttc``),
2. subsets them to the characters listed in ``RANGES``, Extension A and the 通用规范汉字表 (``TGH_FILE``; no OpenType
   layout features, no hinting),
3. converts the cubic CFF outlines to quadratic TrueType outlines (cu2qu, max error 1 font unit),
4. renames the family (the OFL asks derivatives not to use the original name) and
5. writes ``ZhibuSerifSC-Regular.ttf``, ``ZhibuSansSC-Regular.ttf``, ``ZhibuSansSC-Bold.ttf`` and
   ``ZhibuSerifSC-Bold.ttf`` (the 小标宋-style title face of the 公文 kinds: of the hanzi only the 通用规范汉字表 and
   GB 2312, since titles are short; rarer characters in a title fall back to the bold sans face in the PDF renderer).

Usage (needs ``fonttools``; the input is ``apt-get install fonts-noto-cjk``)::

    python tools/fonts/build_fonts.py [--source-dir /usr/share/fonts/opentype/noto] [--out-dir resources/fonts]
    python tools/fonts/build_fonts.py --only ZhibuSerifSC-Bold.ttf    # one face (≈ 20 s for this one)

The output is deterministic: the same input files give byte-identical fonts (timestamps come from the source font).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from dataclasses import dataclass
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SOURCE_DIR = Path("/usr/share/fonts/opentype/noto")
DEFAULT_OUT_DIR = ROOT / "resources" / "fonts"
DEBIAN_COPYRIGHT = Path("/usr/share/doc/fonts-noto-cjk/copyright")

MAX_ERR = 1.0  # font units (1/1000 em): invisible at any print size
VENDOR_NOTE = (
    "Modified by the zhibu project from Noto {source} {version}: subset to the characters used in Chinese "
    "party-branch documents, converted from CFF to TrueType outlines, renamed. Licensed under the SIL Open Font "
    "License 1.1."
)

# (first, last, what) — inclusive code point ranges kept in every font.
RANGES: list[tuple[int, int, str]] = [
    (0x0020, 0x007E, "ASCII"),
    (0x00A0, 0x00FF, "Latin-1 Supplement (× ÷ · ¥ …)"),
    (0x0100, 0x017F, "Latin Extended-A (pinyin ā ē ī ō ū …)"),
    (0x01CD, 0x01DC, "Latin Extended-B pinyin (ǎ ǐ ǒ ǔ ǖ ǘ ǚ ǜ)"),
    (0x0251, 0x0251, "ɑ"),
    (0x0261, 0x0261, "ɡ"),
    (0x02C7, 0x02C7, "ˇ"),
    (0x02C9, 0x02CB, "ˉ ˊ ˋ"),
    (0x02D9, 0x02D9, "˙"),
    (0x0391, 0x03C9, "Greek (GB2312 row 6)"),
    (0x0401, 0x0451, "Cyrillic (GB2312 row 7)"),
    (0x2000, 0x206F, "General Punctuation (— ‘ ’ “ ” … ‰ ※)"),
    (0x20AC, 0x20AC, "€"),
    (0x2100, 0x214F, "Letterlike Symbols (℃ № ™)"),
    (0x2150, 0x218F, "Number Forms (Ⅰ Ⅱ Ⅲ ⅰ ⅱ)"),
    (0x2190, 0x21FF, "Arrows"),
    (0x2200, 0x22FF, "Mathematical Operators (≤ ≥ ≠ ∵ ∴)"),
    (0x2312, 0x2312, "⌒"),
    (0x2460, 0x24FF, "Enclosed Alphanumerics (① ⑴ ⒈)"),
    (0x2500, 0x257F, "Box Drawing"),
    (0x2580, 0x259F, "Block Elements"),
    (0x25A0, 0x25FF, "Geometric Shapes (■ □ ▲ ○ ●)"),
    (0x2600, 0x26FF, "Miscellaneous Symbols (★ ☆ ♀ ♂)"),
    (0x2700, 0x27BF, "Dingbats (✓ ✔ ✗)"),
    (0x2E80, 0x2EFF, "CJK Radicals Supplement"),
    (0x2F00, 0x2FDF, "Kangxi Radicals"),
    (0x3000, 0x303F, "CJK Symbols and Punctuation (、 。 《 》 【 】 〔 〕)"),
    (0x3040, 0x30FF, "Hiragana and Katakana (GB2312 rows 4–5)"),
    (0x3100, 0x312F, "Bopomofo (GB2312 row 8)"),
    (0x31C0, 0x31EF, "CJK Strokes"),
    (0x3200, 0x32FF, "Enclosed CJK Letters and Months (㈠ ㈡ ㊣)"),
    (0x3300, 0x33FF, "CJK Compatibility (㎡ ㎏ ㎝)"),
    (0x4E00, 0x9FFF, "CJK Unified Ideographs (all of it: 镕 堃 喆 …)"),
    (0xFE30, 0xFE4F, "CJK Compatibility Forms"),
    (0xFF00, 0xFFEF, "Halfwidth and Fullwidth Forms"),
]


# Extension A in every face: rare name characters such as 䶮 㑇 (Noto CJK 2.x has U+3400–U+4DB5; U+4DB6–U+4DBF came
# with Unicode 13, after the fonts were made).
EXT_A = [(0x3400, 0x4DBF, "CJK Unified Ideographs Extension A (rare name characters such as 䶮 㑇)")]

# 通用规范汉字表 (2013): 8105 characters, 196 of them outside the BMP (Extension B and later). Derived from the
# kTGH field of the Unicode Character Database's Unihan_OtherMappings.txt (Debian ``unicode-data``, Unicode
# License v3) by ``--write-tgh``; the list is kept in the repository for the coverage tests.
TGH_FILE = ROOT / "tools" / "fonts" / "tongyong_guifan_2013.txt"
UNIHAN_OTHER = Path("/usr/share/unicode/Unihan_OtherMappings.txt.bz2")


def read_tgh(path: Path = TGH_FILE) -> str:
    """The 8105 characters of the 通用规范汉字表 in table order (comment lines start with ``#``)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return "".join(line.strip() for line in lines if not line.startswith("#"))


def write_tgh(unihan: Path = UNIHAN_OTHER, out: Path = TGH_FILE) -> str:
    import bz2

    rows = []
    with bz2.open(unihan, "rt", encoding="utf-8") as fh:
        for line in fh:
            if "\tkTGH\t" in line:
                code, _, value = line.rstrip("\n").split("\t")
                seq = int(value.split(":")[1].split()[0])
                rows.append((seq, chr(int(code[2:], 16))))
    chars = "".join(ch for _, ch in sorted(rows))
    if len(chars) != 8105:
        raise SystemExit(f"{unihan}: expected 8105 kTGH entries, found {len(chars)}")
    header = [
        "# 通用规范汉字表 (国务院 2013), 8105 characters in table order, 100 per line.",
        "# Derived from the kTGH field of Unihan_OtherMappings.txt (Unicode Character Database 15.0, Debian",
        "# package unicode-data 15.0.0-1), Unicode License v3. Regenerate: python tools/fonts/build_fonts.py --write-tgh",
    ]
    body = [chars[i : i + 100] for i in range(0, len(chars), 100)]
    out.write_text("\n".join(header + body) + "\n", encoding="utf-8")
    return chars


@dataclass(frozen=True)
class Face:
    source_file: str  # in the source directory
    source_name: str  # name ID 4 of the face inside the collection
    family: str
    style: str  # "Regular" or "Bold"
    out_file: str
    extra_ranges: tuple[tuple[int, int, str], ...] = ()
    # False: of the hanzi only the 通用规范汉字表 and GB 2312 (and whatever ``extra_ranges`` add), not the whole
    # U+4E00–U+9FFF block: about a third of the size, for a face that only sets short titles.
    whole_block: bool = True


FACES = [
    Face(
        "NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC", "Zhibu Serif SC", "Regular", "ZhibuSerifSC-Regular.ttf",
        tuple(EXT_A),
    ),
    Face("NotoSansCJK-Regular.ttc", "Noto Sans CJK SC", "Zhibu Sans SC", "Regular", "ZhibuSansSC-Regular.ttf",
         tuple(EXT_A)),
    # The same coverage as the regular faces, so a rare character in a bold heading prints bold.
    Face("NotoSansCJK-Bold.ttc", "Noto Sans CJK SC Bold", "Zhibu Sans SC", "Bold", "ZhibuSansSC-Bold.ttf",
         tuple(EXT_A)),
    # 方正小标宋 (the GB/T 9704 title face) is a heavy Song face: Noto Serif CJK Bold is the closest OFL weight
    # (SemiBold is visibly lighter at 二号, Black thickens the horizontal strokes). Titles only, so the 通用规范汉字表,
    # GB 2312 and the symbols; the PDF falls back to the bold sans face (same coverage as the regular faces).
    Face("NotoSerifCJK-Bold.ttc", "Noto Serif CJK SC Bold", "Zhibu Serif SC", "Bold", "ZhibuSerifSC-Bold.ttf",
         whole_block=False),
]


def unicodes(face: Face) -> list[int]:
    ranges = [*RANGES, *face.extra_ranges]
    points = {cp for first, last, _ in ranges for cp in range(first, last + 1)}
    if not face.whole_block:
        points = {cp for cp in points if not 0x4E00 <= cp <= 0x9FFF} | {ord(ch) for ch in gb2312_hanzi()}
    return sorted(points | {ord(ch) for ch in read_tgh()})  # the TGH adds its 196 characters beyond the BMP


def gb2312_hanzi() -> str:
    """The 6763 hanzi of GB 2312 (rows 16–87). 125 of them are not in the 通用规范汉字表 (radicals such as 亻 氵,
    variants such as 後 馀); a face that has them all is one fontconfig counts as covering zh-cn, which decides
    whether LibreOffice picks it among the faces of its family."""
    chars = []
    for row in range(0xB0, 0xF8):
        for cell in range(0xA1, 0xFF):
            try:
                chars.append(bytes([row, cell]).decode("gb2312"))
            except UnicodeDecodeError:  # row 55 ends at cell 89
                pass
    return "".join(chars)


def load_face(path: Path, full_name: str) -> TTFont:
    collection = TTCollection(str(path), lazy=False)
    for font in collection.fonts:
        if font["name"].getDebugName(4) == full_name:
            return font
    raise SystemExit(f"{path}: no face named {full_name!r}")


def subset_to(font: TTFont, points: list[int]) -> None:
    """Keep only ``points`` (and .notdef), every name record, no layout features, no hinting, no vertical metrics."""
    options = subset.Options()
    options.layout_features = []  # no GSUB/GPOS features: reportlab ignores them, Word/LibreOffice don't need them
    options.hinting = False
    options.desubroutinize = True  # CFF sources only
    options.notdef_outline = True
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.name_legacy = True
    options.drop_tables += ["BASE", "GDEF", "GSUB", "GPOS", "VORG", "vhea", "vmtx", "DSIG"]
    options.recalc_timestamp = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=points)
    subsetter.subset(font)


def save(font: TTFont, out: Path, modified: int) -> Path:
    """Write ``font`` to ``out`` atomically, with the source's timestamp (so the same input gives the same bytes)."""
    font.recalcTimestamp = False
    font["head"].modified = modified
    tmp = out.with_name(out.name + ".tmp")
    font.save(str(tmp), reorderTables=True)
    tmp.replace(out)
    return out


def cff_to_glyf(font: TTFont) -> None:
    """The fontTools "otf2ttf" recipe: quadratic outlines in glyf/loca, maxp 1.0, post format 3."""
    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    quad = {}
    for name in glyph_order:
        tt_pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(tt_pen, MAX_ERR, reverse_direction=True))
        quad[name] = tt_pen.glyph()

    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = quad
    del font["CFF "]
    glyf.compile(font)

    hmtx = font["hmtx"]  # TrueType wants lsb == xMin
    for name, glyph in quad.items():
        advance, _ = hmtx.metrics[name]
        hmtx.metrics[name] = (advance, getattr(glyph, "xMin", 0))

    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    maxp.maxTwilightPoints = 0
    maxp.maxStorage = 0
    maxp.maxFunctionDefs = 0
    maxp.maxInstructionDefs = 0
    maxp.maxStackElements = 0
    maxp.maxSizeOfInstructions = 0
    maxp.maxComponentElements = 0

    post = font["post"]
    post.formatType = 3.0  # no glyph names: CID fonts have none worth keeping, and it saves space
    post.extraNames = []
    post.mapping = {}
    font.sfntVersion = "\x00\x01\x00\x00"


def rename(font: TTFont, face: Face) -> None:
    name = font["name"]
    old_version = name.getDebugName(5) or ""
    version = old_version.split(";")[0].strip()  # "Version 2.001"
    ps_name = f"{face.family.replace(' ', '')}-{face.style}"
    full = face.family if face.style == "Regular" else f"{face.family} {face.style}"
    for name_id in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 16, 17, 18, 21, 22, 25):
        name.removeNames(nameID=name_id)
    entries = {
        1: face.family,
        2: face.style,
        3: f"{version.removeprefix('Version ')};ZHIBU;{ps_name}",
        4: full,
        5: f"{version}; zhibu subset",
        6: ps_name,
        10: VENDOR_NOTE.format(source=face.source_name, version=version),
    }
    for name_id, value in entries.items():
        name.setName(value, name_id, 3, 1, 0x409)  # Windows, Unicode BMP, en-US
        name.setName(value, name_id, 1, 0, 0)  # Mac Roman, English (older readers)
    os2 = font["OS/2"]
    os2.achVendID = "NONE"
    os2.fsType = 0  # installable embedding, as in the source
    bold = face.style == "Bold"
    os2.fsSelection = (os2.fsSelection & ~0b1100001) | (0b100000 if bold else 0b1000000)
    font["head"].macStyle = 1 if bold else 0


def build_face(source_dir: Path, out_dir: Path, face: Face) -> Path:
    font = load_face(source_dir / face.source_file, face.source_name)
    modified = font["head"].modified
    subset_to(font, unicodes(face))
    cff_to_glyf(font)
    rename(font, face)
    return save(font, out_dir / face.out_file, modified)


def ofl_text(copyright_file: Path, notices: list[str]) -> str:
    """The OFL 1.1 text from Debian's machine-readable copyright file, after the fonts' own copyright notices."""
    lines = copyright_file.read_text(encoding="utf-8").splitlines()
    start = lines.index("License: SIL-1.1", lines.index("License: SIL-1.1") + 1)  # the second one holds the text
    body = []
    for line in lines[start + 1 :]:
        if not line.startswith(" "):
            break
        body.append("" if line.strip() == "." else line[1:])
    header = [
        "The fonts in this folder are Modified Versions of Noto Serif CJK SC and Noto Sans CJK SC",
        "(https://github.com/notofonts/noto-cjk), renamed \"Zhibu Serif SC\" and \"Zhibu Sans SC\".",
        "",
        *dict.fromkeys(notices),
        "Noto is a trademark of Google Inc.",
        "",
        "This Font Software is licensed under the SIL Open Font License, Version 1.1.",
        "This license is copied below, and is also available with a FAQ at: https://openfontlicense.org",
        "",
    ]
    return "\n".join(header + body).rstrip() + "\n"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source-dir", type=Path, default=DEFAULT_SOURCE_DIR)
    parser.add_argument("--out-dir", type=Path, default=DEFAULT_OUT_DIR)
    parser.add_argument("--copyright-file", type=Path, default=DEBIAN_COPYRIGHT, help="for the OFL text")
    parser.add_argument("--only", choices=[f.out_file for f in FACES], action="append")
    parser.add_argument("--write-tgh", action="store_true", help=f"regenerate {TGH_FILE.name} from {UNIHAN_OTHER}")
    args = parser.parse_args(argv)
    if args.write_tgh:
        print(f"{TGH_FILE}: {len(write_tgh())} characters")
        return 0
    args.out_dir.mkdir(parents=True, exist_ok=True)
    for face in FACES:
        if args.only and face.out_file not in args.only:
            continue
        source = args.source_dir / face.source_file
        print(f"{face.out_file}: from {source} (sha256 {sha256(source)[:16]}…)", flush=True)
        out = build_face(args.source_dir, args.out_dir, face)
        print(f"  -> {out} {out.stat().st_size / 1e6:.2f} MB sha256 {sha256(out)}", flush=True)
    built = [args.out_dir / f.out_file for f in FACES if (args.out_dir / f.out_file).is_file()]
    if len(built) == len(FACES):  # the notices of every face, in FACES order, whichever were rebuilt now
        notices = [TTFont(str(out), lazy=True)["name"].getDebugName(0).replace("©", "Copyright") for out in built]
        (args.out_dir / "OFL.txt").write_text(ofl_text(args.copyright_file, notices), encoding="utf-8")
        print(f"  -> {args.out_dir / 'OFL.txt'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
