"""Storage benchmark (run on demand: python tests/benchmarks/bench_storage.py).

Prints: open+unlock time; 10k-member insert and list; SQLCipher vs unencrypted SQLite on the same write
workload (target ≤ 1.3×), the baseline measured in the same run.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import sqlcipher3  # noqa: E402

from desktop import paths  # noqa: E402
from desktop.storage.models import Member  # noqa: E402
from desktop.workspace import Workspace  # noqa: E402

N = 10_000
ROWS = [(f"成员{i}", "男", "1980-01-01", "2005-07-01", "", i) for i in range(N)]


def _writes(conn) -> float:
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE m(name TEXT, gender TEXT, birth TEXT, joined TEXT, notes TEXT, n INTEGER)")
    t = time.perf_counter()
    for chunk in range(0, N, 500):  # 20 transactions, each fsynced
        conn.executemany("INSERT INTO m VALUES (?,?,?,?,?,?)", ROWS[chunk:chunk + 500])
        conn.commit()
    return time.perf_counter() - t


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        paths.set_data_dir(tmp / "data")
        book = tmp / "bench.zhibu"
        Workspace.create(book, "bench-口令", "基准支部").close()

        t = time.perf_counter()
        ws = Workspace.open(book, "bench-口令", auto_backup=False)
        open_s = time.perf_counter() - t

        t = time.perf_counter()
        now = datetime.now()
        with ws.session() as s:
            s.add_all(Member(name=f"党员{i:05d}", gender="男", birth_date=date(1980, 1, 1), joined_on=date(2005, 7, 1),
                             created_at=now, updated_at=now, roster_order=i) for i in range(N))
        insert_s = time.perf_counter() - t

        t = time.perf_counter()
        listed = ws.members.list(order="roster")
        list_s = time.perf_counter() - t
        ws.close()

        plain = sqlcipher3.connect(str(tmp / "plain.db"))  # same SQLite build, no key = unencrypted
        plain_s = _writes(plain)
        plain.close()
        from desktop.storage.engine import connect, create_file

        key = create_file(tmp / "enc.db", "bench-口令")
        enc = connect(tmp / "enc.db", key)
        enc_s = _writes(enc)
        enc.close()

    print(f"open + unlock (KDF once):     {open_s * 1000:8.1f} ms")
    print(f"insert {N} members (ORM):   {insert_s * 1000:8.1f} ms")
    print(f"list {len(listed)} members (service): {list_s * 1000:8.1f} ms")
    print(f"writes plain SQLite:          {plain_s * 1000:8.1f} ms (baseline)")
    print(f"writes SQLCipher:             {enc_s * 1000:8.1f} ms  ratio {enc_s / plain_s:.2f}x (target ≤ 1.30x)")


if __name__ == "__main__":
    main()
