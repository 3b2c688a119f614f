"""Attachments (photos, the signed sign-in sheet, PDFs) kept inside the encrypted book.

Bytes go from the user's file straight into the book; previews (image thumbnails) are made in memory. Nothing
is written to disk unencrypted except by ``save_copy``, when the user asks for a copy at a path they chose.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from desktop.changes import mutates
from desktop.domain.meeting_enums import RecordStatus
from desktop.errors import NotFound, RecordLocked, ValidationError
from desktop.storage import atomic
from desktop.storage.models_meetings import Attachment, AttachmentBlob

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024  # one file
MAX_RECORD_BYTES = 100 * 1024 * 1024  # all files of one record
THUMBNAIL_PX = 320
MAX_THUMBNAIL_SOURCE_PIXELS = 60_000_000

IMAGE_TYPES = {"image/jpeg", "image/png", "image/gif", "image/bmp", "image/webp", "image/tiff"}
ALLOWED_SUFFIXES = {
    ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".gif": "image/gif", ".bmp": "image/bmp",
    ".webp": "image/webp", ".tif": "image/tiff", ".tiff": "image/tiff", ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".wps": "application/vnd.ms-works", ".ofd": "application/ofd", ".txt": "text/plain",
}
_MAGIC = [(b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", "image/png"), (b"GIF8", "image/gif"),
          (b"BM", "image/bmp"), (b"%PDF-", "application/pdf"), (b"II*\x00", "image/tiff"), (b"MM\x00*", "image/tiff")]


@dataclass(frozen=True)
class AttachmentInfo:
    id: int
    owner_type: str  # meeting | heart_talk | rectification_progress
    owner_id: int
    amendment_id: int | None  # set when added after 定稿 (by a 补充说明)
    name: str
    mime: str
    size: int
    sha256: str
    has_thumbnail: bool
    added_at: datetime

    @property
    def is_image(self) -> bool:
        return self.mime in IMAGE_TYPES


def _info(a) -> AttachmentInfo:
    return AttachmentInfo(a.id, a.owner_type, a.owner_id, a.amendment_id, a.name, a.mime, a.size, a.sha256,
                          bool(a.has_thumbnail), a.added_at)


def sniff_mime(name: str, data: bytes) -> str:
    suffix = Path(name).suffix.lower()
    declared = ALLOWED_SUFFIXES.get(suffix)
    if declared is None:
        kinds = "、".join(sorted(ALLOWED_SUFFIXES))
        raise ValidationError(f"不支持的附件类型“{suffix or name}”。可以添加：{kinds}。", "attachment")
    actual = next((mime for magic, mime in _MAGIC if data.startswith(magic)), None)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        actual = "image/webp"
    if (declared in IMAGE_TYPES or declared == "application/pdf") and actual != declared:
        raise ValidationError(f"文件“{name}”的内容与扩展名不符（不是有效的{suffix}文件），请检查后重新选择。", "attachment")
    return declared


def make_thumbnail(data: bytes) -> bytes | None:
    """A JPEG preview at most THUMBNAIL_PX on its long side, made in memory; None if not a readable image."""
    try:
        from PIL import Image

        with Image.open(io.BytesIO(data)) as img:
            if img.width * img.height > MAX_THUMBNAIL_SOURCE_PIXELS:
                return None
            img.thumbnail((THUMBNAIL_PX, THUMBNAIL_PX))
            out = io.BytesIO()
            img.convert("RGB").save(out, format="JPEG", quality=80)
            return out.getvalue()
    except Exception:  # a damaged or exotic image still attaches, just without a preview
        return None


def read_source(path: Path) -> bytes:
    path = Path(path)
    if not path.is_file():
        raise ValidationError(f"找不到文件：{path}。请检查路径。", "attachment")
    if path.stat().st_size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(f"文件“{path.name}”超过 {MAX_ATTACHMENT_BYTES // 1024 // 1024} MB，"
                              "请压缩图片或拆分文件后再添加。", "attachment")
    return path.read_bytes()


def add(session: Session, owner_type: str, owner_id: int, data: bytes, name: str, now: datetime) -> Attachment:
    """Store a file for a record in the caller's transaction; the owner's status is the caller's concern."""
    name = Path(str(name)).name.strip()
    if not name:
        raise ValidationError("附件需要文件名。", "attachment")
    if not data:
        raise ValidationError(f"文件“{name}”是空文件，请检查后重新选择。", "attachment")
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise ValidationError(f"文件“{name}”超过 {MAX_ATTACHMENT_BYTES // 1024 // 1024} MB，"
                              "请压缩图片或拆分文件后再添加。", "attachment")
    used = sum(session.scalars(select(Attachment.size).where(Attachment.owner_type == owner_type,
                                                             Attachment.owner_id == owner_id)))
    if used + len(data) > MAX_RECORD_BYTES:
        raise ValidationError(f"一条记录的附件合计不能超过 {MAX_RECORD_BYTES // 1024 // 1024} MB，"
                              "请压缩图片后再添加。", "attachment")
    mime = sniff_mime(name, data)
    thumb = make_thumbnail(data) if mime in IMAGE_TYPES else None
    att = Attachment(owner_type=owner_type, owner_id=owner_id, name=name, mime=mime, size=len(data),
                     sha256=hashlib.sha256(data).hexdigest(), has_thumbnail=thumb is not None, added_at=now)
    session.add(att)
    session.flush()
    session.add(AttachmentBlob(attachment_id=att.id, data=data, thumbnail=thumb))
    session.flush()
    return att


