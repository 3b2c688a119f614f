"""Start the key derivation of a book early, on a thread of its own, while the process does other work.

The KDF (PBKDF2-HMAC-SHA512, 256 000 rounds: ≈0.1–0.2 s) runs inside OpenSSL without the GIL, so on a second
core it costs nothing while the interpreter imports SQLAlchemy and the models (the CLI) or registers the ORM
mappers (the GUI's unlock). Nothing is checked early and nothing is skipped: :func:`desktop.storage.engine.unlock`
takes the derived key only for the same file, the same salt and the same passphrase, and then verifies it
against the book exactly as it verifies a key it derived itself (wrong passphrase, page HMACs).

This module imports no SQLAlchemy and no SQLCipher, so it can start before them.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import sys
import threading
from dataclasses import dataclass

KDF_ITER = 256_000
SALT_LEN = 16
KEY_LEN = 32
PAGE_SIZE = 4096


@dataclass(frozen=True)
class BookKey:
    """A derived raw key and the file salt it belongs to. Holds no passphrase."""

    key: bytes
    salt: bytes

    @property
    def pragma_value(self) -> str:
        # x'<key><salt>': a raw key with an explicit salt, hex only - safe to place in PRAGMA text.
        return f"\"x'{self.key.hex()}{self.salt.hex()}'\""


def kdf(passphrase: str, salt: bytes) -> BookKey:
    """SQLCipher 4's own KDF over the file's salt (the caller refuses an empty passphrase)."""
    return BookKey(hashlib.pbkdf2_hmac("sha512", passphrase.encode("utf-8"), salt, KDF_ITER, KEY_LEN), salt)


def _derive():
    """``engine.derive_key`` once the storage engine is loaded (the one derivation every open goes through, and
    the one a test session may wrap), else the same KDF directly (the CLI starts here before loading it)."""
    engine = sys.modules.get("desktop.storage.engine")
    return getattr(engine, "derive_key", None) or kdf


class _Job:
    def __init__(self, passphrase: str, salt: bytes):
        self.passphrase, self.salt = passphrase, salt  # the passphrase only to compare; forgotten when taken
        self.key: BookKey | None = None
        self.thread = threading.Thread(target=self._run, args=(passphrase,), name="zhibu-kdf", daemon=True)
        self.thread.start()

    def matches(self, passphrase: str, salt: bytes) -> bool:
        return self.salt == salt and hmac.compare_digest(self.passphrase.encode("utf-8"), passphrase.encode("utf-8"))

    def _run(self, passphrase: str) -> None:
        try:
            self.key = _derive()(passphrase, self.salt)
        except Exception:  # noqa: BLE001 - the caller then derives the key itself and sees the error there
            self.key = None


_jobs: dict[str, _Job] = {}
_lock = threading.Lock()


def _id(path) -> str:
    return os.path.realpath(os.fspath(path))


def _head(path) -> bytes | None:
    """The salt of a file that can be a book (same tests as ``engine.read_salt``), else None, silently."""
    try:
        size = os.path.getsize(path)
        if size < PAGE_SIZE or size % PAGE_SIZE:
            return None
        with open(path, "rb") as fh:
            head = fh.read(SALT_LEN)
    except OSError:
        return None
    return None if head.startswith(b"SQLite format 3") or len(head) != SALT_LEN else head


def prefetch(path, passphrase: str) -> bool:
    """Start deriving the key of the book at ``path`` in the background; False when it cannot be a book (any
    problem is then reported by the real open, with its own message). A derivation already started for the same
    file, salt and passphrase (e.g. by the unlock dialog while the user paused typing) is kept, not started
    again; one for another passphrase is replaced (its thread finishes on its own, its key is never used)."""
    if not passphrase:
        return False
    salt = _head(path)
    if salt is None:
        return False
    with _lock:
        job = _jobs.get(_id(path))
        if job is None or not job.matches(passphrase, salt):  # the same derivation already started is kept
            _jobs[_id(path)] = _Job(passphrase, salt)
    return True


def take(path, passphrase: str, salt: bytes) -> BookKey | None:
    """The key started by :func:`prefetch` for this file, salt and passphrase (waiting for it), or None. A job
    is used at most once; a job for another passphrase or an older salt is dropped."""
    with _lock:
        job = _jobs.pop(_id(path), None)
    if job is None:
        return None
    same = job.matches(passphrase, salt)
    job.passphrase = ""
    if not same:
        return None
    job.thread.join()
    return job.key


def discard() -> None:
    """Forget every pending job (the threads finish on their own; their keys are never used)."""
    with _lock:
        for job in _jobs.values():
            job.passphrase = ""
        _jobs.clear()
