"""Validation of Swedish organisationsnummer (NNNNNN-NNNN, Luhn-checked)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_DIGITS = re.compile(r"^(?:16)?(\d{6})-?(\d{4})$")


def luhn_ok(digits: str) -> bool:
    """The Luhn check over a string of digits (the last one is the check digit)."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char) * (2 if index % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def normalise_org_number(value: str) -> str:
    """``5566778899``, ``556677-8899`` and ``16556677-8899`` all become ``556677-8899``.

    Returns the value stripped of spaces when it does not look like a number at all (the
    validator then explains what is wrong)."""
    cleaned = re.sub(r"\s+", "", value or "")
    match = _DIGITS.match(cleaned)
    if not match:
        return cleaned
    return f"{match.group(1)}-{match.group(2)}"


def validate_org_number(value: str) -> None:
    cleaned = re.sub(r"\s+", "", value or "")
    match = _DIGITS.match(cleaned)
    if not match:
        raise ValidationError(
            _("Enter the organisation number as ten digits, NNNNNN-NNNN (e.g. 802412-3450)."),
            code="format",
        )
    if not luhn_ok(match.group(1) + match.group(2)):
        raise ValidationError(
            _("The organisation number is not valid: its check digit does not match."),
            code="checksum",
        )
