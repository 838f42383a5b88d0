"""Factories for the microfund."""

from __future__ import annotations

from decimal import Decimal

import factory

from microfund import models
from tests import factories as base


class FundFactory(base.NamedSlugFactory):
    class Meta:
        model = models.Fund

    class Params:
        label = "Mikrofond"


class PoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.CapitalPool

    fund = factory.SubFactory(FundFactory)
    name = factory.Sequence(lambda n: f"Kapital {n}")


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Application

    fund = factory.SubFactory(FundFactory)
    association = factory.SubFactory(base.AssociationFactory)
    title = factory.Sequence(lambda n: f"Ny verkstad {n}")
    amount_wanted = Decimal("150000.00")
    enquiry = "Vi vill anställa två personer som stått långt från arbetsmarknaden."


def complete_application(**kwargs):
    """An application in draft with every field a submission needs (documents not included)."""
    defaults = {
        "state": "draft",
        "instrument": models.Instrument.LOAN,
        "method": models.Method.ANNUITY,
        "amount": Decimal("150000.50"),
        "term_months": 36,
        "grace_months": 2,
        "purpose": "Maskiner till snickeriet.",
        "social_value": "Arbetsträning för sex personer.",
        "jobs": 2,
    }
    return ApplicationFactory(**(defaults | kwargs))


def fund_with_capital(deposit=Decimal("1000000")) -> dict:
    """A fund with a chair and a pool holding ``deposit`` (from Motala kommun), and two
    coordinators for the steps that need two people."""
    from microfund import ledger

    fund = FundFactory()
    pool = PoolFactory(fund=fund)
    chair = base.fund_committee_member()
    fund.chair = chair
    fund.save()
    first, second = base.coordinator(), base.coordinator()
    ledger.record(pool, "deposit", deposit, memo="Motala kommun")
    return {"fund": fund, "pool": pool, "chair": chair, "first": first, "second": second}


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name="plan.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def add_documents(application, user=None, kinds=None):
    from django.core.files.base import ContentFile

    for kind in kinds or models.REQUIRED_DOCUMENTS:
        doc = models.Document(
            application=application, kind=kind, original_name=f"{kind}.pdf", uploaded_by=user
        )
        doc.file.save(f"{kind}.pdf", ContentFile(PDF), save=False)
        doc.save()
