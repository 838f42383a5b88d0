import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from associations.validators import luhn_ok, normalise_org_number, validate_org_number
from tests.factories import luhn_org_number


@pytest.mark.parametrize("number", ["802412-3450", "802445-8211", "202100-5448", "8024123450"])
def test_valid_numbers_from_the_seed_pass(number):
    validate_org_number(number)


@pytest.mark.parametrize("number", ["802412-3452", "802445-8210", "202100-5449"])
def test_a_wrong_check_digit_is_refused(number):
    with pytest.raises(ValidationError) as exc:
        validate_org_number(number)
    assert exc.value.code == "checksum"


@pytest.mark.parametrize("number", ["", "80241-23452", "802412-345", "abcdef-ghij", "802412_3452"])
def test_a_malformed_number_gets_a_format_message(number):
    with pytest.raises(ValidationError) as exc:
        validate_org_number(number)
    assert exc.value.code == "format"
    assert "NNNNNN-NNNN" in exc.value.messages[0]


def test_normalise_accepts_common_spellings():
    assert normalise_org_number("8024123450") == "802412-3450"
    assert normalise_org_number(" 802412 3452 ") == "802412-3452"
    assert normalise_org_number("16802412-3452") == "802412-3452"
    assert normalise_org_number("nonsense") == "nonsense"


@given(st.integers(min_value=0, max_value=999_999))
def test_every_generated_number_passes_and_any_changed_check_digit_fails(seed):
    number = luhn_org_number(seed)
    validate_org_number(number)
    digits = number.replace("-", "")
    wrong = digits[:-1] + str((int(digits[-1]) + 1) % 10)
    assert not luhn_ok(wrong)
