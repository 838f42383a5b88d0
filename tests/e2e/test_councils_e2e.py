"""The community council in Chromium: a secretary drafts, adjusts and publishes minutes in the
admin; a citizen finds the decision by search and reads it. axe-core on the public pages in
Swedish and English."""

import datetime as dt

import pytest

from tests.councils import factories as cf
from tests.e2e.conftest import assert_accessible, login
from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e


def test_secretary_publishes_and_citizen_finds_the_decision(page, live_server):
    council = cf.CouncilFactory(name="Samhällsrådet", slug="samhallsradet")
    secretary = cf.secretary_of(council, email="sekreterare@example.se")
    login(page, secretary.email, PASSWORD)

    page.goto("/admin/councils/meeting/add/")
    page.select_option("#id_council", label="Samhällsrådet")
    page.fill("#id_date", "2026-03-12")
    page.fill("#id_start_time", "18:00")
    page.fill("#id_place", "Folkets hus, Motala")
    page.fill("#id_items-0-number", "4")
    page.fill("#id_items-0-order", "4")
    page.fill("#id_items-0-title", "Medlemskap i Mikrofonden Öst")
    page.fill("#id_items-0-diarienummer", "KS 2026/45")
    page.fill("#id_minutes-0-body", "## Närvarande\n\nLedamöterna enligt lista.")
    page.get_by_role("button", name="Spara", exact=True).click()
    page.wait_for_load_state()
    assert page.url.endswith("/admin/councils/meeting/")

    page.get_by_role("link", name="Samhällsrådet 2026-03-12").first.click()
    page.get_by_role("link", name="Justera protokollet").click()
    page.fill("#id_adjusters", "Anna Andersson, Per Sandberg")
    page.fill("#id_adjusted_on", "2026-03-19")
    page.get_by_role("button", name="Bekräfta").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Publicera protokollet").click()
    page.get_by_role("button", name="Bekräfta").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Rätta det publicerade protokollet").is_visible()

    page.context.clear_cookies()  # now a citizen, not logged in
    page.goto("/samhallsrad/")
    page.get_by_label("Sök i protokoll och beslut").fill("Mikrofonden")
    page.get_by_role("main").get_by_role("button", name="Sök").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Samhällsrådet 2026-03-12 § 4").click()
    page.wait_for_load_state()
    heading = page.get_by_role("heading", level=1).inner_text()
    assert "Samhällsrådet 2026-03-12 § 4" in heading and "Mikrofonden Öst" in heading
    assert "Anna Andersson, Per Sandberg" in page.content()


def test_public_council_pages_are_accessible_in_swedish_and_english(page, live_server):
    council = cf.CouncilFactory(name="Samhällsrådet", slug="samhallsradet")
    meeting = cf.published_meeting(council, items=3, date=dt.date(2026, 3, 12))
    cf.AttachmentFactory(meeting=meeting, item=meeting.items.first(), title="Underlag")
    cf.CouncilMemberFactory(council=council, name="Maria Lindqvist")
    pages = {
        "archive": council.get_absolute_url(),
        "meeting": meeting.get_absolute_url(),
        "decision": meeting.items.get(number=2).get_absolute_url(),
        "search": "/samhallsrad/sok/?q=handlingarna",
        "index": "/samhallsrad/",
        "members": "/samhallsrad/samhallsradet/ledamoter/",
    }
    for label, url in pages.items():
        page.goto(url)
        assert_accessible(page, context=f"{label} (sv)")
    page.get_by_role("button", name="In English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    for label, url in pages.items():
        page.goto(url)
        assert_accessible(page, context=f"{label} (en)")
