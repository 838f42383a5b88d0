from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from bookings import services
from bookings.models import Booking
from resources.models import Closure, Resource
from tests import factories
from tests.bookings.factories import BookingFactory, future_day, local
from tests.resources.factories import OpeningHoursFactory, ResourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def booker(association):
    return factories.association_admin(association)


def book(resource, association, user, start, end, **kw):
    kw.setdefault("purpose", "Styrelsemöte")
    return services.book(resource, association, user, start, end, **kw)


def test_book_confirms_and_prices(association, booker):
    room = ResourceFactory(price=Decimal("100"), price_unit=Resource.PriceUnit.HOUR)
    day = future_day()
    [b] = book(room, association, booker, local(day, 10), local(day, 12))
    assert b.status == Booking.Status.CONFIRMED
    assert b.price == Decimal("200.00")
    assert b.block_start == b.start and b.exclusive


def test_needs_approval_makes_a_request_that_holds_the_slot(association, booker):
    room = ResourceFactory(needs_approval=True)
    day = future_day()
    [b] = book(room, association, booker, local(day, 10), local(day, 11))
    assert b.status == Booking.Status.REQUESTED
    with pytest.raises(services.Conflict):
        book(room, factories.AssociationFactory(), booker, local(day, 10), local(day, 11))


def test_conflict_message_names_nearest_free_times(association, booker):
    room = ResourceFactory()
    day = future_day()
    book(room, association, booker, local(day, 10), local(day, 11))
    with pytest.raises(services.Conflict) as exc:
        book(room, association, booker, local(day, 10, 30), local(day, 11, 30))
    assert "already booked" in exc.value.messages[0] or "redan bokad" in exc.value.messages[0]
    assert exc.value.suggestions
    assert local(day, 11) in [s for s, _e in exc.value.suggestions]
    assert "11:00" in exc.value.messages[0]


def test_back_to_back_both_succeed(association, booker):
    room = ResourceFactory()
    day = future_day()
    book(room, association, booker, local(day, 10), local(day, 11))
    book(room, association, booker, local(day, 11), local(day, 12))
    assert Booking.objects.active().count() == 2


def test_buffers_block_back_to_back(association, booker):
    room = ResourceFactory(buffer_after_minutes=30)
    day = future_day()
    book(room, association, booker, local(day, 10), local(day, 11))
    with pytest.raises(services.Conflict):
        book(room, association, booker, local(day, 11), local(day, 12))
    book(room, association, booker, local(day, 11, 30), local(day, 12))


def test_hall_and_sub_rooms_block_each_other(association, booker):
    hall = ResourceFactory(kind=Resource.Kind.EVENT_HALL, name="Hela huset")
    big = ResourceFactory(parent=hall, name="Stora salen")
    small = ResourceFactory(parent=hall, name="Lilla salen")
    day = future_day()
    book(room := big, association, booker, local(day, 10), local(day, 12))
    book(small, association, booker, local(day, 10), local(day, 12))  # siblings don't block
    with pytest.raises(services.Conflict):
        book(hall, association, booker, local(day, 11), local(day, 13))
    book(hall, association, booker, local(day, 14), local(day, 16))
    with pytest.raises(services.Conflict):
        book(room, association, booker, local(day, 15), local(day, 17))


def test_quantity_three_allows_three_overlaps(association, booker):
    projector = ResourceFactory(kind=Resource.Kind.EQUIPMENT, quantity=3, capacity=0)
    day = future_day()
    for _ in range(3):
        book(projector, association, booker, local(day, 10), local(day, 12))
    with pytest.raises(services.Conflict):
        book(projector, association, booker, local(day, 11), local(day, 13))
    book(projector, association, booker, local(day, 12), local(day, 13))
    assert not Booking.objects.filter(resource=projector).first().exclusive


def test_equipment_is_all_or_nothing(association, booker):
    room = ResourceFactory()
    projector = ResourceFactory(kind=Resource.Kind.EQUIPMENT, quantity=1, capacity=0)
    day = future_day()
    book(projector, association, booker, local(day, 10), local(day, 11))
    with pytest.raises(services.Conflict):
        book(room, association, booker, local(day, 10), local(day, 11), equipment=[projector])
    assert not Booking.objects.filter(resource=room).exists()
    made = book(room, association, booker, local(day, 11), local(day, 12), equipment=[projector])
    assert len(made) == 2 and made[0].group == made[1].group is not None


@pytest.mark.parametrize(
    ("change", "start_h", "end_h", "attendees"),
    [
        ({}, 10, 10.25, 1),  # off the grid
        ({"min_minutes": 120}, 10, 11, 1),
        ({"max_minutes": 60}, 10, 12, 1),
        ({"capacity": 4}, 10, 11, 5),
    ],
)
def test_rules(association, booker, change, start_h, end_h, attendees):
    room = ResourceFactory(**change)
    day = future_day()
    start = local(day, 10) + timedelta(hours=start_h - 10)
    end = local(day, 10) + timedelta(hours=end_h - 10)
    with pytest.raises(ValidationError):
        book(room, association, booker, start, end, attendees=attendees)


