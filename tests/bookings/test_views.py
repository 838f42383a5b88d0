from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from bookings import services
from bookings.models import Booking, FeedToken
from resources.models import Resource
from tests import factories
from tests.bookings.factories import BookingFactory, future_day, local
from tests.resources.factories import ResourceFactory
from tests.utils import assert_constant_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_client(client, association):
    user = factories.association_admin(association)
    client.force_login(user)
    client.user = user
    return client


def post_booking(client, room, day, start="10:00", end="11:00", **extra):
    data = {"date": day.isoformat(), "start_time": start, "end_time": end, "purpose": "Styrelsemöte",
            "attendees": 5, **extra}  # fmt: skip
    return client.post(reverse("bookings:create", args=[room.slug]), data)


def test_book_through_the_form(member_client, association):
    room = ResourceFactory()
    response = post_booking(member_client, room, future_day())
    booking = Booking.objects.get()
    assert response.status_code == 302 and response.url == booking.get_absolute_url()
    assert booking.association == association and booking.status == "confirmed"


def test_conflict_is_a_message_with_suggestions_not_a_500(member_client, association):
    room = ResourceFactory()
    day = future_day()
    BookingFactory(resource=room, start=local(day, 10))
    response = post_booking(member_client, room, day)
    assert response.status_code == 200
    body = response.content.decode()
    assert "11:00" in body and 'role="alert"' in body
    assert Booking.objects.count() == 1


def test_attendees_above_capacity_refused(member_client):
    room = ResourceFactory(capacity=4)
    response = post_booking(member_client, room, future_day(), attendees=10)
    assert response.status_code == 200 and not Booking.objects.exists()


def test_equipment_all_or_nothing_in_form(member_client):
    room = ResourceFactory()
    projector = ResourceFactory(venue=room.venue, kind=Resource.Kind.EQUIPMENT, capacity=0)
    day = future_day()
    BookingFactory(resource=projector, start=local(day, 10))
    post_booking(member_client, room, day, equipment=[projector.pk])
    assert not Booking.objects.filter(resource=room).exists()
    post_booking(member_client, room, day, start="12:00", end="13:00", equipment=[projector.pk])
    assert Booking.objects.filter(resource=room).count() == 1
    assert Booking.objects.filter(resource=projector).count() == 2


def test_calendar_shows_booked_not_who(client):
    room = ResourceFactory()
    day = future_day()
    b = BookingFactory(resource=room, start=local(day, 10), purpose="Hemligt möte")
    url = reverse("resources:calendar", args=[room.slug]) + f"?vecka={day.isoformat()}"
    body = client.get(url).content.decode()
    assert "Hemligt" not in body and b.association.name not in body
    assert 'class="taken"' in body and 'class="free"' in body


def test_pages_have_constant_queries(member_client, association, client):
    room = ResourceFactory()
    day = future_day()

    hours = iter(range(6, 23))

    def grow():
        for _ in range(3):
            hour = next(hours)
            r = ResourceFactory(venue=room.venue)
            BookingFactory(resource=room, association=association, start=local(day, hour))
            BookingFactory(resource=r, association=association, start=local(day, hour))

    grow()
    assert_constant_queries(client, reverse("resources:list"), grow)
    cal = reverse("resources:calendar", args=[room.slug]) + f"?vecka={day.isoformat()}"
    assert_constant_queries(client, cal, grow)
    assert_constant_queries(member_client, reverse("bookings:mine"), grow)
    search = (
        reverse("resources:search")
        + f"?date={day.isoformat()}&from_time=08:00&to_time=20:00&minutes=60"
    )
    assert_constant_queries(client, search, grow)


def test_my_bookings_and_cancel(member_client, association):
    room = ResourceFactory()
    b = BookingFactory(
        resource=room,
        association=association,
        start=timezone.now().replace(microsecond=0) + timedelta(days=5),
    )
    other = BookingFactory(resource=room, start=b.start + timedelta(hours=3))
    body = member_client.get(reverse("bookings:mine")).content.decode()
    assert b.get_absolute_url() in body and other.get_absolute_url() not in body
    response = member_client.post(
        reverse("bookings:cancel", args=[b.pk]), {"scope": "one", "reason": ""}
    )
    assert response.status_code == 302
    b.refresh_from_db()
    assert b.status == "cancelled" and b.sequence == 1


def test_other_association_cannot_see_booking(client, association, other_association_admin):
    b = BookingFactory(association=association)
    client.force_login(other_association_admin)
    assert client.get(b.get_absolute_url()).status_code == 404
    assert client.post(reverse("bookings:cancel", args=[b.pk])).status_code == 404
    b.refresh_from_db()
    assert b.status == "confirmed"


