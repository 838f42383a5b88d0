"""Find a room, book it, see it in my bookings, cancel; a coordinator approves a request in the
admin; axe on the resource, calendar and booking pages."""

import re
from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation

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


def _member(association, email):
    """An ordinary member (not an admin) of ``association``."""
    user = factories.UserFactory(email=email)
    factories.MembershipFactory(user=user, association=association)
    return user


def test_member_books_a_series_and_moves_this_and_following_an_hour_later(page):
    association = factories.AssociationFactory(name="Kören Stämman")
    user = _member(association, "sara@example.se")
    room = ResourceFactory(name="Mötesrum 3", slug="motesrum-3", cancellation_deadline_hours=0)
    first = timezone.localdate() + timedelta(days=3)
    login(page, user.email, PASSWORD)

    # A weekly series of three, 18:00–20:00, through the standing-booking form.
    page.goto(room.get_absolute_url())
    page.get_by_role("link", name="Stående bokning").click()
    page.get_by_label("Datum", exact=True).fill(first.isoformat())
    page.get_by_label("Från", exact=True).fill("18:00")
    page.get_by_label("Till", exact=True).fill("20:00")
    page.get_by_label("Ändamål").fill("Körövning")
    page.get_by_label("Antal deltagare").fill("10")
    page.get_by_label("Upprepas").select_option("weekly")
    page.get_by_label("Eller antal gånger").fill("3")
    page.get_by_role("button", name="Kontrollera datumen").click()
    page.get_by_role("button", name="Boka serien").click()
    page.wait_for_url(re.compile(r"/bokningar/\d+/$"))
    made = list(Booking.objects.filter(series__isnull=False).order_by("start"))
    assert len(made) == 3

    # The second occurrence: "this and following" one hour later, by keyboard on the move page.
    page.goto(made[1].get_absolute_url())
    # The times are filled (typing into a time field's parts is flaky in headless Chromium);
    # the scope and the buttons by keyboard.
    move_form = page.locator("form[action$='/flytta/']")
    move_form.get_by_label("Från", exact=True).fill("19:00")
    move_form.get_by_label("Till", exact=True).fill("21:00")
    move_form.get_by_label("Flytta", exact=True).focus()
    page.keyboard.press("ArrowDown")  # the scope: from "only this" to "this and following"
    assert move_form.get_by_label("Flytta", exact=True).input_value() == "following"
    move_form.get_by_label("Från", exact=True).focus()
    page.keyboard.press("Enter")  # submits: "Kontrollera den nya tiden"
    page.wait_for_url(re.compile(r"/bokningar/\d+/flytta/$"))
    assert page.get_by_role("table").get_by_text("Ja").count() == 2
    assert page.get_by_role("alert").count() == 0
    assert_accessible(page, context="move page with the check")
    page.get_by_role("button", name="Flytta 2 bokningar").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text("2 bokningar flyttade.").is_visible()

    page.goto("/bokningar/")
    week = timedelta(weeks=1)
    for day, times in ((first, "18:00–20:00"), (first + week, "19:00–21:00"),
                       (first + 2 * week, "19:00–21:00")):  # fmt: skip
        with translation.override("sv"):
            when = f"{formats.date_format(day, 'D j F Y')} {times[:5]}"
        row = page.get_by_role("row").filter(has_text=when)
        assert row.count() == 1 and times in row.inner_text(), when
    for b in made:
        b.refresh_from_db()
    assert [timezone.localtime(b.start).hour for b in made] == [18, 19, 19]


def test_move_page_shows_the_collision_and_is_accessible(page):
    association = factories.AssociationFactory(name="Kören Stämman")
    user = _member(association, "sara2@example.se")
    room = ResourceFactory(name="Mötesrum 4", cancellation_deadline_hours=0)
    day = timezone.localdate() + timedelta(days=3)
    start = timezone.make_aware(datetime.combine(day, time(10)))
    mine = BookingFactory(resource=room, association=association, start=start)
    BookingFactory(resource=room, start=start + timedelta(hours=2))
    login(page, user.email, PASSWORD)
    page.goto(reverse("bookings:move", args=[mine.pk]))
    assert_accessible(page, context="move page")
    page.get_by_label("Från", exact=True).fill("12:00")
    page.get_by_label("Till", exact=True).fill("13:00")
    page.get_by_role("button", name="Kontrollera den nya tiden").click()
    assert "Den här tiden krockar" in page.get_by_role("alert").inner_text()
    assert page.get_by_role("button", name=re.compile("^Flytta")).count() == 0
    assert_accessible(page, context="move page with a collision")
    mine.refresh_from_db()
    assert mine.start == start
