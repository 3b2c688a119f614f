"""The bundle's content members other than the manifest: chain entries, roster snapshot, rule summary.

Each is JSON; the reader parses strictly and validates the shape before anything is used. Entries carry
their exact canonical bytes (as the UTF-8 text they are), so the committee recomputes every hash itself.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import datetime

from desktop.errors import ZhibuError
from desktop.sync import strictjson

HEX64 = re.compile(r"[0-9a-f]{64}")
# An attachment reference in canonical bytes (keys sorted: mime, name, sha256, size). In canonical JSON a
# quote inside a string is escaped, so this cannot match text inside a string value.
CANONICAL_ATTACHMENT = re.compile(rb'"sha256":"([0-9a-f]{64})","size":')


class PayloadError(ZhibuError):
    pass


@dataclass(frozen=True)
class Entry:
    seq: int
    prev_hash: str
    hash: str
    canonical: bytes
    kind: str
    record_type: str
    claimed_at: datetime | None
    entered_at: datetime | None
    attachments: frozenset  # SHA-256 of the files the entry's record refers to


def entries_bytes(rows) -> bytes:
    return strictjson.dumps([{"seq": r.seq, "prev_hash": r.prev_hash, "hash": r.hash,
                              "canonical": r.canonical.decode("utf-8")} for r in rows])


def attachment_hashes(value, found: set | None = None) -> set:
    """SHA-256 values of attachment references anywhere in a decoded record."""
    found = set() if found is None else found
    if isinstance(value, dict):
        sha = value.get("sha256")
        if isinstance(sha, str) and HEX64.fullmatch(sha) and "size" in value:
            found.add(sha)
        for v in value.values():
            if isinstance(v, (dict, list)):
                attachment_hashes(v, found)
    elif isinstance(value, list):
        for v in value:
            if isinstance(v, (dict, list)):
                attachment_hashes(v, found)
    return found


def _time(v):
    if v is None:
        return None
    try:
        return datetime.fromisoformat(v) if isinstance(v, str) else None
    except ValueError:
        return None


def parse_entries(data: bytes, member: str = "entries.json") -> list[Entry]:
    try:
        doc = strictjson.loads(data, max_bytes=len(data) + 1, max_depth=2)
    except strictjson.StrictJSONError as exc:
        raise PayloadError(f"数据包成员“{member}”无效：{exc}。") from None
    if not isinstance(doc, list):
        raise PayloadError(f"数据包成员“{member}”无效：应为条目列表。")
    out = []
    for i, item in enumerate(doc):
        where = f"数据包成员“{member}”第{i + 1}项"
        if not isinstance(item, dict) or set(item) != {"seq", "prev_hash", "hash", "canonical"}:
            raise PayloadError(f"{where}的字段不正确。")
        seq, prev, h, text = item["seq"], item["prev_hash"], item["hash"], item["canonical"]
        if type(seq) is not int or seq < 1 or not all(isinstance(x, str) and HEX64.fullmatch(x) for x in (prev, h)):
            raise PayloadError(f"{where}的序号或哈希格式不正确。")
        if not isinstance(text, str) or len(text) > 4 * 1024 * 1024:
            raise PayloadError(f"{where}的内容格式不正确。")
        canonical = text.encode("utf-8", "surrogatepass")
        try:
            env = strictjson.loads_canonical(canonical, max_bytes=4 * 1024 * 1024)
        except strictjson.StrictJSONError as exc:
            raise PayloadError(f"{where}（纪实第{seq}条）的内容无效：{exc}。") from None
        if not isinstance(env, dict) or not all(isinstance(env.get(k), str) for k in ("kind", "record_type")):
            raise PayloadError(f"{where}（纪实第{seq}条）缺少条目类型。")
        out.append(Entry(seq, prev, h, canonical, env["kind"][:16], env["record_type"][:32],
                         _time(env.get("claimed_at")), _time(env.get("entered_at")),
                         frozenset(sha.decode("ascii") for sha in CANONICAL_ATTACHMENT.findall(canonical))))
    return out


# ---- roster and rule summary ---------------------------------------------------------------------------
def id_keyed_hash(id_number: str, committee_fingerprint: str) -> str:
    """A keyed hash of an ID number: the committee can match a person across branches, nobody can read it."""
    key = hashlib.sha256(b"zhibu/id-hash/v1\x00" + committee_fingerprint.encode("ascii")).digest()
    return hmac.new(key, id_number.encode("ascii", "replace"), hashlib.sha256).hexdigest()


def parse_json_member(data: bytes, member: str, *, kind: type, max_depth: int = 8):
    try:
        doc = strictjson.loads(data, max_bytes=len(data) + 1, max_depth=max_depth)
    except strictjson.StrictJSONError as exc:
        raise PayloadError(f"数据包成员“{member}”无效：{exc}。") from None
    if not isinstance(doc, kind):
        raise PayloadError(f"数据包成员“{member}”无效：结构不正确。")
    return doc


ROSTER_FIELDS = {"name": str, "gender": str, "status": str, "joined_on": str, "full_on": (str, type(None)),
                 "group": str, "id_masked": str, "id_hash": (str, type(None))}  # + "id_number" if the policy asks


def parse_roster(data: bytes) -> list:
    doc = parse_json_member(data, "roster.json", kind=list, max_depth=3)
    for i, row in enumerate(doc):
        if not isinstance(row, dict) or set(row) - {"id_number"} != set(ROSTER_FIELDS) or not all(
                isinstance(row[k], t) for k, t in ROSTER_FIELDS.items()) or not isinstance(
                row.get("id_number", ""), str) or len(row.get("id_number", "")) > 18:
            raise PayloadError(f"数据包成员“roster.json”第{i + 1}行的字段不正确。")
    return doc


def parse_rules(data: bytes) -> dict:
    doc = parse_json_member(data, "rules.json", kind=dict, max_depth=4)
    if not isinstance(doc.get("rules"), list) or not isinstance(doc.get("at"), str):
        raise PayloadError("数据包成员“rules.json”的字段不正确。")
    return doc
