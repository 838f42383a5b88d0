"""A volunteer finds an assignment and applies, the association accepts, the volunteer sees it;
axe-core on the list, detail and profile pages. In Chromium."""

from __future__ import annotations

import pytest

from tests import factories
from tests.e2e.conftest import assert_accessible, login
from tests.factories import PASSWORD
from tests.volunteering.factories import AssignmentFactory, SkillFactory

pytestmark = pytest.mark.e2e


def test_find_apply_accept_and_see_it(page, browser, live_server):
    association = factories.AssociationFactory(name="Hjärta till Hjärta Motala")
    admin = factories.association_admin(association, email="anna@example.se")
    AssignmentFactory(
        association=association,
        title="Läxhjälp för mellanstadiebarn",
        description="Hjälp barn i **årskurs 4–6** med läxorna.",
        hours_per_week=2,
        skills=[SkillFactory(name="Läxhjälp", slug="laxhjalp")],
    )
    AssignmentFactory(title="Chaufför till Folkets hus", hours_per_week=1)
    factories.UserFactory(email="birgitta@example.se", display_name="Birgitta Berg")

    # The volunteer searches the public list and opens the assignment.
    page.goto("/uppdrag/")
    assert_accessible(page, context="assignment list")
    page.get_by_label("Sök").fill("läxhjälp")
    page.get_by_role("button", name="Visa").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Chaufför till Folkets hus").count() == 0
    page.get_by_role("link", name="Läxhjälp för mellanstadiebarn").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Läxhjälp för mellanstadiebarn"
    assert_accessible(page, context="assignment detail (anonymous)")

    # Logs in, says "I'm interested" with a message.
    login(page, "birgitta@example.se", PASSWORD)
    page.goto("/uppdrag/")
    page.get_by_role("link", name="Läxhjälp för mellanstadiebarn").click()
    assert_accessible(page, context="assignment detail (logged in)")
    page.get_by_label("Meddelande till föreningen").fill("Jag är pensionerad lärare.")
    page.get_by_role("main").get_by_role("button", name="Jag är intresserad").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Mina intresseanmälningar").is_visible()
    assert page.get_by_role("cell", name="Ny").is_visible()

    # The profile page is accessible too.
    page.goto("/uppdrag/profil/")
    assert_accessible(page, context="volunteer profile")
    page.get_by_label("Läxhjälp").check()
    page.get_by_label("vardagseftermiddagar").check()
    page.get_by_role("main").get_by_role("button", name="Spara").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Förslag till dig").is_visible()

    # The association accepts.
    context = browser.new_context(base_url=live_server.url, locale="sv-SE", bypass_csp=True)
    other = context.new_page()
    login(other, admin.email, PASSWORD)
    other.goto("/uppdrag/forening/")
    other.get_by_role("link", name="Sökande").first.click()
    assert other.get_by_role("link", name="birgitta@example.se").is_visible()
    assert_accessible(other, context="applicants")
    other.get_by_role("button", name="Anta: Birgitta Berg").click()
    other.wait_for_load_state()
    assert other.get_by_role("cell", name="Antagen").is_visible()
    context.close()

    # The volunteer sees it.
    page.goto("/uppdrag/mina-anmalningar/")
    assert page.get_by_role("cell", name="Antagen").is_visible()
    assert_accessible(page, context="my applications")
