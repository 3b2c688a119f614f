"""The bundle's inner container: a ZIP built and read entirely in memory.

Reading never extracts anything to disk and never uses a member name as a path: names are checked against a
fixed pattern after the hostile cases (absolute, ``..``, backslash, drive letter, duplicates, names that differ
only in case, symlinks, directories) are refused with their own message. Declared sizes are capped per member
and in total before any byte is decompressed, and no read returns more than the declared size.
"""

from __future__ import annotations

import io
import re
import stat
import zipfile

from desktop.errors import ZhibuError

MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
ENTRIES = "entries.json"
ROSTER = "roster.json"
RULES = "rules.json"
HANDOVERS = "handovers.json"  # branch key handovers (desktop/sync/handover.py)
ORG = "org.json"  # the organisation facts the rules engine needs (desktop/committee/orgfacts.py)
ATTACHMENT_PREFIX = "attachments/"
NAME_PATTERN = re.compile(r"(manifest\.json|manifest\.sig|entries\.json|roster\.json|rules\.json|org\.json"
                          r"|handovers\.json"
                          r"|attachments/[0-9a-f]{64})")
MAX_MEMBERS = 5_000
MAX_MEMBER_BYTES = {MANIFEST: 4 * 1024 * 1024, SIGNATURE: 64, ENTRIES: 96 * 1024 * 1024,
                    ROSTER: 8 * 1024 * 1024, RULES: 2 * 1024 * 1024,
                    ORG: 8 * 1024 * 1024, HANDOVERS: 256 * 1024}
MAX_ATTACHMENT_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 192 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed, for members above 1 MB
_FIXED_TIME = (2020, 1, 1, 0, 0, 0)


class ContainerError(ZhibuError):
    pass


def build(members: list[tuple[str, bytes]]) -> bytes:
    """A ZIP of the given members, in order, with fixed timestamps (deterministic for equal input)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_STORED if name.startswith(ATTACHMENT_PREFIX) else zipfile.ZIP_DEFLATED
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            zf.writestr(info, data)
    return buf.getvalue()


def member_cap(name: str) -> int:
    return MAX_ATTACHMENT_BYTES if name.startswith(ATTACHMENT_PREFIX) else MAX_MEMBER_BYTES.get(name, 0)


def _check_name(name: str) -> None:
    shown = name[:80]
    if not name:
        raise ContainerError("数据包中有一个没有名称的成员，数据包无效。")
    if "\\" in name:
        raise ContainerError(f"数据包成员名“{shown}”含有反斜杠，可能试图写到别处，已拒绝。")
    if name.startswith("/"):
        raise ContainerError(f"数据包成员名“{shown}”是绝对路径，可能试图写到别处，已拒绝。")
    if re.match(r"^[A-Za-z]:", name):
        raise ContainerError(f"数据包成员名“{shown}”带有盘符，可能试图写到别处，已拒绝。")
    if ".." in name.split("/"):
        raise ContainerError(f"数据包成员名“{shown}”含有“..”，可能试图写到上级文件夹，已拒绝。")
    if "\x00" in name or any(ord(c) < 32 for c in name):
        raise ContainerError(f"数据包成员名“{shown!r}”含有控制字符，已拒绝。")


class Container:
    """A verified listing of the ZIP; :meth:`read` returns a member's bytes (in memory, size-capped)."""

    def __init__(self, data: bytes):
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
            raise ContainerError("数据包内容已损坏：内部文件结构无法识别。请支部重新导出。") from None
        if len(infos) > MAX_MEMBERS:
            raise ContainerError(f"数据包含有 {len(infos)} 个成员，超过上限 {MAX_MEMBERS} 个，已拒绝。")
        self.infos: dict[str, zipfile.ZipInfo] = {}
        folded: set[str] = set()
        total = 0
        for info in infos:
            name = info.filename
            _check_name(name)
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                raise ContainerError(f"数据包成员“{name[:80]}”是符号链接，已拒绝。")
            if info.is_dir() or stat.S_IFMT(mode) not in (0, stat.S_IFREG):
                raise ContainerError(f"数据包成员“{name[:80]}”不是普通文件，已拒绝。")
            if name in self.infos:
                raise ContainerError(f"数据包中成员名“{name[:80]}”重复出现，已拒绝。")
            if name.casefold() in folded:
                raise ContainerError(f"数据包中有仅大小写不同的成员名（“{name[:80]}”），已拒绝。")
            if not NAME_PATTERN.fullmatch(name):
                raise ContainerError(f"数据包中有不认识的成员“{name[:80]}”，已拒绝。")
            if info.flag_bits & 0x1:
                raise ContainerError(f"数据包成员“{name}”被加了密码，已拒绝。")
            cap = member_cap(name)
            if info.file_size > cap:
                raise ContainerError(f"数据包成员“{name}”声明大小 {info.file_size} 字节，超过上限 {cap} 字节，已拒绝。")
            if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise ContainerError(f"数据包成员“{name}”的压缩比异常（压缩炸弹），已拒绝。")
            total += info.file_size
            if total > MAX_TOTAL_BYTES:
                raise ContainerError(f"数据包解压后总大小超过上限 {MAX_TOTAL_BYTES} 字节，已拒绝。")
            self.infos[name] = info
            folded.add(name.casefold())

    def names(self) -> set[str]:
        return set(self.infos)

    def read(self, name: str) -> bytes:
        info = self.infos[name]
        try:
            with self._zip.open(info) as fh:
                data = fh.read(info.file_size + 1)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError):
            raise ContainerError(f"数据包成员“{name}”已损坏（无法解压或校验不符）。请支部重新导出。") from None
        if len(data) != info.file_size:
            raise ContainerError(f"数据包成员“{name}”的实际大小与声明不符，已拒绝。")
        return data
