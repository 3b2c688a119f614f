"""What takes the space in a PyInstaller folder (default dist/zhibu), and whether it is within the size budget.

    python packaging/size_report.py [dist/zhibu] [--top 20] [--budget-mb 180] [--strict] [--glibc] [--json]

Lists the biggest files and the biggest groups (Qt libraries, ICU, plugins, fonts, Python extensions …). With
``--glibc`` it also reports the newest GLIBC symbol version any bundled ELF file needs: the oldest Linux the
folder can run on. ``--strict`` exits 1 when the folder is over budget.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

MB = 1024 * 1024
# (group label, regex on the path relative to the dist folder, first match wins)
GROUPS: list[tuple[str, str]] = [
    ("ICU (Qt text/locale data)", r"libicu|icudt|icuuc|icuin"),
    ("Qt plugins", r"PySide6/(Qt/)?plugins/"),
    ("Qt translations", r"PySide6/(Qt/)?translations/"),
    ("Qt libraries", r"(lib)?Qt6\w*\.(so|dll|dylib)"),
    ("PySide6/shiboken bindings", r"PySide6/|shiboken6/"),
    ("bundled fonts (resources/fonts)", r"resources/fonts/"),
    ("other app resources", r"resources/"),
    ("Python stdlib + app bytecode (PYZ, base_library)", r"base_library\.zip|\.pyz$|PYZ|(^|/)zhibu(\.exe)?$"),
    ("libpython", r"libpython|python3\d*\.dll"),
    ("cryptography / OpenSSL", r"cryptography|libssl|libcrypto|_rust"),
    ("sqlcipher3 (SQLCipher)", r"sqlcipher"),
    ("Pillow", r"PIL/|pillow"),
    ("reportlab", r"reportlab"),
    ("python-docx / lxml", r"lxml|docx"),
    ("openpyxl / pypinyin / other pure-Python data", r"openpyxl|pypinyin|et_xmlfile"),
    ("SQLAlchemy / Alembic", r"sqlalchemy|alembic|mako|greenlet"),
    ("Python extension modules (lib-dynload)", r"lib-dynload|\.cpython-\d+|\.pyd$"),
    ("system libraries bundled from the build machine", r"\.so(\.\d+)*$|\.dll$"),
    ("other", r"."),
]


def scan(folder: Path) -> list[tuple[str, int]]:
    return sorted(((p.relative_to(folder).as_posix(), p.stat().st_size)
                   for p in folder.rglob("*") if p.is_file() and not p.is_symlink()),
                  key=lambda item: -item[1])


def group_sizes(files: list[tuple[str, int]]) -> list[tuple[str, int, int]]:
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    compiled = [(label, re.compile(rx, re.I)) for label, rx in GROUPS]
    for rel, size in files:
        label = next(label for label, rx in compiled if rx.search(rel))
        totals[label][0] += size
        totals[label][1] += 1
    return sorted(((label, s, n) for label, (s, n) in totals.items()), key=lambda t: -t[1])


def glibc_needed(folder: Path) -> tuple[str, str]:
    """(newest GLIBC_x.y referenced by any bundled ELF file, that file)."""
    best, where = (0, 0), ""
    for path in folder.rglob("*"):
        if not path.is_file() or path.is_symlink():
            continue
        with path.open("rb") as fh:
            if fh.read(4) != b"\x7fELF":
                continue
        for major, minor in re.findall(rb"GLIBC_(\d+)\.(\d+)", path.read_bytes()):
            v = (int(major), int(minor))
            if v > best:
                best, where = v, path.relative_to(folder).as_posix()
    return (f"{best[0]}.{best[1]}" if best != (0, 0) else "none"), where


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", default="dist/zhibu")
    ap.add_argument("--top", type=int, default=20, help="how many biggest files to list")
    ap.add_argument("--budget-mb", type=float, default=None)
    ap.add_argument("--strict", action="store_true", help="exit 1 when over budget")
    ap.add_argument("--glibc", action="store_true", help="report the newest GLIBC version needed")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    folder = Path(args.folder)
    if not folder.is_dir():
        print(f"no such folder: {folder}", file=sys.stderr)
        return 2
    files = scan(folder)
    total = sum(size for _, size in files)
    groups = group_sizes(files)
    over = args.budget_mb is not None and total / MB > args.budget_mb
    glibc = glibc_needed(folder) if args.glibc else None
    if args.json:
        print(json.dumps({"folder": str(folder), "total_bytes": total, "files": len(files),
                          "groups": [{"group": g, "bytes": s, "files": n} for g, s, n in groups],
                          "top": [{"path": p, "bytes": s} for p, s in files[:args.top]],
                          "glibc": glibc[0] if glibc else None}, ensure_ascii=False, indent=1))
    else:
        print(f"{folder}: {total / MB:.1f} MB in {len(files)} files")
        print("by group:")
        for label, size, count in groups:
            print(f"  {size / MB:7.1f} MB  {count:5d} files  {label}")
        print(f"biggest {args.top} files:")
        for rel, size in files[:args.top]:
            print(f"  {size / MB:7.1f} MB  {rel}")
        if glibc:
            print(f"newest GLIBC symbol version needed: {glibc[0]} ({glibc[1]})")
        if args.budget_mb is not None:
            state = "OVER BUDGET" if over else "within budget"
            print(f"size {total / MB:.1f} MB / budget {args.budget_mb:.0f} MB: {state}")
    return 1 if over and args.strict else 0


if __name__ == "__main__":
    raise SystemExit(main())
