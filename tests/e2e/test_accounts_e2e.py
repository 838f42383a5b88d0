"""Sign up, follow the verification link from the e-mail, log out and log in, in Chromium."""

import re

from django.core import mail

from tests.e2e.conftest import assert_accessible, login
from tests.factories import PASSWORD


def test_signup_verify_and_login(page, live_server):
    page.goto("/")
    page.get_by_role("link", name="Skapa konto").first.click()
    page.get_by_label("E-postadress").fill("birgitta@example.se")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Skapa konto").click()
    page.wait_for_load_state()
    assert "Bekräfta" in page.content() or "verifiering" in page.content().lower()

    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/konto/confirm-email/\S+/", mail.outbox[0].body).group(0)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    page.goto(path)
    page.get_by_role("main").get_by_role("button", name="Bekräfta").click()
    page.wait_for_load_state()

    page.goto("/mina-sidor/")
    assert page.get_by_role("heading", name="Mina sidor").is_visible()
    page.get_by_role("banner").get_by_role("button", name="Logga ut").click()
    page.wait_for_load_state()
    assert page.get_by_role("banner").get_by_role("link", name="Logga in").is_visible()
    login(page, "birgitta@example.se", PASSWORD)
    page.goto("/mina-sidor/")
    assert page.get_by_role("heading", name="Mina sidor").is_visible()


def test_home_page_is_accessible_in_swedish_and_english(page):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "sv"
    assert_accessible(page, context="home (sv)")
    page.get_by_role("button", name="In English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page, context="home (en)")


def test_skip_link_moves_focus_to_main(page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert "Hoppa till huvudinnehållet" in focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_narrow_screen_has_no_horizontal_scroll(page):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
