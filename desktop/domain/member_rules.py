"""What a member record must satisfy before it is stored, and the status it implies on a given day."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime

from desktop.domain import idnumber
from desktop.domain.enums import GENDERS, MemberStatus
from desktop.domain.text import clean
from desktop.errors import ValidationError

ADMISSION_AGE = 18
EARLIEST_DATE = date(1900, 1, 1)
_PHONE = re.compile(r"^[0-9+\- ]+$")
# Limits follow the column sizes in desktop.storage.models.Member / PartyGroup.
MAX_LENGTHS = {"name": 40, "ethnicity": 20, "education": 20, "group": 60, "position": 100, "phone": 40}
FIELD_LABELS = {
    "name": "姓名", "gender": "性别", "birth_date": "出生日期", "joined_on": "入党时间", "full_on": "转正时间",
    "id_number": "身份证号", "ethnicity": "民族", "education": "学历", "group": "党小组", "position": "职务",
    "phone": "联系电话", "notes": "备注",
}


@dataclass(frozen=True)
class MemberInput:
    """A member as entered in a form, on the command line or in one roster row."""

    name: str
    gender: str  # '男' / '女'
    birth_date: date | None
    joined_on: date | None
    full_on: date | None = None
    id_number: str | None = None
    ethnicity: str = "汉族"
    education: str = ""
    group: str | None = None  # party group name; created on save if it does not exist
    position: str = ""
    phone: str = ""
    notes: str = ""

    def cleaned(self) -> "MemberInput":
        """Trimmed text, the ID number in canonical form, empty optional values as None/''."""

        def text(value) -> str:
            return clean(str(value)).strip() if value is not None else ""

        def day(value):  # a datetime (e.g. from a date widget) compares badly with dates
            return value.date() if isinstance(value, datetime) else value

        return replace(
            self,
            birth_date=day(self.birth_date),
            joined_on=day(self.joined_on),
            full_on=day(self.full_on),
            name=re.sub(r"\s+", "", text(self.name)),  # "张 三" in rosters is padding, not part of the name
            gender=text(self.gender),
            id_number=idnumber.normalize(clean(self.id_number)) or None,
            ethnicity=text(self.ethnicity) or "汉族",
            education=text(self.education),
            group=text(self.group) or None,
            position=text(self.position),
            phone=text(self.phone),
            notes=text(self.notes),
        )


def cn(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February in a non-leap year
        return d.replace(year=d.year + years, day=28)


def status_on(full_on: date | None, day: date) -> MemberStatus:
    """正式党员 from the day of 转正, 预备党员 before it (or when there is no 转正 date)."""
    return MemberStatus.FULL if full_on is not None and full_on <= day else MemberStatus.PROBATIONARY


def validate(data: MemberInput, today: date | None = None) -> list[ValidationError]:
    """Every rule the input breaks, in form order; an empty list means it can be saved.

    ``data`` should be ``cleaned()`` first; the rules here do not change it.
    """
    today = today or date.today()
    errors: list[ValidationError] = []

    def err(message: str, field: str) -> None:
        errors.append(ValidationError(message, field))

    if not data.name:
        err("请填写姓名。", "name")
    if not data.gender:
        err("请选择性别（男或女）。", "gender")
    elif data.gender not in GENDERS:
        err(f"性别应为“男”或“女”，现在是“{data.gender}”。", "gender")
    for field, label in (("birth_date", "出生日期"), ("joined_on", "入党时间"), ("full_on", "转正时间")):
        value = getattr(data, field)
        if value is None:
            if field != "full_on":
                err(f"请填写{label}。", field)
        elif not isinstance(value, date):
            err(f"{label}不是有效日期，请按“年-月-日”填写。", field)
        elif value > today:
            err(f"{label}（{cn(value)}）晚于今天，请核对。", field)
        elif value < EARLIEST_DATE:
            err(f"{label}（{cn(value)}）早于1900年，请核对。", field)
    dates_ok = not any(e.field in ("birth_date", "joined_on", "full_on") for e in errors)
    born, joined, full = data.birth_date, data.joined_on, data.full_on
    if dates_ok and born and joined:
        if joined <= born:
            err("入党时间应晚于出生日期，请核对。", "joined_on")
        elif joined < add_years(born, ADMISSION_AGE):
            adult = add_years(born, ADMISSION_AGE)
            err(f"入党时须年满{ADMISSION_AGE}周岁：按出生日期，{cn(adult)}才满{ADMISSION_AGE}岁，请核对入党时间或出生日期。",
                "joined_on")
    if dates_ok and joined and full and full < joined:
        err("转正时间不能早于入党时间，请核对。", "full_on")

    if data.id_number:
        try:
            info = idnumber.parse(data.id_number, today)
        except ValidationError as exc:
            errors.append(exc)
        else:
            if born and isinstance(born, date) and info.birth_date != born:
                err(f"身份证号中的出生日期（{cn(info.birth_date)}）与填写的出生日期（{cn(born)}）不一致，请核对。",
                    "birth_date")
            if data.gender in GENDERS and info.gender != data.gender:
                err(f"身份证号显示性别为“{info.gender}”，与填写的性别“{data.gender}”不一致，请核对。", "gender")

    if data.phone:
        digits = sum(ch.isdigit() for ch in data.phone)
        if not _PHONE.match(data.phone) or digits < 5:
            err(f"联系电话“{data.phone}”不像电话号码：只能包含数字、空格、“-”和“+”，请核对。", "phone")
    for field, limit in MAX_LENGTHS.items():
        value = getattr(data, field) or ""
        if len(value) > limit:
            err(f"{FIELD_LABELS[field]}太长（最多{limit}个字），请精简。", field)
    return errors
