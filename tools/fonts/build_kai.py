"""Build ``resources/fonts/ZhibuKaiSC-Regular.ttf``, the 楷体 face of the 公文 kinds' level-2 headings (GB/T 9704).

Made from LXGW WenKai (霞鹜文楷, SIL OFL 1.1, Debian ``fonts-lxgw-wenkai`` 1.250+repack-1): subset to the
symbol and punctuation ranges of the other bundled faces (``build_fonts.RANGES``), the whole 通用规范汉字表 and
the Extension A characters the font has (503); no layout features, no hinting. Other hanzi (rare ones outside
the table) fall back to Zhibu Serif SC in the PDF renderer. The font already has TrueType outlines, so nothing is converted. "LXGW" and "霞鹜" are
Reserved Font Names, so the Modified Version is renamed "Zhibu Kai SC". Usage::

    apt-get install fonts-lxgw-wenkai && pip install fonttools
    python tools/fonts/build_kai.py    # ≈ 1 minute; writes the font and OFL-ZhibuKaiSC.txt next to it

The output is deterministic (the timestamp comes from the source font).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fontTools.ttLib import TTFont

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_fonts import DEFAULT_OUT_DIR, EXT_A, RANGES, Face, read_tgh, rename, save, sha256, subset_to  # noqa: E402

SOURCE = Path("/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf")
COPYRIGHT = Path("/usr/share/doc/fonts-lxgw-wenkai/copyright")
FACE = Face("LXGWWenKai-Regular.ttf", "LXGW WenKai", "Zhibu Kai SC", "Regular", "ZhibuKaiSC-Regular.ttf")
LICENCE_FILE = "OFL-ZhibuKaiSC.txt"


def unicodes(font: TTFont) -> list[int]:
    cmap = font.getBestCmap()
    # Hanzi: only the 通用规范汉字表 (and what it has of Extension A); the other faces' whole U+4E00–U+9FFF block
    # would triple the size for characters that fall back to Zhibu Serif SC anyway.
    ranges = [r for r in RANGES if not r[0] <= 0x4E00 <= r[1]] + EXT_A
    wanted = {cp for first, last, _ in ranges for cp in range(first, last + 1)}
    missing = [ch for ch in read_tgh() if ord(ch) not in cmap]
    if missing:
        raise SystemExit(f"{SOURCE}: lacks {len(missing)} 通用规范汉字表 characters, e.g. {''.join(missing[:10])}")
    return sorted((wanted & set(cmap)) | {ord(ch) for ch in read_tgh()})


def build(source: Path, out_dir: Path) -> Path:
    font = TTFont(str(source))
    modified = font["head"].modified
    subset_to(font, unicodes(font))
    rename(font, FACE)
    font["name"].setName(  # rename() credits Noto: say where this one comes from
        "Modified by the zhibu project from LXGW WenKai 1.250: subset to the characters used in Chinese "
        "party-branch documents, renamed. Licensed under the SIL Open Font License 1.1.", 10, 3, 1, 0x409)
    font["post"].formatType = 3.0
    font["post"].extraNames, font["post"].mapping = [], {}
    return save(font, out_dir / FACE.out_file, modified)


def licence_text(copyright_file: Path, notice: str) -> str:
    lines = copyright_file.read_text(encoding="utf-8").splitlines()
    start = max(i for i, line in enumerate(lines) if line.startswith("License: OFL-1.1"))
    body = []
    for line in lines[start + 1:]:
        if line and not line.startswith(" "):
            break
        body.append("" if line.strip() == "." else line[1:])
    header = [
        "ZhibuKaiSC-Regular.ttf is a Modified Version of LXGW WenKai (https://github.com/lxgw/LxgwWenKai),",
        "renamed \"Zhibu Kai SC\": \"霞鹜\" and \"LXGW\" are Reserved Font Names.",
        "",
        notice,
        "",
        "This Font Software is licensed under the SIL Open Font License, Version 1.1.",
        "This license is copied below, and is also available with a FAQ at: https://openfontlicense.org",
        "",
    ]
    return "\n".join(header + body).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCE)
    parser.add_argument("--out-dir", type=Path, default=DEFAULT_OUT_DIR)
    parser.add_argument("--copyright-file", type=Path, default=COPYRIGHT)
    args = parser.parse_args(argv)
    print(f"{FACE.out_file}: from {args.source} (sha256 {sha256(args.source)[:16]}…)", flush=True)
    out = build(args.source, args.out_dir)
    print(f"  -> {out} {out.stat().st_size / 1e6:.2f} MB sha256 {sha256(out)}")
    notice = TTFont(str(out), lazy=True)["name"].getDebugName(0)
    (args.out_dir / LICENCE_FILE).write_text(licence_text(args.copyright_file, notice), encoding="utf-8")
    print(f"  -> {args.out_dir / LICENCE_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
