"""The bundle manifest (docs/bundle-format.md): what it holds, its canonical bytes, signature and schema.

The manifest is signed (Ed25519) over ``SIG_DOMAIN ‖ canonical bytes``; it names the committee it is for and
the bundle's sequence number, so a bundle cannot be re-addressed or renumbered without breaking the signature.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from desktop.errors import ZhibuError
from desktop.sync import keys, strictjson

FORMAT = "zhibu-bundle"
VERSION = 1
SIG_DOMAIN = b"zhibu/bundle-manifest/v1\x00"
HEX64 = re.compile(r"[0-9a-f]{64}")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}")


class ManifestError(ZhibuError):
    pass


@dataclass(frozen=True)
class LastReceipt:
    seq: int
    length: int
    head: str
    received_at: datetime


@dataclass(frozen=True)
class Manifest:
    branch_id: str
    branch_name: str
    sign_public: bytes
    committee_fingerprint: str
    seq: int
    created_at: datetime
    prev_bundle: str | None
    ledger_from: int
    ledger_to: int
    ledger_length: int
    head: str | None
    last_receipt: LastReceipt | None
    app_version: str
    members: dict  # name -> (sha256 hex, size)

    @property
    def branch_fingerprint(self) -> str:
        return keys.branch_fingerprint(self.sign_public)


def _time(t: datetime) -> str:
    return t.replace(microsecond=0).isoformat()


def to_bytes(m: Manifest) -> bytes:
    doc = {
        "format": FORMAT, "version": VERSION,
        "branch": {"id": m.branch_id, "name": m.branch_name, "sign_public": m.sign_public.hex()},
        "committee_fingerprint": m.committee_fingerprint,
        "seq": m.seq, "created_at": _time(m.created_at), "prev_bundle": m.prev_bundle,
        "ledger": {"from": m.ledger_from, "to": m.ledger_to, "length": m.ledger_length, "head": m.head},
        "last_receipt": None if m.last_receipt is None else {
            "seq": m.last_receipt.seq, "length": m.last_receipt.length, "head": m.last_receipt.head,
            "received_at": _time(m.last_receipt.received_at)},
        "app_version": m.app_version,
        "members": {name: {"sha256": sha, "size": size} for name, (sha, size) in sorted(m.members.items())},
    }
    return strictjson.dumps(doc)


def sign(manifest_bytes: bytes, private: bytes) -> bytes:
    return keys.sign(private, SIG_DOMAIN + manifest_bytes)


def signature_ok(manifest_bytes: bytes, signature: bytes, public: bytes) -> bool:
    return len(signature) == 64 and keys.verify(public, signature, SIG_DOMAIN + manifest_bytes)


# ---- strict reading ------------------------------------------------------------------------------------
def _need(cond: bool, what: str) -> None:
    if not cond:
        raise ManifestError(f"数据包清单无效：{what}。")


def _int(v, what: str, low: int = 0) -> int:
    _need(type(v) is int and v >= low, f"{what}应为不小于{low}的整数")
    return v


def _parse_time(v, what: str) -> datetime:
    _need(isinstance(v, str) and TIME.fullmatch(v) is not None, f"{what}格式不正确")
    try:
        return datetime.fromisoformat(v)
    except ValueError:
        raise ManifestError(f"数据包清单无效：{what}不是有效时间。") from None


def _hex_or_none(v, what: str) -> str | None:
    _need(v is None or (isinstance(v, str) and HEX64.fullmatch(v) is not None), f"{what}格式不正确")
    return v


def _keys(doc: dict, expected: set[str], what: str) -> None:
    _need(isinstance(doc, dict), f"{what}应为对象")
    extra, missing = set(doc) - expected, expected - set(doc)
    _need(not extra, f"{what}含有未定义的字段 {sorted(extra)[:3]}")
    _need(not missing, f"{what}缺少字段 {sorted(missing)[:3]}")


def parse(data: bytes) -> Manifest:
    """Strict parse and schema validation of the manifest bytes (before and after the signature check)."""
    try:
        doc = strictjson.loads(data, max_bytes=4 * 1024 * 1024, max_depth=6)
    except strictjson.StrictJSONError as exc:
        raise ManifestError(f"数据包清单无效：{exc}。") from None
    _need(isinstance(doc, dict) and doc.get("format") == FORMAT, "不是支部纪实数据包")
    _need(doc.get("version") == VERSION, f"格式版本 {doc.get('version')!r} 不受支持，请升级本软件")
    _keys(doc, {"format", "version", "branch", "committee_fingerprint", "seq", "created_at", "prev_bundle",
                "ledger", "last_receipt", "app_version", "members"}, "清单")
    branch = doc["branch"]
    _keys(branch, {"id", "name", "sign_public"}, "支部信息")
    _need(isinstance(branch["id"], str) and UUID.fullmatch(branch["id"]) is not None, "支部编号格式不正确")
    _need(isinstance(branch["name"], str) and 0 < len(branch["name"]) <= 100, "支部名称不正确")
    _need(isinstance(branch["sign_public"], str) and re.fullmatch(r"[0-9a-f]{64}", branch["sign_public"]) is not None,
          "支部公钥格式不正确")
    _need(isinstance(doc["committee_fingerprint"], str) and len(doc["committee_fingerprint"]) <= 80, "工委指纹不正确")
    ledger = doc["ledger"]
    _keys(ledger, {"from", "to", "length", "head"}, "纪实范围")
    frm, to, length = _int(ledger["from"], "起始序号", 1), _int(ledger["to"], "结束序号"), _int(ledger["length"], "长度")
    _need(to == length and frm <= to + 1, "纪实范围与长度不一致")
    head = _hex_or_none(ledger["head"], "链头哈希")
    _need((head is None) == (length == 0), "链头哈希与长度不一致")
    last = doc["last_receipt"]
    receipt = None
    if last is not None:
        _keys(last, {"seq", "length", "head", "received_at"}, "回执信息")
        receipt = LastReceipt(_int(last["seq"], "回执序号", 1), _int(last["length"], "回执长度", 1),
                              _hex_or_none(last["head"], "回执链头") or "", _parse_time(last["received_at"], "回执时间"))
        _need(receipt.head != "", "回执链头缺失")
    members = doc["members"]
    _need(isinstance(members, dict) and len(members) <= 5000, "成员清单不正确")
    listed = {}
    for name, item in members.items():
        _keys(item, {"sha256", "size"}, f"成员“{name[:40]}”")
        _need(isinstance(item["sha256"], str) and HEX64.fullmatch(item["sha256"]) is not None, f"成员“{name[:40]}”的哈希不正确")
        listed[name] = (item["sha256"], _int(item["size"], f"成员“{name[:40]}”的大小"))
    _need(isinstance(doc["app_version"], str) and len(doc["app_version"]) <= 40, "软件版本不正确")
    return Manifest(branch["id"], branch["name"], bytes.fromhex(branch["sign_public"]), doc["committee_fingerprint"],
                    _int(doc["seq"], "数据包序号", 1), _parse_time(doc["created_at"], "导出时间"),
                    _hex_or_none(doc["prev_bundle"], "上一个数据包哈希"), frm, to, length, head, receipt,
                    doc["app_version"], listed)
