from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from bookings import services
from bookings.models import Booking, Series
from tests import factories
from tests.bookings.factories import BookingFactory, local
from tests.resources.factories import ResourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def frozen_now(monkeypatch):
    """Pretend it is early March 2026, so both of 2026's DST changes lie ahead."""
    fixed = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: fixed)
    return fixed


def spec(**kw):
    base = {"frequency": Series.Frequency.WEEKLY, "first_date": date(2026, 3, 19), "start_time": time(18),
                "end_time": time(20), "until": None, "count": None}  # fmt: skip
    base.update(kw)
    return Series(**base)


def test_weekly_18_00_across_both_2026_dst_changes(frozen_now, association):
    user = factories.association_admin(association)
    room = ResourceFactory()
    series, made, skipped = services.book_series(
        room, association, user, spec(until=date(2026, 11, 5)), purpose="Körövning"
    )
    assert not skipped
    local_times = {timezone.localtime(b.start).time() for b in made}
    assert local_times == {time(18)}
    utc_hours = {b.start.astimezone(UTC).hour for b in made}
    assert utc_hours == {16, 17}  # summer time and winter time
    by_date = {timezone.localtime(b.start).date(): b for b in made}
    assert by_date[date(2026, 3, 26)].start.astimezone(UTC).hour == 17  # before 29 March
    assert by_date[date(2026, 4, 2)].start.astimezone(UTC).hour == 16
    assert by_date[date(2026, 10, 22)].start.astimezone(UTC).hour == 16
    assert by_date[date(2026, 10, 29)].start.astimezone(UTC).hour == 17  # after 25 Oct
    assert all(b.series == series for b in made)


def test_biweekly_count(frozen_now, association):
    user = factories.association_admin(association)
    occ = services.series_occurrences(spec(frequency=Series.Frequency.BIWEEKLY, count=4))
    assert [s.date() for s, _e in occ] == [
        date(2026, 3, 19) + timedelta(weeks=2 * i) for i in range(4)
    ]
    assert user


def test_conflicts_preview_skip_or_abort(frozen_now, association):
    user = factories.association_admin(association)
    room = ResourceFactory()
    BookingFactory(
        resource=room, start=local(date(2026, 3, 26), 18), end=local(date(2026, 3, 26), 19)
    )
    rows = services.preview_series(room, association, spec(count=3))
    assert [r["problem"] is None for r in rows] == [True, False, True]
    with pytest.raises(ValidationError):
        services.book_series(room, association, user, spec(count=3), purpose="x")
    assert Booking.objects.filter(series__isnull=False).count() == 0
    assert not Series.objects.exists()
    _series, made, skipped = services.book_series(
        room, association, user, spec(count=3), purpose="x", skip_conflicts=True
    )
    assert len(made) == 2 and len(skipped) == 1


def test_cancel_one_following_all(frozen_now, association):
    user = factories.association_admin(association)
    room = ResourceFactory(cancellation_deadline_hours=0)
    _s, made, _ = services.book_series(room, association, user, spec(count=5), purpose="x")
    services.cancel_in_series(made[0], user, "one")
    assert Booking.objects.active().count() == 4
    services.cancel_in_series(made[3], user, "following")
    assert Booking.objects.active().count() == 2
    services.cancel_in_series(made[1], user, "all")
    assert Booking.objects.active().count() == 0


def test_series_view_preview_then_book(client, association):
    user = factories.association_admin(association)
    client.force_login(user)
    room = ResourceFactory()
    first = timezone.localdate() + timedelta(days=3)
    data = {"date": first.isoformat(), "start_time": "18:00", "end_time": "19:00", "purpose": "Kör",
            "attendees": 3, "frequency": "weekly", "count": 3, "on_conflict": "skip"}  # fmt: skip
    response = client.post(reverse("bookings:series", args=[room.slug]), data)
    assert response.status_code == 200 and "<table" in response.content.decode()
    assert not Booking.objects.exists()
    response = client.post(reverse("bookings:series", args=[room.slug]), {**data, "confirm": "1"})
    assert response.status_code == 302
    assert Booking.objects.filter(series__isnull=False).count() == 3
