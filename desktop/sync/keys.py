"""Key pairs, fingerprints and the committee's public key file.

- Signatures: Ed25519 (``cryptography``). Encryption: age X25519 (``pyrage``).
- A fingerprint is 30 digits in six groups of five, derived from SHA-256, so two people can compare it by
  phone or on paper. :func:`desktop.sync.api.normalize_fingerprint` strips spaces and dashes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

# cryptography and pyrage (≈0.15 s to import) are loaded by the functions that sign, verify or encrypt: reading a
# book that holds signed receipts (``status``, the 首页) only parses and never needs them.

from desktop.errors import ZhibuError
from desktop.storage import atomic
from desktop.sync import strictjson
from desktop.sync.api import KeyInfo, normalize_fingerprint

KEY_FILE_FORMAT = "zhibu-committee-key"
KEY_FILE_VERSION = 1
KEY_FILE_SUFFIX = ".zhibu-key"
MAX_KEY_FILE = 64 * 1024


def digits(digest: bytes) -> str:
    """Six groups of five digits from the first 30 bytes of a digest."""
    groups = [int.from_bytes(digest[i:i + 5], "big") % 100000 for i in range(0, 30, 5)]
    return " ".join(f"{g:05d}" for g in groups)


def sha256_digits(data: bytes) -> str:
    return digits(hashlib.sha256(data).digest())


def hex_digits(sha_hex: str) -> str:
    return digits(bytes.fromhex(sha_hex))


def branch_fingerprint(sign_public: bytes) -> str:
    return sha256_digits(b"zhibu/branch-key/v1\x00" + sign_public)


def committee_fingerprint(sign_public: bytes, age_recipient: str) -> str:
    return sha256_digits(b"zhibu/committee-key/v1\x00" + sign_public + age_recipient.encode("ascii"))


def same_fingerprint(a: str, b: str) -> bool:
    return normalize_fingerprint(a) == normalize_fingerprint(b) != ""


# ---- Ed25519 -------------------------------------------------------------------------------------------
def new_signing_key() -> tuple[bytes, bytes]:
    """(raw private, raw public) of a fresh Ed25519 key pair."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return private, public


def sign(private: bytes, message: bytes) -> bytes:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return Ed25519PrivateKey.from_private_bytes(private).sign(message)


def verify(public: bytes, signature: bytes, message: bytes) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, message)
        return True
    except (InvalidSignature, ValueError):
        return False


# ---- age -----------------------------------------------------------------------------------------------
def new_age_identity() -> tuple[str, str]:
    """(secret identity ``AGE-SECRET-KEY-1…``, public recipient ``age1…``)."""
    import pyrage

    ident = pyrage.x25519.Identity.generate()
    return str(ident), str(ident.to_public())


def valid_recipient(text: str) -> bool:
    import pyrage

    try:
        pyrage.x25519.Recipient.from_str(text)
        return True
    except Exception:  # noqa: BLE001 - pyrage raises its own error types
        return False


def encrypt(data: bytes, recipient: str) -> bytes:
    import pyrage

    return pyrage.encrypt(data, [pyrage.x25519.Recipient.from_str(recipient)])


def decrypt(data: bytes, identity: str) -> bytes:
    """Decrypt in memory; raises ZhibuError naming wrong committee or damage."""
    import pyrage

    try:
        return pyrage.decrypt(data, [pyrage.x25519.Identity.from_str(identity)])
    except pyrage.DecryptError as exc:
        if "No matching keys" in str(exc):
            raise ZhibuError("该数据包不是加密给本工委的（可能发给了另一个工委，或支部信任了旧的工委公钥），无法解密。"
                             "请支部核对所信任的工委公钥指纹后重新导出。") from None
        if "fill whole buffer" in str(exc):
            raise ZhibuError("数据包不完整（文件被截断），可能拷贝未完成。请支部重新拷贝或重新导出。") from None
        raise ZhibuError("数据包已损坏（解密校验失败），可能在拷贝中出错或被改动。请支部重新导出。") from None


# ---- the committee's public key file -------------------------------------------------------------------
@dataclass(frozen=True)
class CommitteeKey:
    name: str
    age_recipient: str
    sign_public: bytes
    full_id: bool = False  # the committee's signed policy asks for full ID numbers in bundles
    policy_at: str = ""  # when that policy was set (ISO time; "" when the file carries none)

    @property
    def fingerprint(self) -> str:
        return committee_fingerprint(self.sign_public, self.age_recipient)

    @property
    def info(self) -> KeyInfo:
        return KeyInfo(self.name, self.fingerprint)


