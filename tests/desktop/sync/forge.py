"""Hostile bundles for the tests: open a genuine bundle with the committee's identity, change it, re-seal it.

``Forge.seal`` signs with the branch key (so the change reaches the later checks) unless told otherwise, and
builds the ZIP by hand so it can carry names and attributes our own writer never produces.
"""

from __future__ import annotations

import hashlib
import io
import json
import stat
import zipfile
from pathlib import Path

import pyrage
from sqlalchemy import select

from desktop.storage.models_sync import SyncIdentity
from desktop.sync import keys, manifest


def identity(workspace, role: str) -> SyncIdentity:
    with workspace.session() as s:
        return s.scalars(select(SyncIdentity).where(SyncIdentity.role == role)).one()


class Forge:
    def __init__(self, ws, cw, bundle: Path):
        self.branch = identity(ws, "branch")
        self.committee = identity(cw, "committee")
        self.recipient = str(pyrage.x25519.Identity.from_str(self.committee.age_identity).to_public())
        plain = keys.decrypt(Path(bundle).read_bytes(), self.committee.age_identity)
        with zipfile.ZipFile(io.BytesIO(plain)) as zf:
            self.members = {i.filename: zf.read(i) for i in zf.infolist()}
        self.manifest = json.loads(self.members.pop("manifest.json"))
        self.members.pop("manifest.sig")

    def entries(self) -> list:
        return json.loads(self.members["entries.json"])

    def set_entries(self, entries: list) -> None:
        self.members["entries.json"] = json.dumps(entries, ensure_ascii=False).encode()

    def relist(self) -> None:
        """Make the manifest list the members as they now are."""
        self.manifest["members"] = {n: {"sha256": hashlib.sha256(d).hexdigest(), "size": len(d)}
                                    for n, d in self.members.items()}

    def manifest_bytes(self) -> bytes:
        return json.dumps(self.manifest, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()

    def seal(self, path: Path, *, manifest_bytes: bytes | None = None, signer: bytes | None = None,
             extra: list[tuple[zipfile.ZipInfo | str, bytes]] = (), recipient: str | None = None,
             skip: tuple[str, ...] = ()) -> Path:
        mbytes = manifest_bytes if manifest_bytes is not None else self.manifest_bytes()
        signature = manifest.sign(mbytes, signer or self.branch.sign_private)
        return self.seal_raw(path, [("manifest.json", mbytes), ("manifest.sig", signature)]
                             + [(n, d) for n, d in self.members.items() if n not in skip] + list(extra),
                             recipient=recipient)

    def seal_raw(self, path: Path, members, recipient: str | None = None) -> Path:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for name, data in members:
                info = name if isinstance(name, zipfile.ZipInfo) else zipfile.ZipInfo(name)
                if not isinstance(name, zipfile.ZipInfo):
                    info.external_attr = (stat.S_IFREG | 0o644) << 16
                    info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, data)
        path.write_bytes(keys.encrypt(buf.getvalue(), recipient or self.recipient))
        return path
