"""Who gets which microfund page. A committee member (persona ``fund_committee``) has not
declared on the world's application, so documents and loans stay hidden from them."""

from __future__ import annotations

from decimal import Decimal

from tests.access import (
    DENIED,
    LOGIN,
    OK,
    PERSONAS,
    REDIRECT,
    Access,
    owner_only,
    public,
    role_only,
)


def _fund():
    from tests.microfund.factories import FundFactory, PoolFactory

    fund = FundFactory(slug="access-fund")
    if not fund.pools.exists():
        PoolFactory(fund=fund)
    return fund


def _app(world, state="draft"):
    from tests.microfund.factories import complete_application

    cache = world.__dict__.setdefault("_mf_apps", {})
    if state not in cache:
        cache[state] = complete_application(
            fund=_fund(), association=world.association, state=state
        )
    return cache[state]


def application(world):
    return {"pk": _app(world).pk}


def in_review(world):
    return {"pk": _app(world, "in_review").pk}


def document(world):
    from tests.microfund.factories import add_documents

    app = _app(world)
    add_documents(app, kinds=["budget"])
    return {"pk": app.documents.get().pk}


def loan(world):
    from microfund.models import Loan

    app = _app(world, "approved")
    obj = Loan.objects.create(
        application=app, pool=app.fund.pools.first(), principal=Decimal("50000"),
        rate=Decimal("4"), method="annuity", term_months=12,
    )  # fmt: skip
    return {"pk": obj.pk}


def guarantee(world):
    import datetime

    from microfund.models import Guarantee

    app = _app(world, "approved")
    obj = Guarantee.objects.create(
        application=app, pool=app.fund.pools.first(), bank_name="Ekobanken",
        bank_loan_amount=Decimal("200000"), share=Decimal("50"), amount=Decimal("100000"),
        ends_on=datetime.date(2030, 1, 1),
    )  # fmt: skip
    return {"pk": obj.pk, "action": "release"}


def guarantor(world):
    from microfund.models import Guarantor

    obj = Guarantor.objects.create(
        application=_app(world), name="Eva Borg", amount=Decimal("50000")
    )
    return {"pk": obj.pk}


def _enquiry_expect():
    expect = dict.fromkeys(PERSONAS, DENIED) | {"anonymous": LOGIN}
    return expect | {"owner": OK, "other_admin": OK}


def _fund_then(world):
    _fund()
    return {}


coordinator_post = role_only("coordinator", ok=REDIRECT)

RULES = [
    Access("microfund:index", public()),
    Access("microfund:enquiry", _enquiry_expect(), setup=_fund_then),
    Access("microfund:application", owner_only(), setup=application),
    Access("microfund:application_edit", owner_only(), setup=application),
    Access(
        "microfund:application_step",
        owner_only(REDIRECT),
        setup=lambda w: application(w) | {"name": "withdraw"},
        method="post",
    ),
    Access(
        "microfund:application_step",
        owner_only(REDIRECT, owner=DENIED),
        setup=lambda w: {"pk": _app(w, "enquiry").pk, "name": "invite"},
        method="post",
        label="coordinator step: refused for the applicant",
    ),
    Access("microfund:document_upload", owner_only(REDIRECT), setup=application, method="post"),
    Access("microfund:document", owner_only(), setup=document, label="guessed by others: 404"),
    Access("microfund:document_delete", owner_only(REDIRECT), setup=document, method="post"),
    Access(
        "microfund:guarantor_add",
        owner_only(REDIRECT),
        setup=application,
        method="post",
        data=lambda w: {"name": "Eva Borg", "email": "eva@example.se", "amount": "50 000"},
    ),
    Access("microfund:guarantor_remove", owner_only(REDIRECT), setup=guarantor, method="post"),
    Access("microfund:committee", role_only("fund_committee")),
    Access("microfund:committee_application", role_only("fund_committee"), setup=in_review),
    Access(
        "microfund:committee_declare",
        role_only("fund_committee", ok=REDIRECT),
        setup=in_review,
        method="post",
        data=lambda w: {"has_conflict": "no"},
    ),
    Access(
        "microfund:committee_review",
        role_only(),
        setup=in_review,
        method="post",
        label="undeclared members may not score",
    ),  # fmt: skip
    Access(
        "microfund:committee_decide",
        role_only(),
        setup=in_review,
        label="only the chair, after declaring",
    ),  # fmt: skip
    Access("microfund:loan", owner_only(), setup=loan),
    Access("microfund:loan_disburse", coordinator_post, setup=loan, method="post"),
    Access("microfund:loan_payment", coordinator_post, setup=loan, method="post"),
    Access("microfund:loan_write_off", coordinator_post, setup=loan, method="post"),
    Access("microfund:guarantee_close", coordinator_post, setup=guarantee, method="post"),
    Access("microfund:reports", role_only("coordinator", "fund_committee")),
    Access(
        "microfund:capital",
        coordinator_post,
        setup=_fund_then,
        method="post",
        data=lambda w: {"operation": "deposit", "amount": "1 000", "memo": "x"},
    ),
    Access("microfund:reports_csv", role_only("coordinator", "fund_committee")),
]
