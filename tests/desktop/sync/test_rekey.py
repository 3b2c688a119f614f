"""Branch key rotation: a new key is accepted only through a handover signed by the key the committee holds."""

from __future__ import annotations

import json
import uuid
from datetime import datetime

from desktop.storage.models import BookSetting
from desktop.storage.models_sync import SyncIdentity
from desktop.sync import handover, keys

from .conftest import dump, enrolled, finalize_meeting


def held_fingerprint(cw, branch_id):
    return {b.branch_id: b.fingerprint for b in cw.committee.branches()}[branch_id]


def old_key(ws):
    with ws.session() as s:
        row = s.get(SyncIdentity, "branch")
        return row.ident, row.sign_private, row.sign_public


def replace_handover(ws, doc):
    with ws.session() as s:
        [(n, _d)] = handover.stored(s)
        s.merge(BookSetting(key=f"{handover.SETTING_PREFIX}{n}", value=json.dumps(doc)))


def test_rotated_key_is_accepted_through_the_handover_and_then_held(ws, br, cw, trusted, usb, receipts_dir):
    enrolled(ws, cw, usb, receipts_dir)
    before = ws.sync.identity()
    after = ws.sync.rotate_key()
    assert after.branch_id == before.branch_id and after.fingerprint != before.fingerprint
    assert ws.ledger.verify().ok
    finalize_meeting(ws, br, datetime(2026, 2, 10, 9, 0))
    switching = ws.sync.export(usb).path
    [out] = cw.committee.import_bundles([switching], receipts_dir)
    assert out.status == "accepted", out.message
    assert "更换密钥" in out.message and after.fingerprint in out.message
    [same] = cw.committee.import_bundles([switching])
    assert same.status == "already", same.message
    assert held_fingerprint(cw, before.branch_id) == after.fingerprint
    ws.sync.import_receipt(out.receipt_path)
    # later bundles under the new key need nothing more; the stale handover is harmless
    finalize_meeting(ws, br, datetime(2026, 2, 20, 9, 0))
    [again] = cw.committee.import_bundles([ws.sync.export(usb).path])
    assert again.status == "accepted", again.message


def test_two_rotations_and_a_lost_bundle_heal_in_one_import(ws, br, cw, trusted, usb, receipts_dir):
    enrolled(ws, cw, usb, receipts_dir)
    ws.sync.rotate_key()
    ws.sync.export(usb)  # lost on the way
    final = ws.sync.rotate_key()
    [out] = cw.committee.import_bundles([ws.sync.export(usb).path])
    assert out.status == "accepted", out.message
    assert held_fingerprint(cw, final.branch_id) == final.fingerprint


def test_new_key_without_handover_is_refused(ws, br, cw, trusted, usb, receipts_dir):
    enrolled(ws, cw, usb, receipts_dir)
    ident = ws.sync.identity()
    private, public = keys.new_signing_key()
    with ws.session() as s:  # a key swapped in behind the app's back: no handover statement
        row = s.get(SyncIdentity, "branch")
        row.sign_private, row.sign_public = private, public
    before = dump(cw)
    [out] = cw.committee.import_bundles([ws.sync.export(usb).path])
    assert out.status == "rejected"
    assert "没有旧密钥签署的密钥交接声明" in out.message
    assert dump(cw) == before
    assert held_fingerprint(cw, ident.branch_id) == ident.fingerprint


def test_handover_signed_by_a_wrong_key_is_refused(ws, br, cw, trusted, usb, receipts_dir):
    enrolled(ws, cw, usb, receipts_dir)
    branch_id, _priv, _pub = old_key(ws)
    held = ws.sync.identity().fingerprint
    ws.sync.rotate_key()
    _bid, new_private, new_public = old_key(ws)
    stranger_private, stranger_public = keys.new_signing_key()
    replace_handover(ws, handover.make(branch_id, stranger_private, stranger_public, new_private, new_public,
                                       datetime(2026, 3, 5)))
    before = dump(cw)
    [out] = cw.committee.import_bundles([ws.sync.export(usb).path])
    assert out.status == "rejected"
    assert "不是由工委登记的支部密钥" in out.message
    assert dump(cw) == before
    assert held_fingerprint(cw, branch_id) == held


def test_handover_with_a_forged_old_signature_is_refused(ws, br, cw, trusted, usb, receipts_dir):
    enrolled(ws, cw, usb, receipts_dir)
    branch_id, old_private, old_public = old_key(ws)
    ws.sync.rotate_key()
    _bid, new_private, new_public = old_key(ws)
    stranger_private, _ = keys.new_signing_key()
    doc = handover.make(branch_id, old_private, old_public, new_private, new_public, datetime(2026, 3, 5))
    forged = handover.make(branch_id, stranger_private, old_public, new_private, new_public, datetime(2026, 3, 5))
    doc["old_signature"] = forged["old_signature"]
    replace_handover(ws, doc)
    before = dump(cw)
    [out] = cw.committee.import_bundles([ws.sync.export(usb).path])
    assert out.status == "rejected" and "签名无效" in out.message
    assert dump(cw) == before


def test_handover_for_another_branch_is_refused(ws, br, cw, trusted, usb, receipts_dir):
    enrolled(ws, cw, usb, receipts_dir)
    branch_id, old_private, old_public = old_key(ws)
    ws.sync.rotate_key()
    _bid, new_private, new_public = old_key(ws)
    replace_handover(ws, handover.make(str(uuid.uuid4()), old_private, old_public, new_private, new_public,
                                       datetime(2026, 3, 5)))
    before = dump(cw)
    [out] = cw.committee.import_bundles([ws.sync.export(usb).path])
    assert out.status == "rejected" and "属于另一个支部" in out.message
    assert dump(cw) == before


def test_cli_rekey_then_the_committee_lists_the_new_fingerprint(ws, book_path, tmp_path, monkeypatch, capsys):
    from desktop.cli.main import main
    from tests.conftest import PASSPHRASE

    ws.close()
    monkeypatch.setenv("ZHIBU_PASSPHRASE", PASSPHRASE)
    cbook, usb, receipts = tmp_path / "工委.zhibu", tmp_path / "usb", tmp_path / "回执"
    usb.mkdir()
    receipts.mkdir()

    def run(*argv):
        code = main([str(a) for a in argv])
        return code, capsys.readouterr().out

    run("committee", "init", cbook, "--name", "市直机关工委")
    run("committee", "pubkey", cbook, "-o", tmp_path / "k.zhibu-key")
    branch_fp = run("trust", book_path, tmp_path / "k.zhibu-key")[1].split("核对）：")[1].strip()
    run("export", book_path, "-o", usb)
    [b] = json.loads(run("committee", "import", cbook, *usb.iterdir(), "--json")[1])
    run("committee", "enrol", cbook, b["branch_id"], "--confirm", branch_fp)
    code, out = run("rekey", book_path)
    assert code == 0 and f"旧指纹：{branch_fp}" in out
    new_fp = out.split("新指纹：")[1].split("\n")[0]
    for old in usb.iterdir():
        old.unlink()
    run("export", book_path, "-o", usb)
    [row] = json.loads(run("committee", "import", cbook, *usb.iterdir(), "--json")[1])
    assert row["status"] == "accepted", row
    [b] = json.loads(run("committee", "branches", cbook, "--json")[1])
    assert b["fingerprint"] == new_fp != branch_fp
