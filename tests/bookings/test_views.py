from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

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

    rounds = iter(range(5))

    def grow():
        # Each round on its own hours: on PostgreSQL the exclusion constraint refuses overlaps.
        n = next(rounds)
        for i in range(3):
            r = ResourceFactory(venue=room.venue)
            start = local(day, 8 + 5 * i + n)
            BookingFactory(resource=room, association=association, start=start)
            BookingFactory(resource=r, association=association, start=start)

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


def test_cached_feed_follows_new_and_deleted_bookings(
    client, association, django_assert_max_num_queries
):
    room = ResourceFactory()
    day = future_day()
    first = BookingFactory(resource=room, association=association, start=local(day, 10))
    url = reverse("resources:feed", args=[room.slug, room.ical_token])
    assert f"booking-{first.uid}" in client.get(url).content.decode()
    with django_assert_max_num_queries(2):  # the resource and the feed's version: body cached
        client.get(url)
    second = BookingFactory(resource=room, association=association, start=local(day, 14))
    body = client.get(url).content.decode()
    assert f"booking-{first.uid}" in body and f"booking-{second.uid}" in body
    Booking.objects.filter(pk=first.pk).delete()
    body = client.get(url).content.decode()
    assert f"booking-{first.uid}" not in body and f"booking-{second.uid}" in body


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
