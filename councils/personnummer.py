"""Finds Swedish personal identity numbers (personnummer) and co-ordination numbers
(samordningsnummer) in text: a plausible date (day + 60 for samordningsnummer) and a valid Luhn
check digit. Organisation numbers (month ≥ 20) and dates are not matched."""

from __future__ import annotations

import re

from portal.luhn import luhn_ok

PATTERN = re.compile(
    r"(?<![\d-])(?:(?:19|20)?(\d{2}))(\d{2})(\d{2})\s?([-+])?\s?(\d{3})(\d)(?![\d])"
)


def find(text: str) -> list[str]:
    """Every personnummer/samordningsnummer in ``text`` (as written), masked except the date."""
    found = []
    for match in PATTERN.finditer(text or ""):
        yy, mm, dd, _sep, serial, check = match.groups()
        month, day = int(mm), int(dd)
        if not 1 <= month <= 12:
            continue
        if not (1 <= day <= 31 or 61 <= day <= 91):
            continue
        if luhn_ok(f"{yy}{mm}{dd}{serial}{check}"):
            found.append(f"{yy}{mm}{dd}-****")
    return found
