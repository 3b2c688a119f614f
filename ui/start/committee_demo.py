"""``zhibu --demo --committee`` (``python3 dev.py demo --committee``): a demo committee book beside the demo
branch book, to walk 报送 end to end on one machine. Worker side only (no Qt)."""

from __future__ import annotations

from pathlib import Path

COMMITTEE_DEMO_NAME = "演示机关工委"
COMMITTEE_DEMO_FILE = "演示机关工委.zhibu"


def committee_demo_path() -> Path:
    from desktop import paths

    return paths.data_dir() / COMMITTEE_DEMO_FILE


def ensure_committee_demo() -> tuple[Path, Path]:
    """The demo branch book and an (empty) demo committee book beside it, both with the demo passphrase: enough
    to walk 报送 end to end (trust, export, import, enrol, receipt) on one machine."""
    from desktop.demo import DEMO_PASSPHRASE, ensure_demo_book
    from desktop.workspace import Workspace

    branch = ensure_demo_book()
    committee = committee_demo_path()
    if not committee.exists():
        Workspace.create_committee(committee, DEMO_PASSPHRASE, COMMITTEE_DEMO_NAME).close()
    return branch, committee
