"""Key figures: association reports, sector figures, aggregation with change, reminders."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse

from associations.models import Association
from portal.models import KeyFigureReminder, KeyFigureReport, Sector, Term
from portal.reports import keyfigures
from portal.reports.tasks import keyfigure_reminders
from tests import factories
from tests.reports.factories import KeyFigureReportFactory, TermFactory, open_term
from tests.utils import assert_constant_queries

pytestmark = pytest.mark.django_db


def test_association_admin_reports_for_the_acting_association(client, association_admin):
    term = open_term()
    association = association_admin.memberships.get().association
    client.force_login(association_admin)
    url = reverse("reports:association_figures")
    assert term.code in client.get(url).content.decode()
    response = client.post(url, {"employed_with_support": 3, "placements": 2, "employees_total": 7})
    assert response.status_code == 302
    report = KeyFigureReport.objects.get(term=term, association=association)
    assert (report.employed_with_support, report.placements, report.employees_total) == (3, 2, 7)
    assert report.sector == Sector.ASSOCIATIONS
    assert report.reported_by == association_admin
    # A correction replaces the report, it does not add one.
    client.post(url, {"employed_with_support": 4, "placements": 2, "employees_total": 7})
    assert (
        KeyFigureReport.objects.get(term=term, association=association).employed_with_support == 4
    )


def test_more_supported_than_total_is_rejected_with_an_accessible_error(client, association_admin):
    open_term()
    client.force_login(association_admin)
    response = client.post(
        reverse("reports:association_figures"),
        {"employed_with_support": 9, "placements": 0, "employees_total": 2},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        'aria-describedby="id_employed_with_support_helptext id_employed_with_support_error"'
        in html
    )
    assert not KeyFigureReport.objects.exists()


def test_a_closed_window_refuses_reports(association):
    term = TermFactory(year=2020, half=Term.Half.VT)
    with pytest.raises(ValidationError):
        keyfigures.report_for_association(
            association=association,
            term=term,
            figures={"employed_with_support": 1, "placements": 0, "employees_total": 1},
            by=None,
        )


def test_cooperatives_count_as_social_enterprises(association):
    association.legal_form = "kooperativ"
    association.save()
    report = keyfigures.report_for_association(
        association=association,
        term=open_term(),
        figures={"employed_with_support": 36, "placements": 0, "employees_total": 39},
        by=None,
    )
    assert report.sector == Sector.SOCIAL_ENTERPRISE


def test_coordinator_enters_municipality_figures_once_per_term(client, coordinator):
    term = TermFactory(year=2025, half=Term.Half.HT)
    client.force_login(coordinator)
    url = reverse("reports:sector_figures")
    data = {"term": term.pk, "sector": "municipality", "employed_with_support": 12,
            "placements": 5, "employees_total": 900}  # fmt: skip
    assert client.post(url, data).status_code == 302
    assert client.post(url, {**data, "employed_with_support": 14}).status_code == 302
    report = KeyFigureReport.objects.get(term=term, sector=Sector.MUNICIPALITY)
    assert report.association is None and report.employed_with_support == 14


def test_coordinators_cannot_enter_association_sector_figures():
    with pytest.raises(ValidationError):
        keyfigures.report_for_sector(
            sector=Sector.ASSOCIATIONS,
            term=TermFactory(),
            figures={"employed_with_support": 1, "placements": 0, "employees_total": 1},
            by=None,
        )


def test_aggregate_sums_per_sector_and_term_with_change_since_last_term():
    vt, ht = TermFactory(year=2025, half=Term.Half.VT), TermFactory(year=2025, half=Term.Half.HT)
    KeyFigureReportFactory(term=vt, employed_with_support=2, placements=1, employees_total=4)
    KeyFigureReportFactory(term=vt, employed_with_support=3, placements=0, employees_total=3)
    KeyFigureReportFactory(term=ht, employed_with_support=8, placements=2, employees_total=9)
    KeyFigureReportFactory(term=ht, association=None, sector=Sector.MUNICIPALITY,
                           employed_with_support=10, placements=4, employees_total=50)  # fmt: skip
    rows = keyfigures.aggregate([ht, vt])  # any order in, chronological out
    assert [r.term.code for r in rows] == ["VT 2025", "HT 2025"]
    first, second = rows
    assert first.sectors[Sector.ASSOCIATIONS].values["employed_with_support"] == 5
    assert first.sectors[Sector.ASSOCIATIONS].reports == 2
    assert first.sectors[Sector.ASSOCIATIONS].change == {}
    assert second.sectors[Sector.ASSOCIATIONS].change["employed_with_support"] == 3
    assert second.sectors[Sector.MUNICIPALITY].change["employed_with_support"] == 10
    assert second.total.values["employed_with_support"] == 18
    assert second.total.change["employees_total"] == 59 - 7
    header, table = keyfigures.table(rows)
    assert len(table) == 2 * (len(Sector.values) + 1)
    assert table[-1][3:5] == [18, "+13"]


def test_keyfigure_page_queries_stay_constant(client, coordinator):
    client.force_login(coordinator)
    year = iter(range(2000, 2100))

    def grow():
        term = TermFactory(year=next(year))
        KeyFigureReportFactory.create_batch(3, term=term)

    grow()
    assert_constant_queries(client, reverse("reports:keyfigures"), grow)
    client.get(reverse("reports:dashboard"))  # the charts are cached for five minutes
    assert_constant_queries(client, reverse("reports:dashboard"), grow)
    cache.clear()
    assert_constant_queries(client, reverse("reports:dashboard"), lambda: cache.clear() or grow())


def test_reminder_goes_once_per_association_and_term():
    today = datetime.date(2026, 5, 20)
    admin = factories.association_admin()
    association = admin.memberships.get().association
    reported = factories.AssociationFactory()
    factories.AssociationFactory(status=Association.Status.DRAFT)  # not reminded
    term = keyfigures.ensure_term(today)
    assert term.is_open(today)
    KeyFigureReportFactory(term=term, association=reported)

    assert keyfigure_reminders(today.isoformat()) == 1
    assert keyfigure_reminders(today.isoformat()) == 0
    assert len(mail.outbox) == 2  # the admin and the association's contact address
    assert {m.to[0] for m in mail.outbox} == {admin.email, association.contact_email}
    assert "VT 2026" in mail.outbox[0].subject
    assert KeyFigureReminder.objects.filter(sent_at__isnull=False).count() == 1


def test_no_reminder_outside_the_window():
    factories.AssociationFactory()
    assert keyfigure_reminders("2026-03-01") == 0
    assert not mail.outbox


def test_demo_key_figures_are_idempotent():
    from django.core.management import call_command

    call_command("seed_demo", stdout=io.StringIO())
    count = KeyFigureReport.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert KeyFigureReport.objects.count() == count
    grenverket = KeyFigureReport.objects.get(
        association__name__contains="Grenverket", term__year=2025, term__half=Term.Half.HT
    )
    assert (grenverket.employed_with_support, grenverket.employees_total) == (36, 39)
    assert grenverket.sector == Sector.SOCIAL_ENTERPRISE


def test_keyfigure_page_shows_how_many_associations_reported(client, coordinator):
    term = TermFactory(year=2025, half=Term.Half.HT)
    KeyFigureReportFactory.create_batch(2, term=term)
    factories.AssociationFactory()
    client.force_login(coordinator)
    html = client.get(reverse("reports:keyfigures")).content.decode()
    assert "HT 2025: 2 av 3 godkända föreningar har rapporterat." in html
