import datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microfund import ledger, schedule
from microfund.money import AmountError, format_amount, parse_amount

EXAMPLES = 10_000


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("150 000,50", "150000.50"),
        ("150\u00a0000,50", "150000.50"),
        ("150000.50", "150000.50"),
        ("1.500.000,00", "1500000.00"),
        ("2 000 000", "2000000.00"),
        ("25 kr", "25.00"),
        ("0,1", "0.10"),
    ],
)
def test_parse_swedish_amounts_exactly(text, expected):
    assert parse_amount(text) == Decimal(expected)
    assert str(parse_amount(text)) == expected


@pytest.mark.parametrize("text", ["", "abc", "1,234", "12,345,00", "1.5.0", "1 000,505", "1e5"])
def test_parse_rejects_what_is_not_an_amount(text):
    with pytest.raises(AmountError):
        parse_amount(text)


@settings(max_examples=2_000, deadline=None)
@given(st.decimals(min_value=0, max_value=10**9, places=2))
def test_format_and_parse_round_trip(amount):
    assert parse_amount(format_amount(amount)) == amount


loans = st.tuples(
    st.decimals(min_value=1000, max_value=2_000_000, places=2),
    st.decimals(min_value=0, max_value=15, places=2),
    st.integers(min_value=1, max_value=120),
    st.integers(min_value=0, max_value=12),
    st.sampled_from(schedule.METHODS),
)


@settings(max_examples=EXAMPLES, deadline=None)
@given(loans)
def test_schedule_principal_sums_exactly_and_instalments_are_even(loan):
    principal, rate, months, grace, method = loan
    rows = schedule.build(
        principal, rate, months, method=method, grace_months=grace,
        first_due=datetime.date(2026, 1, 31),
    )  # fmt: skip
    assert len(rows) == months + grace
    assert sum(r.principal for r in rows) == principal
    assert rows[-1].balance_after == 0
    assert all(r.principal >= 0 and r.interest >= 0 for r in rows)
    assert all(r.principal == r.principal.quantize(Decimal("0.01")) for r in rows)
    amortising = rows[grace:]
    if method == schedule.ANNUITY and rate > 0:
        totals = [r.total for r in amortising[:-1]]
    else:
        totals = [r.principal for r in amortising]
    if totals:
        assert max(totals) - min(totals) <= Decimal("0.01")
    if method == schedule.INTEREST_FREE:
        assert all(r.interest == 0 for r in rows)
    # Due dates are monthly and strictly increasing.
    assert all(a.due_date < b.due_date for a, b in zip(rows, rows[1:], strict=False))


def test_known_annuity():
    rows = schedule.build(Decimal("100000"), Decimal("6"), 12, first_due=datetime.date(2026, 1, 15))
    assert rows[0].total == Decimal("8606.64")
    assert rows[0].interest == Decimal("500.00")
    assert rows[-1].due_date == datetime.date(2026, 12, 15)


def test_grace_months_pay_interest_only():
    rows = schedule.build(
        Decimal("12000"), Decimal("12"), 12, grace_months=3, method=schedule.STRAIGHT,
        first_due=datetime.date(2026, 1, 31),
    )  # fmt: skip
    assert [r.principal for r in rows[:3]] == [Decimal("0")] * 3
    assert rows[0].interest == Decimal("120.00")
    assert rows[1].due_date == datetime.date(2026, 2, 28)
    assert rows[3].principal == Decimal("1000")


operations = st.lists(
    st.tuples(
        st.sampled_from(
            ["deposit", "withdrawal", "levy", "disbursement", "repayment", "write_off",
             "guarantee_call", "refund", "reverse"]
        ),
        st.decimals(min_value=Decimal("0.01"), max_value=1_000_000, places=2),
        st.decimals(min_value=0, max_value=10_000, places=2),
    ),
    min_size=1,
    max_size=30,
)  # fmt: skip


@settings(max_examples=EXAMPLES, deadline=None)
@given(operations)
def test_random_ledger_operations_balance(ops):
    """Simulate a journal in memory; every transaction sums to zero and the pool's balances
    match their definitions, whatever the order of operations."""
    journal: list[list[tuple]] = []
    expected = dict.fromkeys(
        ["contributed", "levy", "interest", "outstanding", "losses", "refunds"], 0
    )
    expected_effects = []
    for op, amount, interest in ops:
        if op == "reverse":
            if not journal:
                continue
            lines = ledger.reversal(journal[-1])
            effect = {k: -v for k, v in expected_effects[-1].items()}
        else:
            excess = interest if op == "repayment" else 0  # reuse the drawn figure as overpaid
            lines = ledger.entries(op, amount, interest=interest, excess=excess)
            effect = {
                "deposit": {"contributed": amount},
                "withdrawal": {"contributed": -amount},
                "levy": {"levy": amount},
                "disbursement": {"outstanding": amount},
                "repayment": {"outstanding": -amount, "interest": interest, "refunds": excess},
                "write_off": {"outstanding": -amount, "losses": amount},
                "guarantee_call": {"losses": amount},
                "refund": {"refunds": -amount},
            }[op]
        assert ledger.is_balanced(lines)
        journal.append(lines)
        expected_effects.append(effect)
        for key, value in effect.items():
            expected[key] += value
    balance: dict = {}
    for lines in journal:
        for kind, value in lines:
            balance[kind] = balance.get(kind, 0) + value
    summary = ledger.summarise(balance)
    for key, value in expected.items():
        assert summary[key] == value, key
    assert summary["capital"] == summary["contributed"] + summary["levy"] + summary["interest"]
    assert summary["cash"] == (
        summary["capital"] - summary["outstanding"] - summary["losses"] + summary["refunds"]
    )
    assert ledger.available_to_lend(summary, Decimal(0), Decimal(0)) == (
        summary["cash"] - summary["refunds"]
    )
