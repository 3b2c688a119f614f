"""Attachments live inside the encrypted book: round trip, previews made in memory, limits, and no plaintext
on disk except the copy the user asked for."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from PIL import Image, PngImagePlugin

from desktop.errors import RecordLocked, ValidationError
from desktop.services import attachments as files

from .branch import meeting

CANARY = b"CANARY-zhibu-attachment-7f3a9c"


def png_with_canary() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", CANARY.decode())
    out = io.BytesIO()
    Image.new("RGB", (800, 600), (200, 30, 30)).save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def files_containing(folder: Path, needle: bytes) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and needle in p.read_bytes()]


def test_round_trip_with_thumbnail(ws, br, tmp_path):
    source = tmp_path / "incoming" / "会议照片.png"
    source.parent.mkdir()
    source.write_bytes(png_with_canary())
    v = ws.meetings.create(meeting(br))
    info = ws.meetings.attach(v.id, source)
    assert (info.name, info.mime, info.size) == ("会议照片.png", "image/png", source.stat().st_size)
    assert info.sha256 == hashlib.sha256(source.read_bytes()).hexdigest() and info.has_thumbnail and info.is_image
    assert ws.meetings.attachments.data(info.id) == source.read_bytes()
    thumb = Image.open(io.BytesIO(ws.meetings.attachments.thumbnail(info.id)))
    assert thumb.format == "JPEG" and max(thumb.size) <= files.THUMBNAIL_PX
    view = ws.meetings.finalize(v.id)
    assert [a.sha256 for a in view.record.attachments] == [info.sha256]  # chained by SHA-256


def test_no_plaintext_on_disk_except_the_chosen_copy(ws, br, tmp_path, data_dir, book_path):
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    (incoming / "签到表.pdf").write_bytes(b"%PDF-1.4\n" + CANARY + b"\n%%EOF")
    (incoming / "照片.png").write_bytes(png_with_canary())
    (incoming / "说明.txt").write_bytes(CANARY)
    v = ws.meetings.create(meeting(br))
    ids = [ws.meetings.attach(v.id, incoming / name).id for name in ("签到表.pdf", "照片.png")]
    ws.meetings.finalize(v.id)
    ids.append(ws.meetings.attach(v.id, incoming / "说明.txt", reason="补充会后说明").id)
    for att_id in ids:
        assert CANARY in ws.meetings.attachments.data(att_id)
        ws.meetings.attachments.thumbnail(att_id)
    ws.backup(reason="manual")
    assert ws.check()["ok"]
    chosen = tmp_path / "exported" / "签到表副本.pdf"
    chosen.parent.mkdir()
    ws.meetings.attachments.save_copy(ids[0], chosen)
    ws.close()
    found = set(files_containing(tmp_path, CANARY))
    assert found == {incoming / "签到表.pdf", incoming / "照片.png", incoming / "说明.txt", chosen}
    assert book_path.exists() and not files_containing(data_dir, CANARY)


def test_finalized_records_take_files_as_supplements(ws, br):
    v = ws.meetings.finalize(ws.meetings.create(meeting(br)).id)
    info = ws.meetings.attach(v.id, b"%PDF-1.4 late scan", "签到表.pdf", reason="补充签到表扫描件")
    view = ws.meetings.get(v.id)
    assert view.original.attachments == () and [a.name for a in view.record.attachments] == ["签到表.pdf"]
    assert view.amendments[-1].kind.value == "supplement" and view.amendments[-1].reason == "补充签到表扫描件"
    assert info.amendment_id == view.amendments[-1].id
    with pytest.raises(RecordLocked):
        ws.meetings.attachments.remove(info.id)
    assert ws.meetings.ledger.verify(deep=True).ok


def test_draft_attachments_can_be_removed(ws, br):
    v = ws.meetings.create(meeting(br))
    info = ws.meetings.attach(v.id, b"%PDF-1.4 x", "a.pdf")
    ws.meetings.attachments.remove(info.id)
    assert ws.meetings.get(v.id).attachments == ()


def test_limits_and_types(ws, br, monkeypatch, tmp_path):
    v = ws.meetings.create(meeting(br))
    with pytest.raises(ValidationError, match="不支持的附件类型"):
        ws.meetings.attach(v.id, b"MZ...", "run.exe")
    with pytest.raises(ValidationError, match="内容与扩展名不符"):
        ws.meetings.attach(v.id, b"not really a jpeg", "photo.jpg")
    with pytest.raises(ValidationError, match="空文件"):
        ws.meetings.attach(v.id, b"", "a.pdf")
    with pytest.raises(ValidationError, match="找不到文件"):
        ws.meetings.attach(v.id, tmp_path / "missing.pdf")
    monkeypatch.setattr(files, "MAX_ATTACHMENT_BYTES", 100)
    with pytest.raises(ValidationError, match="超过"):
        ws.meetings.attach(v.id, b"%PDF-" + b"x" * 200, "big.pdf")
    monkeypatch.setattr(files, "MAX_ATTACHMENT_BYTES", 1000)
    monkeypatch.setattr(files, "MAX_RECORD_BYTES", 150)
    ws.meetings.attach(v.id, b"%PDF-" + b"x" * 100, "one.pdf")
    with pytest.raises(ValidationError, match="合计"):
        ws.meetings.attach(v.id, b"%PDF-" + b"x" * 100, "two.pdf")


def test_a_damaged_image_still_attaches_without_preview(ws, br):
    v = ws.meetings.create(meeting(br))
    info = ws.meetings.attach(v.id, b"\x89PNG\r\n\x1a\n" + b"\0" * 20, "broken.png")
    assert not info.has_thumbnail and ws.meetings.attachments.thumbnail(info.id) is None


def test_voided_record_takes_no_files(ws, br):
    v = ws.meetings.finalize(ws.meetings.create(meeting(br)).id)
    ws.meetings.void(v.id, "重复录入")
    with pytest.raises(RecordLocked):
        ws.meetings.attach(v.id, b"%PDF-1.4", "a.pdf")
