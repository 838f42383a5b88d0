"""Append-only double-entry bookkeeping for the fund's capital pools.

Each pool has one account of each kind. Debits are positive, credits negative; the lines of a
transaction always sum to zero (``post`` refuses anything else, and a CheckConstraint refuses a
zero line). Nothing is ever edited or deleted: a correction is a reversing transaction.

The entries of each business operation are pure functions (``entries``), so they can be
property-tested without a database; ``post`` writes them.

Balances of a pool (debit-positive):
- pool capital  = −(capital + levy + interest): what members and municipalities put in, plus
  what the fund earned;
- outstanding   = loans receivable;
- losses        = credit losses (write-offs and called guarantees);
- refunds owed  = overpayments received and not yet paid back (a liability);
- cash          = capital − outstanding − losses + refunds owed (an identity of the books);
- available to lend = pool capital − outstanding − guarantees in force − losses
  − approved but undisbursed.

Interest is income when it is paid (cash basis, as for a small non-profit fund): unpaid interest
is never booked as a receivable, so a write-off removes only the outstanding principal.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from microfund.money import ZERO, to_ore

CASH, CAPITAL, LEVY, LOANS, INTEREST, LOSSES, REFUNDS = (
    "cash", "capital", "levy", "loans", "interest", "losses", "refunds",
)  # fmt: skip
KINDS = (CASH, CAPITAL, LEVY, LOANS, INTEREST, LOSSES, REFUNDS)


def entries(
    operation: str, amount: Decimal, *, interest: Decimal = ZERO, excess: Decimal = ZERO
) -> list[tuple]:
    """The ledger lines (account kind, debit-positive amount) of one business operation."""
    amount = to_ore(amount)
    interest = to_ore(interest)
    excess = to_ore(excess)
    if amount < 0 or interest < 0 or excess < 0:
        raise ValueError("amounts are positive")
    if operation == "deposit":
        lines = [(CASH, amount), (CAPITAL, -amount)]
    elif operation == "withdrawal":
        lines = [(CAPITAL, amount), (CASH, -amount)]
    elif operation == "levy":
        lines = [(CASH, amount), (LEVY, -amount)]
    elif operation == "disbursement":
        lines = [(LOANS, amount), (CASH, -amount)]
    elif operation == "repayment":  # amount = principal part; interest and overpaid apart
        lines = [(CASH, amount + interest + excess), (LOANS, -amount), (INTEREST, -interest),
                 (REFUNDS, -excess)]  # fmt: skip
    elif operation == "refund":
        lines = [(REFUNDS, amount), (CASH, -amount)]
    elif operation == "write_off":
        lines = [(LOSSES, amount), (LOANS, -amount)]
    elif operation == "guarantee_call":
        lines = [(LOSSES, amount), (CASH, -amount)]
    else:
        raise ValueError(operation)
    return [(kind, value) for kind, value in lines if value != 0]


def reversal(lines) -> list[tuple]:
    return [(kind, -value) for kind, value in lines]


def is_balanced(lines) -> bool:
    return sum((Decimal(v) for _k, v in lines), ZERO) == 0


def summarise(balance: dict) -> dict:
    """Derived figures from account balances (debit-positive) of one pool."""
    b = defaultdict(lambda: ZERO, balance)
    capital = -(b[CAPITAL] + b[LEVY] + b[INTEREST])
    return {
        "cash": b[CASH],
        "capital": capital,
        "contributed": -b[CAPITAL],
        "levy": -b[LEVY],
        "interest": -b[INTEREST],
        "outstanding": b[LOANS],
        "losses": b[LOSSES],
        "refunds": -b[REFUNDS],
    }


def available_to_lend(summary: dict, guarantees: Decimal, undisbursed: Decimal) -> Decimal:
    return (
        summary["capital"] - summary["outstanding"] - guarantees - summary["losses"] - undisbursed
    )


# --- Database ---------------------------------------------------------------------------------


def account(pool, kind):
    from microfund.models import Account

    return Account.objects.get_or_create(pool=pool, kind=kind)[0]


def post(pool, kind, lines, *, by=None, memo="", loan=None, booked_on=None, reverses=None):
    """Write one balanced transaction. Refuses unbalanced or empty entries."""
    from microfund.models import LedgerLine, LedgerTransaction

    lines = [(k, to_ore(v)) for k, v in lines if to_ore(v) != 0]
    if not lines:
        raise ValidationError(_("A ledger transaction needs at least one line."))
    if not is_balanced(lines):
        raise ValidationError(_("The lines of a ledger transaction must sum to zero."))
    with transaction.atomic():
        extra = {"booked_on": booked_on} if booked_on else {}
        tx = LedgerTransaction.objects.create(
            pool=pool, kind=kind, created_by=by if getattr(by, "pk", None) else None,
            memo=memo[:255], loan=loan, reverses=reverses, **extra,
        )  # fmt: skip
        LedgerLine.objects.bulk_create(
            [LedgerLine(transaction=tx, account=account(pool, k), amount=v) for k, v in lines]
        )
        verify(tx)
    return tx


def record(pool, operation, amount, *, interest=ZERO, excess=ZERO, **kwargs):
    lines = entries(operation, amount, interest=interest, excess=excess)
    return post(pool, operation, lines, **kwargs)


def reverse(tx, *, by=None, reason=""):
    """Post the reversing entry of ``tx`` (once)."""
    from microfund.models import LedgerTransaction

    if tx.kind == LedgerTransaction.Kind.REVERSAL:
        raise ValidationError(_("A reversal cannot itself be reversed; post a new entry."))
    if LedgerTransaction.objects.filter(reverses=tx).exists():
        raise ValidationError(_("This transaction has already been reversed."))
    lines = [(line.account.kind, -line.amount) for line in tx.lines.select_related("account")]
    return post(
        tx.pool, LedgerTransaction.Kind.REVERSAL, lines, by=by,
        memo=reason or f"Reversal of #{tx.pk}", loan=tx.loan, reverses=tx,
    )  # fmt: skip


def verify(tx) -> None:
    """Checked again after writing, inside the same transaction: the database sum is zero."""
    total = tx.lines.aggregate(total=Sum("amount"))["total"]
    if to_ore(total or 0) != 0:  # SQLite sums decimals as floats; PostgreSQL exactly
        raise ValidationError(_("The lines of a ledger transaction must sum to zero."))


def unbalanced_transactions():
    """Transactions whose lines do not sum to zero (there must be none)."""
    from microfund.models import LedgerTransaction

    half = Decimal("0.005")  # SQLite sums as floats; exact on PostgreSQL
    return LedgerTransaction.objects.annotate(total=Sum("lines__amount")).filter(
        Q(total__gte=half) | Q(total__lte=-half)
    )


def balances(pool) -> dict:
    from microfund.models import LedgerLine

    rows = (
        LedgerLine.objects.filter(account__pool=pool)
        .values("account__kind")
        .annotate(total=Sum("amount"))
    )
    return {row["account__kind"]: to_ore(row["total"]) for row in rows}


def pool_summary(pool) -> dict:
    from microfund.models import Guarantee, Loan

    summary = summarise(balances(pool))
    guarantees = (
        Guarantee.objects.filter(pool=pool, status=Guarantee.Status.ACTIVE).aggregate(
            s=Sum("amount")
        )["s"]
        or ZERO
    )
    undisbursed = (
        Loan.objects.filter(
            pool=pool, status__in=[Loan.Status.APPROVED, Loan.Status.AWAITING]
        ).aggregate(s=Sum("principal"))["s"]
        or ZERO
    )
    summary["guarantees"] = to_ore(guarantees)
    undisbursed = to_ore(undisbursed)
    summary["undisbursed"] = undisbursed
    summary["available"] = available_to_lend(summary, guarantees, undisbursed)
    return summary
