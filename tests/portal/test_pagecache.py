"""Issue 9: public pages are cached for anonymous visitors, keyed by URL and language; a signed-in
user's own pages (my bookings, the dashboards) are cached for that user alone, behind the
permission check. Every app's change shows on its cached pages at once (a new generation of the
app's pages), also a change a service makes with ``update()`` (it records an audit event)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.councils.factories import published_meeting
from tests.resources.factories import ResourceFactory
from tests.volunteering.factories import AssignmentFactory

pytestmark = pytest.mark.django_db


def get(client, url, lang="sv"):
    response = client.get(url, headers={"accept-language": lang})
    assert response.status_code == 200
    return response


def cached_twice(client, url):
    first = get(client, url)
    second = get(client, url)
    assert first.get("X-Page-Cache") == "miss" and second.get("X-Page-Cache") == "hit"
    return second.content.decode()


def test_association_directory_and_profile_follow_changes(client):
    association = factories.AssociationFactory(name="Motala Schackklubb")
    directory, profile = reverse("associations:directory"), association.get_absolute_url()
    assert "Motala Schackklubb" in cached_twice(client, directory)
    assert "Motala Schackklubb" in cached_twice(client, profile)
    association.name = "Motala Schacksällskap"
    association.save()
    assert "Motala Schacksällskap" in get(client, directory).content.decode()
    assert "Motala Schacksällskap" in get(client, profile).content.decode()
    factories.AssociationFactory(name="Borensbergs Hembygdsförening")
    assert "Borensbergs Hembygdsförening" in get(client, directory).content.decode()


def test_assignments_follow_changes(client):
    assignment = AssignmentFactory(title="Läxhjälp i Motala bibliotek")
    listing, detail = (
        reverse("volunteering:list"),
        reverse("volunteering:detail", args=[assignment.pk]),
    )
    assert "Läxhjälp i Motala bibliotek" in cached_twice(client, listing)
    assert "Läxhjälp i Motala bibliotek" in cached_twice(client, detail)
    assignment.title = "Läxhjälp på Motala stadsbibliotek"
    assignment.save()
    assert "Läxhjälp på Motala stadsbibliotek" in get(client, listing).content.decode()
    assert "Läxhjälp på Motala stadsbibliotek" in get(client, detail).content.decode()
    assignment.delete()
    assert "Läxhjälp på Motala stadsbibliotek" not in get(client, listing).content.decode()


def test_council_pages_follow_changes(client):
    meeting = published_meeting()
    council = meeting.council
    urls = [
        reverse("councils:index"),
        reverse("councils:council", args=[council.slug]),
        reverse("councils:meeting", args=[council.slug, meeting.pk]),
    ]
    for url in urls:
        cached_twice(client, url)
    council.name = "Samhällsrådet i Tjällmo by"
    council.save()
    for url in urls:
        assert "Samhällsrådet i Tjällmo by" in get(client, url).content.decode(), url


def test_resource_list_follows_changes(client):
    resource = ResourceFactory(name="Stora salen i Folkets hus")
    url = reverse("resources:list")
    assert "Stora salen i Folkets hus" in cached_twice(client, url)
    resource.name = "Lilla salen i Folkets hus"
    resource.save()
    assert "Lilla salen i Folkets hus" in get(client, url).content.decode()


def test_home_follows_every_app(client):
    url = reverse("home")
    cached_twice(client, url)
    published_meeting()
    response = get(client, url)
    assert response.get("X-Page-Cache") == "miss"


def test_logged_in_users_never_get_the_public_cached_page(client):
    factories.AssociationFactory(name="Motala Schackklubb")
    url = reverse("associations:directory")
    cached_twice(client, url)
    user = factories.UserFactory()
    client.force_login(user)
    response = get(client, url)
    assert "X-Page-Cache" not in response
    assert reverse("dashboard") in response.content.decode()  # the logged-in navigation
    assert "X-Page-Cache" not in get(client, url)


def test_language_is_part_of_the_key_and_vary_is_set(client):
    url = reverse("resources:list")
    sv = get(client, url, "sv")
    en = get(client, url, "en")
    assert en.get("X-Page-Cache") == "miss"  # not the Swedish page
    assert 'lang="sv"' in sv.content.decode() and 'lang="en"' in en.content.decode()
    hit = get(client, url, "en")
    assert hit.get("X-Page-Cache") == "hit" and 'lang="en"' in hit.content.decode()
    for response in (sv, en, hit):
        vary = {v.strip().lower() for v in response["Vary"].split(",")}
        assert {"cookie", "accept-language"} <= vary


def _token(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_csrf_token_is_never_shared_between_visitors():
    url = reverse("councils:index")
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    a = get(first, url)
    b = get(second, url)
    assert b.get("X-Page-Cache") == "hit"
    assert _token(a.content.decode()) != _token(b.content.decode())
    assert "@@csrf-token@@" not in b.content.decode()
    # the second visitor's token works with their own cookie: switching the language succeeds
    response = second.post(
        reverse("set_language"),
        {"language": "en", "next": url, "csrfmiddlewaretoken": _token(b.content.decode())},
    )
    assert response.status_code == 302


def test_messages_and_sessions_bypass_the_cache(client):
    url = reverse("resources:list")
    cached_twice(client, url)
    session = client.session
    session["x"] = 1
    session.save()  # now a session cookie
    assert "X-Page-Cache" not in get(client, url)
    del client.cookies["sessionid"]
    client.cookies["messages"] = "anything"
    assert "X-Page-Cache" not in get(client, url)


# --- Public pages added for issue 9's load run ------------------------------------------------


def test_week_calendar_and_free_slot_search_follow_new_bookings(client):
    from tests.bookings.factories import BookingFactory, future_day, local
    from tests.resources.factories import open_weekdays

    room = ResourceFactory(name="Mötesrum Vättern")
    open_weekdays(room)
    day = future_day(7)
    while day.weekday() > 4:
        day += datetime.timedelta(days=1)
    calendar = reverse("resources:calendar", args=[room.slug]) + f"?vecka={day:%Y-%m-%d}"
    search = reverse("resources:search") + (
        f"?date={day:%Y-%m-%d}&from_time=10:00&to_time=11:00&minutes=60"
    )
    before_calendar = cached_twice(client, calendar)
    assert "Mötesrum Vättern" in cached_twice(client, search)
    BookingFactory(resource=room, start=local(day, 10), end=local(day, 11))
    after_calendar = get(client, calendar).content.decode()
    assert after_calendar != before_calendar  # the booked hour is no longer free
    assert "Mötesrum Vättern" not in get(client, search).content.decode()


def test_rss_feed_follows_publishing(client):
    url = reverse("councils:feed_rss")
    cached_twice(client, url)
    meeting = published_meeting()
    assert meeting.get_absolute_url() in get(client, url).content.decode()


def test_a_change_made_with_update_shows_through_its_audit_event(client):
    from associations.services import GRACE_DAYS, process_annual_updates

    today = timezone.localdate()
    factories.AssociationFactory(
        name="Motala Brukshundklubb", annual_update_due=today - datetime.timedelta(days=1)
    )
    url = reverse("associations:directory")
    assert "Motala Brukshundklubb" in cached_twice(client, url)
    process_annual_updates(today)
    process_annual_updates(today + datetime.timedelta(days=GRACE_DAYS + 1))  # lapsed: update()
    assert "Motala Brukshundklubb" not in get(client, url).content.decode()


# --- Private pages: one user's own view -------------------------------------------------------


def test_my_bookings_is_cached_per_user_and_follows_changes(client):
    from tests.bookings.factories import BookingFactory

    first, second = factories.association_admin(), factories.association_admin()
    mine = first.memberships.get().association
    BookingFactory(association=mine, purpose="Styrelsemöte i Motala Schackklubb")
    url = reverse("bookings:mine")
    client.force_login(first)
    page = cached_twice(client, url)
    assert "Styrelsemöte i Motala Schackklubb" in page
    response = get(client, url)
    assert "private" in response["Cache-Control"]
    client.force_login(second)  # another association's member: not the first one's page
    other = get(client, url)
    assert other.get("X-Page-Cache") == "miss"
    assert "Styrelsemöte i Motala Schackklubb" not in other.content.decode()
    client.force_login(first)
    BookingFactory(association=mine, purpose="Årsmöte i Motala Schackklubb")
    assert "Årsmöte i Motala Schackklubb" in get(client, url).content.decode()
    first.memberships.all().delete()  # no longer a member: the bookings are gone from the page
    assert "Årsmöte i Motala Schackklubb" not in get(client, url).content.decode()


def test_the_permission_check_runs_before_the_private_cache(client, coordinator):
    url = reverse("reports:dashboard")
    client.force_login(coordinator)
    cached_twice(client, url)
    coordinator.groups.clear()
    coordinator.is_staff = False
    coordinator.save()
    response = client.get(url)
    assert response.status_code in (302, 403, 404)
    assert "X-Page-Cache" not in response


def test_dashboard_shows_report_progress_made_with_update(client, coordinator):
    from portal.models import ReportRun
    from portal.reports.generate import generate

    run = ReportRun.objects.create(
        kind=ReportRun.Kind.KEYFIGURES,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        requested_by=coordinator,
    )
    url = reverse("reports:dashboard")
    client.force_login(coordinator)
    assert str(run.get_status_display()) in cached_twice(client, url)
    generate(run.pk)  # queued → running → done, each step an update()
    run.refresh_from_db()
    assert run.status == ReportRun.Status.DONE
    page = get(client, url)
    assert page.get("X-Page-Cache") == "miss"
    assert str(run.get_status_display()) in page.content.decode()


def test_pending_messages_bypass_the_private_cache(client, coordinator):
    url = reverse("reports:dashboard")
    client.force_login(coordinator)
    cached_twice(client, url)
    session = client.session
    session["_messages"] = "[]"  # a message stored in the session
    session.save()
    client.cookies["messages"] = "anything"
    assert "X-Page-Cache" not in get(client, url)


def test_minutes_search_follows_publishing(client):
    first = published_meeting()
    url = reverse("councils:search") + "?q=%C3%84rende"
    page = cached_twice(client, url)
    assert first.items.get().title in page
    second = published_meeting()
    assert second.items.get().title in get(client, url).content.decode()


def test_key_figures_follow_a_new_report(client, coordinator):
    from tests.reports.factories import KeyFigureReportFactory, TermFactory

    term = TermFactory(year=2025, half=2)
    url = reverse("reports:keyfigures")
    client.force_login(coordinator)
    before = cached_twice(client, url)
    KeyFigureReportFactory(term=term, employees_total=4711)
    after = get(client, url)
    assert after.get("X-Page-Cache") == "miss" and after.content.decode() != before
