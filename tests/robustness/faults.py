"""Fault sweep (SECURITY matrix 3): fail the Nth write / fsync / rename of every kind of file the app writes.

For each operation we first count its fault points with a recording hook, then run it once per point with an
injected ENOSPC or EIO there, and check: a clear Chinese error (a ``ZhibuError``), the previous file
byte-identical, no partial file under the final name, no temp file left, and a retry without the fault works.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable

from desktop.errors import ZhibuError
from desktop.storage import atomic


class Injected(Exception):
    pass


@dataclass
class SweepResult:
    runs: int = 0
    faults: int = 0
    failures: list[str] = field(default_factory=list)


def _hook(points: list[tuple[str, str]], fail_at: int | None, code: int):
    def hook(step: str, path: Path) -> None:
        points.append((step, Path(path).name))
        if fail_at is not None and len(points) == fail_at:
            raise OSError(code, "injected " + errno.errorcode[code])
    return hook


def _files(where: Path) -> dict[str, bytes]:
    if where.is_file():
        return {where.name: where.read_bytes()}
    return {p.name: p.read_bytes() for p in sorted(where.rglob("*")) if p.is_file() and not p.name.endswith(".lock")
            and "pending-" not in p.name}


def _temp_leftovers(where: Path) -> list[str]:
    from desktop.storage.tempfiles import TEMP_NAME

    root = where if where.is_dir() else where.parent
    return [p.name for p in root.rglob("*") if TEMP_NAME.match(p.name) or p.name.endswith(".rekey")]


def sweep(name: str, folders: list[Path], op: Callable[[int], None], check: Callable[[], None],
          codes=(errno.ENOSPC, errno.EIO), rounds: int = 1, prepare: Callable[[], None] = lambda: None) -> SweepResult:
    """Run ``op`` failing at each fault point in turn; ``folders`` must be unchanged after each failure."""
    result = SweepResult()
    points: list = []
    atomic.fault_hook = _hook(points, None, 0)
    try:
        op(0)  # a clean run, also counts the fault points
    finally:
        atomic.fault_hook = None
    total = len(points)
    attempt = 1
    for _ in range(rounds):
        for n in range(1, total + 1):
            for code in codes:
                prepare()
                before = [_files(f) for f in folders]
                hit: list = []
                atomic.fault_hook = _hook(hit, n, code)
                result.runs += 1
                try:
                    op(attempt)
                    result.failures.append(f"{name}: fault at point {n} ({code}) was not reported")
                except ZhibuError as exc:
                    result.faults += 1
                    if not str(exc) or not any("\u4e00" <= ch <= "\u9fff" for ch in str(exc)):
                        result.failures.append(f"{name}: unclear message {exc!r}")
                except Exception as exc:  # noqa: BLE001 - a raw exception is exactly what we look for
                    result.faults += 1
                    result.failures.append(f"{name}: point {n} ({hit[-1] if hit else '?'}) raised {exc!r}")
                finally:
                    atomic.fault_hook = None
                after = [_files(f) for f in folders]
                stray = [t for f in folders for t in _temp_leftovers(f)]
                if stray:
                    result.failures.append(f"{name}: point {n} ({code}) left temp files {stray[:4]}")
                if after != before:
                    changed = [k for b, a in zip(before, after) for k in set(a) ^ set(b) | {k for k in a if b.get(k) != a[k]}]
                    result.failures.append(f"{name}: point {n} ({code}) changed files {sorted(changed)[:4]}")
                attempt += 1
        try:
            op(attempt)  # retry without a fault works
            attempt += 1
            check()
        except Exception as exc:  # noqa: BLE001
            result.failures.append(f"{name}: retry failed: {exc!r}")
    return result


def sweep_all(ws, tmp: Path, data_dir: Path, rounds: int = 1, passphrase: str = "") -> dict[str, SweepResult]:
    from desktop.domain.member_rules import MemberInput

    ws.members.add(MemberInput(name="故障测试", gender="男", birth_date=date(1980, 1, 1), joined_on=date(2005, 7, 1)))
    out = tmp / "out"
    out.mkdir()
    results = {}

    roster = out / "花名册.xlsx"
    ws.members.export_xlsx(roster)
    results["roster export (replaces a previous export)"] = sweep(
        "roster", [out], lambda i: ws.members.export_xlsx(roster), lambda: roster.stat(), rounds=rounds)

    big = out / "文书.pdf"
    atomic.write_bytes(big, b"old" * 1000)
    payload = bytes(range(256)) * 3000  # 750 kB: several chunks (documents, attachment copies)
    results["large output (documents, attachment copies)"] = sweep(
        "document", [out], lambda i: atomic.write_bytes(big, payload + str(i).encode()), lambda: big.stat(), rounds=rounds)

    from ui.settings_store import SettingsStore

    store = SettingsStore()
    store.remember_book(ws.path, "故障测试支部")
    results["settings.json"] = sweep(
        "settings", [data_dir / "settings.json"], lambda i: store.remember_book(tmp / f"b{i}.zhibu", str(i)),
        lambda: SettingsStore().prefs, rounds=rounds)

    dest_dir = tmp / "dest"
    dest_dir.mkdir()
    results["backup to a chosen DEST"] = sweep(
        "backup-dest", [dest_dir], lambda i: ws.backup(dest_dir / f"备份{i}.zhibu"), lambda: None, rounds=rounds)

    results["rotating backup"] = sweep(
        "backup", [data_dir / "backups"], lambda i: ws.backup(reason="manual"), lambda: None, rounds=rounds)

    state = {"pw": passphrase}

    def passwd(i: int) -> None:
        new = f"新口令-{i}-abcdef"
        ws.change_passphrase(new)
        state["pw"] = new

    def checkpoint() -> None:  # the book's bytes are compared with its WAL folded in (passwd checkpoints)
        raw = ws.engine.raw_connection()
        try:
            raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            raw.close()

    def still_opens() -> None:
        from desktop.workspace import check_passphrase

        check_passphrase(ws.path, state["pw"])
    results["passphrase change (backup, rekey export, swap)"] = sweep(
        "passwd", [ws.path], passwd, still_opens, codes=(errno.ENOSPC,), rounds=rounds, prepare=checkpoint)
    return results
