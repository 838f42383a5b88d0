"""Repayment schedules: annuity, straight amortisation and interest-free, with grace months.

Pure functions on Decimal. Amounts are rounded to öre; the principal parts always sum exactly
to the principal. Grace months come first and carry interest only (nothing for interest-free).
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from microfund.money import ORE, ZERO, to_ore

ANNUITY = "annuity"
STRAIGHT = "straight"
INTEREST_FREE = "interest_free"
METHODS = (ANNUITY, STRAIGHT, INTEREST_FREE)


@dataclass(frozen=True)
class Row:
    number: int
    due_date: datetime.date
    principal: Decimal
    interest: Decimal
    balance_after: Decimal

    @property
    def total(self) -> Decimal:
        return self.principal + self.interest


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, clamped to the end of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def monthly_rate(annual_percent: Decimal) -> Decimal:
    return Decimal(annual_percent) / Decimal(1200)


def annuity_payment(principal: Decimal, annual_percent: Decimal, months: int) -> Decimal:
    """The fixed monthly payment that repays ``principal`` in ``months`` (rounded to öre)."""
    r = monthly_rate(annual_percent)
    if r == 0:
        return (Decimal(principal) / months).quantize(ORE, rounding=ROUND_HALF_UP)
    factor = (1 + r) ** months
    return (Decimal(principal) * r * factor / (factor - 1)).quantize(ORE, rounding=ROUND_HALF_UP)


def build(
    principal: Decimal,
    annual_percent: Decimal,
    months: int,
    *,
    method: str = ANNUITY,
    grace_months: int = 0,
    first_due: datetime.date,
) -> list[Row]:
    """The schedule: ``grace_months`` interest-only rows, then ``months`` amortising rows."""
    principal = to_ore(principal)
    if principal <= 0:
        raise ValueError("principal must be positive")
    if not 1 <= months <= 600 or grace_months < 0:
        raise ValueError("bad term")
    if method not in METHODS:
        raise ValueError(method)
    rate = ZERO if method == INTEREST_FREE else Decimal(annual_percent)
    r = monthly_rate(rate)
    rows: list[Row] = []
    balance = principal
    number = 0
    for _ in range(grace_months):
        number += 1
        interest = to_ore(balance * r)
        rows.append(Row(number, add_months(first_due, number - 1), ZERO, interest, balance))

    if method == ANNUITY and r > 0:
        payment = annuity_payment(principal, rate, months)
        for index in range(months):
            number += 1
            interest = to_ore(balance * r)
            part = balance if index == months - 1 else min(payment - interest, balance)
            balance -= part
            rows.append(Row(number, add_months(first_due, number - 1), part, interest, balance))
    else:
        # Straight (and interest-free): equal principal parts; the öre that do not divide
        # evenly go one each to the first instalments, so parts differ by at most 1 öre.
        ore = int(principal * 100)
        base, extra = divmod(ore, months)
        for index in range(months):
            number += 1
            part = Decimal(base + (1 if index < extra else 0)) / 100
            interest = to_ore(balance * r)
            balance -= part
            rows.append(Row(number, add_months(first_due, number - 1), part, interest, balance))
    return rows
