"""SECURITY.md matrix row 8: hostile bundles. Each is refused with its own Chinese message, quickly, with
bounded memory, and the committee book is unchanged (every row of every table)."""

from __future__ import annotations

import stat
import tracemalloc
import zipfile
from datetime import datetime

import pytest

from tests.conftest import PASSPHRASE
from desktop.sync import importer, keys
from desktop.workspace import Workspace
from meetings.branch import build_branch, meeting

from .conftest import Clock, dump, enrolled
from .forge import Forge


@pytest.fixture(scope="module")
def scene(tmp_path_factory):
    """An enrolled branch whose second bundle (with an attachment) is the raw material for forgeries."""
    root = tmp_path_factory.mktemp("hostile")
    ws = Workspace.create(root / "支部.zhibu", PASSPHRASE, "测试党支部")
    cw = Workspace.create_committee(root / "工委.zhibu", PASSPHRASE, "市直机关工委")
    ws.ledger.now = Clock(datetime(2026, 3, 1, 9, 0))
    cw.ledger.now = Clock(datetime(2026, 3, 2, 8, 0))
    br = build_branch(ws)
    ws.sync.trust(cw.committee.export_public_key(root))
    (root / "usb").mkdir()
    (root / "rc").mkdir()
    mid = ws.meetings.finalize(ws.meetings.create(meeting(br, start=datetime(2026, 1, 5, 9, 0))).id).id
    enrolled(ws, cw, root / "usb", root / "rc")
    ws.meetings.attach(mid, b"%PDF-1.4 sign-in sheet", "签到表.pdf", reason="补充签到表")
    second = ws.sync.export(root / "usb")
    yield ws, cw, second.path, root
    ws.close()
    cw.close()


def other_key() -> bytes:
    return keys.new_signing_key()[0]


def relisted(f: Forge) -> Forge:
    f.relist()
    return f


def _zip_info(name: str, mode: int = stat.S_IFREG | 0o644) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.external_attr = mode << 16
    return info


