"""Find a room, book it, see it in my bookings, cancel; a coordinator approves a request in the
admin; axe on the resource, calendar and booking pages."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from bookings.models import Booking
from tests import factories
from tests.bookings.factories import BookingFactory
from tests.e2e.conftest import assert_accessible, login
from tests.factories import PASSWORD
from tests.resources.factories import FeatureFactory, ResourceFactory

pytestmark = pytest.mark.e2e


def test_find_book_see_and_cancel(page):
    association = factories.AssociationFactory(name="Kooperativet Grenverket")
    user = factories.association_admin(association, email="anna@example.se")
    projector = FeatureFactory(name="Projektor", slug="projektor")
    room = ResourceFactory(name="Mötesrum 2", slug="motesrum-2", capacity=12)
    room.features.add(projector)
    ResourceFactory(name="Lilla rummet", slug="lilla", capacity=4)
    login(page, user.email, PASSWORD)

    page.goto("/lokaler/")
    assert_accessible(page, context="resource list")
    page.get_by_label("Minst så många personer").fill("10")
    page.get_by_role("button", name="Filtrera").click()
    page.get_by_role("link", name="Mötesrum 2", exact=True).click()
    assert_accessible(page, context="resource detail")
    page.get_by_role("link", name="Se lediga tider").click()
    assert_accessible(page, context="week calendar")
    page.get_by_role("link", name="Nästa vecka").click()

    # Keyboard-only: the first free slot link, then the form by Tab and typing.
    page.locator("td.free a").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    page.get_by_label("Ändamål").fill("Styrelsemöte")
    page.get_by_label("Antal deltagare").fill("8")
    assert_accessible(page, context="booking form")
    page.get_by_label("Antal deltagare").focus()
    page.keyboard.press("Enter")  # submits the form
    page.wait_for_url(re.compile(r"/bokningar/\d+/$"))
    assert page.get_by_role("heading", name="Bokning av Mötesrum 2").is_visible()
    assert_accessible(page, context="booking detail")
    booking = Booking.objects.get()
    assert booking.association == association and booking.status == "confirmed"

    page.goto("/bokningar/")
    assert (
        page.get_by_role(
            "link", name=timezone.localtime(booking.start).strftime("%H:%M"), exact=False
        ).count()
        >= 1
    )
    assert_accessible(page, context="my bookings")
    page.goto(booking.get_absolute_url())
    page.get_by_role("button", name="Avboka").click()
    page.wait_for_url(re.compile(r"/bokningar/$"))
    booking.refresh_from_db()
    assert booking.status == "cancelled"


def test_coordinator_approves_request_in_admin(page):
    coordinator = factories.coordinator(email="karin@example.se", is_superuser=True)
    room = ResourceFactory(name="Stora salen", needs_approval=True)
    start = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=4)
    request = BookingFactory(
        resource=room, status="requested", start=start, end=start + timedelta(hours=2)
    )
    login(page, coordinator.email, PASSWORD)
    page.goto("/admin/bookings/booking/?status__exact=requested")
    page.locator(f'input[name="_selected_action"][value="{request.pk}"]').check()
    page.locator('select[name="action"]').select_option("approve_selected")
    with page.expect_navigation():
        page.locator('button[name="index"]').click()
    request.refresh_from_db()
    assert request.status == "confirmed"


def test_queue_page_is_accessible(page):
    coordinator = factories.coordinator(email="karin2@example.se")
    BookingFactory(resource=ResourceFactory(needs_approval=True), status="requested")
    login(page, coordinator.email, PASSWORD)
    page.goto("/bokningar/godkannande/")
    assert_accessible(page, context="approval queue")
    page.goto("/lokaler/ledigt/")
    assert_accessible(page, context="free-slot search")
