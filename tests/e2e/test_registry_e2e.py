"""The registry in Chromium: register an association, a coordinator approves it in the admin,
it appears in the directory; axe-core on the directory and profile pages."""

import pytest
from django.contrib.auth.models import Permission

from associations.models import Association
from tests import factories
from tests.e2e.conftest import assert_accessible, login
from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e


def _coordinator():
    user = factories.coordinator(email="karin@example.se")
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="associations"))
    return user


def test_register_approve_and_find_in_the_directory(page):
    factories.CategoryFactory(name="Kultur", slug="kultur")
    factories.DistrictFactory(name="Borensberg", slug="borensberg")
    factories.UserFactory(email="anna@example.se")
    _coordinator()

    login(page, "anna@example.se", PASSWORD)
    page.goto("/foreningar/registrera/")
    page.get_by_label("Namn").fill("Borensbergs Kanotklubb")
    page.get_by_label("Organisationsnummer").fill("802412-3452")  # wrong check digit
    page.get_by_role("button", name="Registrera och skicka för godkännande").click()
    page.wait_for_load_state()
    assert page.get_by_text("kontrollsiffran stämmer inte").is_visible()
    assert_accessible(page, context="registration form with errors")
    page.get_by_label("Organisationsnummer").fill("802412-3450")
    page.get_by_label("Kultur").check()
    page.get_by_label("Område").select_option(label="Borensberg")
    page.get_by_label("Ändamål").fill("Paddling på **Göta kanal**.")
    page.get_by_role("button", name="Registrera och skicka för godkännande").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Borensbergs Kanotklubb").is_visible()
    page.get_by_role("link", name="Medlemmar").click()
    page.wait_for_load_state()
    assert_accessible(page, context="members page")
    assert Association.objects.get().status == Association.Status.SUBMITTED
    page.get_by_role("banner").get_by_role("button", name="Logga ut").click()
    page.wait_for_load_state()

    page.goto("/foreningar/?q=kanot")
    assert page.get_by_text("0 föreningar").is_visible()

    login(page, "karin@example.se", PASSWORD)
    page.goto("/admin/associations/pendingassociation/")
    page.get_by_role("row", name="Borensbergs Kanotklubb").get_by_role("checkbox").check()
    page.locator("select[name=action]").select_option("approve")
    page.locator("button[name=index]").first.click()
    page.wait_for_load_state()
    assert page.get_by_text("1 godkända.").is_visible()
    page.get_by_role("banner").get_by_role("button", name="Logga ut").click()

    page.goto("/foreningar/?q=kanot")
    page.get_by_role("link", name="Borensbergs Kanotklubb").click()
    page.wait_for_load_state()
    assert page.locator("main strong", has_text="Göta kanal").is_visible()


def test_directory_and_profile_are_accessible(page):
    category = factories.CategoryFactory(name="Idrott", slug="idrott")
    for number in range(25):
        association = factories.AssociationFactory(
            name=f"Motala förening {number:02d}",
            purpose="Vi gör *mycket* för bygden.",
            is_work_integrating=number % 5 == 0,
            phone="0141-22 00 00",
            website="https://forening.example",
        )
        association.categories.add(category)
    page.goto("/foreningar/")
    assert_accessible(page, context="directory")
    page.goto("/foreningar/?category=idrott&q=motala&page=2")
    assert_accessible(page, context="directory, filtered, page 2")
    page.goto(Association.objects.first().get_absolute_url())
    assert_accessible(page, context="profile")
