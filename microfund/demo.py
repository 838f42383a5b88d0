"""Demo data: Mikrofond Östergötland with capital from Motala kommun and the members, a few
applications in different states, and one disbursed loan with payments."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

D = Decimal


def seed(ctx) -> None:
    from microfund import ledger, services
    from microfund.models import Application, CapitalPool, Decision, Fund, Loan

    chair = ctx.users.get("ordforande@ideburna.se")
    fund, _ = Fund.objects.get_or_create(
        slug="mikrofond-ostergotland",
        defaults={
            "name": "Mikrofond Östergötland",
            "description": (
                "Mikrofonden lånar ut till och går i borgen för idéburna organisationer – "
                "föreningar, kooperativ och arbetsintegrerande sociala företag – som bankerna "
                "tycker är för små eller för ovanliga. Kapitalet kommer från Motala kommun, "
                "som öronmärkt det för Motalas sociala ekonomi, och från medlemmarnas insatser. "
                "Sociala företag som startat med fondens hjälp betalar 5 % av intäkterna tillbaka."
            ),
            "chair": chair,
        },
    )
    pools = {}
    for name, earmark, deposits in [
        ("Motala kommun", "Öronmärkt för Motalas sociala ekonomi", [("1500000", "Kommunfullmäktiges beslut")]),
        ("Medlemmarnas kapital", "", [("250000", "Medlemsinsatser 2025"), ("100000", "Coompanion Östergötland")]),
    ]:  # fmt: skip
        pool, _ = CapitalPool.objects.get_or_create(
            fund=fund, name=name, defaults={"earmark": earmark}
        )
        if not pool.transactions.exists():
            for amount, memo in deposits:
                ledger.record(pool, "deposit", D(amount), memo=memo,
                              booked_on=datetime.date(2025, 1, 15))  # fmt: skip
            if name == "Medlemmarnas kapital":
                ledger.record(pool, "levy", D("12400"), memo="Intäktsandel 5 %, Grenverket",
                              booked_on=datetime.date(2025, 12, 31))  # fmt: skip
        pools[name] = pool

    coordinator = ctx.users.get("koordinator@ideburna.se")
    admin = ctx.users.get("admin@ideburna.se")
    members = [chair, ctx.users.get("fondkommitte@ideburna.se")]
    A = ctx.associations

    def application(association_name, title, state, **fields):
        association = A.get(association_name)
        if association is None:
            return None, False
        return Application.objects.get_or_create(
            association=association, title=title,
            defaults={"fund": fund, "state": state, "pool": pools["Motala kommun"],
                      "created_by": coordinator, **fields},
        )  # fmt: skip

    application(
        "Föreningen Verkstadsliv", "Cykelverkstad i Borensberg", "enquiry",
        amount_wanted=D("80000"),
        enquiry="Vi vill öppna en cykelverkstad där unga utan jobb lär sig laga cyklar.",
    )  # fmt: skip
    application(
        "Kooperativet Grenverket", "Ny flishugg", "in_review",
        amount_wanted=D("240000"), enquiry="En flishugg så att vi kan ta fler trädgårdsuppdrag.",
        instrument="loan", method="annuity", amount=D("240000"), term_months=60, grace_months=3,
        purpose="Köpa en begagnad flishugg och en släpvagn.",
        social_value="Två nya anställningar med lönebidrag för personer långt från arbetsmarknaden.",
        jobs=2,
    )  # fmt: skip
    application(
        "Speedwayklubben Piraterna", "Ny kiosk vid banan", "draft",
        amount_wanted=D("60000"), enquiry="Kiosken brann ner i somras.",
        instrument="interest_free", amount=D("60000"), term_months=36,
    )  # fmt: skip

    # One approved, disbursed loan with payments: Återvinningen's second-hand shop.
    app, created = application(
        "Motala Återvinningsförening (Återvinningen)", "Utökad second hand-butik", "in_review",
        amount_wanted=D("150000"), enquiry="Större lokal för butiken och arbetsträningen.",
        instrument="loan", method="annuity", amount=D("150000"), term_months=36, grace_months=0,
        purpose="Inredning och kassasystem till den nya butikslokalen.",
        social_value="Arbetsträning för tolv personer om året, varav tre blir anställda.", jobs=3,
    )  # fmt: skip
    if created and chair and coordinator and admin:
        for member in members:
            if member:
                services.declare(app, by=member, has_conflict=False)
                services.review(app, by=member, social_impact=5, feasibility=4,
                                repayment_capacity=4, comment="Stabil verksamhet.",
                                recommendation="approve")  # fmt: skip
        services.decide(
            app, by=chair, outcome=Decision.Outcome.APPROVED, amount=D("150000"), rate=D("4.5"),
            term_months=36, grace_months=0, quorum=3, votes_for=3,
            letter="Fondkommittén beviljar ett lån på 150 000 kr till 4,5 % ränta på tre år.",
        )  # fmt: skip
        loan = Loan.objects.get(application=app)
        start = timezone.localdate() - datetime.timedelta(days=130)
        services.request_disbursement(loan, by=coordinator)
        services.confirm_disbursement(loan, by=admin, on=start)
        for inst in list(loan.instalments.order_by("number")[:3]):
            services.record_payment(loan, by=coordinator, amount=inst.total, paid_on=inst.due_date)
    ctx.log("Microfund: Mikrofond Östergötland with applications and a loan.")