def test_opening_hours_and_closures(association, booker):
    room = ResourceFactory()
    day = future_day(14)
    from datetime import time

    OpeningHoursFactory(resource=room, weekday=day.weekday(), opens=time(8), closes=time(17))
    with pytest.raises(ValidationError):
        book(room, association, booker, local(day, 16), local(day, 18))
    Closure.objects.create(resource=room, start_date=day, end_date=day, reason="Jul")
    with pytest.raises(ValidationError):
        book(room, association, booker, local(day, 9), local(day, 10))


def test_book_ahead_and_late(association, booker):
    room = ResourceFactory(book_ahead_days=7, latest_notice_minutes=60)
    with pytest.raises(ValidationError):
        book(room, association, booker, local(future_day(10), 10), local(future_day(10), 11))


def test_listed_only_and_unapproved(booker, association):
    room = ResourceFactory(bookable_by=Resource.BookableBy.LISTED)
    day = future_day()
    with pytest.raises(ValidationError):
        book(room, association, booker, local(day, 10), local(day, 11))
    room.allowed_associations.add(association)
    book(room, association, booker, local(day, 10), local(day, 11))


def test_max_active_bookings(association, booker):
    room = ResourceFactory(max_active_bookings=1)
    day = future_day()
    book(room, association, booker, local(day, 10), local(day, 11))
    with pytest.raises(ValidationError):
        book(room, association, booker, local(day, 12), local(day, 13))


def test_approving_two_overlapping_requests(association, booker, coordinator):
    """Two overlapping requests (e.g. imported before the rules): only one can be approved."""
    room = ResourceFactory(needs_approval=True, quantity=2)
    day = future_day()
    first = BookingFactory(resource=room, status=Booking.Status.REQUESTED, start=local(day, 10))
    second = BookingFactory(resource=room, status=Booking.Status.REQUESTED, start=local(day, 10))
    Resource.objects.filter(pk=room.pk).update(quantity=1)
    room.refresh_from_db()
    services.approve(first, coordinator)
    with pytest.raises(services.Conflict):
        services.approve(second, coordinator)
    second.refresh_from_db()
    assert second.status == Booking.Status.REQUESTED


def test_owner_association_admin_approves_its_resource(association, booker):
    owner = factories.AssociationFactory()
    owner_admin = factories.association_admin(owner)
    room = ResourceFactory(needs_approval=True, owner=owner)
    day = future_day()
    [b] = book(room, association, booker, local(day, 10), local(day, 11))
    with pytest.raises(Exception):  # noqa: B017  (PermissionDenied)
        services.approve(b, booker)
    assert services.approve(b, owner_admin).status == Booking.Status.CONFIRMED


def test_reject_frees_the_time(association, booker, coordinator):
    room = ResourceFactory(needs_approval=True)
    day = future_day()
    [b] = book(room, association, booker, local(day, 10), local(day, 11))
    services.reject(b, coordinator, "Dubbelbokat")
    book(room, association, booker, local(day, 10), local(day, 11))


def test_cancel_until_deadline(association, booker, coordinator):
    room = ResourceFactory(cancellation_deadline_hours=48)
    soon = BookingFactory(resource=room, association=association, start=timezone_now_plus(24))
    with pytest.raises(ValidationError):
        services.cancel(soon, booker)
    assert services.cancel(soon, coordinator, "Vattenskada").status == Booking.Status.CANCELLED
    later = BookingFactory(resource=room, association=association, start=timezone_now_plus(96))
    services.cancel(later, booker)
    day = later.start
    book(room, association, booker, day, day + timedelta(hours=1))  # freed at once


def timezone_now_plus(hours):
    from django.utils import timezone

    now = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    return now + timedelta(hours=hours)


def test_other_association_cannot_cancel(association, other_association_admin):
    b = BookingFactory(association=association, start=timezone_now_plus(96))
    with pytest.raises(ValidationError):
        services.cancel(b, other_association_admin)


