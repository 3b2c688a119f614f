"""The README's 报送 walkthrough as a script runs it: committee init → pubkey → trust → export → import
(pending) → enrol → receipt → bundles, plus the exit codes of a refused import."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import zipfile

import pytest

from tests.conftest import PASSPHRASE
from desktop.cli.main import main
from desktop.workspace import Workspace

from .forge import identity


def run(capsys, *argv):
    try:
        code = main([str(a) for a in argv])
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def books(ws, book_path, tmp_path, monkeypatch):
    ws.close()
    monkeypatch.setenv("ZHIBU_PASSPHRASE", PASSPHRASE)
    return book_path, tmp_path / "工委.zhibu", tmp_path


def test_walkthrough(books, capsys):
    book, cbook, tmp = books
    code, out, err = run(capsys, "committee", "init", cbook, "--name", "市直机关工委")
    assert (code, err) == (0, "") and "工委公钥指纹" in out
    code, out, _ = run(capsys, "committee", "pubkey", cbook, "-o", tmp / "工委公钥.zhibu-key")
    assert code == 0 and (tmp / "工委公钥.zhibu-key").exists()
    fingerprint = out.split("指纹：")[1].split("（")[0]
    code, out, _ = run(capsys, "trust", book, tmp / "工委公钥.zhibu-key")
    assert code == 0 and fingerprint in out and "已信任“市直机关工委”" in out
    branch_fp = out.split("核对）：")[1].strip()
    usb = tmp / "usb"
    usb.mkdir()
    code, out, _ = run(capsys, "export", book, "-o", usb)
    assert code == 0 and "已导出第1号数据包" in out and "数据包指纹" in out
    [bundle] = usb.iterdir()
    code, out, err = run(capsys, "doc", book, "handover", 1, "-o", tmp / "交接单.docx")
    assert (code, err) == (0, "") and "已生成数据包交接单" in out and (tmp / "交接单.docx").stat().st_size > 5000
    receipts = tmp / "回执"
    receipts.mkdir()
    code, out, _ = run(capsys, "committee", "import", cbook, bundle, "--json", "--receipts", receipts)
    [row] = json.loads(out)
    assert code == 0 and row["status"] == "pending"
    code, out, _ = run(capsys, "committee", "branches", cbook, "--json")
    [b] = json.loads(out)
    assert b["enrolled"] is False and b["fingerprint"] == branch_fp
    code, out, _ = run(capsys, "committee", "enrol", cbook, b["branch_id"], "--confirm", branch_fp.replace(" ", "-"),
                       "--receipts", receipts)
    assert code == 0 and "已导入" in out
    [receipt] = receipts.iterdir()
    code, out, _ = run(capsys, "receipt", book, receipt)
    assert code == 0 and "已报送 · 工委已确认 " in out
    code, out, _ = run(capsys, "bundles", book, "--json")
    data = json.loads(out)
    assert data["pending_entries"] == 0 and data["bundles"][0]["acknowledged"] is True
    code, out, _ = run(capsys, "committee", "branches", cbook)
    assert "已登记" in out and "保存至第" in out
    # a refused file among good ones: exit 1, each file reported
    junk = tmp / "junk.zhibu-bundle"
    junk.write_bytes(b"not a bundle")
    code, out, _ = run(capsys, "committee", "import", cbook, bundle, junk)
    assert code == 1 and "已导入过" in out and "已拒绝：junk.zhibu-bundle" in out


@pytest.mark.skipif(shutil.which("age") is None, reason="the stock age CLI is not installed")
def test_stock_age_cli_decrypts_a_bundle(books, capsys, tmp_path):
    """Interop: the bundle is a standard age file; the committee identity opens it with the stock tool."""
    book, cbook, tmp = books
    assert run(capsys, "committee", "init", cbook, "--name", "市直机关工委")[0] == 0
    run(capsys, "committee", "pubkey", cbook, "-o", tmp / "k.zhibu-key")
    run(capsys, "trust", book, tmp / "k.zhibu-key")
    usb = tmp / "usb"
    usb.mkdir()
    assert run(capsys, "export", book, "-o", usb)[0] == 0
    [bundle] = usb.iterdir()
    cw = Workspace.open(cbook, PASSPHRASE)
    try:
        secret = identity(cw, "committee").age_identity
    finally:
        cw.close()
    key_file = tmp / "identity.txt"
    key_file.write_text(secret + "\n")
    plain = subprocess.run(["age", "--decrypt", "-i", str(key_file), str(bundle)], capture_output=True,
                           check=True).stdout
    key_file.unlink()
    names = zipfile.ZipFile(io.BytesIO(plain)).namelist()
    assert names[:2] == ["manifest.json", "manifest.sig"] and "entries.json" in names
