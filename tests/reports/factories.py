"""Factories for key figures and report runs."""

from __future__ import annotations

import datetime

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from portal.models import KeyFigureReport, ReportRun, Sector, Term
from tests.factories import AssociationFactory


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term
        django_get_or_create = ["year", "half"]

    year = 2026
    half = Term.Half.VT
    window_opens = factory.LazyAttribute(
        lambda t: datetime.date(t.year, 5, 15) if t.half == 1 else datetime.date(t.year, 11, 15)
    )
    window_closes = factory.LazyAttribute(
        lambda t: datetime.date(t.year, 6, 15) if t.half == 1 else datetime.date(t.year, 12, 15)
    )


def open_term(**kwargs) -> Term:
    """A term whose reporting window is open today."""
    today = timezone.localdate()
    return TermFactory(
        year=today.year,
        half=Term.Half.VT if today.month <= 6 else Term.Half.HT,
        window_opens=today - datetime.timedelta(days=3),
        window_closes=today + datetime.timedelta(days=20),
        **kwargs,
    )


class KeyFigureReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyFigureReport

    term = factory.SubFactory(TermFactory)
    association = factory.SubFactory(AssociationFactory)
    sector = Sector.ASSOCIATIONS
    employed_with_support = 2
    placements = 1
    employees_total = 4


def done_run(**kwargs) -> ReportRun:
    run = ReportRun.objects.create(
        kind=ReportRun.Kind.KEYFIGURES,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 6, 30),
        status=ReportRun.Status.DONE,
        progress=100,
        **kwargs,
    )
    run.csv_file.save("keyfigures.csv", ContentFile(b"Termin;Sektor\n"), save=False)
    run.pdf_file.save("keyfigures.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    return run