def test_admin_path_cannot_double_book(admin_client, association):
    room = ResourceFactory()
    existing = BookingFactory(resource=room, association=association)
    url = "/admin/bookings/booking/add/"
    start = existing.start.astimezone(existing.start.tzinfo)
    from django.utils import timezone

    local_start = timezone.localtime(start)
    data = {
        "resource": room.pk,
        "association": association.pk,
        "start_0": local_start.strftime("%Y-%m-%d"),
        "start_1": local_start.strftime("%H:%M:%S"),
        "end_0": local_start.strftime("%Y-%m-%d"),
        "end_1": (local_start + timedelta(hours=1)).strftime("%H:%M:%S"),
        "status": "confirmed",
        "purpose": "Dubbel",
        "attendees": 1,
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200  # the form again, with the error
    assert Booking.objects.filter(resource=room).count() == 1
    with pytest.raises(services.Conflict):
        services.save_from_admin(
            Booking(
                resource=room,
                association=association,
                start=existing.start,
                end=existing.end,
                purpose="x",
            ),
            None,
        )
    data["start_1"] = (local_start + timedelta(hours=1)).strftime("%H:%M:%S")
    data["end_1"] = (local_start + timedelta(hours=2)).strftime("%H:%M:%S")
    response = admin_client.post(url, data)
    assert response.status_code == 302
    assert Booking.objects.filter(resource=room).count() == 2


def test_admin_approve_action(admin_client, association):
    room = ResourceFactory(needs_approval=True)
    b = BookingFactory(resource=room, status=Booking.Status.REQUESTED)
    response = admin_client.post(
        "/admin/bookings/booking/",
        {"action": "approve_selected", "_selected_action": [b.pk]},
    )
    assert response.status_code == 302
    b.refresh_from_db()
    assert b.status == Booking.Status.CONFIRMED


def test_move_checks_overlap_and_bumps_sequence(association, booker):
    room = ResourceFactory()
    day = future_day()
    [a] = book(room, association, booker, local(day, 10), local(day, 11))
    book(room, association, booker, local(day, 12), local(day, 13))
    with pytest.raises(services.Conflict):
        services.move(a, booker, local(day, 12), local(day, 13))
    moved = services.move(a, booker, local(day, 14), local(day, 15))
    assert moved.sequence == 1 and moved.block_start == local(day, 14)


def test_admin_race_is_a_message_not_a_500(admin_client, association, monkeypatch):
    """Even when the form's check is bypassed (a race), the save under the lock refuses."""
    from bookings.admin import BookingAdminForm

    monkeypatch.setattr(BookingAdminForm, "clean", lambda self: self.cleaned_data)
    room = ResourceFactory()
    existing = BookingFactory(resource=room, association=association)
    from django.utils import timezone

    s = timezone.localtime(existing.start)
    data = {
        "resource": room.pk, "association": association.pk,
        "start_0": s.strftime("%Y-%m-%d"), "start_1": s.strftime("%H:%M:%S"),
        "end_0": s.strftime("%Y-%m-%d"), "end_1": (s + timedelta(hours=1)).strftime("%H:%M:%S"),
        "status": "confirmed", "purpose": "Dubbel", "attendees": 1,
    }  # fmt: skip
    response = admin_client.post("/admin/bookings/booking/add/", data)
    assert response.status_code == 302
    assert Booking.objects.filter(resource=room).count() == 1


def test_opening_exception_replaces_the_weekday_hours(association, booker):
    from datetime import time

    from bookings.search import week_calendar
    from resources.models import OpeningException

    room = ResourceFactory()
    day = future_day(14)
    OpeningHoursFactory(resource=room, weekday=day.weekday(), opens=time(8), closes=time(17))
    OpeningException.objects.create(
        resource=room, date=day, opens=time(10), closes=time(14), note="Julafton"
    )
    room = Resource.objects.prefetch_related("opening_exceptions").get(pk=room.pk)
    with pytest.raises(ValidationError):
        book(room, association, booker, local(day, 8), local(day, 9))  # normally open
    with pytest.raises(ValidationError):
        book(room, association, booker, local(day, 13), local(day, 15))
    [b] = book(room, association, booker, local(day, 10), local(day, 12))
    assert b.start == local(day, 10)
    # The same weekday a week later keeps the ordinary hours.
    book(
        room,
        association,
        booker,
        local(day + timedelta(days=7), 8),
        local(day + timedelta(days=7), 9),
    )
    monday = day - timedelta(days=day.weekday())
    cal = week_calendar(room, monday)
    col = cal["days"].index(day)
    states = {row["time"]: row["cells"][col]["state"] for row in cal["rows"]}
    assert states[time(8)] == "closed" and states[time(12)] == "free"
    assert states[time(10)] == "taken" and states[time(14)] == "closed"


def test_opening_exception_on_a_round_the_clock_resource(association, booker):
    from datetime import time

    from resources.models import OpeningException

    room = ResourceFactory()  # no opening hours: open around the clock
    day = future_day(14)
    OpeningException.objects.create(resource=room, date=day, opens=time(18), closes=time(22))
    with pytest.raises(ValidationError):
        book(room, association, booker, local(day, 9), local(day, 10))
    with pytest.raises(ValidationError):  # runs into the exception day
        book(room, association, booker, local(day - timedelta(days=1), 20), local(day, 19))
    book(room, association, booker, local(day, 18), local(day, 20))
    book(
        room,
        association,
        booker,
        local(day + timedelta(days=1), 9),
        local(day + timedelta(days=1), 10),
    )
