"""Benchmark 报送: export one branch-year; import 300 branch bundles (one year each) into one committee book.

Run on demand: ``python tests/benchmarks/bench_sync.py [--branches 300] [--per-year 150] [--attachment-kb 4]``.
Targets (issue 9): the import of all bundles < 60 s with peak RSS < 300 MB on the 2-core CI machine.

1. A branch-year is built through the real services (bench_ledger.build: meetings with a photo each, talks,
   an evaluation, a correction) and exported to a committee it trusts — timed (best of 3), against a baseline
   measured in the same run: age-encrypting and SHA-256-hashing the same plaintext (the floor of any export).
2. From that bundle, ``--branches`` distinct bundles are generated: each with its own branch id and Ed25519
   key, its own attachment bytes (so nothing de-duplicates across branches) and the chain re-hashed to match,
   signed and encrypted exactly as the export does. The branches are enrolled beforehand (set-up, not timed):
   the steady state of a yearly collection.
3. The import runs in a fresh child process so its peak RSS is its own: ``committee.import_bundles`` over all
   files, against a baseline in the same child: reading, age-decrypting and SHA-256-hashing every file.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from desktop import paths  # noqa: E402

PASSPHRASE = "bench-passphrase-123"
TARGET_S = 60.0
TARGET_RSS_MB = 300
PROFILE = False


def export_phase(tmp: Path, per_year: int, attachment_kb: int) -> tuple[Path, Path]:
    from bench_ledger import build

    from desktop.workspace import Workspace

    book, cbook = tmp / "branch.zhibu", tmp / "committee.zhibu"
    t = time.perf_counter()
    build(book, 1, per_year, attachment_kb)
    print(f"built one branch-year ({per_year} records) in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    cw = Workspace.create_committee(cbook, PASSPHRASE, "基准工委")
    key = cw.committee.export_public_key(tmp)
    ws = Workspace.open(book, PASSPHRASE, auto_backup=False)
    out = tmp / "usb"
    out.mkdir()
    try:
        ws.sync.trust(key)
        times, results = [], []
        for _ in range(3):
            t = time.perf_counter()
            results.append(ws.sync.export(out))
            times.append(time.perf_counter() - t)
        first = results[0]
    finally:
        ws.close()
    from desktop.storage.models_sync import SyncIdentity
    from desktop.sync import keys

    with cw.session() as s:
        secret = s.get(SyncIdentity, "committee").age_identity
    plain = keys.decrypt(first.path.read_bytes(), secret)
    recipient = keys.CommitteeKey("x", str(__import__("pyrage").x25519.Identity.from_str(secret).to_public()), b"")
    t = time.perf_counter()
    hashlib.sha256(keys.encrypt(plain, recipient.age_recipient)).hexdigest()
    base = time.perf_counter() - t
    cw.close()
    size = first.path.stat().st_size
    print(f"export of one branch-year: {first.entries} entries, bundle {size / 1e6:.1f} MB: "
          f"best {min(times) * 1000:.0f} ms"
          f" (runs {', '.join(f'{x * 1000:.0f}' for x in times)} ms); baseline age+SHA-256 of the same bytes "
          f"{base * 1000:.0f} ms → {min(times) / base:.1f}x")
    return first.path, cbook


def generate(bundle: Path, cbook: Path, n: int, folder: Path) -> None:
    """``n`` bundles from one genuine bundle, each a distinct branch (key, id, attachments, re-hashed chain)."""
    import io
    import zipfile

    from desktop.ledger.chain import GENESIS, entry_hash
    from desktop.storage.models_sync import CommitteeBranch, SyncIdentity
    from desktop.sync import container, keys, manifest, strictjson
    from desktop.workspace import Workspace

    cw = Workspace.open(cbook, PASSPHRASE, auto_backup=False)
    fp = cw.committee.info().fingerprint
    with cw.session() as s:
        secret = s.get(SyncIdentity, "committee").age_identity
    recipient = str(__import__("pyrage").x25519.Identity.from_str(secret).to_public())
    with zipfile.ZipFile(io.BytesIO(keys.decrypt(bundle.read_bytes(), secret))) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    m = manifest.parse(members["manifest.json"])
    entries = json.loads(members["entries.json"])
    blobs = {n[len("attachments/"):]: d for n, d in members.items() if n.startswith("attachments/")}
    rows = []
    t = time.perf_counter()
    for i in range(n):
        private, public = keys.new_signing_key()
        branch_id = str(uuid.uuid4())
        new_blobs, swap = {}, {}
        for sha, data in blobs.items():
            changed = data[:-4] + i.to_bytes(4, "big")
            new_sha = hashlib.sha256(changed).hexdigest()
            new_blobs[new_sha], swap[sha] = changed, new_sha
        prev, out_entries = GENESIS, []
        for e in entries:
            text = e["canonical"]
            for old, new in swap.items():
                if old in text:
                    text = text.replace(old, new)
            h = entry_hash(e["seq"], prev, text.encode())
            out_entries.append({"seq": e["seq"], "prev_hash": prev, "hash": h, "canonical": text})
            prev = h
        parts = [("entries.json", strictjson.dumps(out_entries)), ("roster.json", members["roster.json"]),
                 ("rules.json", members["rules.json"])]
        parts += [("org.json", members["org.json"])] if "org.json" in members else []  # issue 10's org facts
        parts += [(f"attachments/{sha}", d) for sha, d in sorted(new_blobs.items())]
        mi = manifest.Manifest(branch_id, f"第{i + 1:03d}党支部", public, fp, 1, datetime.now(), None, 1,
                               len(out_entries), len(out_entries), prev, None, m.app_version,
                               {name: (hashlib.sha256(d).hexdigest(), len(d)) for name, d in parts})
        mb = manifest.to_bytes(mi)
        zipped = container.build([("manifest.json", mb), ("manifest.sig", manifest.sign(mb, private))] + parts)
        (folder / f"{i:03d}.zhibu-bundle").write_bytes(keys.encrypt(zipped, recipient))
        rows.append(dict(branch_id=branch_id, name=mi.branch_name, sign_public=public.hex(),
                         fingerprint=keys.branch_fingerprint(public), enrolled=True, enrolled_at=datetime.now(),
                         first_seen_at=datetime.now(), held_length=0, roster="[]", rule_summary="{}"))
    with cw.session() as s:
        s.execute(CommitteeBranch.__table__.insert(), rows)
    cw.close()
    total = sum(p.stat().st_size for p in folder.iterdir())
    print(f"generated {n} bundles ({total / 1e6:.0f} MB) in {time.perf_counter() - t:.0f} s; enrolled them",
          file=sys.stderr)


def import_phase(cbook: Path, folder: Path) -> dict:
    """Runs in the child process."""
    from desktop.storage.models_sync import SyncIdentity
    from desktop.sync import keys
    from desktop.workspace import Workspace

    files = sorted(folder.iterdir())
    cw = Workspace.open(cbook, PASSPHRASE, auto_backup=False)
    try:
        with cw.session() as s:
            secret = s.get(SyncIdentity, "committee").age_identity
        t = time.perf_counter()
        for f in files:
            hashlib.sha256(keys.decrypt(f.read_bytes(), secret)).digest()
        base = time.perf_counter() - t
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        cpu0 = time.process_time()
        t = time.perf_counter()
        if PROFILE:
            import cProfile
            import pstats

            with cProfile.Profile() as prof:
                outcomes = cw.committee.import_bundles(files)
            pstats.Stats(prof, stream=sys.stderr).sort_stats("cumulative").print_stats(30)
        else:
            outcomes = cw.committee.import_bundles(files)
        took = time.perf_counter() - t
        cpu = time.process_time() - cpu0
        bad = [o.message for o in outcomes if o.status != "accepted"]
        held = sum(b.held_length for b in cw.committee.branches())
    finally:
        cw.close()
    return {"seconds": took, "cpu": cpu, "baseline": base, "files": len(files), "refused": bad[:3],
            "held_entries": held,
            "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "rss_before_mb": rss_before / 1024,
            "book_mb": cbook.stat().st_size / 1e6}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--branches", type=int, default=300)
    parser.add_argument("--per-year", type=int, default=150)
    parser.add_argument("--attachment-kb", type=int, default=4, help="photo attached to each meeting")
    parser.add_argument("--profile", action="store_true", help="profile the import (printed to stderr)")
    parser.add_argument("--phase", choices=("all", "import"), default="all", help=argparse.SUPPRESS)
    parser.add_argument("--committee", help=argparse.SUPPRESS)
    parser.add_argument("--dir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    global PROFILE
    PROFILE = args.profile
    if args.phase == "import":
        paths.set_data_dir(Path(args.dir).parent / "data")
        print(json.dumps(import_phase(Path(args.committee), Path(args.dir))))
        return 0
    tmp = Path(tempfile.mkdtemp(prefix="zhibu-bench-sync-"))
    paths.set_data_dir(tmp / "data")
    bundle, cbook = export_phase(tmp, args.per_year, args.attachment_kb)
    folder = tmp / "bundles"
    folder.mkdir()
    generate(bundle, cbook, args.branches, folder)
    child = subprocess.run([sys.executable, __file__, "--phase", "import", "--committee", str(cbook),
                            "--dir", str(folder)] + (["--profile"] if args.profile else []),
                           capture_output=True, text=True)
    if args.profile:
        print(child.stderr[-12000:], file=sys.stderr)
    if child.returncode:
        print(child.stderr, file=sys.stderr)
        return 1
    r = json.loads(child.stdout.strip().splitlines()[-1])
    ok = r["seconds"] < TARGET_S and r["maxrss_mb"] < TARGET_RSS_MB and not r["refused"]
    print(f"import of {r['files']} bundles: {r['seconds']:.1f} s wall, {r['cpu']:.1f} s CPU "
          f"(target < {TARGET_S:.0f} s), "
          f"peak RSS {r['maxrss_mb']:.0f} MB (target < {TARGET_RSS_MB} MB; {r['rss_before_mb']:.0f} MB before), "
          f"{r['held_entries']} entries held, committee book {r['book_mb']:.0f} MB {'OK' if ok else 'MISSED'}")
    print(f"baseline read + age-decrypt + SHA-256 of every file: {r['baseline']:.1f} s → import/baseline "
          f"{r['seconds'] / r['baseline']:.1f}x")
    if r["refused"]:
        print(f"refused: {r['refused']}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
