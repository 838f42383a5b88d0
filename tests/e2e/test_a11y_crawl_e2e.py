"""Accessibility sweep: a crawler follows the portal's own links from the home page in headless
Chromium, in Swedish and English, anonymous and logged in as a member and a coordinator, and
runs axe-core (WCAG 2.1 A and AA) on every page it reaches: zero violations, and no link that
leads to an error. Then a keyboard-only walk through signing up.

Bounded: at most ``A11Y_CRAWL_LIMIT`` pages (default 60) per crawl, two variants of a path with
different query strings. Skipped: the admin, logout, downloads, feeds, language switching.
"""

from __future__ import annotations

import os
import re
from collections import deque
from urllib.parse import urljoin, urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command

from tests.e2e.conftest import assert_accessible, login
from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e

LIMIT = int(os.environ.get("A11Y_CRAWL_LIMIT", "60"))
SKIP = re.compile(
    r"^/(admin|static|media|i18n)/|/konto/logout|/logout|/ladda-ner/|/download|/export|"
    r"/feed|/rss|\.(pdf|ics|csv|json|xml|xlsx|docx|odt|ods|zip|png|jpe?g|webp|txt)$|"
    r"/sitemap|/healthz|/livez",
    re.IGNORECASE,
)


def _seed_demo():
    from io import StringIO

    from django.contrib.auth.models import Group

    from portal import permissions

    # transactional_db flushed the groups the data migration made.
    for role in permissions.ROLES:
        Group.objects.get_or_create(name=role)
    call_command("seed_demo", stdout=StringIO())


def _set_language(page, live_server, language: str):
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )


def crawl(page, live_server, *, start: str = "/", limit: int = LIMIT, language: str = "sv"):
    """Visit same-site pages breadth-first from ``start``; return (pages visited, problems)."""
    origin = urlsplit(live_server.url)
    queue, seen, per_path = deque([start]), {start}, {}
    visited, problems = [], []
    while queue and len(visited) < limit:
        path = queue.popleft()
        response = page.goto(path)
        page.wait_for_load_state()
        visited.append(path)
        status = response.status if response else 0
        if status >= 400:
            problems.append(f"{path}: HTTP {status} (linked from the portal)")
            continue
        if urlsplit(page.url).path.startswith("/konto/login") and not path.startswith("/konto/"):
            continue  # a page that asks this persona to log in: covered by the other crawls
        lang = page.locator("html").get_attribute("lang")
        if lang != language:
            problems.append(f"{path}: <html lang={lang!r}>, expected {language!r}")
        headings = page.locator("h1").count()
        if headings != 1:
            problems.append(f"{path}: {headings} <h1> elements, expected exactly one")
        try:
            assert_accessible(page, context=f"{path} ({language})")
        except AssertionError as exc:
            problems.append(str(exc))
        hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
        for href in hrefs:
            url = urlsplit(urljoin(page.url, href))
            if url.scheme not in ("http", "https") or url.netloc != origin.netloc:
                continue
            target = urlunsplit(("", "", url.path or "/", url.query, ""))
            if SKIP.search(url.path) or target in seen:
                continue
            per_path[url.path] = per_path.get(url.path, 0) + 1
            if per_path[url.path] > 2:
                continue
            seen.add(target)
            queue.append(target)
    return visited, problems


def _report(visited, problems):
    print(f"a11y crawl: {len(visited)} pages, {len(problems)} problems")
    assert visited, "the crawler reached no page"
    assert not problems, f"{len(problems)} problem(s) on {len(visited)} pages:\n" + "\n".join(
        problems
    )


@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_public_page_is_accessible(page, live_server, language):
    _seed_demo()
    _set_language(page, live_server, language)
    visited, problems = crawl(page, live_server, language=language)
    _report(visited, problems)
    assert len(visited) >= 5, visited


@pytest.mark.parametrize(
    ("email", "start"),
    [("forening@ideburna.se", "/mina-sidor/"), ("koordinator@ideburna.se", "/mina-sidor/")],
    ids=["association-admin", "coordinator"],
)
@pytest.mark.parametrize("language", ["sv", "en"])
def test_logged_in_pages_are_accessible(page, live_server, email, start, language):
    from portal.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET

    _seed_demo()
    login(page, email, DEMO_PASSWORD, totp_secret=DEMO_TOTP_SECRET)
    assert "/konto/login" not in page.url and "/2fa/" not in page.url, page.url
    _set_language(page, live_server, language)
    visited, problems = crawl(page, live_server, start=start, language=language)
    _report(visited, problems)
    assert "/mina-sidor/mina-uppgifter/" in visited


