"""Regenerate the per-kind reference images in ``kinds/`` (for human review, not compared by the tests).

    .venv/bin/python tests/desktop/documents/builders/reference/make_kinds.py [NAME ...]

Builds the demo book (activity up to 2026-06-15) in a temporary folder, exports page 1 of every kind (or of the
named ones, e.g. ``notice handover``) as PDF (``pdftoppm -r 40``) and as .docx converted by LibreOffice (a
throw-away profile, one batch), and writes ``<name>-pdf.png`` / ``<name>-docx.png``. The 数据包交接单 comes last:
it needs a bundle exported to a committee the branch trusts (as ``test_builders_kinds.py`` makes one), which
the other kinds must not see. Needs pdftoppm and libreoffice; takes about two minutes for all of them.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[5]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # builder_support

OUT = Path(__file__).resolve().parent / "kinds"


def cases(ws):
    from desktop.domain.meeting_enums import MeetingKind, RecordStatus

    def meeting(kind):
        return next(m.id for m in ws.meetings.list(kind=kind, status=RecordStatus.FINAL))

    e = ws.evaluations.list()[-1].id
    first = ws.evaluations.get(e).record.members[0].member_id
    return {
        "notice": ("notice", meeting(MeetingKind.GENERAL_ASSEMBLY), {}),
        "sign-in": ("sign-in", meeting(MeetingKind.GENERAL_ASSEMBLY), {}),
        "minutes-general-assembly": ("minutes", meeting(MeetingKind.GENERAL_ASSEMBLY), {}),
        "minutes-theme-day": ("minutes", meeting(MeetingKind.THEME_DAY), {}),
        "minutes-org-life": ("minutes", meeting(MeetingKind.ORG_LIFE_MEETING), {}),
        "org-life-report": ("org-life-report", meeting(MeetingKind.ORG_LIFE_MEETING), {}),
        "ballot": ("ballot", e, {"copies": 1}),
        "evaluation-summary": ("evaluation-summary", e, {}),
        "self-analysis": ("self-analysis", e, {"member_id": first}),
        "talk": ("talk", ws.talks.list()[-1].id, {}),
        "roster": ("roster", None, {}),
        "dues-sheet": ("dues-sheet", None, {"year": 2026, "month": 3}),
        "assessment": ("assessment", None, {"year": 2025}),
        "vote-ballot": ("vote-ballot", meeting(MeetingKind.GENERAL_ASSEMBLY), {"copies": 1}),
        "rectification-ledger": ("rectification-ledger", None, {"year": 2025}),
        "study-hours": ("study-hours", None, {"year": 2025}),
        "yearbook": ("yearbook", None, {"year": 2025}),  # page 1: the cover with 编制 / 审核
    }


def handover_case(ws, folder: Path):
    """The demo branch trusts a committee and exports its first bundle: the slip of that bundle."""
    from builder_support import export_to_trusted_committee

    return "handover", export_to_trusted_committee(ws, folder).seq, {}


def main(argv: list[str]) -> int:
    from desktop import paths
    from desktop.demo import create_demo_book
    from desktop.workspace import Workspace

    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        paths.set_data_dir(tmp / "data")
        book, passphrase = create_demo_book(tmp / "demo.zhibu", "参考图-Reference-1", today=date(2026, 6, 15))
        ws = Workspace.open(book, passphrase, auto_backup=False)
        docx = []
        try:
            wanted = cases(ws)
            wanted["handover"] = None  # made last, see handover_case
            unknown = set(argv) - set(wanted)
            if unknown:
                raise SystemExit(f"unknown: {', '.join(sorted(unknown))}; known: {', '.join(wanted)}")
            for name in [n for n in wanted if not argv or n in argv]:  # in this order: the handover slip last
                kind, record, opts = wanted[name] or handover_case(ws, tmp)
                ws.documents.export(kind, tmp / f"{name}.pdf", record, **opts)
                ws.documents.export(kind, tmp / f"{name}.docx", record, **opts)
                docx.append(tmp / f"{name}.docx")
                subprocess.run(["pdftoppm", "-r", "40", "-f", "1", "-l", "1", "-singlefile", "-png",
                                tmp / f"{name}.pdf", OUT / f"{name}-pdf"], check=True)
        finally:
            ws.close()
        lo = tmp / "lo"
        lo.mkdir()
        env = dict(os.environ, FONTCONFIG_FILE=str(ROOT / "resources" / "fonts" / "fontconfig" / "zhibu-fonts.conf"),
                   XDG_CACHE_HOME=str(tmp / "cache"), HOME=str(tmp))
        subprocess.run(["libreoffice", f"-env:UserInstallation={(tmp / 'profile').as_uri()}", "--headless",
                        "--norestore", "--convert-to", "pdf", "--outdir", str(lo), *map(str, docx)], check=True,
                       capture_output=True, timeout=600, env=env)
        for pdf in sorted(lo.glob("*.pdf")):
            subprocess.run(["pdftoppm", "-r", "40", "-f", "1", "-l", "1", "-singlefile", "-png", pdf,
                            OUT / f"{pdf.stem}-docx"], check=True)
    print(f"written to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
