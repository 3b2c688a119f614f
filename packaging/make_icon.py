"""Draw the app icon: a party-red rounded square with a white 纪 (纪实) and a thin gold inner rule.

Run once by hand when the icon should change; the outputs are committed, so builds never need this script
or a system CJK font::

    python packaging/make_icon.py [--font /usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc]

Writes ``resources/icons/zhibu.png`` (512 px), ``zhibu-256.png`` and ``zhibu.ico`` (16–256 px). The glyph is
rendered from Noto Serif CJK SC Bold (SIL OFL 1.1); a picture of a glyph is not a font, so the icon carries no
font licence obligations.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "icons"
RED = (164, 38, 44, 255)      # ui.theme.ACCENT #a4262c
GOLD = (232, 196, 120, 255)
WHITE = (255, 255, 255, 255)
DEFAULT_FONT = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc"
SC_INDEX = 0  # NotoSerifCJK-Bold.ttc: the face index of "Noto Serif CJK SC" is found below by name


def _sc_face(font_file: str, size: int) -> ImageFont.FreeTypeFont:
    for index in range(10):
        try:
            face = ImageFont.truetype(font_file, size, index=index)
        except OSError:
            break
        if face.getname()[0].endswith(" SC"):
            return face
    return ImageFont.truetype(font_file, size, index=SC_INDEX)


def draw(size: int, font_file: str) -> Image.Image:
    scale = 4  # draw large, then downsample for smooth edges
    s = size * scale
    img = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    margin = round(s * 0.04)
    radius = round(s * 0.16)
    d.rounded_rectangle((margin, margin, s - margin, s - margin), radius=radius, fill=RED)
    if size >= 48:  # the inner rule is only legible on larger icons
        inset = round(s * 0.11)
        d.rounded_rectangle((inset, inset, s - inset, s - inset), radius=round(radius * 0.6), outline=GOLD,
                            width=max(scale, round(s * 0.012)))
    face = _sc_face(font_file, round(s * (0.62 if size >= 48 else 0.74)))
    box = d.textbbox((0, 0), "纪", font=face)
    w, h = box[2] - box[0], box[3] - box[1]
    d.text(((s - w) / 2 - box[0], (s - h) / 2 - box[1]), "纪", font=face, fill=WHITE)
    return img.resize((size, size), Image.LANCZOS)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--font", default=DEFAULT_FONT)
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    draw(512, args.font).save(OUT / "zhibu.png", optimize=True)
    draw(256, args.font).save(OUT / "zhibu-256.png", optimize=True)
    sizes = [16, 24, 32, 48, 64, 128, 256]
    frames = {n: draw(n, args.font) for n in sizes}
    frames[256].save(OUT / "zhibu.ico", sizes=[(n, n) for n in sizes],
                     append_images=[frames[n] for n in sizes if n != 256])
    print("wrote", *(p.name for p in sorted(OUT.iterdir())))


if __name__ == "__main__":
    main()
