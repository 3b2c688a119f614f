"""Committee import, the verification half: everything short of touching the committee book.

Order (issue 9): size cap → age decrypt in memory → container listing with caps → manifest signature (known
key, or pending enrolment) → member hashes → strict parse with schema validation → chain check (every hash
recomputed; linkage to what the committee holds is judged in :mod:`desktop.sync.chaincheck`). Each step raises
:class:`BundleRejected` with a Chinese sentence naming what is wrong.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from desktop.errors import ZhibuError
from desktop.ledger.chain import GENESIS, entry_hash
from desktop.sync import container, handover, keys, manifest, payload
from desktop.sync.manifest import Manifest

MAX_BUNDLE_BYTES = 160 * 1024 * 1024


class BundleRejected(ZhibuError):
    pass


@dataclass
class Sealed:
    """A bundle file read into memory (still encrypted)."""

    name: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass
class Opened:
    sealed: Sealed
    manifest: Manifest
    manifest_bytes: bytes
    signature: bytes
    container: container.Container


@dataclass
class Content:
    entries: list[payload.Entry]
    roster: list
    rules: dict
    blobs: dict[str, bytes]
    org: dict | None = None  # org.json (optional: bundles written before it existed lack it)


def read_sealed(path: Path) -> Sealed:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BUNDLE_BYTES:
            raise BundleRejected(f"文件大小 {size // (1024 * 1024)} MB 超过数据包上限 "
                                 f"{MAX_BUNDLE_BYTES // (1024 * 1024)} MB，已拒绝。")
        if not path.is_file():
            raise BundleRejected("不是普通文件，已拒绝。")
        with path.open("rb") as fh:
            data = fh.read(size + 1)  # read(n) allocates n bytes up front: never ask for the cap itself
    except OSError:
        raise BundleRejected("无法读取该文件，请检查路径和U盘。") from None
    if len(data) > MAX_BUNDLE_BYTES or len(data) != size:
        raise BundleRejected("文件在读取时发生了变化或超过数据包上限，已拒绝。请重新拷贝后再导入。")
    return Sealed(path.name, data)


def open_sealed(sealed: Sealed, age_identity: str, committee_fp: str) -> Opened:
    if not sealed.data.startswith(b"age-encryption.org/v1\n"):
        raise BundleRejected("这不是支部纪实数据包（不是 age 加密文件），或文件开头已损坏。")
    try:
        plain = keys.decrypt(sealed.data, age_identity)
    except ZhibuError as exc:
        raise BundleRejected(str(exc)) from None
    try:
        box = container.Container(plain)
    except container.ContainerError as exc:
        raise BundleRejected(str(exc)) from None
    names = box.names()
    for need in (container.MANIFEST, container.SIGNATURE):
        if need not in names:
            raise BundleRejected(f"数据包缺少“{need}”，无法核验签名，已拒绝。")
    try:
        manifest_bytes, signature = box.read(container.MANIFEST), box.read(container.SIGNATURE)
        m = manifest.parse(manifest_bytes)
    except ZhibuError as exc:
        raise BundleRejected(str(exc)) from None
    if not keys.same_fingerprint(m.committee_fingerprint, committee_fp):
        raise BundleRejected(f"该数据包是报送给另一个工委（指纹 {m.committee_fingerprint}）的，不是本工委，已拒绝。")
    return Opened(sealed, m, manifest_bytes, signature, box)


def check_signature(o: Opened, known_public: bytes | None, branch_label: str) -> list:
    """Against the key the committee holds for the branch; for an unknown branch, the key it claims (pending).
    A bundle signed by a new key passes only with handovers leading from the held key to it; they are returned
    (empty when the key is unchanged) so the caller switches the held key once the bundle is applied."""
    m = o.manifest
    if not manifest.signature_ok(o.manifest_bytes, o.signature, m.sign_public if known_public is None or
                                 known_public != m.sign_public else known_public):
        raise BundleRejected(f"{branch_label}数据包的签名无效：清单被改动，或不是该支部签发的，已拒绝。")
    if known_public is None or known_public == m.sign_public:
        return []
    data = b""
    if container.HANDOVERS in m.members and container.HANDOVERS in o.container.names():
        sha, size = m.members[container.HANDOVERS]
        try:
            data = o.container.read(container.HANDOVERS)
        except ZhibuError as exc:
            raise BundleRejected(str(exc)) from None
        if len(data) != size or hashlib.sha256(data).hexdigest() != sha:
            raise BundleRejected(f"数据包成员“{container.HANDOVERS}”已损坏：SHA-256 与清单不符，已拒绝。")
    try:
        return handover.walk(handover.parse(data) if data else [], m.branch_id, known_public, m.sign_public,
                             branch_label)
    except handover.HandoverError as exc:
        raise BundleRejected(str(exc)) from None


def read_members(o: Opened) -> dict[str, bytes]:
    """Every listed member present with its size and SHA-256; nothing unlisted."""
    listed = o.manifest.members
    present = o.container.names() - {container.MANIFEST, container.SIGNATURE}
    extra = sorted(present - set(listed))
    if extra:
        raise BundleRejected(f"数据包中有清单未列出的成员“{extra[0][:80]}”，已拒绝。")
    missing = sorted(set(listed) - present)
    if missing:
        raise BundleRejected(f"数据包缺少清单列出的成员“{missing[0][:80]}”，已拒绝。")
    out = {}
    for name in sorted(listed):
        sha, size = listed[name]
        if o.container.infos[name].file_size != size:
            raise BundleRejected(f"数据包成员“{name}”的大小与清单不符（已损坏或被改动），已拒绝。")
        try:
            data = o.container.read(name)
        except ZhibuError as exc:
            raise BundleRejected(str(exc)) from None
        if hashlib.sha256(data).hexdigest() != sha:
            raise BundleRejected(f"数据包成员“{name}”已损坏：SHA-256 与清单不符，已拒绝。")
        out[name] = data
    for need in (container.ENTRIES, container.ROSTER, container.RULES):
        if need not in out:
            raise BundleRejected(f"数据包缺少“{need}”，已拒绝。")
    return out


def parse_content(o: Opened, members: dict[str, bytes]) -> Content:
    try:
        entries = payload.parse_entries(members.pop(container.ENTRIES))
        roster = payload.parse_roster(members.pop(container.ROSTER))
        rules = payload.parse_rules(members.pop(container.RULES))
        org = None
        if container.ORG in members:
            from desktop.committee import orgfacts

            org = orgfacts.validate(payload.parse_json_member(members.pop(container.ORG), container.ORG, kind=dict))
        members.pop(container.HANDOVERS, None)  # checked with the signature (check_signature)
    except ZhibuError as exc:
        raise BundleRejected(str(exc)) from None
    blobs = {name[len(container.ATTACHMENT_PREFIX):]: data for name, data in members.items()}
    check_entries(o.manifest, entries)
    return Content(entries, roster, rules, blobs, org)


def check_entries(m: Manifest, entries: list[payload.Entry]) -> None:
    """The carried range is exactly the declared one, every hash recomputes, and each entry links to the last."""
    expected = m.ledger_to - m.ledger_from + 1
    if len(entries) != expected:
        raise BundleRejected(f"数据包声明纪实第{m.ledger_from}–{m.ledger_to}条，实际带有{len(entries)}条，已拒绝。")
    prev = None
    for i, e in enumerate(entries):
        if e.seq != m.ledger_from + i:
            raise BundleRejected(f"数据包中的纪实条目序号不连续（第{m.ledger_from + i}条处），已拒绝。")
        if entry_hash(e.seq, e.prev_hash, e.canonical) != e.hash:
            raise BundleRejected(f"数据包中纪实第{e.seq}条的哈希值与内容不符（内容被改动），已拒绝。")
        if prev is not None and e.prev_hash != prev:
            raise BundleRejected(f"数据包中纪实第{e.seq}条与前一条不衔接，已拒绝。")
        if e.seq == 1 and e.prev_hash != GENESIS:
            raise BundleRejected("数据包中纪实第1条的起点不正确，已拒绝。")
        prev = e.hash
    if entries and entries[-1].hash != m.head:
        raise BundleRejected("数据包中最后一条纪实的哈希与清单中的链头不符，已拒绝。")


def referenced_blobs(entries: list[payload.Entry]) -> set[str]:
    out: set[str] = set()
    for e in entries:
        out |= e.attachments
    return out
