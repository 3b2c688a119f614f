"""A branch with records, a committee book, and helpers to move bundles and receipts between them."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import text

from tests.conftest import PASSPHRASE
from desktop.workspace import Workspace
from meetings.branch import build_branch, meeting


class Clock:
    def __init__(self, start: datetime):
        self.t = start

    def __call__(self) -> datetime:
        self.t += timedelta(seconds=1)
        return self.t


@pytest.fixture
def br(ws):
    ws.ledger.now = Clock(datetime(2026, 3, 1, 9, 0))
    return build_branch(ws)


@pytest.fixture
def cw(tmp_path):
    committee = Workspace.create_committee(tmp_path / "工委.zhibu", PASSPHRASE, "市直机关工委")
    committee.ledger.now = Clock(datetime(2026, 3, 2, 8, 0))
    yield committee
    if committee.is_open:
        committee.close()


@pytest.fixture
def usb(tmp_path):
    folder = tmp_path / "U盘"
    folder.mkdir()
    return folder


@pytest.fixture
def receipts_dir(tmp_path):
    folder = tmp_path / "回执"
    folder.mkdir()
    return folder


@pytest.fixture
def trusted(ws, br, cw, tmp_path):
    """The branch trusts the committee; returns the key file."""
    key_file = cw.committee.export_public_key(tmp_path)
    ws.sync.trust(key_file)
    return key_file


def finalize_meeting(ws, br, start: datetime, **fields) -> int:
    return ws.meetings.finalize(ws.meetings.create(meeting(br, start=start, **fields)).id).id


def enrolled(ws, cw, usb, receipts_dir):
    """Export the first bundle, import it (pending), enrol the branch, import the receipt."""
    first = ws.sync.export(usb)
    [pending] = cw.committee.import_bundles([first.path], receipts_dir)
    assert pending.status == "pending"
    [done] = cw.committee.enrol(pending.branch_id, ws.sync.identity().fingerprint, receipts_dir)
    assert done.status == "accepted", done.message
    ws.sync.import_receipt(done.receipt_path)
    return first


def dump(workspace) -> dict:
    """Every row of every table, to show that a refused import changed nothing."""
    out = {}
    with workspace.engine.connect() as conn:
        tables = [r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))]
        for t in sorted(tables):
            out[t] = sorted(map(repr, conn.execute(text(f'SELECT * FROM "{t}"')).all()))
    return out