HEX = "ab" * 32
CASES = {
    "zip_slip": (lambda f, out: f.seal(out, extra=[("../../evil.txt", b"x")]), "含有“..”"),
    "absolute": (lambda f, out: f.seal(out, extra=[("/etc/cron.d/evil", b"x")]), "绝对路径"),
    "backslash": (lambda f, out: f.seal(out, extra=[("..\\..\\evil.txt", b"x")]), "反斜杠"),
    "drive_letter": (lambda f, out: f.seal(out, extra=[("C:evil.txt", b"x")]), "盘符"),
    "symlink": (lambda f, out: f.seal(out, extra=[(_zip_info(f"attachments/{HEX}", stat.S_IFLNK | 0o777),
                                                   b"/etc/passwd")]), "符号链接"),
    "duplicate": (lambda f, out: f.seal(out, extra=[("rules.json", b"{}")]), "重复出现"),
    "case_collision": (lambda f, out: f.seal(out, extra=[("Rules.json", b"{}")]), "仅大小写不同"),
    "unknown_member": (lambda f, out: f.seal(out, extra=[("notes.txt", b"x")]), "不认识的成员"),
    "unlisted": (lambda f, out: f.seal(out, extra=[(f"attachments/{HEX}", b"x")]), "清单未列出的成员"),
    "missing": (lambda f, out: f.seal(out, skip=("rules.json",)), "缺少清单列出的成员“rules.json”"),
    "wrong_signer": (lambda f, out: f.seal(out, signer=other_key()), "签名无效"),
    "wrong_committee": (lambda f, out: f.seal(out, recipient=keys.new_age_identity()[1]), "不是加密给本工委"),
    "other_committee_named": (lambda f, out: (f.manifest.update(committee_fingerprint="1" * 30), f.seal(out))[1],
                              "报送给另一个工委"),
    "truncated": (lambda f, out: (f.seal(out), out.write_bytes(out.read_bytes()[:len(out.read_bytes()) // 2]))[0],
                  "已损坏（解密校验失败）"),
    "truncated_header": (lambda f, out: (f.seal(out), out.write_bytes(out.read_bytes()[:100]))[0], "被截断"),
    "not_a_bundle": (lambda f, out: (out.write_bytes(b"PK\x03\x04 not age"), out)[1], "不是 age 加密文件"),
    "duplicate_keys": (lambda f, out: (f.members.update({"rules.json": b'{"at":"2026-01-01","rules":[],"at":"x"}'}),
                                       relisted(f), f.seal(out))[2], "键名重复：at"),
    "deep_nesting": (lambda f, out: (f.members.update({"roster.json": b"[" * 5000 + b"]" * 5000}),
                                     relisted(f), f.seal(out))[2], "嵌套层数超过"),
    "huge_number": (lambda f, out: (f.set_entries([dict(e, seq=10 ** 40) for e in f.entries()]),
                                    relisted(f), f.seal(out))[2], "数字过大"),
    "nan": (lambda f, out: (f.members.update({"rules.json": b'{"at":"2026-01-01","rules":[NaN]}'}),
                            relisted(f), f.seal(out))[2], "非法数值 NaN"),
    "edited_entry": (lambda f, out: (f.set_entries([dict(e, canonical=e["canonical"].replace('"v":1', '"v":2'))
                                                    for e in f.entries()]), relisted(f), f.seal(out))[2],
                     "哈希值与内容不符"),
    "manifest_duplicate_key": (lambda f, out: f.seal(out, manifest_bytes=f.manifest_bytes()[:-1] + b',"seq":99}'),
                               "键名重复：seq"),
}


@pytest.mark.filterwarnings("ignore:Duplicate name")
@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_bundle_is_refused_and_changes_nothing(scene, case, tmp_path):
    ws, cw, genuine, _root = scene
    build, expected = CASES[case]
    path = build(Forge(ws, cw, genuine), tmp_path / f"{case}.zhibu-bundle")
    before = dump(cw)
    [out] = cw.committee.import_bundles([path])
    assert out.status == "rejected"
    assert expected in out.message, out.message
    assert dump(cw) == before


def test_flipped_byte_in_every_member_is_named(scene, tmp_path):
    ws, cw, genuine, _root = scene
    names = sorted(Forge(ws, cw, genuine).members) + ["manifest.json", "manifest.sig"]
    assert any(n.startswith("attachments/") for n in names)
    before = dump(cw)
    for name in names:
        f = Forge(ws, cw, genuine)
        if name == "manifest.json":
            mbytes = f.manifest_bytes().replace(b'"app_version":"0.', b'"app_version":"1.')
            path = f.seal_raw(tmp_path / "m.bundle", [("manifest.json", mbytes),
                                                      ("manifest.sig", _sig(f))]
                              + list(f.members.items()))
            expected = "签名无效"
        elif name == "manifest.sig":
            sig = bytearray(_sig(f))
            sig[10] ^= 1
            path = f.seal_raw(tmp_path / "s.bundle", [("manifest.json", f.manifest_bytes()),
                                                      ("manifest.sig", bytes(sig))] + list(f.members.items()))
            expected = "签名无效"
        else:
            data = bytearray(f.members[name])
            data[len(data) // 2] ^= 0x01
            f.members[name] = bytes(data)
            path = f.seal(tmp_path / "x.bundle")  # manifest still lists the genuine hash
            expected = f"“{name}”已损坏"
        [out] = cw.committee.import_bundles([path])
        assert out.status == "rejected" and expected in out.message, (name, out.message)
    assert dump(cw) == before


def _sig(f: Forge) -> bytes:
    from desktop.sync import manifest

    return manifest.sign(f.manifest_bytes(), f.branch.sign_private)


def test_key_the_committee_does_not_know_for_an_enrolled_branch(scene, tmp_path):
    ws, cw, genuine, _root = scene
    f = Forge(ws, cw, genuine)
    private, public = keys.new_signing_key()
    f.manifest["branch"]["sign_public"] = public.hex()
    path = f.seal(tmp_path / "k.bundle", signer=private)
    before = dump(cw)
    [out] = cw.committee.import_bundles([path])
    assert out.status == "rejected" and "另一把密钥签名" in out.message
    assert dump(cw) == before


def test_ratio_bomb_and_100k_members_are_refused_with_bounded_memory(scene, tmp_path):
    ws, cw, genuine, _root = scene
    f = Forge(ws, cw, genuine)
    f.members["entries.json"] = b"[" + b" " * (60 * 1024 * 1024) + b"]"
    f.relist()
    bomb = f.seal(tmp_path / "bomb.bundle")
    many = Forge(ws, cw, genuine).seal_raw(tmp_path / "many.bundle",
                                           [(f"attachments/{i:064x}", b"") for i in range(100_000)])
    before = dump(cw)
    for path, expected in ((bomb, "压缩比异常"), (many, "超过上限")):
        tracemalloc.start()
        [out] = cw.committee.import_bundles([path])
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert out.status == "rejected" and expected in out.message, out.message
        assert peak < 48 * 1024 * 1024 + 3 * path.stat().st_size, peak  # the file and its plaintext, not the bomb
    assert dump(cw) == before


def test_oversized_file_is_refused_before_reading(scene, tmp_path, monkeypatch):
    ws, cw, genuine, _root = scene
    monkeypatch.setattr(importer, "MAX_BUNDLE_BYTES", 1000)
    [out] = cw.committee.import_bundles([genuine])
    assert out.status == "rejected" and "超过数据包上限" in out.message


def test_genuine_bundle_still_imports_after_all_that(scene):
    ws, cw, genuine, _root = scene
    [out] = cw.committee.import_bundles([genuine])
    assert out.status == "accepted", out.message