def _tab_to(page, test: str, *, limit: int = 60) -> None:
    """Press Tab until ``test`` (a JS expression on ``el``) holds for the focused element."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return !!({test}); }})()"):
            return
    raise AssertionError(f"Tab never reached an element where {test}")


def test_signing_up_with_the_keyboard_only(page):
    page.goto("/")
    _tab_to(page, "el.tagName === 'A' && el.getAttribute('href').includes('/konto/signup')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/konto/signup" in page.url
    _tab_to(page, "el.name === 'email'")
    page.keyboard.type("karin.lind@example.se")
    _tab_to(page, "el.name === 'password1'")
    page.keyboard.type(PASSWORD)
    _tab_to(page, "el.name === 'password2'")
    page.keyboard.type(PASSWORD)
    _tab_to(page, "el.type === 'submit' && el.closest('main')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert len(mail.outbox) == 1, "the sign-up form was not sent"
    assert "karin.lind@example.se" in mail.outbox[0].to
    # The focused elements were visible all along: the focus indicator is not hidden.
    outline = page.evaluate(
        "(() => { const el = document.querySelector('a'); el.focus();"
        " const s = getComputedStyle(el); return s.outlineStyle + ' ' + s.outlineWidth; })()"
    )
    assert not outline.startswith("none"), outline


def _require_page(page, path: str):
    response = page.goto(path)
    if response is None or response.status == 404:
        pytest.skip(f"{path} is not part of this build")
    assert response.status < 400, f"{path}: HTTP {response.status}"


def _press_enter_and_wait(page):
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_applying_for_an_assignment_with_the_keyboard_only(page):
    from portal.demo import DEMO_PASSWORD

    _seed_demo()
    _require_page(page, "/uppdrag/")
    login(page, "volontar@ideburna.se", DEMO_PASSWORD)
    page.goto("/uppdrag/")
    _tab_to(page, "el.tagName === 'A' && /^\\/uppdrag\\/\\d+\\/$/.test(el.getAttribute('href'))")
    _press_enter_and_wait(page)
    assert re.search(r"/uppdrag/\d+/$", page.url), page.url
    if page.locator("form[action*='/anmal/']").count() == 0:
        pytest.skip("the demo's first assignment takes no applications")
    if page.locator("form[action*='/anmal/'] textarea").count():
        _tab_to(page, "el.tagName === 'TEXTAREA' && el.closest(\"form[action*='/anmal/']\")")
        page.keyboard.type("Jag kan hjälpa till på eftermiddagarna.")
    _tab_to(page, "el.type === 'submit' && el.closest(\"form[action*='/anmal/']\")")
    _press_enter_and_wait(page)
    assert "/anmal/" not in page.url, "the application form came back (an error?)"
    assert_accessible(page, context="after applying (keyboard)")


def test_booking_a_room_with_the_keyboard_only(page):
    from portal.demo import DEMO_PASSWORD

    _seed_demo()
    _require_page(page, "/lokaler/")
    login(page, "forening@ideburna.se", DEMO_PASSWORD)
    page.goto("/lokaler/")
    _tab_to(page, "el.tagName === 'A' && /^\\/lokaler\\/[\\w-]+\\/$/.test(el.getAttribute('href'))"
            " && !el.getAttribute('href').startsWith('/lokaler/ledigt')")  # fmt: skip
    _press_enter_and_wait(page)
    _tab_to(page, "el.tagName === 'A' && el.getAttribute('href').includes('/kalender/')"
            " && !el.getAttribute('href').endsWith('.ics')")  # fmt: skip
    _press_enter_and_wait(page)
    for _week in range(3):  # a free slot this week, or the next ones
        if page.locator("td.free a").count():
            break
        page.get_by_role("link", name=re.compile("Nästa vecka|Next week")).focus()
        _press_enter_and_wait(page)
    _tab_to(page, "el.tagName === 'A' && el.closest('td.free')", limit=400)
    _press_enter_and_wait(page)
    assert "/bokningar/boka/" in page.url, page.url
    _tab_to(page, "el.name === 'purpose'")
    page.keyboard.type("Styrelsemöte")
    _tab_to(page, "el.name === 'attendees'")
    page.keyboard.press("Control+A")
    page.keyboard.type("4")
    _tab_to(page, "el.type === 'submit' && el.closest('main')")
    _press_enter_and_wait(page)
    assert re.search(r"/bokningar/\d+/$", page.url), f"not booked: {page.url}"
    assert_accessible(page, context="booking made with the keyboard")
