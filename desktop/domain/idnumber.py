"""18-character PRC resident ID numbers (公民身份号码, GB 11643-1999): checksum, birth date, sex, masking."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from desktop.errors import ValidationError

FIELD = "id_number"
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
EARLIEST_BIRTH = date(1900, 1, 1)
_SHAPE = re.compile(r"^\d{17}[\dX]$")


@dataclass(frozen=True)
class IdInfo:
    number: str  # normalised: 18 characters, upper-case X
    birth_date: date
    gender: str  # '男' or '女'


def normalize(text: str | None) -> str:
    """Strip spaces (also full-width ones) and turn full-width digits and a lower-case x into the canonical form."""
    if text is None:
        return ""
    text = unicodedata.normalize("NFKC", str(text))
    return re.sub(r"\s+", "", text).upper()


def check_digit(first17: str) -> str:
    """The 18th character for the given first 17 digits."""
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def parse(text: str | None, today: date | None = None) -> IdInfo:
    """Validate an ID number and return what it encodes; raises ValidationError with a Chinese message."""
    number = normalize(text)
    if not number:
        raise ValidationError("身份证号为空，请填写18位身份证号。", FIELD)
    if "*" in number:
        raise ValidationError("身份证号是隐藏了中间几位的号码（含 *），请填写完整的18位号码，或留空。", FIELD)
    if len(number) != 18:
        raise ValidationError(f"身份证号应为18位，现在是{len(number)}位，请核对。", FIELD)
    if not _SHAPE.match(number):
        raise ValidationError("身份证号前17位应为数字，第18位为数字或 X，请核对。", FIELD)
    raw_birth = number[6:14]
    try:
        birth = date(int(raw_birth[:4]), int(raw_birth[4:6]), int(raw_birth[6:]))
    except ValueError:
        raise ValidationError(
            f"身份证号第7–14位的出生日期（{raw_birth}）不是有效日期，请核对。", FIELD
        ) from None
    today = today or date.today()
    if birth > today:
        raise ValidationError(f"身份证号中的出生日期（{raw_birth}）晚于今天，请核对。", FIELD)
    if birth < EARLIEST_BIRTH:
        raise ValidationError(f"身份证号中的出生日期（{raw_birth}）早于1900年，请核对。", FIELD)
    if check_digit(number[:17]) != number[17]:
        raise ValidationError("身份证号校验位错误，请核对第18位（也可能是前面某一位录错了）。", FIELD)
    gender = "男" if int(number[16]) % 2 == 1 else "女"
    return IdInfo(number=number, birth_date=birth, gender=gender)


def is_valid(text: str | None, today: date | None = None) -> bool:
    try:
        parse(text, today)
    except ValidationError:
        return False
    return True


def mask(text: str | None) -> str:
    """Hide the middle of an ID number: ``110105********1234`` (first 6 and last 4 kept, always 8 stars).

    Anything that is not 18 characters long is masked entirely except its last 4 characters, so a
    mistyped number never leaks more than a valid one would.
    """
    number = normalize(text)
    if not number:
        return ""
    if len(number) == 18:
        return number[:6] + "*" * 8 + number[-4:]
    if len(number) <= 4:
        return "*" * len(number)
    return "*" * (len(number) - 4) + number[-4:]
