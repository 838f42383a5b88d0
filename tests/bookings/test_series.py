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


def _local(b):
    return timezone.localtime(b.start), timezone.localtime(b.end)


def test_move_this_and_following_keeps_the_wall_clock_across_dst(frozen_now, association):
    user = factories.association_admin(association)
    room = ResourceFactory(cancellation_deadline_hours=0)
    _s, made, _ = services.book_series(room, association, user, spec(count=4), purpose="Kör")
    # 19, 26 March (winter time), 2, 9 April (summer time): move 26 March and later to the
    # Friday 19:00–21:30.
    moved = services.move_in_series(made[1], user, "following", local(date(2026, 3, 27), 19),
                                    local(date(2026, 3, 27), 21) + timedelta(minutes=30))  # fmt: skip
    assert [_local(b)[0].date() for b in moved] == [date(2026, 3, 27), date(2026, 4, 3),
                                                    date(2026, 4, 10)]  # fmt: skip
    assert {(_local(b)[0].time(), _local(b)[1].time()) for b in moved} == {(time(19), time(21, 30))}
    assert [b.start.astimezone(UTC).hour for b in moved] == [18, 17, 17]
    first = Booking.objects.get(pk=made[0].pk)
    assert _local(first)[0] == local(date(2026, 3, 19), 18)  # earlier occurrence untouched
    assert all(b.sequence == 1 for b in moved) and first.sequence == 0


def test_move_all_a_week_later_and_a_conflict_moves_nothing(frozen_now, association):
    user = factories.association_admin(association)
    room = ResourceFactory(cancellation_deadline_hours=0)
    series, made, _ = services.book_series(room, association, user, spec(count=3), purpose="Kör")
    # A week later: each occurrence lands on the next one's old date (moved last-first).
    moved = services.move_in_series(made[1], user, "all", local(date(2026, 4, 2), 17),
                                    local(date(2026, 4, 2), 19))  # fmt: skip
    assert [_local(b)[0] for b in moved] == [local(date(2026, 3, 26), 17),
                                             local(date(2026, 4, 2), 17),
                                             local(date(2026, 4, 9), 17)]  # fmt: skip
    series.refresh_from_db()
    assert (series.first_date, series.start_time) == (date(2026, 3, 26), time(17))
    # Another association's booking on 9 April at 20:00 blocks moving everything to 19–21.
    BookingFactory(
        resource=room, start=local(date(2026, 4, 9), 20), end=local(date(2026, 4, 9), 21)
    )
    with pytest.raises(ValidationError) as exc:
        services.move_in_series(made[0], user, "all", local(date(2026, 3, 26), 19),
                                local(date(2026, 3, 26), 21))  # fmt: skip
    assert "9" in " ".join(exc.value.messages)
    assert sorted(_local(b)[0] for b in Booking.objects.filter(series=series)) == [
        local(date(2026, 3, 26), 17), local(date(2026, 4, 2), 17), local(date(2026, 4, 9), 17)
    ]  # fmt: skip


def test_move_one_occurrence_through_the_view(client, association):
    user = factories.association_admin(association)
    client.force_login(user)
    room = ResourceFactory(cancellation_deadline_hours=0)
    first = timezone.localdate() + timedelta(days=3)
    _s, made, _ = services.book_series(
        room, association, user, spec(first_date=first, count=3), purpose="Kör"
    )
    response = client.get(reverse("bookings:detail", args=[made[0].pk]))
    assert 'name="move-scope"' in response.content.decode()
    data = {"move-date": first.isoformat(), "move-start_time": "10:00", "move-end_time": "11:00"}
    response = client.post(
        reverse("bookings:move", args=[made[0].pk]), {**data, "move-scope": "one"}
    )
    assert response.status_code == 200 and len(response.context["preview"]) == 1
    response = client.post(
        reverse("bookings:move", args=[made[0].pk]),
        {**data, "move-scope": "one", "confirm": "1", "checked": response.context["checked"]},
    )
    assert response.status_code == 302
    starts = [_local(b)[0] for b in Booking.objects.order_by("start")]
    assert starts == [local(first, 10), local(first + timedelta(weeks=1), 18),
                      local(first + timedelta(weeks=2), 18)]  # fmt: skip
    data = {"move-date": (first + timedelta(weeks=1)).isoformat(), "move-start_time": "12:00",
            "move-end_time": "13:00", "move-scope": "following"}  # fmt: skip
    url = reverse("bookings:move", args=[made[1].pk])
    checked = client.post(url, data).context["checked"]
    client.post(url, {**data, "confirm": "1", "checked": checked})
    starts = [_local(b)[0] for b in Booking.objects.order_by("start")]
    assert starts[1:] == [
        local(first + timedelta(weeks=1), 12),
        local(first + timedelta(weeks=2), 12),
    ]


