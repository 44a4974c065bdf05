"""The resident ID number (GB 11643): check digit and the birth date inside, property-based."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from sanjian.members.validators import (
    birth_date_of,
    check_character,
    gender_of,
    normalise_id_number,
    validate_id_number,
)

TODAY = datetime.date(2026, 11, 25)
areas = st.from_regex(r"^[1-6]\d{5}$", fullmatch=True)
births = st.dates(min_value=datetime.date(1900, 1, 1), max_value=TODAY)
sequences = st.integers(min_value=0, max_value=999)


def build(area: str, born: datetime.date, sequence: int) -> str:
    first17 = f"{area}{born:%Y%m%d}{sequence:03d}"
    return first17 + check_character(first17)


@given(areas, births, sequences)
def test_every_number_with_its_check_character_is_valid(area, born, sequence):
    number = build(area, born, sequence)
    validate_id_number(number, today=TODAY)
    assert birth_date_of(number) == born
    assert gender_of(number) == ("male" if sequence % 2 else "female")


@given(areas, births, sequences, st.sampled_from("0123456789X"))
def test_any_other_check_character_is_refused(area, born, sequence, wrong):
    number = build(area, born, sequence)
    if wrong == number[-1]:
        return
    with pytest.raises(ValidationError) as exc:
        validate_id_number(number[:17] + wrong, today=TODAY)
    assert exc.value.code == "id_check"


@given(
    areas, births, sequences, st.integers(min_value=0, max_value=16), st.integers(min_value=1, max_value=9)
)
def test_changing_any_one_digit_is_caught(area, born, sequence, position, delta):
    number = build(area, born, sequence)
    digit = (int(number[position]) + delta) % 10
    changed = number[:position] + str(digit) + number[position + 1 :]
    with pytest.raises(ValidationError):
        validate_id_number(changed, today=TODAY)


@given(areas, sequences, st.integers(min_value=1, max_value=12), st.integers(min_value=29, max_value=39))
def test_a_birth_date_that_does_not_exist_is_refused_even_with_a_good_check_character(
    area, sequence, month, day
):
    first17 = f"{area}2023{month:02d}{day:02d}{sequence:03d}"
    if birth_date_of(first17 + "0") is not None:
        return  # e.g. 30 April exists
    with pytest.raises(ValidationError) as exc:
        validate_id_number(first17 + check_character(first17), today=TODAY)
    assert exc.value.code == "id_birth"


def test_a_birth_date_in_the_future_is_refused():
    with pytest.raises(ValidationError) as exc:
        validate_id_number(build("130481", datetime.date(2027, 1, 1), 11), today=TODAY)
    assert exc.value.code == "id_birth"


@pytest.mark.parametrize(
    "value", ["", "13048119900101123", "1304811990010112377", "13048119900101123Y", "abc"]
)
def test_a_number_of_the_wrong_shape_is_refused(value):
    with pytest.raises(ValidationError) as exc:
        validate_id_number(value, today=TODAY)
    assert exc.value.code == "id_shape"


def test_known_numbers_of_the_standard():
    # The example of GB 11643-1999 and one ending in X.
    assert check_character("11010519491231002") == "X"
    assert check_character("44052418800101001") == "4"
    validate_id_number("11010519491231002X", today=TODAY)


def test_what_people_type_is_normalised():
    assert normalise_id_number(" 110105 19491231 002x ") == "11010519491231002X"
    assert normalise_id_number(None) == ""
