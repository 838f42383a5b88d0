"""Validation of Swedish organisationsnummer (NNNNNN-NNNN, Luhn-checked)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from portal.luhn import luhn_ok

_DIGITS = re.compile(r"^(?:16)?(\d{6})-?(\d{4})$")


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
