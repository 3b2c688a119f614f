"""Build ``resources/fonts/ZhibuFangSC-Regular.ttf``, the 仿宋 body face of the 公文 kinds (GB/T 9704: 三号 仿宋).

Made from FandolFang Regular (Fandol team, fandol v0.3 of 2015-07-18, "GPL + GPL font exception"; CTAN
``fonts/fandol``, Debian ``texlive-lang-chinese``, file ``FandolFang-Regular.otf``, sha256 ``SOURCE_SHA256``).
No OFL 仿宋 face could be had offline; the font exception lets a PDF embed the font without the PDF falling under
the GPL, and the font file ships as a separate work beside the Apache-2.0 application (an aggregate).

The source has CFF outlines, which reportlab cannot embed, so like ``build_fonts.py`` this script

1. subsets it to the symbol and punctuation ranges of the other bundled faces (``build_fonts.RANGES`` without the
   U+4E00–U+9FFF block), the 6763 hanzi of GB 2312 and the 6638 characters of the 通用规范汉字表 the font has (the
   other 1467 and every rarer hanzi fall back to Zhibu Serif SC in the PDF renderer, character by character);
   no layout features, no hinting, no vertical metrics,
2. converts the outlines to TrueType (cu2qu, max error 1 unit of 1000/em) and
3. renames the family "Zhibu Fang SC" and says in the name table that it is modified and under which licence.

It also writes ``GPL-ZhibuFangSC.txt`` next to the font: the copyright, the font exception, where the
corresponding source is, and the GPL text (from the ``COPYING`` file of the fandol distribution). Usage::

    apt-get install texlive-lang-chinese && pip install fonttools      # or: apt-get download … && dpkg -x …
    python tools/fonts/build_fang.py    # ≈ 30 s; writes the font and GPL-ZhibuFangSC.txt next to it

The output is deterministic (the timestamp comes from the source font).
"""

from __future__ import annotations

import argparse
import gzip
import sys
from pathlib import Path

from fontTools.ttLib import TTFont

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_fonts import (  # noqa: E402
    DEFAULT_OUT_DIR,
    RANGES,
    Face,
    cff_to_glyf,
    gb2312_hanzi,
    read_tgh,
    rename,
    save,
    sha256,
    subset_to,
)

TEXMF = Path("/usr/share/texlive/texmf-dist")
SOURCE = TEXMF / "fonts/opentype/public/fandol/FandolFang-Regular.otf"
SOURCE_SHA256 = "d838ad32ce2244d8144f408c37fe71065aba6fbbc80759a4d2aa2033948d5bc9"  # fandol v0.3 (2015-07-18)
COPYING = Path("/usr/share/doc/texlive-doc/fonts/fandol/COPYING.gz")  # the GPL v3 text shipped with fandol
FACE = Face("FandolFang-Regular.otf", "FandolFang R", "Zhibu Fang SC", "Regular", "ZhibuFangSC-Regular.ttf")
LICENCE_FILE = "GPL-ZhibuFangSC.txt"

DESCRIPTION = (
    "Modified by the zhibu project from FandolFang Regular (fandol v0.3, https://ctan.org/pkg/fandol): subset to "
    "the characters used in Chinese party-branch documents, converted from CFF to TrueType outlines, renamed. "
    "Licensed under the GNU General Public License, version 3 or (at your option) any later version, with the GPL "
    "font exception."
)
LICENSE_NAME = (
    "GNU General Public License v3 or later, with the font exception: embedding this font or unaltered portions "
    "of it into a document does not by itself cause the resulting document to be covered by the GPL."
)
LICENSE_URL = "https://www.gnu.org/licenses/gpl-3.0.html"

# The FSF's font exception (https://www.gnu.org/licenses/gpl-faq.html#FontException), as the Fandol team grant it
# ("GPL + GPL font exception", fandol README); the zhibu project extends it to its modified version.
FONT_EXCEPTION = """\
As a special exception, if you create a document which uses this font, and embed this font or unaltered
portions of this font into the document, this font does not by itself cause the resulting document to be
covered by the GNU General Public License. This exception does not however invalidate any other reasons why
the document might be covered by the GNU General Public License. If you modify this font, you may extend this
exception to your version of the font, but you are not obligated to do so. If you do not wish to do so, delete
this exception statement from your version."""


# Left out although FandolFang has them; these characters fall back to Zhibu Serif SC.
LEFT_OUT = {
    # FULLWIDTH LOW LINE: Fandol's spans only 196–804 of its 1000 units, so a row of them — the lines to write on
    # by hand in the notice and the report (builders' FILL) — prints as a dashed line; the serif face's joins up.
    0xFF3F: "＿",
}


