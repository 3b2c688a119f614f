"""Names that this PC cannot print: warned about when a member is added or imported, not at print time.

A document is never refused for a name (the PDF prints such a character as 〓 and says so); this only tells the
secretary early, while the member is being entered, so a font can be installed or the paper corrected by hand.
"""

from __future__ import annotations

# Code points every bundled face is built with (tools/fonts/build_fonts.py): a name made only of these needs no
# font loaded at all, so adding a member stays fast (loading the fonts' cmaps costs about a second).
_SURELY_PRINTABLE = ((0x20, 0x7E), (0xA0, 0xFF), (0x2000, 0x206F), (0x3000, 0x303F), (0x3400, 0x4DB5),
                     (0x4E00, 0x9FEA), (0xFF00, 0xFFEF))


def _surely_printable(text: str) -> bool:
    return all(any(lo <= ord(ch) <= hi for lo, hi in _SURELY_PRINTABLE) for ch in text)


def unprintable_warning(name: str, who: str | None = None) -> str | None:
    """A Chinese warning if ``name`` holds characters that neither the bundled fonts nor any font of this PC can
    print; None when everything prints."""
    if _surely_printable(name):
        return None
    from desktop.documents.fonts import PLACEHOLDER, unprintable_chars

    chars = unprintable_chars(name)
    if not chars:
        return None
    listed = "、".join(f"“{c}”（U+{ord(c):04X}）" for c in chars)
    subject = who or f"“{name}”"
    return (f"{subject}的姓名中{listed}在本机没有可用的字体，打印文档时会印为“{PLACEHOLDER}”并给出提示。"
            "已照常保存；如需印出该字，请在本机安装含该字的字体（如 Windows 的 SimSun-ExtB）。")


def names_warnings(names: list[str]) -> tuple[str, ...]:
    return tuple(w for w in (unprintable_warning(n) for n in dict.fromkeys(names)) if w)