POLICY_CONTEXT = b"zhibu/committee-policy/v1\x00"


def policy_message(fingerprint: str, policy: dict) -> bytes:
    return POLICY_CONTEXT + normalize_fingerprint(fingerprint).encode("ascii") + b"\x00" + strictjson.dumps(policy)


def key_file_bytes(key: CommitteeKey, sign_private: bytes | None = None) -> bytes:
    """The public key file; with the committee's private key it also carries the signed policy."""
    doc = {"format": KEY_FILE_FORMAT, "version": KEY_FILE_VERSION, "name": key.name,
           "age_recipient": key.age_recipient, "sign_public": key.sign_public.hex(),
           "fingerprint": key.fingerprint}
    if sign_private is not None:
        policy = {"full_id": key.full_id, "at": key.policy_at}
        doc["policy"] = policy
        doc["policy_signature"] = sign(sign_private, policy_message(key.fingerprint, policy)).hex()
    return strictjson.dumps(doc) + b"\n"


def write_key_file(key: CommitteeKey, dest: Path, sign_private: bytes | None = None) -> Path:
    dest = Path(dest)
    if dest.is_dir():
        dest = dest / f"{key.name}{KEY_FILE_SUFFIX}"
    atomic.write_bytes(dest, key_file_bytes(key, sign_private))
    return dest


def _policy(doc: dict, key: CommitteeKey, bad: str) -> CommitteeKey:
    """The key with the policy the file carries, once its signature by this very key checks out."""
    if "policy" not in doc and "policy_signature" not in doc:
        return key
    policy, signature = doc.get("policy"), doc.get("policy_signature")
    if not isinstance(policy, dict) or set(policy) != {"full_id", "at"} or not isinstance(
            policy["full_id"], bool) or not isinstance(policy["at"], str) or not isinstance(signature, str):
        raise ZhibuError(f"{bad}工委政策的格式不正确。请向工委重新索取公钥文件。")
    try:
        raw = bytes.fromhex(signature)
    except ValueError:
        raw = b""
    if not verify(key.sign_public, raw, policy_message(key.fingerprint, policy)):
        raise ZhibuError(f"{bad}工委政策的签名无效，文件可能被改动。请向工委重新索取公钥文件。")
    return CommitteeKey(key.name, key.age_recipient, key.sign_public, policy["full_id"], policy["at"])


def parse_key_file(data: bytes, label: str = "公钥文件") -> CommitteeKey:
    bad = f"{label}无效："
    try:
        doc = strictjson.loads(data, max_bytes=MAX_KEY_FILE, max_depth=4)
    except strictjson.StrictJSONError as exc:
        raise ZhibuError(f"{bad}{exc}。请向工委重新索取公钥文件。") from None
    if not isinstance(doc, dict) or doc.get("format") != KEY_FILE_FORMAT:
        raise ZhibuError(f"{bad}这不是支部纪实的工委公钥文件。")
    if doc.get("version") != KEY_FILE_VERSION:
        raise ZhibuError(f"{bad}版本 {doc.get('version')!r} 不受支持，请升级本软件。")
    name, recipient, public = doc.get("name"), doc.get("age_recipient"), doc.get("sign_public")
    if not isinstance(name, str) or not name.strip() or len(name) > 100:
        raise ZhibuError(f"{bad}缺少工委名称。")
    if not isinstance(recipient, str) or not valid_recipient(recipient):
        raise ZhibuError(f"{bad}加密公钥格式不正确。")
    try:
        public_bytes = bytes.fromhex(public) if isinstance(public, str) else b""
    except ValueError:
        public_bytes = b""
    if len(public_bytes) != 32:
        raise ZhibuError(f"{bad}签名公钥格式不正确。")
    key = CommitteeKey(name.strip(), recipient, public_bytes)
    if not isinstance(doc.get("fingerprint"), str) or not same_fingerprint(doc["fingerprint"], key.fingerprint):
        raise ZhibuError(f"{bad}文件中的指纹与公钥不符，文件可能被改动。请向工委重新索取。")
    return _policy(doc, key, bad)


def read_key_file(path: Path) -> CommitteeKey:
    path = Path(path)
    try:
        if path.stat().st_size > MAX_KEY_FILE:
            raise ZhibuError(f"{path.name} 太大，不是工委公钥文件。")
        data = path.read_bytes()
    except OSError:
        raise ZhibuError(f"无法读取公钥文件：{path}。请检查路径。") from None
    return parse_key_file(data)