def unicodes(font: TTFont) -> list[int]:
    """What the font has of: the other faces' symbols and punctuation, GB 2312's hanzi and the 通用规范汉字表
    (less ``LEFT_OUT``)."""
    cmap = font.getBestCmap()
    symbols = {cp for first, last, _ in RANGES if not first <= 0x4E00 <= last for cp in range(first, last + 1)}
    hanzi = {ord(ch) for ch in gb2312_hanzi() + read_tgh()}
    missing_gb = [ch for ch in gb2312_hanzi() if ord(ch) not in cmap]
    if missing_gb:  # the body face must at least cover GB 2312 (fontconfig's zh-cn, the 仿宋_GB2312 it stands for)
        raise SystemExit(f"{SOURCE.name}: lacks {len(missing_gb)} GB 2312 hanzi, e.g. {''.join(missing_gb[:10])}")
    return sorted(((symbols | hanzi) & set(cmap)) - set(LEFT_OUT))


def build(source: Path, out_dir: Path) -> Path:
    font = TTFont(str(source))
    modified = font["head"].modified
    fs_type = font["OS/2"].fsType  # 8: editable embedding, as the Fandol team set it
    subset_to(font, unicodes(font))
    cff_to_glyf(font)
    rename(font, FACE)  # keeps name ID 0, the Fandol team's copyright
    name = font["name"]
    for name_id in (13, 14):
        name.removeNames(nameID=name_id)
    for name_id, value in {9: "Clerk Ma, Jie Su (Fandol team)", 10: DESCRIPTION, 11: "https://ctan.org/pkg/fandol",
                           13: LICENSE_NAME, 14: LICENSE_URL}.items():
        name.setName(value, name_id, 3, 1, 0x409)
        name.setName(value, name_id, 1, 0, 0)
    font["OS/2"].fsType = fs_type
    return save(font, out_dir / FACE.out_file, modified)


def licence_text(copying: Path, notice: str) -> str:
    opener = gzip.open if copying.suffix == ".gz" else open
    with opener(copying, "rt", encoding="utf-8") as fh:
        gpl = fh.read()
    header = [
        "ZhibuFangSC-Regular.ttf (family \"Zhibu Fang SC\") is a modified version of FandolFang Regular,",
        "one of the Fandol fonts (fandol v0.3, 2015-07-18) by the Fandol team (Clerk Ma, Jie Su).",
        "",
        notice,
        "Modifications copyright the zhibu project: subset to the characters used in Chinese party-branch",
        "documents, outlines converted from CFF to TrueType, family renamed.",
        "",
        "This font is free software: you can redistribute it and/or modify it under the terms of the GNU General",
        "Public License as published by the Free Software Foundation, either version 3 of the License, or (at your",
        "option) any later version, with the following exception (the Fandol team's \"GPL font exception\", which",
        "the zhibu project extends to this modified version):",
        "",
        FONT_EXCEPTION,
        "",
        "This font is distributed in the hope that it will be useful, but WITHOUT ANY WARRANTY; without even the",
        "implied warranty of MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE. See the GNU General Public",
        "License below for more details.",
        "",
        "It is shipped as a separate file beside the 支部纪实 (zhibu) application, which is licensed under the",
        "Apache License 2.0: the two are an aggregate, and the application's licence does not apply to the font.",
        "The PDF files the application writes embed subsets of the font; the exception above covers them.",
        "",
        "Corresponding source: the unmodified FandolFang-Regular.otf (sha256",
        f"{SOURCE_SHA256}) of fandol v0.3, from CTAN",
        "(https://ctan.org/pkg/fandol, fonts/fandol/FandolFang-Regular.otf) or Debian's texlive-lang-chinese package",
        "(/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/FandolFang-Regular.otf), together with the",
        "script tools/fonts/build_fang.py (and tools/fonts/build_fonts.py, tools/fonts/tongyong_guifan_2013.txt)",
        "in the source repository of 支部纪实, which makes this file from it byte for byte.",
        "",
        "=" * 79,
        "",
    ]
    return "\n".join(header) + gpl.rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCE)
    parser.add_argument("--out-dir", type=Path, default=DEFAULT_OUT_DIR)
    parser.add_argument("--copying", type=Path, default=COPYING, help="the GPL text shipped with fandol")
    args = parser.parse_args(argv)
    digest = sha256(args.source)
    print(f"{FACE.out_file}: from {args.source} (sha256 {digest[:16]}…)", flush=True)
    if digest != SOURCE_SHA256:
        print(f"  warning: not the fandol v0.3 file this script was written for (sha256 {SOURCE_SHA256[:16]}…)")
    out = build(args.source, args.out_dir)
    print(f"  -> {out} {out.stat().st_size / 1e6:.2f} MB sha256 {sha256(out)}")
    notice = TTFont(str(out), lazy=True)["name"].getDebugName(0)
    (args.out_dir / LICENCE_FILE).write_text(licence_text(args.copying, notice), encoding="utf-8")
    print(f"  -> {args.out_dir / LICENCE_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