def test_booking_ics(member_client, association):
    b = BookingFactory(association=association)
    response = member_client.get(reverse("bookings:ics", args=[b.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert f"UID:booking-{b.uid}@ideburna" in body
    assert "TZID=Europe/Stockholm" in body and "BEGIN:VTIMEZONE" in body


def test_feeds_sequence_and_cancelled(client, association, coordinator):
    room = ResourceFactory()
    b = BookingFactory(
        association=association,
        resource=room,
        start=timezone.now().replace(microsecond=0) + timedelta(days=5),
    )
    feed = FeedToken.objects.create(association=association, token="abc123")
    url = reverse("bookings:feed", args=[feed.token])
    body = client.get(url).content.decode()
    assert "SEQUENCE:0" in body and "STATUS:CONFIRMED" in body
    services.cancel(b, coordinator, "Stängt")
    body = client.get(url).content.decode()
    assert "SEQUENCE:1" in body and "STATUS:CANCELLED" in body and f"booking-{b.uid}" in body
    public = client.get(reverse("resources:feed", args=[room.slug, room.ical_token]))
    assert public["Content-Type"].startswith("text/calendar")
    assert b.purpose not in public.content.decode()
    assert client.get(reverse("resources:feed", args=[room.slug, "nope"])).status_code == 404


def test_approval_queue_bulk_flag_and_conflicts(client, coordinator):
    room = ResourceFactory(needs_approval=True, quantity=2)
    day = future_day()
    old = BookingFactory(resource=room, status="requested", start=local(day, 10),
                         created_at=timezone.now() - timedelta(hours=50))  # fmt: skip
    new = BookingFactory(resource=room, status="requested", start=local(day, 10))
    Resource.objects.filter(pk=room.pk).update(quantity=1)
    client.force_login(coordinator)
    body = client.get(reverse("bookings:queue")).content.decode()
    assert body.count('name="booking"') == 2
    assert "48 h" in body  # the old one is flagged
    assert new.association.name in body
    response = client.post(
        reverse("bookings:decide"),
        {"action": "approve", "booking": [old.pk, new.pk], "reason": "OK"},
    )
    assert response.status_code == 302
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.status == "confirmed" and new.status == "requested"  # the second conflicted
    client.post(
        reverse("bookings:decide"), {"action": "reject", "booking": [new.pk], "reason": "Krock"}
    )
    new.refresh_from_db()
    assert new.status == "rejected" and new.reason == "Krock"


def test_owner_sees_only_own_requests(client):
    owner_assoc = factories.AssociationFactory()
    owner = factories.association_admin(owner_assoc)
    mine = BookingFactory(
        resource=ResourceFactory(owner=owner_assoc, needs_approval=True), status="requested"
    )
    theirs = BookingFactory(resource=ResourceFactory(needs_approval=True), status="requested")
    client.force_login(owner)
    body = client.get(reverse("bookings:queue")).content.decode()
    assert f'value="{mine.pk}"' in body and f'value="{theirs.pk}"' not in body
    client.post(reverse("bookings:decide"), {"action": "approve", "booking": [theirs.pk]})
    theirs.refresh_from_db()
    assert theirs.status == "requested"


def test_attendance(member_client, association):
    start = timezone.now().replace(microsecond=0) - timedelta(days=1)
    b = BookingFactory(association=association, start=start, end=start + timedelta(hours=1))
    member_client.post(reverse("bookings:attendance", args=[b.pk]), {"attended": 14})
    b.refresh_from_db()
    assert b.attended == 14


def test_home_and_dashboard_partials(member_client, association):
    ResourceFactory()
    BookingFactory(association=association, purpose="Årsmöte")
    assert member_client.get(reverse("home")).status_code == 200
    body = member_client.get(reverse("dashboard")).content.decode()
    assert reverse("bookings:mine") in body


def test_micro_office_rented_by_the_month_through_the_form(member_client):
    from decimal import Decimal

    office = ResourceFactory(
        kind=Resource.Kind.MICRO_OFFICE, slot_minutes=1440, min_minutes=1440 * 28,
        max_minutes=1440 * 366, price=Decimal("900"), price_unit=Resource.PriceUnit.MONTH,
    )  # fmt: skip
    first = future_day(20)
    data = {"date": first.isoformat(), "start_time": "00:00", "end_date": (first + timedelta(days=30)).isoformat(),
            "end_time": "00:00", "purpose": "Kontor", "attendees": 1}  # fmt: skip
    response = member_client.post(reverse("bookings:create", args=[office.slug]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    booking = Booking.objects.get(resource=office)
    assert booking.price == Decimal("900.00")


def test_calendar_respects_buffers(client):
    room = ResourceFactory(buffer_after_minutes=30)
    day = future_day()
    BookingFactory(resource=room, start=local(day, 10))
    url = reverse("resources:calendar", args=[room.slug]) + f"?vecka={day.isoformat()}"
    response = client.get(url)
    grid = response.context["grid"]
    col = grid["days"].index(day)
    states = {row["time"].strftime("%H:%M"): row["cells"][col]["state"] for row in grid["rows"]}
    assert states["10:30"] == "taken" and states["11:00"] == "taken"  # cleaning buffer
    assert states["11:30"] == "free" and states["09:00"] == "free"


def test_queue_shows_hall_conflicts(client, coordinator):
    hall = ResourceFactory(kind=Resource.Kind.EVENT_HALL, needs_approval=True)
    part = ResourceFactory(parent=hall, name="Lilla salen")
    day = future_day()
    req = BookingFactory(resource=hall, status="requested", start=local(day, 10))
    # a booking of the part that slipped in (e.g. imported): the approver must see it
    other = BookingFactory(resource=part, start=local(day, 10))
    client.force_login(coordinator)
    body = client.get(reverse("bookings:queue")).content.decode()
    assert other.association.name in body
    with pytest.raises(services.Conflict):
        services.approve(req, coordinator)


def test_conflict_suggests_other_rooms(member_client):
    room = ResourceFactory(capacity=10)
    other = ResourceFactory(capacity=12, name="Mötesrum Reserv")
    ResourceFactory(capacity=2, name="Skrubben")
    day = future_day()
    BookingFactory(resource=room, start=local(day, 10))
    response = post_booking(member_client, room, day)
    assert [r.pk for r in response.context["alternatives"]] == [other.pk]
    assert "Mötesrum Reserv" in response.content.decode()


def test_move_through_the_detail_page(member_client, association):
    room = ResourceFactory()
    day = future_day()
    b = BookingFactory(resource=room, association=association, start=local(day, 10))
    BookingFactory(resource=room, start=local(day, 14))
    url = reverse("bookings:move", args=[b.pk])
    assert "move-date" in member_client.get(b.get_absolute_url()).content.decode()
    data = {"move-date": day.isoformat(), "move-start_time": "14:00", "move-end_time": "15:00"}
    response = member_client.post(url, data)
    assert response.context["conflicts"] and 'role="alert"' in response.content.decode()
    member_client.post(url, {**data, "confirm": "1", "checked": response.context["checked"]})
    b.refresh_from_db()
    assert b.start == local(day, 10)  # taken: not moved
    data = {**data, "move-start_time": "12:00", "move-end_time": "13:00"}
    response = member_client.post(url, data)
    assert not response.context["conflicts"]
    b.refresh_from_db()
    assert b.start == local(day, 10)  # checked, not yet confirmed
    member_client.post(url, {**data, "confirm": "1", "checked": response.context["checked"]})
    b.refresh_from_db()
    assert b.start == local(day, 12) and b.sequence == 1


def test_rejected_request_is_cancelled_in_the_feed(client, association, coordinator):
    room = ResourceFactory(needs_approval=True)
    b = BookingFactory(association=association, resource=room, status="requested")
    feed = FeedToken.objects.create(association=association, token="feed-token-2")
    url = reverse("bookings:feed", args=[feed.token])
    assert "STATUS:TENTATIVE" in client.get(url).content.decode()
    services.reject(b, coordinator, "Fullbokat")
    body = client.get(url).content.decode()
    assert "STATUS:CANCELLED" in body and "SEQUENCE:1" in body


def test_calendar_shows_own_bookings_to_members(member_client, association):
    from django.test import Client

    room = ResourceFactory()
    day = future_day()
    own = BookingFactory(resource=room, association=association, start=local(day, 10))
    other = BookingFactory(resource=room, start=local(day, 12))
    url = reverse("resources:calendar", args=[room.slug]) + f"?vecka={day.isoformat()}"
    body = member_client.get(url).content.decode()
    assert own.get_absolute_url() in body and other.get_absolute_url() not in body
    assert own.get_absolute_url() not in Client().get(url).content.decode()
    assert_constant_queries(
        member_client,
        url,
        lambda: BookingFactory(
            resource=room, association=association, start=local(day, 14 + Booking.objects.count())
        ),
    )


@pytest.mark.parametrize("language,month", [("sv", "september"), ("en", "September")])
def test_mine_and_queue_show_full_month_names(client, coordinator, association, language, month):
    from datetime import date

    from bookings.models import Status

    room = ResourceFactory(needs_approval=True)
    day = date(2027, 9, 15)
    booking = BookingFactory(resource=room, association=association, status=Status.REQUESTED,
                             start=local(day, 10), end=local(day, 12))  # fmt: skip
    client.cookies["django_language"] = language
    with translation.override(language):  # the request activates it; restore it afterwards
        client.force_login(factories.association_admin(association))
        mine = client.get(reverse("bookings:mine")).content.decode()
        row = mine.split(booking.get_absolute_url())[1].split("</tr>")[0]
        assert f"15 {month} 2027 10:00" in row and "Sep " not in row and "sep " not in row
        client.force_login(coordinator)
        queue = client.get(reverse("bookings:queue")).content.decode()
        row = queue.split(booking.get_absolute_url())[1].split("</tr>")[0]
        assert f"15 {month} 10:00" in row