def test_preview_move_lists_the_colliding_occurrences_and_saves_nothing(frozen_now, association):
    user = factories.association_admin(association)
    room = ResourceFactory(cancellation_deadline_hours=0)
    _s, made, _ = services.book_series(room, association, user, spec(count=4), purpose="Kör")
    # The occurrences moving along do not block each other (a week later lands on the next one).
    rows = services.preview_move(made[0], user, "all", local(date(2026, 3, 26), 18),
                                 local(date(2026, 3, 26), 20))  # fmt: skip
    assert [bool(r["problem"]) for r in rows] == [False, False, False, False]
    # Another association has 2 April 20:00–21:00 (right after the series' 18–20, so it can
    # exist on PostgreSQL too): moving "this and following" from 26 March one hour later
    # collides there only.
    BookingFactory(
        resource=room, start=local(date(2026, 4, 2), 20), end=local(date(2026, 4, 2), 21)
    )
    rows = services.preview_move(made[1], user, "following", local(date(2026, 3, 26), 19),
                                 local(date(2026, 3, 26), 21))  # fmt: skip
    assert [r["start"] for r in rows] == [local(date(2026, 3, 26), 19),
                                          local(date(2026, 4, 2), 19), local(date(2026, 4, 9), 19)]  # fmt: skip
    assert [r["booking"].pk for r in rows] == [b.pk for b in made[1:]]
    assert [bool(r["problem"]) for r in rows] == [False, True, False]
    assert rows[0]["old_start"] == local(date(2026, 3, 26), 18)
    # The preview agrees with the move itself, which refuses and moves nothing.
    with pytest.raises(ValidationError):
        services.move_in_series(made[1], user, "following", local(date(2026, 3, 26), 19),
                                local(date(2026, 3, 26), 21))  # fmt: skip
    assert sorted(_local(b)[0].hour for b in Booking.objects.filter(series__isnull=False)) == [
        18, 18, 18, 18]  # fmt: skip


def test_move_view_shows_collisions_then_moves_only_after_confirming(client, association):
    user = factories.association_admin(association)
    client.force_login(user)
    room = ResourceFactory(cancellation_deadline_hours=0)
    first = timezone.localdate() + timedelta(days=3)
    _s, made, _ = services.book_series(
        room, association, user, spec(first_date=first, count=3), purpose="Kör"
    )
    third = first + timedelta(weeks=2)
    BookingFactory(resource=room, start=local(third, 20), end=local(third, 21))
    url = reverse("bookings:move", args=[made[0].pk])
    response = client.get(url)
    assert response.status_code == 200 and 'name="move-scope"' in response.content.decode()
    data = {"move-date": first.isoformat(), "move-start_time": "19:00", "move-end_time": "21:00",
            "move-scope": "all"}  # fmt: skip
    response = client.post(url, data)
    body = response.content.decode()
    assert response.status_code == 200 and 'role="alert"' in body
    assert "Den här tiden krockar:" in body and "Inget har flyttats" in body
    assert len(response.context["conflicts"]) == 1
    assert response.context["conflicts"][0]["start"] == local(third, 19)
    assert 'name="confirm"' not in body  # nothing to confirm while a date collides
    # Forcing a confirm anyway goes through the service's check: nothing moves.
    client.post(url, {**data, "confirm": "1", "checked": response.context["checked"]})
    assert {_local(b)[0].hour for b in Booking.objects.filter(series__isnull=False)} == {18}
    # 18:30–20:00 is free on every date: the check lists it, the confirm moves it.
    data = {**data, "move-start_time": "18:30", "move-end_time": "20:00"}
    response = client.post(url, data)
    assert not response.context["conflicts"] and 'name="confirm"' in response.content.decode()
    assert {_local(b)[0].hour for b in Booking.objects.filter(series__isnull=False)} == {18}
    # Times changed after the check are checked anew, not moved.
    changed = {**data, "move-start_time": "19:00", "move-end_time": "20:00"}
    response = client.post(url, {**changed, "confirm": "1", "checked": response.context["checked"]})
    assert response.status_code == 200
    checked = client.post(url, data).context["checked"]
    response = client.post(url, {**data, "confirm": "1", "checked": checked})
    assert response.status_code == 302
    assert {_local(b)[0].time() for b in Booking.objects.filter(series__isnull=False)} == {
        time(18, 30)}  # fmt: skip
