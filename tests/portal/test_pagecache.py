"""Issue 9: public pages are cached for anonymous visitors only, keyed by URL and language, and
every app's change shows on its cached pages at once (a new generation of the app's pages)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

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


def test_logged_in_users_never_get_a_cached_page(client):
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
