"""A smaller ICU data library for the Linux build: the items Qt can reach for a Chinese desktop, not the world's.

PySide6's Qt links ICU (``libicuuc``/``libicui18n``/``libicudata``), so the libraries cannot be left out, but
``libicudata.so.73`` (30.6 MB) is only ICU's data package in a read-only section, exported as ``icudt73_dat``.
Qt 6 Core calls ICU for exactly: collation (``ucol_*``, QCollator), codecs (``ucnv_*``, QStringConverter for
non-Unicode encodings), time-zone names (``ucal_*``, QTimeZone) and case mapping (``u_strTo{Upper,Lower}``, whose
data is compiled into libicuuc). The app uses none of them directly (names are sorted with pypinyin, files are
read by Python), so the trimmed package keeps, to be safe, what those calls need for Chinese and English:

* every non-locale data file (normalization, property names, the converter alias table, the collation root
  ``coll/ucadata.icu``, time-zone rules and metadata, pools and indexes);
* the locale bundles of ``root``, ``zh*`` and ``en*`` in every category except break iteration, spelled-out
  numbers and transliteration (Qt 6 has its own line breaking and never calls those services);
* the converters for Chinese encodings (GB18030, GBK, GB2312/EUC-CN, Big5) — UTF-8/16/32, ASCII and Latin-1
  are algorithmic and need no table.

Build (``build.spec``, Linux only): ``objcopy`` takes the package out of the library, ``icupkg`` (Debian/Ubuntu
``icu-devtools``, RHEL ``icu``) removes the other items, and ``gcc`` wraps it back into a library with the same
soname and symbol. If a tool is missing, the full library is shipped and the build says so (the size budget
then fails).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path, PurePosixPath

LOCALES_KEPT = re.compile(r"^(root|zh|zh_\w+|en|en_\w+)$")
LOCALE_NAME = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]*)*$")  # de, zh_Hant_TW, de_ (an alias)
FOLDERS_DROPPED = ("brkitr", "rbnf", "translit")  # break iteration, spelled-out numbers, transliteration
CONVERTERS_KEPT = ("gb18030", "ibm-1386_P100-2001", "ibm-1383_P110-1999", "ibm-5478_P100-1995",
                   "windows-936-2000", "windows-950-2000", "ibm-1373_P100-2002", "ibm-950_P110-1999")
TOOLS = ("objcopy", "icupkg", "gcc", "nm")


def keep_item(name: str) -> bool:
    """Whether an item of the ICU data package (``coll/zh.res``, ``gb18030.cnv``, ``nfkc.nrm`` …) stays."""
    path = PurePosixPath(name)
    stem, suffix = path.stem, path.suffix
    if suffix == ".cnv":
        return stem in CONVERTERS_KEPT
    if stem in ("pool", "res_index"):
        return True  # every folder's shared strings and its list of locales
    folder = path.parts[0] if len(path.parts) > 1 else ""
    if folder in FOLDERS_DROPPED:
        return False
    if suffix != ".res" or not LOCALE_NAME.match(stem):
        return True  # ucadata.icu, nfkc.nrm, zoneinfo64.res, supplementalData.res, metaZones.res …
    return bool(LOCALES_KEPT.match(stem))


def missing_tools() -> list[str]:
    return [tool for tool in TOOLS if shutil.which(tool) is None]


def _run(*args: str, cwd: Path) -> str:
    return subprocess.run(args, cwd=cwd, check=True, capture_output=True, text=True).stdout


def trim(library: Path, work: Path) -> Path:
    """A trimmed copy of ``library`` (``libicudataNN.so.NN``) in ``work``; raises if anything looks unexpected."""
    library, work = Path(library).resolve(), Path(work).resolve()
    work.mkdir(parents=True, exist_ok=True)
    symbols = re.findall(r"\b(icudt\d+_dat)\b", _run("nm", "-D", "--defined-only", str(library), cwd=work))
    if len(symbols) != 1:
        raise RuntimeError(f"{library.name}: expected one icudtNN_dat symbol, found {symbols}")
    symbol = symbols[0]
    full = work / f"{symbol[:-4]}l.dat"
    _run("objcopy", "-O", "binary", "--only-section=.rodata", str(library), str(full), cwd=work)
    items = _run("icupkg", "-l", full.name, cwd=work).split()
    dropped = [item for item in items if not keep_item(item)]
    if not items or len(dropped) == len(items):
        raise RuntimeError(f"{library.name}: the data package lists {len(items)} items")
    (work / "dropped.txt").write_text("\n".join(dropped) + "\n", encoding="ascii")
    small = work / "trimmed" / full.name  # icupkg names the items after the output file: icudt73l/…
    small.parent.mkdir(exist_ok=True)
    _run("icupkg", "-r", "dropped.txt", full.name, str(small), cwd=work)
    (work / "icudata.S").write_text(
        f'.section .rodata\n.globl {symbol}\n.type {symbol}, @object\n.balign 16\n{symbol}:\n'
        f'.incbin "{small.relative_to(work)}"\n.size {symbol}, .-{symbol}\n.section .note.GNU-stack,"",@progbits\n',
        encoding="ascii")
    out = work / library.name
    _run("gcc", "-shared", "-nostdlib", f"-Wl,-soname,{library.name}", "-o", out.name, "icudata.S", cwd=work)
    return out
