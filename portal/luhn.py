"""The Luhn check (mod 10) of Swedish identity numbers: organisationsnummer, personnummer and
samordningsnummer all end in a Luhn check digit over their last ten digits."""

from __future__ import annotations


def luhn_ok(digits: str) -> bool:
    """The Luhn check over a string of digits (the last one is the check digit)."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char) * (2 if index % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def with_check_digit(digits: str) -> str:
    """``digits`` followed by the Luhn check digit that makes the whole pass ``luhn_ok``."""
    return digits + next(d for d in "0123456789" if luhn_ok(digits + d))


def org_number(seed: int, base: int) -> str:
    """A valid organisationsnummer, NNNNNN-NNNN, numbered from ``base`` (demo and test data)."""
    number = with_check_digit(f"{base + seed:09d}")
    return f"{number[:6]}-{number[6:]}"
