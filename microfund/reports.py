"""Reports: the portfolio (outstanding, arrears per bucket, PAR30), capital per pool, the
funnel, CSV export. Every function takes a business date, so any day can be reported on."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal
from types import SimpleNamespace

from django.db.models import Count, F, Min, OuterRef, Q, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from microfund.money import ZERO, to_ore

BUCKETS = [
    ("1-30", 1, 30),
    ("31-60", 31, 60),
    ("61-90", 61, 90),
    ("90+", 91, None),
]
BUCKET_LABELS = {
    "current": _("Current"), "1-30": _("1–30 days"), "31-60": _("31–60 days"),
    "61-90": _("61–90 days"), "90+": _("Over 90 days"),
}  # fmt: skip


def bucket_for(days: int) -> str:
    if days <= 0:
        return "current"
    for name, low, high in BUCKETS:
        if days >= low and (high is None or days <= high):
            return name
    return "90+"


def loans_with_arrears(day: datetime.date | None = None, loans=None):
    """Active loans annotated with outstanding principal, arrears and the oldest overdue date
    (one query)."""
    from microfund.models import Loan

    day = day or timezone.localdate()
    qs = loans if loans is not None else Loan.objects.all()
    unpaid = Q(instalments__paid_principal__lt=F("instalments__principal")) | Q(
        instalments__paid_interest__lt=F("instalments__interest")
    )
    overdue = Q(instalments__due_date__lt=day) & unpaid
    return qs.filter(status=Loan.Status.ACTIVE).annotate(
        principal_due=Sum("instalments__principal"),
        principal_paid=Sum("instalments__paid_principal"),
        arrears=Sum(
            F("instalments__principal") + F("instalments__interest")
            - F("instalments__paid_principal") - F("instalments__paid_interest"),
            filter=overdue,
        ),
        oldest_overdue=Min("instalments__due_date", filter=overdue),
        next_due=Min("instalments__due_date", filter=Q(instalments__due_date__gte=day) & unpaid),
    )  # fmt: skip


def loan_state(loan, day: datetime.date) -> dict:
    outstanding = to_ore((loan.principal_due or 0) - (loan.principal_paid or 0))
    days = (day - loan.oldest_overdue).days if loan.oldest_overdue else 0
    return {
        "outstanding": outstanding,
        "arrears": to_ore(loan.arrears or 0),
        "days_overdue": days,
        "bucket": bucket_for(days),
        "next_due": loan.next_due,
    }


def portfolio(day: datetime.date | None = None) -> dict:
    """Outstanding principal, arrears per bucket and PAR30 (share of outstanding principal in
    loans more than 30 days overdue)."""
    day = day or timezone.localdate()
    buckets = {name: {"loans": 0, "outstanding": ZERO, "arrears": ZERO} for name in BUCKET_LABELS}
    total = ZERO
    count = 0
    fields = ("principal_due", "principal_paid", "arrears", "oldest_overdue", "next_due")
    rows = loans_with_arrears(day).values_list(*fields).iterator(chunk_size=2000)
    for row in rows:  # tuples, not models: a thousand loans are summed, not shown
        state = loan_state(SimpleNamespace(**dict(zip(fields, row, strict=True))), day)
        count += 1
        total += state["outstanding"]
        bucket = buckets[state["bucket"]]
        bucket["loans"] += 1
        bucket["outstanding"] += state["outstanding"]
        bucket["arrears"] += state["arrears"]
    biggest = max((b["outstanding"] for b in buckets.values()), default=ZERO) or Decimal(1)
    for bucket in buckets.values():
        bucket["bar"] = int(bucket["outstanding"] * 260 / biggest)  # chart units, widest 260
    at_risk = sum((buckets[b]["outstanding"] for b in ("31-60", "61-90", "90+")), ZERO)
    par30 = (at_risk / total * 100).quantize(Decimal("0.1")) if total else Decimal("0.0")
    return {
        "day": day,
        "loans": count,
        "outstanding": total,
        "buckets": [{"key": k, "label": str(BUCKET_LABELS[k]), **v} for k, v in buckets.items()],
        "at_risk_30": at_risk,
        "par30": par30,
    }


def capital() -> list[dict]:
    """Per pool: capital, outstanding, guarantees, losses, undisbursed and available to lend
    (one query whatever the number of pools: each balance is a subquery)."""
    from microfund import ledger
    from microfund.models import CapitalPool, Guarantee, LedgerLine, Loan

    def total(queryset, pool_path, amount):
        return Subquery(
            queryset.filter(**{pool_path: OuterRef("pk")})
            .order_by()
            .values(pool_path)
            .annotate(s=Sum(amount))
            .values("s")[:1]
        )

    kinds = {
        f"balance_{kind}": total(LedgerLine.objects.filter(account__kind=kind), "account__pool", "amount")
        for kind in ledger.KINDS
    }  # fmt: skip
    pools = CapitalPool.objects.select_related("fund").annotate(
        guarantees_total=total(
            Guarantee.objects.filter(status=Guarantee.Status.ACTIVE), "pool", "amount"
        ),
        undisbursed_total=total(
            Loan.objects.filter(status__in=[Loan.Status.APPROVED, Loan.Status.AWAITING]),
            "pool",
            "principal",
        ),
        **kinds,
    )
    out = []
    for pool in pools:
        summary = ledger.summarise(
            {
                kind: to_ore(getattr(pool, f"balance_{kind}"))
                for kind in ledger.KINDS
                if getattr(pool, f"balance_{kind}") is not None
            }
        )
        guarantees = pool.guarantees_total or ZERO
        undisbursed = to_ore(pool.undisbursed_total or ZERO)
        summary["guarantees"] = to_ore(guarantees)
        summary["undisbursed"] = undisbursed
        summary["available"] = ledger.available_to_lend(summary, guarantees, undisbursed)
        out.append({"pool": pool, **summary})
    return out


def funnel() -> list[dict]:
    """Enquiries → applications → decisions → disbursed."""
    from microfund.models import Application
    from microfund.workflow import DECIDED, State

    counts = Application.objects.aggregate(
        enquiries=Count("pk"),
        applications=Count(
            "pk", filter=~Q(state__in=[State.ENQUIRY, State.INVITED, State.DRAFT])
            & ~Q(state=State.WITHDRAWN, submitted_snapshot={}),
        ),
        decisions=Count("pk", filter=Q(state__in=DECIDED)),
        approved=Count("pk", filter=Q(state__in=[State.APPROVED, State.APPROVED_WITH_CONDITIONS])),
        disbursed=Count("loan", filter=Q(loan__disbursed_on__isnull=False)),  # one loan each
    )  # fmt: skip
    labels = {
        "enquiries": _("Enquiries"), "applications": _("Applications submitted"),
        "decisions": _("Decisions"), "approved": _("Approved"), "disbursed": _("Disbursed"),
    }  # fmt: skip
    return [{"key": k, "label": str(labels[k]), "count": counts[k]} for k in labels]


def portfolio_csv(day: datetime.date | None = None) -> str:
    """One row per active loan: association, principal, outstanding, arrears, days, bucket."""
    day = day or timezone.localdate()
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["loan", "association", "pool", "principal", "rate", "disbursed_on",
                     "outstanding", "arrears", "days_overdue", "bucket", "next_due"])  # fmt: skip
    qs = loans_with_arrears(day).select_related("application__association", "pool")
    for loan in qs.order_by("pk"):
        state = loan_state(loan, day)
        writer.writerow([
            loan.pk, loan.application.association.name, loan.pool.name, loan.principal,
            loan.rate, loan.disbursed_on or "", state["outstanding"], state["arrears"],
            state["days_overdue"], state["bucket"], state["next_due"] or "",
        ])  # fmt: skip
    return out.getvalue()
