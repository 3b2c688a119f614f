"""Canonical encoding v1: sorted keys, NFC, fixed date formats, no floats, typed records round-trip."""

from __future__ import annotations

import hashlib
from datetime import date, datetime

import pytest

from desktop.domain.enums import MemberStatus
from desktop.domain.meeting_enums import AttendanceStatus, MeetingKind
from desktop.domain.meeting_records import Attendee, AttachmentRef, MeetingRecord, Ref
from desktop.ledger.canonical import encode, plain, restore
from desktop.ledger.chain import DOMAIN, GENESIS, entry_hash


def test_keys_sorted_no_whitespace_utf8():
    assert encode({"b": 1, "a": "党", "c": [True, None]}) == '{"a":"党","b":1,"c":[true,null]}'.encode("utf-8")


def test_strings_and_keys_are_nfc():
    assert encode({"e\u0301": "e\u0301"}) == encode({"\u00e9": "\u00e9"})


def test_date_formats_are_fixed():
    assert plain(date(987, 3, 5)) == "0987-03-05"
    assert plain(datetime(2024, 4, 10, 9, 5, 7, 999)) == "2024-04-10T09:05:07"


def test_floats_and_odd_types_are_refused():
    for bad in (1.5, {"x": 0.1}, b"bytes", {1: "int key"}):
        with pytest.raises(TypeError):
            encode(bad)


def test_records_round_trip_through_plain_form():
    record = MeetingRecord(
        kind=MeetingKind.PARTY_LECTURE, title="党课", start=datetime(2024, 4, 10, 9), end=datetime(2024, 4, 10, 11),
        lecturer=Ref(None, "上级领导"), observers=("甲",),
        attendance=(Attendee(1, "张三", MemberStatus.FULL, AttendanceStatus.PRESENT),),
        attachments=(AttachmentRef("ab" * 32, "照片.jpg", 10, "image/jpeg"),))
    assert restore(MeetingRecord, plain(record)) == record
    assert plain(record)["attachments"] == [{"sha256": "ab" * 32, "name": "照片.jpg", "size": 10, "mime": "image/jpeg"}]


def test_entry_hash_is_the_documented_formula():
    canonical = b'{"v":1}'
    expected = hashlib.sha256(b"zhibu/ledger/v1\x00" + (7).to_bytes(8, "big") + bytes(32) + canonical).hexdigest()
    assert DOMAIN == b"zhibu/ledger/v1\x00"
    assert entry_hash(7, GENESIS, canonical) == expected
