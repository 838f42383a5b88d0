"""The home page and "My pages" with the demo data, in Chromium: every app's partial shows,
nothing overflows on a phone, and axe-core finds no WCAG 2.1 AA violation, in Swedish and English.
Also the directory's new filters and the profile sections the apps add."""

from __future__ import annotations

import os
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.e2e.conftest import assert_accessible, login

pytestmark = pytest.mark.e2e
SHOTS = os.environ.get("E2E_SCREENSHOTS")  # a folder to save screenshots in, for a human look

TEXTS = {
    "sv": ["föreningar i registret", "öppna uppdrag", "bokningsbara resurser", "Senaste protokollet",
           "Så ansöker du till mikrofonden"],
    "en": ["associations in the directory", "open assignments", "bookable resources",
           "Latest minutes", "How to apply to the microfund"],
}  # fmt: skip
DASHBOARD_TEXTS = {
    "sv": ["Mina föreningar", "Volontärarbete", "Bokningar", "Mikrofond"],
    "en": ["My associations", "Volunteering", "Bookings", "Microfund"],
}


def _seed_demo():
    from django.contrib.auth.models import Group

    from portal import permissions

    for role in permissions.ROLES:  # transactional_db flushed the groups the migration made
        Group.objects.get_or_create(name=role)
    call_command("seed_demo", stdout=StringIO())


def _set_language(page, live_server, language: str):
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )


def _no_horizontal_overflow(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"the page is {width}px wide"


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_home_page_with_demo_data_is_complete_and_accessible(page, live_server, language):
    _seed_demo()
    _set_language(page, live_server, language)
    response = page.goto("/")
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == language
    cards = page.locator("ul.cards > li.card")
    assert cards.count() == 5
    text = page.locator("main").inner_text()
    for expected in TEXTS[language]:
        assert expected in text, expected
    assert page.locator("h1").count() == 1
    menu = page.locator("nav.main-nav a").first.bounding_box()
    title = page.locator("h1").bounding_box()
    assert abs(menu["x"] - title["x"]) < 12, "the main menu is not in line with the page"
    _shot(page, f"home-{language}")
    assert_accessible(page, context=f"home ({language})")
    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    _no_horizontal_overflow(page)
    _shot(page, f"home-{language}-phone")
    assert_accessible(page, context=f"home on a phone ({language})")


@pytest.mark.parametrize("language", ["sv", "en"])
def test_my_pages_for_an_association_admin_are_complete_and_accessible(page, live_server, language):
    from portal.demo import DEMO_PASSWORD

    _seed_demo()
    login(page, "forening@ideburna.se", DEMO_PASSWORD)
    _set_language(page, live_server, language)
    response = page.goto("/mina-sidor/")
    assert response.status == 200
    text = page.locator("main").inner_text()
    for expected in DASHBOARD_TEXTS[language]:
        assert expected in text, expected
    assert "Kooperativet Grenverket" in text
    _shot(page, f"dashboard-{language}")
    assert_accessible(page, context=f"My pages ({language})")
    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    _no_horizontal_overflow(page)
    assert_accessible(page, context=f"My pages on a phone ({language})")


@pytest.mark.parametrize("language", ["sv", "en"])
def test_directory_filters_and_profile_sections_are_accessible(page, live_server, language):
    _seed_demo()
    _set_language(page, live_server, language)
    page.goto("/foreningar/")
    page.locator("input[name=has_assignments]").check()
    with page.expect_navigation():
        page.locator("form.filters button[type=submit]").click()
    assert "has_assignments=on" in page.url
    assert page.locator("input[name=has_assignments]").is_checked()
    _shot(page, f"directory-{language}")
    assert_accessible(page, context=f"directory filtered ({language})")
    results = page.locator("ul.results h2 a")
    assert results.count() >= 1
    with page.expect_navigation():
        results.first.click()
    section = page.locator("main section[aria-labelledby^=section-]").first
    assert section.locator("a[href^='/uppdrag/']").count() >= 1
    _shot(page, f"profile-{language}")
    assert_accessible(page, context=f"profile with sections ({language})")


def test_profile_with_shared_resources_is_accessible(page, live_server):
    _seed_demo()
    page.goto("/foreningar/?has_resources=on")
    results = page.locator("ul.results h2 a")
    assert results.count() == 2
    with page.expect_navigation():
        results.last.click()
    section = page.locator("main section[aria-labelledby^=section-]").last
    link = section.locator("a[href^='/lokaler/']").first
    assert link.inner_text() == "Matsalen på 71:an"
    assert_accessible(page, context="profile with shared resources")
    with page.expect_navigation():
        link.click()
    assert page.url.endswith("/lokaler/71an-matsalen/")
    assert_accessible(page, context="a resource an association shares")
