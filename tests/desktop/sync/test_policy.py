"""The committee's ID-number policy: carried signed in its public key file; a branch sends full ID numbers only
after trusting a key file whose policy asks for them."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from desktop.domain.idnumber import check_digit
from desktop.errors import ZhibuError
from desktop.storage.models import Member
from desktop.storage.models_sync import CommitteeBranch
from desktop.sync import keys

from .conftest import enrolled


def held_roster(cw) -> list[dict]:
    with cw.session() as s:
        [b] = s.scalars(select(CommitteeBranch)).all()
        return json.loads(b.roster)


@pytest.fixture
def with_ids(ws, br):
    first17 = "11010519800101001"
    with ws.session() as s:
        rows = s.scalars(select(Member).order_by(Member.id).limit(2)).all()
        rows[0].id_number = "11010519491231002X"
        rows[1].id_number = first17 + check_digit(first17)
    return numbers(ws)


def numbers(ws) -> set[str]:
    with ws.session() as s:
        return {n for n in s.scalars(select(Member.id_number)) if n}


def test_default_sends_no_full_id_numbers(ws, br, with_ids, cw, trusted, usb, receipts_dir):
    assert ws.sync.committee().full_id is False
    enrolled(ws, cw, usb, receipts_dir)
    roster = held_roster(cw)
    assert roster and all("id_number" not in row for row in roster)
    assert len(with_ids) == 2 and not with_ids & {row["id_masked"] for row in roster}
    assert not any(n.encode() in json.dumps(roster).encode() for n in with_ids)


def test_policy_on_reaches_the_branch_through_a_new_key_file(ws, br, with_ids, cw, trusted, usb, receipts_dir,
                                                            tmp_path):
    cw.committee.set_full_id_policy(True)
    assert cw.committee.full_id_policy() is True
    # the key file the branch already trusted says nothing of it: still masked
    assert ws.sync.trust(trusted).full_id is False
    new_file = cw.committee.export_public_key(tmp_path / "新公钥.zhibu-key")
    assert keys.read_key_file(new_file).full_id is True
    assert ws.sync.trust(new_file).full_id is True  # same key, newer policy: no --replace needed
    assert ws.sync.committee().full_id is True
    enrolled(ws, cw, usb, receipts_dir)
    assert {row["id_number"] for row in held_roster(cw)} - {""} == with_ids
    # an older key file does not turn it back off; a newer one with the policy off does
    assert ws.sync.trust(trusted).full_id is True
    cw.committee.set_full_id_policy(False)
    # until the branch trusts the newer file it still sends them, but the committee no longer keeps them
    [out] = cw.committee.import_bundles([ws.sync.export(usb).path])
    assert out.status == "accepted", out.message
    assert all("id_number" not in row for row in held_roster(cw))
    off = cw.committee.export_public_key(tmp_path / "关闭.zhibu-key")
    assert ws.sync.trust(off).full_id is False


def test_policy_edited_in_the_key_file_is_refused(ws, br, cw, tmp_path):
    path = cw.committee.export_public_key(tmp_path / "k.zhibu-key")
    doc = json.loads(path.read_text())
    doc["policy"]["full_id"] = True
    path.write_text(json.dumps(doc))
    with pytest.raises(ZhibuError, match="工委政策的签名无效"):
        ws.sync.trust(path)
    assert ws.sync.committee() is None


def test_policy_signed_by_another_committee_is_refused(ws, br, cw, tmp_path):
    from desktop.workspace import Workspace
    from tests.conftest import PASSPHRASE

    other = Workspace.create_committee(tmp_path / "另一工委.zhibu", PASSPHRASE, "另一工委")
    try:
        other.committee.set_full_id_policy(True)
        theirs = json.loads(other.committee.export_public_key(tmp_path / "o.zhibu-key").read_text())
    finally:
        other.close()
    path = cw.committee.export_public_key(tmp_path / "k.zhibu-key")
    doc = json.loads(path.read_text())
    doc["policy"], doc["policy_signature"] = theirs["policy"], theirs["policy_signature"]
    path.write_text(json.dumps(doc))
    with pytest.raises(ZhibuError, match="工委政策的签名无效"):
        ws.sync.trust(path)


def test_cli_policy_and_the_branch_says_so(ws, book_path, tmp_path, monkeypatch, capsys):
    from desktop.cli.main import main
    from tests.conftest import PASSPHRASE

    ws.close()
    monkeypatch.setenv("ZHIBU_PASSPHRASE", PASSPHRASE)
    cbook = tmp_path / "工委.zhibu"

    def run(*argv):
        code = main([str(a) for a in argv])
        return code, capsys.readouterr().out

    run("committee", "init", cbook, "--name", "市直机关工委")
    code, out = run("committee", "policy", cbook, "--full-id", "on")
    assert code == 0 and "要求支部报送完整身份证号码" in out and "重新导出公钥文件" in out
    run("committee", "pubkey", cbook, "-o", tmp_path / "k.zhibu-key")
    code, out = run("trust", book_path, tmp_path / "k.zhibu-key")
    assert code == 0 and "数据包将包含完整身份证号码" in out
    code, out = run("bundles", book_path, "--json")
    assert json.loads(out)["committee"]["full_id"] is True
    code, out = run("committee", "policy", cbook)
    assert "要求支部报送完整身份证号码" in out and "政策已更改" not in out
