import random
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from microfund import ledger
from microfund.models import LedgerLine, LedgerTransaction
from tests.microfund.factories import PoolFactory

pytestmark = pytest.mark.django_db


def test_post_refuses_unbalanced():
    pool = PoolFactory()
    with pytest.raises(ValidationError):
        ledger.post(pool, "deposit", [("cash", Decimal("10")), ("capital", Decimal("-9.99"))])
    assert not LedgerTransaction.objects.exists()


def test_database_refuses_a_zero_line():
    pool = PoolFactory()
    tx = ledger.record(pool, "deposit", Decimal("100"))
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerLine.objects.bulk_create(
            [LedgerLine(transaction=tx, account=ledger.account(pool, "cash"), amount=0)]
        )


def test_ledger_is_append_only():
    pool = PoolFactory()
    tx = ledger.record(pool, "deposit", Decimal("100"))
    line = tx.lines.first()
    with pytest.raises(ValidationError):
        line.amount = Decimal("5")
        line.save()
    with pytest.raises(ValidationError):
        tx.delete()
    with pytest.raises(ValidationError):
        line.delete()


def test_reversal_cancels_and_only_once():
    pool = PoolFactory()
    tx = ledger.record(pool, "deposit", Decimal("1000"))
    rev = ledger.reverse(tx, reason="fel belopp")
    assert rev.reverses == tx
    assert ledger.summarise(ledger.balances(pool))["capital"] == 0
    with pytest.raises(ValidationError):
        ledger.reverse(tx)
    with pytest.raises(ValidationError):
        ledger.reverse(rev)


def test_random_operations_in_the_database_balance():
    rng = random.Random(7)
    pool = PoolFactory()
    expected = {"contributed": Decimal(0), "outstanding": Decimal(0), "losses": Decimal(0),
                "interest": Decimal(0), "levy": Decimal(0), "refunds": Decimal(0)}  # fmt: skip
    for _ in range(300):
        op = rng.choice(["deposit", "withdrawal", "levy", "disbursement", "repayment",
                         "write_off", "guarantee_call", "refund"])  # fmt: skip
        amount = Decimal(rng.randint(1, 10_000_000)) / 100
        interest = Decimal(rng.randint(0, 100_000)) / 100
        excess = interest if op == "repayment" else 0
        ledger.record(pool, op, amount, interest=interest, excess=excess)
        if op == "deposit":
            expected["contributed"] += amount
        elif op == "withdrawal":
            expected["contributed"] -= amount
        elif op == "levy":
            expected["levy"] += amount
        elif op == "disbursement":
            expected["outstanding"] += amount
        elif op == "repayment":
            expected["outstanding"] -= amount
            expected["interest"] += interest
            expected["refunds"] += interest
        elif op == "refund":
            expected["refunds"] -= amount
        elif op == "write_off":
            expected["outstanding"] -= amount
            expected["losses"] += amount
        else:
            expected["losses"] += amount
    assert not ledger.unbalanced_transactions().exists()
    summary = ledger.pool_summary(pool)
    for key, value in expected.items():
        assert summary[key] == value
    assert summary["cash"] == (
        summary["capital"] - summary["outstanding"] - summary["losses"] + summary["refunds"]
    )


def test_bulk_update_and_delete_are_refused():
    pool = PoolFactory()
    ledger.record(pool, "deposit", Decimal("100"))
    with pytest.raises(ValidationError):
        LedgerLine.objects.filter(account__pool=pool).update(amount=Decimal("1"))
    with pytest.raises(ValidationError):
        LedgerTransaction.objects.filter(pool=pool).delete()
    assert ledger.summarise(ledger.balances(pool))["capital"] == Decimal("100")


def test_levy_is_computed_from_the_basis_and_corrections_reverse():
    from microfund import services
    from tests import factories

    pool = PoolFactory()
    coordinator = factories.coordinator()
    tx = services.capital_movement(pool, "levy", Decimal("248 000".replace(" ", "")),
                                   by=coordinator, memo="Grenverket 2025")  # fmt: skip
    assert ledger.summarise(ledger.balances(pool))["levy"] == Decimal("12400.00")  # 5 %
    services.reverse_entry(tx, by=coordinator, reason="Fel år")
    assert ledger.summarise(ledger.balances(pool))["levy"] == 0


def test_admin_reverses_but_never_edits(admin_client):
    pool = PoolFactory()
    tx = ledger.record(pool, "deposit", Decimal("100"))
    url = f"/admin/microfund/ledgertransaction/{tx.pk}/change/"
    response = admin_client.get(url)
    assert response.status_code == 200 and b'name="_save"' not in response.content
    response = admin_client.post("/admin/microfund/ledgertransaction/",
                                 {"action": "reverse_entries", "_selected_action": [tx.pk]})  # fmt: skip
    assert response.status_code == 302
    assert tx.reversed_by.lines.count() == 2
    assert admin_client.get("/admin/microfund/ledgerline/").status_code == 200


def test_every_microfund_admin_page_loads(admin_client):
    from django.contrib import admin

    from microfund import demo as microfund_demo
    from portal import demo

    ctx = demo.DemoContext()
    demo.seed(ctx)
    microfund_demo.seed(ctx)
    for model in admin.site._registry:
        if model._meta.app_label != "microfund":
            continue
        base = f"/admin/microfund/{model._meta.model_name}/"
        assert admin_client.get(base).status_code == 200, base
        obj = model.objects.first()
        if obj is not None:
            assert admin_client.get(f"{base}{obj.pk}/change/").status_code == 200, base
