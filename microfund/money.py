"""Money in SEK with öre: Decimal only, never float. Parsing of Swedish amounts ("150 000,50")."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

ORE = Decimal("0.01")
ZERO = Decimal("0.00")

# Digits grouped by (non-breaking/thin) spaces or dots, an optional comma and 1–2 decimals.
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")
_PLAIN = re.compile(r"^-?\d+([,.]\d{1,2})?$")
_DOT_GROUPED = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d{1,2})?$")


class AmountError(ValueError):
    pass


def to_ore(value) -> Decimal:
    """Round a Decimal (or int/str) to whole öre, half up."""
    return Decimal(value).quantize(ORE, rounding=ROUND_HALF_UP)


def parse_amount(text: str) -> Decimal:
    """Parse a Swedish amount exactly: "150 000,50", "150000.50", "1.500.000,00", "25 kr".

    Raises AmountError for anything that is not an amount with at most two decimals.
    """
    if text is None:
        raise AmountError("empty")
    cleaned = str(text).strip()
    for suffix in ("kronor", "SEK", "sek", "kr", ":-"):
        if cleaned.endswith(suffix):
            cleaned = cleaned[: -len(suffix)].strip()
            break
    cleaned = cleaned.replace("\u2212", "-")
    cleaned = _SPACES.sub("", cleaned)
    if not cleaned:
        raise AmountError("empty")
    if _DOT_GROUPED.match(cleaned):
        cleaned = cleaned.replace(".", "")
    elif not _PLAIN.match(cleaned):
        raise AmountError(text)
    try:
        return Decimal(cleaned.replace(",", ".")).quantize(ORE)
    except InvalidOperation:
        raise AmountError(text) from None


def format_amount(amount: Decimal) -> str:
    """150000.5 -> "150 000,50" (non-breaking spaces), the inverse of parse_amount."""
    amount = to_ore(amount)
    sign = "-" if amount < 0 else ""
    whole, frac = f"{abs(amount):.2f}".split(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return f"{sign}{'\u00a0'.join(groups)},{frac}"
