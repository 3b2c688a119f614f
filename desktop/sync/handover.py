"""Branch key rotation (密钥交接): a new Ed25519 key is accepted by the committee only through a handover
statement signed by the key it holds (and by the new key, proving the branch holds it).

The statements live in ``book_setting`` under ``sync.handover.<n>`` (no schema change), each is a chain entry
(kind ``handover``, record type ``sync_handover``), and every bundle carries all of them in ``handovers.json``
so a lost bundle still heals: the committee walks from the key it holds to the key that signed the bundle.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import ZhibuError
from desktop.storage.models import BookSetting
from desktop.sync import keys, strictjson

FORMAT = "zhibu-key-handover"
VERSION = 1
SETTING_PREFIX = "sync.handover."
CONTEXT = b"zhibu/key-handover/v1\x00"
MAX_HANDOVERS = 100


class HandoverError(ZhibuError):
    pass


@dataclass(frozen=True)
class HandoverRecord:
    """What the chain holds for one rotation (rebuilt from the stored statement for verification)."""

    statement: str  # canonical JSON: format, version, branch_id, old_public, new_public, at
    old_signature: str  # hex, by the old key
    new_signature: str  # hex, by the new key


@dataclass(frozen=True)
class Handover:
    branch_id: str
    old_public: bytes
    new_public: bytes
    at: str
    old_ok: bool
    new_ok: bool


def make(branch_id: str, old_private: bytes, old_public: bytes, new_private: bytes, new_public: bytes,
         at: datetime) -> dict:
    statement = strictjson.dumps({"format": FORMAT, "version": VERSION, "branch_id": branch_id,
                                  "old_public": old_public.hex(), "new_public": new_public.hex(),
                                  "at": at.replace(microsecond=0).isoformat()}).decode("utf-8")
    signed = CONTEXT + statement.encode("utf-8")
    return {"statement": statement, "old_signature": keys.sign(old_private, signed).hex(),
            "new_signature": keys.sign(new_private, signed).hex()}


def stored(session: Session) -> list[tuple[int, dict]]:
    rows = session.execute(select(BookSetting.key, BookSetting.value)
                           .where(BookSetting.key.like(SETTING_PREFIX + "%"))).all()
    out = [(int(k[len(SETTING_PREFIX):]), json.loads(v)) for k, v in rows if k[len(SETTING_PREFIX):].isdigit()]
    return sorted(out)


def store(session: Session, doc: dict) -> int:
    n = (stored(session)[-1][0] if stored(session) else 0) + 1
    session.add(BookSetting(key=f"{SETTING_PREFIX}{n}", value=json.dumps(doc, ensure_ascii=False)))
    session.flush()
    return n


def handover_records(session: Session, ids) -> dict[int, HandoverRecord]:
    wanted = set(ids)
    return {n: HandoverRecord(d["statement"], d["old_signature"], d["new_signature"])
            for n, d in stored(session) if n in wanted}


def member_bytes(session: Session) -> bytes | None:
    docs = [d for _n, d in stored(session)]
    return strictjson.dumps(docs) if docs else None


# ---- committee side ---------------------------------------------------------------------------------------
def _hex(value, length: int) -> bytes:
    try:
        raw = bytes.fromhex(value) if isinstance(value, str) else b""
    except ValueError:
        raw = b""
    if len(raw) != length:
        raise HandoverError("数据包中的密钥交接声明格式不正确，已拒绝。")
    return raw


def parse(data: bytes) -> list[Handover]:
    bad = "数据包中的密钥交接声明格式不正确，已拒绝。"
    try:
        docs = strictjson.loads(data, max_bytes=len(data) + 1, max_depth=3)
    except strictjson.StrictJSONError:
        raise HandoverError(bad) from None
    if not isinstance(docs, list) or len(docs) > MAX_HANDOVERS:
        raise HandoverError(bad)
    out = []
    for d in docs:
        if not isinstance(d, dict) or set(d) != {"statement", "old_signature", "new_signature"} or \
                not isinstance(d["statement"], str):
            raise HandoverError(bad)
        try:
            st = strictjson.loads(d["statement"].encode("utf-8"), max_bytes=4096, max_depth=2)
        except strictjson.StrictJSONError:
            raise HandoverError(bad) from None
        if not isinstance(st, dict) or st.get("format") != FORMAT or st.get("version") != VERSION or \
                not isinstance(st.get("branch_id"), str) or not isinstance(st.get("at"), str):
            raise HandoverError(bad)
        old, new = _hex(st.get("old_public"), 32), _hex(st.get("new_public"), 32)
        signed = CONTEXT + d["statement"].encode("utf-8")
        out.append(Handover(st["branch_id"], old, new, st["at"],
                            keys.verify(old, _hex(d["old_signature"], 64), signed),
                            keys.verify(new, _hex(d["new_signature"], 64), signed)))
    return out


def walk(handovers: list[Handover], branch_id: str, held: bytes, signer: bytes, label: str) -> list[Handover]:
    """The handovers leading from the key the committee holds to the key that signed the bundle."""
    for h in handovers:
        if h.branch_id != branch_id:
            raise HandoverError(f"数据包中的密钥交接声明属于另一个支部（编号 {h.branch_id[:36]}），不是{label}的，"
                                "已拒绝。")
    path, current = [], held
    for h in handovers:
        if h.old_public != current:
            continue
        if not (h.old_ok and h.new_ok):
            raise HandoverError(f"{label}的密钥交接声明签名无效（可能被改动），不能换用新密钥，已拒绝。")
        path.append(h)
        current = h.new_public
    if current == signer:
        return path
    if any(h.new_public == signer for h in handovers):
        raise HandoverError(f"{label}的密钥交接声明不是由工委登记的支部密钥（指纹 {keys.branch_fingerprint(held)}）"
                            "签署的，不能换用新密钥，已拒绝。请与支部核实。")
    raise HandoverError(f"{label}的数据包由另一把密钥签名（指纹 {keys.branch_fingerprint(signer)}），与工委登记的不同，"
                        "且没有旧密钥签署的密钥交接声明，已拒绝。支部更换密钥须由旧密钥签署交接。")
