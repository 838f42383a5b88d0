"""Microfund figures: a 120-instalment schedule, and the arrears report over 1 000 loans."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from tests.perf.pages import path

LOANS = 1000
FUND_SLUG = "bench-mikrofond"
COORDINATOR = "bench-mf-coordinator@example.se"


def _seed():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import transaction

    from associations.models import Association
    from microfund import ledger, schedule
    from microfund.models import Application, CapitalPool, Fund, Instalment, Loan
    from portal.permissions import COORDINATORS

    User = get_user_model()
    user, created = User.objects.get_or_create(
        email=COORDINATOR, defaults={"display_name": "Bench", "is_staff": True}
    )
    if created:
        user.set_password("bench-password-1")
        user.save()
    group, _ = Group.objects.get_or_create(name=COORDINATORS)
    user.groups.add(group)
    fund, _ = Fund.objects.get_or_create(slug=FUND_SLUG, defaults={"name": "Bench-mikrofond"})
    pool, _ = CapitalPool.objects.get_or_create(fund=fund, name="Bench-kapital")
    have = Loan.objects.filter(pool=pool).count()
    if have >= LOANS:
        return pool
    rng = random.Random(42)
    association, _ = Association.objects.get_or_create(
        org_number="802999-0009",
        defaults={"name": "Bench-förening", "slug": "bench-forening", "status": "approved"},
    )
    with transaction.atomic():
        if not pool.transactions.exists():
            ledger.record(pool, "deposit", Decimal("500000000"))
        apps = Application.objects.bulk_create(
            Application(
                fund=fund,
                pool=pool,
                association=association,
                title=f"Bench {i}",
                amount_wanted=Decimal("100000"),
                enquiry="-",
                state="approved",
            )  # fmt: skip
            for i in range(have, LOANS)
        )
        loans = []
        for app in apps:
            start = datetime.date(2025, 1, 1) + datetime.timedelta(days=rng.randint(0, 500))
            loans.append(Loan(
                application=app, pool=pool, principal=Decimal(rng.randint(10, 2000) * 1000),
                rate=Decimal(rng.randint(0, 1500)) / 100, method=rng.choice(schedule.METHODS),
                term_months=rng.randint(12, 60), status=Loan.Status.ACTIVE, disbursed_on=start,
            ))  # fmt: skip
        loans = Loan.objects.bulk_create(loans)
        batch = []
        for loan in loans:
            rows = schedule.build(loan.principal, loan.rate, loan.term_months, method=loan.method,
                                  first_due=loan.disbursed_on + datetime.timedelta(days=30))  # fmt: skip
            paid_until = rng.randint(0, len(rows))
            for row in rows:
                paid = row.number <= paid_until
                batch.append(Instalment(
                    loan=loan, number=row.number, due_date=row.due_date, principal=row.principal,
                    interest=row.interest, paid_principal=row.principal if paid else 0,
                    paid_interest=row.interest if paid else 0,
                ))  # fmt: skip
            if len(batch) > 5000:
                Instalment.objects.bulk_create(batch)
                batch = []
        Instalment.objects.bulk_create(batch)
    return pool


def run(bench):
    from microfund import reports, schedule

    t = bench.timings(
        lambda: schedule.build(
            Decimal("2000000"),
            Decimal("7.5"),
            120,
            grace_months=12,
            first_due=datetime.date(2026, 1, 31),
        ),  # fmt: skip
        repeat=50,
    )
    bench.record("120-instalment annuity schedule p50", t["p50"], "ms", target="< 5 ms",
                 ok=t["p50"] < 5)  # fmt: skip
    _seed()
    day = datetime.date(2026, 6, 1)
    result = reports.portfolio(day)
    bench.record("active loans in the arrears report", result["loans"], "loans")
    t = bench.timings(lambda: reports.portfolio(day), repeat=10, warmup=1)
    bench.record("arrears report (1 000 loans) p50", t["p50"], "ms", target="< 500 ms",
                 ok=t["p50"] < 500)  # fmt: skip
    bench.record("arrears report (1 000 loans) p95", t["p95"], "ms")
    t = bench.timings(lambda: reports.portfolio_csv(day), repeat=5, warmup=1)
    bench.record("portfolio CSV (1 000 loans) p50", t["p50"], "ms", target="< 1000 ms",
                 ok=t["p50"] < 1000)  # fmt: skip
    bench.record("PAR30 on the bench portfolio", float(result["par30"]), "%")


def pages():
    return [
        ("microfund index", path("microfund:index"), None, False),
        ("microfund reports (1 000 loans)", path("microfund:reports"), COORDINATOR, False),
    ]
