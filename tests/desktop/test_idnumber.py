"""18-digit resident ID numbers: what a secretary typing them in sees."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from desktop.domain import idnumber
from desktop.errors import ValidationError

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def make_id(birth: date, seq: str = "123", region: str = "110105") -> str:
    """An independent GB 11643 implementation, so the tests do not trust the code under test."""
    first17 = f"{region}{birth:%Y%m%d}{seq}"
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, WEIGHTS)) % 11]


def error_of(text, today=None) -> str:
    with pytest.raises(ValidationError) as info:
        idnumber.parse(text, today)
    assert info.value.field == "id_number"
    return str(info.value)


def test_standard_example_is_valid_and_decoded():
    info = idnumber.parse("11010519491231002X")  # the example printed in GB 11643-1999
    assert info.number == "11010519491231002X"
    assert info.birth_date == date(1949, 12, 31)
    assert info.gender == "女"  # 17th digit 2 is even


@pytest.mark.parametrize("birth,seq,gender", [
    (date(1988, 7, 15), "019", "男"),  # check digit X
    (date(1975, 2, 28), "246", "女"),
    (date(2000, 2, 29), "101", "男"),  # leap day
])
def test_computed_numbers_validate_with_birth_and_sex(birth, seq, gender):
    number = make_id(birth, seq, region="320102")
    info = idnumber.parse(number)
    assert (info.birth_date, info.gender) == (birth, gender)
    assert idnumber.is_valid(number)


def test_lowercase_x_spaces_and_fullwidth_digits_are_normalised():
    number = make_id(date(1988, 7, 15), "019", region="320102")
    assert number.endswith("X")
    assert idnumber.parse(number.lower()).number == number
    spaced = f" {number[:6]} {number[6:14]} {number[14:]} ".replace("3", "３")
    assert idnumber.parse(spaced).number == number


def test_wrong_check_digit_points_at_the_18th_digit():
    number = make_id(date(1990, 3, 8))
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    message = error_of(wrong)
    assert "校验位错误" in message and "第18位" in message


def test_a_mistyped_middle_digit_is_caught_by_the_checksum():
    number = make_id(date(1990, 3, 8), "456")
    swapped = number[:14] + "465" + number[17]
    assert not idnumber.is_valid(swapped)


def test_length_and_characters():
    assert "应为18位" in error_of("11010519491231002") and "17位" in error_of("11010519491231002")
    assert "应为18位" in error_of("1101051949123100212")
    assert "数字" in error_of("11010519491231A02X")
    assert "为空" in error_of("  ")


def test_impossible_and_future_birth_dates():
    first17 = "11010519900231123"  # 31 February
    assert "不是有效日期" in error_of(first17 + "0")
    tomorrow = date.today() + timedelta(days=1)
    assert "晚于今天" in error_of(make_id(tomorrow))
    assert "晚于今天" in error_of(make_id(date(2020, 5, 1)), today=date(2020, 4, 30))


def test_masked_number_is_refused_with_advice():
    assert "完整" in error_of("110105********1234")


def test_mask_keeps_first_six_and_last_four():
    number = make_id(date(1980, 1, 2), "123")
    assert idnumber.mask(number) == number[:6] + "********" + number[-4:]
    assert len(idnumber.mask(number)) == 18
    assert idnumber.mask(number.lower()) == idnumber.mask(number)
    assert idnumber.mask(None) == "" and idnumber.mask("") == ""


def test_mask_never_shows_more_of_a_mistyped_number():
    assert idnumber.mask("1101051980010212") == "************0212"
    assert idnumber.mask("123") == "***"
