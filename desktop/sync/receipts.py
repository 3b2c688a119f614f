"""The committee's signed receipt (回执): what it says, how it is signed and how a branch checks it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from desktop.errors import ZhibuError
from desktop.sync import keys, strictjson
from desktop.sync.manifest import HEX64, UUID

FORMAT = "zhibu-receipt"
VERSION = 1
SIG_DOMAIN = b"zhibu/receipt/v1\x00"
MAX_RECEIPT = 1024 * 1024  # room for the 审阅 results a receipt carries back
SUFFIX = ".zhibu-receipt"


@dataclass(frozen=True)
class Receipt:
    branch_id: str
    branch_name: str
    bundle_seq: int
    bundle_sha256: str
    ledger_length: int
    head: str | None
    received_at: datetime  # committee clock
    committee_name: str
    committee_fingerprint: str
    reviews: tuple = ()  # 审阅 results carried back to the branch (desktop/committee/review.py), signed with it


def _body(r: Receipt) -> dict:
    return {"branch_id": r.branch_id, "branch_name": r.branch_name, "bundle_seq": r.bundle_seq,
            "bundle_sha256": r.bundle_sha256, "ledger_length": r.ledger_length, "head": r.head,
            "received_at": r.received_at.replace(microsecond=0).isoformat(), "committee_name": r.committee_name,
            "committee_fingerprint": r.committee_fingerprint,
            **({"reviews": list(r.reviews)} if r.reviews else {})}


def make(r: Receipt, private: bytes) -> str:
    """The receipt file's text: the body and an Ed25519 signature over its canonical bytes."""
    body = _body(r)
    signature = keys.sign(private, SIG_DOMAIN + strictjson.dumps(body))
    return strictjson.dumps({"format": FORMAT, "version": VERSION, "receipt": body,
                             "signature": signature.hex()}).decode("utf-8") + "\n"


def file_name(r: Receipt) -> str:
    return f"回执-{r.branch_id[:8]}-{r.bundle_seq:03d}{SUFFIX}"


def parse(data: bytes) -> tuple[Receipt, bytes, bytes]:
    """(receipt, signed bytes, signature) after a strict parse; the signature is not checked here."""
    bad = "回执文件无效："
    try:
        doc = strictjson.loads(data, max_bytes=MAX_RECEIPT, max_depth=4)
    except strictjson.StrictJSONError as exc:
        raise ZhibuError(f"{bad}{exc}。请向工委重新索取回执。") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ZhibuError(f"{bad}这不是支部纪实的工委回执。")
    if doc.get("version") != VERSION or set(doc) != {"format", "version", "receipt", "signature"}:
        raise ZhibuError(f"{bad}版本或字段不受支持。")
    body = doc["receipt"]
    fields = {"branch_id", "branch_name", "bundle_seq", "bundle_sha256", "ledger_length", "head", "received_at",
              "committee_name", "committee_fingerprint"}
    if not isinstance(body, dict) or set(body) - {"reviews"} != fields:
        raise ZhibuError(f"{bad}字段不完整。")
    try:
        assert isinstance(body["branch_id"], str) and UUID.fullmatch(body["branch_id"])
        assert type(body["bundle_seq"]) is int and body["bundle_seq"] >= 1
        assert type(body["ledger_length"]) is int and body["ledger_length"] >= 0
        assert body["head"] is None or (isinstance(body["head"], str) and HEX64.fullmatch(body["head"]))
        assert isinstance(body["bundle_sha256"], str) and HEX64.fullmatch(body["bundle_sha256"])
        assert all(isinstance(body[k], str) for k in ("branch_name", "committee_name", "committee_fingerprint"))
        received = datetime.fromisoformat(body["received_at"])
        reviews = body.get("reviews", [])
        assert isinstance(reviews, list) and len(reviews) <= 10_000
        if reviews:
            from desktop.committee.review import check_wire

            reviews = [check_wire(x) for x in reviews]
        signature = bytes.fromhex(doc["signature"])
    except (AssertionError, TypeError, ValueError):
        raise ZhibuError(f"{bad}字段格式不正确。") from None
    r = Receipt(body["branch_id"], body["branch_name"], body["bundle_seq"], body["bundle_sha256"],
                body["ledger_length"], body["head"], received, body["committee_name"], body["committee_fingerprint"],
                tuple(reviews))
    return r, SIG_DOMAIN + strictjson.dumps(body), signature


def signature_ok(signed: bytes, signature: bytes, public: bytes) -> bool:
    return len(signature) == 64 and keys.verify(public, signature, signed)
