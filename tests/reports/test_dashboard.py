"""The coordinators' dashboard: waiting items from every app's waiting(), failed tasks,
accessible SVG charts with table alternatives, and the weekly digest."""

from __future__ import annotations

import datetime
import sys
import types

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from portal.models import CoordinatorDigest, Sector, TaskFailure, Term
from portal.reports.tasks import coordinator_digest
from tests import factories
from tests.reports.factories import KeyFigureReportFactory, TermFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting_apps(monkeypatch):
    """Two apps following the waiting() contract, and one whose waiting() breaks."""
    oldest = timezone.now() - datetime.timedelta(days=9)

    def bookings_waiting():
        return [{"label": "Bokningar att godkänna", "count": 3, "oldest": oldest,
                 "url": "/admin/bookings/booking/?status=pending"}]  # fmt: skip

    def associations_waiting():
        return [{"label": "Föreningar att granska", "count": 0, "oldest": None,
                 "url": "/admin/associations/association/"}]  # fmt: skip

    def broken():
        raise RuntimeError("boom")

    for name, func in [("bookings.dashboard", bookings_waiting),
                       ("associations.dashboard", associations_waiting),
                       ("councils.dashboard", broken)]:  # fmt: skip
        module = types.ModuleType(name)
        module.waiting = func
        monkeypatch.setitem(sys.modules, name, module)


def test_dashboard_shows_waiting_items_failures_and_charts(client, coordinator, waiting_apps):
    TaskFailure.objects.create(task_name="bookings.send_reminder", error="SMTPException('no')")
    term = TermFactory(year=2025, half=Term.Half.HT)
    KeyFigureReportFactory(term=term, employed_with_support=66)
    KeyFigureReportFactory(term=term, association=None, sector=Sector.BUSINESS,
                           employed_with_support=47)  # fmt: skip
    client.force_login(coordinator)
    html = client.get(reverse("reports:dashboard")).content.decode()
    assert "Bokningar att godkänna" in html and "9 dagar" in html
    assert 'href="/admin/bookings/booking/?status=pending"' in html
    assert "Föreningar att granska" in html
    assert "bookings.send_reminder" in html and "SMTPException" in html
    # An accessible SVG: role=img, labelled by its <title> and <desc>, and a table with the data.
    assert '<svg role="img" aria-labelledby="chart-keyfigures-title chart-keyfigures-desc"' in html
    assert '<title id="chart-keyfigures-title">' in html
    assert '<desc id="chart-keyfigures-desc">' in html
    assert '<th scope="row">HT 2025</th>' in html
    assert '<td class="num">47</td>' in html
    # Apps without reports say so instead of failing.
    assert "Inte tillgängligt" in html


def test_usage_and_portfolio_charts_when_the_apps_provide_them(client, coordinator, monkeypatch):
    bookings = types.ModuleType("bookings.reports")
    bookings.usage_rows = lambda start, end: [
        {"resource": "Mötesrum 2", "month": "2026-01", "booked_hours": 30, "utilisation": 0.5},
        {"resource": "Mötesrum 2", "month": "2026-02", "booked_hours": 12, "utilisation": 0.2},
    ]
    bookings.bookings_per_week = lambda: [("v. 5", 14), ("v. 6", 21)]
    volunteering = types.ModuleType("associations.volunteer_dashboard")
    volunteering.matched_per_month = lambda: [("jan", 4), ("feb", 7)]
    monkeypatch.setitem(sys.modules, "associations.volunteer_dashboard", volunteering)
    microfund = types.ModuleType("microfund.reports")
    microfund.portfolio = lambda: {"Utestående": 250000, "PAR30": 0.04, "Fond": "Mikrofond Öst"}
    monkeypatch.setitem(sys.modules, "bookings.reports", bookings)
    monkeypatch.setitem(sys.modules, "microfund.reports", microfund)
    client.force_login(coordinator)
    html = client.get(reverse("reports:dashboard")).content.decode()
    assert 'aria-labelledby="chart-usage-title chart-usage-desc"' in html
    assert '<td class="num">42</td>' in html  # hours summed per resource in the table
    assert 'aria-labelledby="chart-utilisation-title chart-utilisation-desc"' in html
    assert '<td class="num">0,35</td>' in html  # utilisation averaged per resource
    assert 'aria-labelledby="chart-portfolio-title chart-portfolio-desc"' in html
    assert 'aria-labelledby="chart-bookings-title chart-bookings-desc"' in html
    assert '<th scope="row">v. 6</th><td class="num">21</td>' in html
    assert 'aria-labelledby="chart-volunteers-title chart-volunteers-desc"' in html
    assert "250000" in html


def test_admin_index_links_to_the_dashboard(client, coordinator):
    coordinator.is_superuser = True
    coordinator.save()
    client.force_login(coordinator)
    html = client.get(reverse("admin:index")).content.decode()
    assert f'href="{reverse("reports:dashboard")}"' in html


def test_weekly_digest_lists_waiting_items_with_age_once_a_week(waiting_apps):
    coordinator = factories.coordinator()
    factories.coordinator(is_active=False)
    assert coordinator_digest("2026-03-02") == 1
    assert coordinator_digest("2026-03-04") == 0  # same ISO week: already sent
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [coordinator.email]
    assert "Bokningar att godkänna: 3 (äldsta 9 dagar)" in message.body
    assert "/admin/bookings/booking/?status=pending" in message.body
    assert "Föreningar att granska" not in message.body  # nothing waiting there
    assert coordinator_digest("2026-03-09") == 1  # next week
    assert CoordinatorDigest.objects.count() == 2


def test_my_pages_link_to_key_figures_and_the_dashboard(client, association_admin, coordinator):
    client.force_login(association_admin)
    html = client.get(reverse("dashboard")).content.decode()
    assert reverse("reports:association_figures") in html
    assert reverse("reports:dashboard") not in html
    client.force_login(coordinator)
    assert reverse("reports:dashboard") in client.get(reverse("dashboard")).content.decode()