def list_for(session: Session, owner_type: str, owner_id: int) -> list[AttachmentInfo]:
    q = select(Attachment).where(Attachment.owner_type == owner_type, Attachment.owner_id == owner_id)
    return [_info(a) for a in session.scalars(q.order_by(Attachment.id))]


def delete_owned(session: Session, owner_type: str, owner_id: int) -> None:
    ids = list(session.scalars(select(Attachment.id).where(Attachment.owner_type == owner_type,
                                                           Attachment.owner_id == owner_id)))
    if ids:
        session.execute(delete(AttachmentBlob).where(AttachmentBlob.attachment_id.in_(ids)))
        session.execute(delete(Attachment).where(Attachment.id.in_(ids)))


class AttachmentService:
    """Reading, previewing, saving a copy of and (for drafts) removing attachments."""

    def __init__(self, ws):
        self.ws = ws

    def _get(self, s: Session, attachment_id: int) -> Attachment:
        att = s.get(Attachment, attachment_id)
        if att is None:
            raise NotFound(f"找不到编号为{attachment_id}的附件。")
        return att

    def info(self, attachment_id: int) -> AttachmentInfo:
        with self.ws.session() as s:
            return _info(self._get(s, attachment_id))

    def list(self, owner_type: str, owner_id: int) -> list[AttachmentInfo]:
        with self.ws.session() as s:
            return list_for(s, owner_type, owner_id)

    def data(self, attachment_id: int) -> bytes:
        """The file's bytes, in memory (for a preview); never written to disk by the core."""
        with self.ws.session() as s:
            self._get(s, attachment_id)
            return s.get(AttachmentBlob, attachment_id).data

    def thumbnail(self, attachment_id: int) -> bytes | None:
        """JPEG bytes of the image preview, or None for files without one."""
        with self.ws.session() as s:
            blob = s.get(AttachmentBlob, attachment_id)
            return blob.thumbnail if blob else None

    def save_copy(self, attachment_id: int, dest) -> Path:
        """Write an unencrypted copy where the user chose (atomically); logged in the audit trail."""
        dest = Path(dest)
        with self.ws.session() as s:
            att = self._get(s, attachment_id)
            if dest.is_dir():
                dest = dest / att.name
            data = s.get(AttachmentBlob, attachment_id).data
            if hashlib.sha256(data).hexdigest() != att.sha256:
                raise ValidationError(f"附件“{att.name}”的内容与登记的校验值不符，未导出。请运行完整性检查。")
            atomic.write_bytes(dest, data)
            self.ws.audit("save_attachment", f"附件#{attachment_id} {att.name} -> {dest}", session=s)
        return dest

    @mutates("attachments")
    def remove(self, attachment_id: int) -> None:
        """Only from a draft; once finalized an attachment stays (void the record or add a 补充说明)."""
        from desktop.ledger.documents import TABLES

        with self.ws.session() as s:
            att = self._get(s, attachment_id)
            owner = s.get(TABLES[att.owner_type], att.owner_id) if att.owner_type in TABLES else None
            if att.amendment_id is not None or owner is None or getattr(owner, "status", None) != RecordStatus.DRAFT:
                raise RecordLocked("该附件属于已定稿的记录，不能删除。如有错误，请添加补充说明。")
            s.execute(delete(AttachmentBlob).where(AttachmentBlob.attachment_id == attachment_id))
            s.delete(att)

