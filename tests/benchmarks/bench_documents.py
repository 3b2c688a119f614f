"""Benchmark: documents. Run on demand: ``python tests/benchmarks/bench_documents.py [--year 2025] [--runs 10]``.

1. One 会议记录 as PDF in-process (build the Document from the book + render with reportlab), warm, median of
   ``--runs``; compared in the same run with LibreOffice converting the same minutes as .docx to PDF headless
   (``soffice --convert-to pdf``, its own warm second run with the profile already made). Target: ours ≥ 20×
   faster.
2. The demo book's 年度工作纪实汇编 (year book) end to end through ``DocumentService.export`` — read every record,
   verify the ledger, lay out twice for the TOC page numbers, write atomically. Target: < 5 s for ≥ 100
   records. The demo has about 90 finalized records a year; ``--min-records`` (default 100) tops the year up
   with 谈心谈话 records entered through the real service, and says how many it added. Peak memory: Python
   allocations (tracemalloc, in a separate run so it does not slow the timed one) and the process's max RSS.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from desktop import paths  # noqa: E402

PASSPHRASE = "bench-passphrase-123"
TODAY = date(2026, 6, 15)
TARGET_RATIO = 20
TARGET_YEARBOOK_S = 5.0


def year_count(ws, year: int) -> int:
    from desktop.documents.builders.yearbook import year_entries

    return len(year_entries(ws, year))


def top_up(ws, year: int, want: int) -> int:
    """Add finalized 谈心谈话 records in ``year`` until the year book has ``want`` records; returns how many."""
    from desktop.domain.meeting_rules import HeartTalkInput

    added = 0
    day = datetime(year, 1, 3, 10)
    while year_count(ws, year) < want:
        here = ws.members.roster_on(day.date())
        a, b = here[added % len(here)], here[(added + 1) % len(here)]
        ws.talks.now = lambda t=day: t + timedelta(hours=2)
        tid = ws.talks.create(HeartTalkInput(day, "书记办公室", [a.id, b.id], topics="（基准测试）思想交流",
                                             content="（基准测试）谈话要点。", follow_up="（基准测试）无")).id
        ws.talks.finalize(tid)
        added += 1
        day += timedelta(days=3)
    ws.talks.now = datetime.now
    return added


def soffice_convert(soffice: str, docx: Path, out: Path, profile: Path) -> float:
    env = dict(os.environ, FONTCONFIG_FILE=str(ROOT / "resources" / "fonts" / "fontconfig" / "zhibu-fonts.conf"),
               HOME=str(profile.parent))
    t0 = time.perf_counter()
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                    "--convert-to", "pdf", "--outdir", str(out), str(docx)], env=env, check=True,
                   capture_output=True, timeout=300)
    return time.perf_counter() - t0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--min-records", type=int, default=100)
    args = parser.parse_args()

    from desktop.demo import create_demo_book
    from desktop.services.documents import render_bytes
    from desktop.workspace import Workspace

    tmp = Path(tempfile.mkdtemp(prefix="zhibu-bench-docs-"))
    paths.set_data_dir(tmp / "data")
    try:
        t0 = time.perf_counter()
        book, passphrase = create_demo_book(tmp / "demo.zhibu", PASSPHRASE, today=TODAY)
        print(f"demo book built in {time.perf_counter() - t0:.1f} s")
        ws = Workspace.open(book, passphrase, auto_backup=False)
        try:
            ok = True
            # ---- 1. one minutes PDF vs LibreOffice ------------------------------------------------------
            from desktop.domain.meeting_enums import MeetingKind, RecordStatus

            mid = next(m.id for m in ws.meetings.list(kind=MeetingKind.GENERAL_ASSEMBLY, status=RecordStatus.FINAL))
            t0 = time.perf_counter()
            render_bytes(ws.documents.build("minutes", mid), "pdf")
            cold = time.perf_counter() - t0
            times = []
            for _ in range(args.runs):
                t0 = time.perf_counter()
                data = render_bytes(ws.documents.build("minutes", mid), "pdf")
                times.append(time.perf_counter() - t0)
            ours = statistics.median(times)
            print(f"minutes PDF in-process: first {cold * 1000:.0f} ms (fonts load), then median {ours * 1000:.0f} ms "
                  f"of {args.runs} (build + render, {len(data) // 1024} KB)")
            soffice = shutil.which("soffice") or shutil.which("libreoffice")
            if soffice:
                docx = tmp / "minutes.docx"
                docx.write_bytes(render_bytes(ws.documents.build("minutes", mid), "docx"))
                profile = tmp / "lo" / "profile"
                first = soffice_convert(soffice, docx, tmp / "lo-out", profile)
                warm = soffice_convert(soffice, docx, tmp / "lo-out", profile)
                ratio = warm / ours
                verdict = "OK" if ratio >= TARGET_RATIO else "MISSED"
                print(f"LibreOffice .docx → PDF: first {first:.2f} s (new profile), warm {warm:.2f} s → ours is "
                      f"{ratio:.0f}× faster (target ≥ {TARGET_RATIO}×) {verdict}")
                ok &= ratio >= TARGET_RATIO
            else:
                print("LibreOffice not installed: comparison skipped")

            # ---- 2. the year book -----------------------------------------------------------------------
            added = top_up(ws, args.year, args.min_records)
            records = year_count(ws, args.year)
            print(f"year book {args.year}: {records} records"
                  + (f" ({added} 谈心谈话 added to reach {args.min_records})" if added else ""))
            rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            for ext in (".pdf", ".docx"):
                out = tmp / f"yearbook{ext}"
                t0 = time.perf_counter()
                ws.documents.export("yearbook", out, year=args.year)
                elapsed = time.perf_counter() - t0
                line = f"  export {ext}: {elapsed:.2f} s, {out.stat().st_size // 1024} KB"
                if ext == ".pdf":
                    from pdfplumber import open as pdf_open

                    with pdf_open(out) as pdf:
                        line += f", {len(pdf.pages)} pages"
                    verdict = "OK" if elapsed < TARGET_YEARBOOK_S else "MISSED"
                    line += f" (target < {TARGET_YEARBOOK_S:.0f} s) {verdict}"
                    ok &= elapsed < TARGET_YEARBOOK_S
                print(line)
            rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            tracemalloc.start()
            ws.documents.export("yearbook", tmp / "yearbook-traced.pdf", year=args.year)
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            def mb(rss: int) -> float:  # ru_maxrss: KB on Linux, bytes on macOS
                return rss / (2**20 if sys.platform == "darwin" else 1024)

            print(f"  peak memory: Python allocations {peak / 2**20:.0f} MB (tracemalloc, PDF run); "
                  f"max RSS {mb(rss1):.0f} MB (was {mb(rss0):.0f} MB before the year book)")
        finally:
            ws.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        paths.set_data_dir(None)
    print("all targets met" if ok else "a target was missed")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
