"""The coordinators' dashboard with real data from every app: each app's waiting() items,
failed tasks, accessible SVG charts (bookings per week, utilisation per resource, volunteers
matched per month, the microfund's portfolio and arrears, key figures) with table
alternatives, a constant query count, and the weekly digest."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.cache import cache
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from portal.models import CoordinatorDigest, Sector, TaskFailure, Term
from portal.reports import sources
from portal.reports.tasks import coordinator_digest
from tests import factories
from tests.bookings.factories import BookingFactory, local
from tests.reports import world
from tests.reports.factories import KeyFigureReportFactory, TermFactory
from tests.resources.factories import ResourceFactory, open_weekdays
from tests.utils import assert_constant_queries

pytestmark = pytest.mark.django_db


def waiting_labels():
    with translation.override("sv"):
        return {item["label"]: item for item in sources.waiting_items()}


def test_every_apps_waiting_items_are_on_the_dashboard(client, coordinator):
    made = world.everything_waiting()
    TaskFailure.objects.create(task_name="bookings.send_reminder", error="SMTPException('no')")
    items = waiting_labels()
    # Every app that waits for coordinators is asked, and each real object is counted.
    assert {item["app"] for item in items.values()} == {
        "associations", "bookings", "councils", "microfund"
    }  # fmt: skip
    counts = {item["url"].split("/admin/")[1]: item["count"] for item in items.values()}
    assert counts == {
        "associations/pendingassociation/": 1,
        "associations/assignment/?status__exact=published&needs_approval__exact=1": 1,
        "associations/application/?unanswered=yes": 1,
        "bookings/booking/?status__exact=requested": 1,
        "councils/meeting/?minutes__status=draft": 1,
        "microfund/application/?state__exact=enquiry": 0,
        "microfund/application/?state__exact=submitted": 1,
        "microfund/application/?state__exact=screening": 0,
        "microfund/loan/?status__exact=approved": 0,
        "microfund/loan/?status__exact=awaiting": 0,
    }
    client.force_login(coordinator)
    html = client.get(reverse("reports:dashboard")).content.decode()
    for label, item in items.items():
        assert escape(label) in html
        assert f'href="{escape(item["url"])}"' in html
    association_row = next(
        i for i in items.values() if i["url"].endswith("associations/pendingassociation/")
    )
    assert (
        association_row["count"] == 1
        and association_row["oldest"] == made["association"].submitted_at
    )
    assert "9 dagar" in html  # the association submitted nine days ago
    assert "bookings.send_reminder" in html and "SMTPException" in html


def test_key_figures_chart(client, coordinator):
    term = TermFactory(year=2025, half=Term.Half.HT)
    KeyFigureReportFactory(term=term, employed_with_support=66)
    KeyFigureReportFactory(term=term, association=None, sector=Sector.BUSINESS,
                           employed_with_support=47)  # fmt: skip
    client.force_login(coordinator)
    html = client.get(reverse("reports:dashboard")).content.decode()
    # An accessible SVG: role=img, labelled by its <title> and <desc>, and a table with the data.
    assert '<svg role="img" aria-labelledby="chart-keyfigures-title chart-keyfigures-desc"' in html
    assert '<title id="chart-keyfigures-title">' in html
    assert '<desc id="chart-keyfigures-desc">' in html
    assert '<th scope="row">HT 2025</th>' in html
    assert '<td class="num">47</td>' in html


def test_charts_from_real_bookings_volunteers_and_loans(client, coordinator):
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    last_monday = monday - datetime.timedelta(weeks=1)
    room = ResourceFactory(name="Mötesrum Kungsgatan")
    open_weekdays(room)
    for hour in (9, 11, 13):
        BookingFactory(
            resource=room, start=local(last_monday, hour), end=local(last_monday, hour + 2)
        )
    BookingFactory(resource=room, start=local(last_monday, 16), end=local(last_monday, 17),
                   status="cancelled")  # fmt: skip
    this_month = today.replace(day=1)
    for _i in range(2):
        world.matched_volunteer(timezone.now() - datetime.timedelta(minutes=5))
    loan = world.active_loan()  # disbursed 120 days ago, nothing paid: in arrears

    client.force_login(coordinator)
    html = client.get(reverse("reports:dashboard")).content.decode()
    week = last_monday.isocalendar().week
    assert 'aria-labelledby="chart-bookings-title chart-bookings-desc"' in html
    assert f'<th scope="row">v. {week}</th><td class="num">3</td>' in html  # cancelled left out
    assert 'aria-labelledby="chart-utilisation-title chart-utilisation-desc"' in html
    assert "Mötesrum Kungsgatan" in html
    assert 'aria-labelledby="chart-volunteers-title chart-volunteers-desc"' in html
    assert f'<th scope="row">{this_month:%Y-%m}</th><td class="num">2</td>' in html
    assert 'aria-labelledby="chart-portfolio-title chart-portfolio-desc"' in html
    from microfund.reports import portfolio

    data = portfolio(today)
    assert data["loans"] == 1 and data["par30"] > 0
    late = next(b for b in data["buckets"] if b["loans"])
    assert late["key"] != "current" and late["arrears"] > 0
    assert escape(late["label"]) in html
    assert f"{data['par30']}".replace(".", ",") in html or str(data["par30"]) in html
    assert loan.status == "active"


def test_utilisation_per_resource_matches_the_opening_hours(client, coordinator):
    from bookings.reports import utilisation_rows

    today = timezone.localdate()
    room = ResourceFactory(name="Stora salen")
    open_weekdays(room)
    day = today - datetime.timedelta(days=7)
    while day.weekday() > 4:
        day -= datetime.timedelta(days=1)
    BookingFactory(resource=room, start=local(day, 8), end=local(day, 18))  # a whole open day
    start = (today.replace(day=1) - datetime.timedelta(days=62)).replace(day=1)
    [row] = [r for r in utilisation_rows(start, today + datetime.timedelta(days=1))
             if r["resource"] == "Stora salen"]  # fmt: skip
    assert row["booked_hours"] == 10
    client.force_login(coordinator)
    html = client.get(reverse("reports:dashboard")).content.decode()
    percent = round(row["utilisation"] * 100, 1)
    assert f"Stora salen ({room.venue.name})" in html
    with translation.override("sv"):
        shown = floatformat(percent, "-2")
    assert f'Stora salen ({room.venue.name})</th><td class="num">{shown}</td>' in html


def test_dashboard_query_count_is_constant_as_data_grows(client, coordinator):
    world.everything_waiting()
    room = ResourceFactory()
    open_weekdays(room)
    world.matched_volunteer(timezone.now())
    world.active_loan()
    KeyFigureReportFactory(term=TermFactory(year=2024, half=Term.Half.HT))
    client.force_login(coordinator)

    def grow():
        world.everything_waiting()
        today = timezone.localdate()
        for days in (3, 10, 20):
            day = today - datetime.timedelta(days=days)
            other = ResourceFactory()
            open_weekdays(other)
            BookingFactory(resource=other, start=local(day, 10), end=local(day, 12), attended=4)
            BookingFactory(resource=room, start=local(day, 13), end=local(day, 14))
            world.matched_volunteer(timezone.now() - datetime.timedelta(days=days * 3))
        world.active_loan(amount=world.Decimal("30000"))
        term = TermFactory(year=2025, half=Term.Half.VT)
        KeyFigureReportFactory(term=term)
        TaskFailure.objects.create(task_name="x", error="y")
        cache.clear()  # the charts are cached for five minutes: count the queries that make them

    # Both counts from a cold cache (charts, and the session that cached_db keeps in Redis).
    cache.clear()
    assert_constant_queries(client, reverse("reports:dashboard"), grow)


def test_admin_index_links_to_the_dashboard(client, coordinator):
    coordinator.is_superuser = True
    coordinator.save()
    client.force_login(coordinator)
    html = client.get(reverse("admin:index")).content.decode()
    assert f'href="{reverse("reports:dashboard")}"' in html


def test_weekly_digest_lists_real_waiting_objects_with_age_once_a_week(settings):
    world.everything_waiting()
    world.waiting_booking(days=2)  # two bookings wait; the oldest is four days old
    coordinator = factories.coordinator()
    factories.coordinator(is_active=False)
    assert coordinator_digest("2026-03-02") == 1
    assert coordinator_digest("2026-03-04") == 0  # same ISO week: already sent
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [coordinator.email]
    body = message.body
    with translation.override(coordinator.preferred_language or "sv"):
        items = [i for i in sources.waiting_items() if i["count"]]
    kinds = {i["url"].split("/admin/")[1].split("/")[1].split("?")[0] for i in items}
    # associations, bookings, assignments and applications (volunteering and microfund) wait.
    assert {"pendingassociation", "booking", "assignment", "application", "meeting"} <= kinds
    for item in items:
        age = (timezone.now() - item["oldest"]).days
        assert f"{item['label']}: {item['count']} (äldsta {age} dagar)" in body
        assert settings.SITE_URL + item["url"] in body
    assert coordinator_digest("2026-03-09") == 1  # next week
    assert CoordinatorDigest.objects.count() == 2


def test_my_pages_link_to_key_figures_and_the_dashboard(client, association_admin, coordinator):
    client.force_login(association_admin)
    html = client.get(reverse("dashboard")).content.decode()
    assert reverse("reports:association_figures") in html
    assert reverse("reports:dashboard") not in html
    client.force_login(coordinator)
    assert reverse("reports:dashboard") in client.get(reverse("dashboard")).content.decode()
