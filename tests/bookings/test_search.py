"""The free-slot search against a brute-force minute grid (hypothesis), and the search page."""

from datetime import date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bookings.search import free_starts, search
from resources.models import OpeningException, OpeningHours, Resource
from tests.bookings.factories import BookingFactory, future_day, local
from tests.resources.factories import FeatureFactory, ResourceFactory

DAY = date(2027, 2, 10)
TZ = timezone.get_current_timezone


def brute_force(
    bookings, *, quantity, before, after, length, slot, win_from, win_to, open_=(0, 24 * 60)
):
    """Minutes of the day: how many units are blocked; a start is free when every minute of its
    block has a unit left and the booking lies within the day's open interval ``open_``."""
    used = [0] * (24 * 60 + 600)
    offset = 300  # room for blocks reaching before midnight
    for s, e in bookings:
        for m in range(s - before, e + after):
            used[m + offset] += 1
    out = []
    t = win_from
    while t + length <= win_to:
        if (
            t % slot == 0
            and open_[0] <= t
            and t + length <= open_[1]
            and all(used[m + offset] < quantity for m in range(t - before, t + length + after))
        ):
            out.append(t)
        t += 1
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    quantity=st.integers(1, 3),
    before=st.sampled_from([0, 15, 30]),
    after=st.sampled_from([0, 15, 30]),
    slot=st.sampled_from([15, 30, 60]),
    length_slots=st.integers(1, 6),
    bookings=st.lists(st.tuples(st.integers(6 * 60, 21 * 60), st.integers(15, 240)), max_size=8),
    win=st.tuples(st.integers(6, 14), st.integers(1, 9)),
    hours=st.none() | st.tuples(st.integers(6, 12), st.integers(1, 10)),
    exception=st.none() | st.tuples(st.integers(6, 16), st.integers(1, 6)),
)
def test_free_starts_match_a_minute_grid(
    quantity, before, after, slot, length_slots, bookings, win, hours, exception
):
    """Weekday opening hours and a dated opening exception (which replaces them that day)."""
    length = slot * length_slots
    resource = Resource(
        pk=1, quantity=quantity, buffer_before_minutes=before, buffer_after_minutes=after,
        slot_minutes=slot, book_ahead_days=3650, latest_notice_minutes=0,
    )  # fmt: skip
    tz = TZ()
    midnight = datetime.combine(DAY, time(0), tzinfo=tz)
    spans = [(s, min(s + d, 24 * 60 - 1)) for s, d in bookings]
    blocks = [
        (midnight + timedelta(minutes=s - before), midnight + timedelta(minutes=e + after), 1)
        for s, e in spans
    ]
    win_from, win_to = win[0] * 60, min((win[0] + win[1]) * 60, 23 * 60)
    open_ = (0, 24 * 60)
    weekly, special = [], []
    if hours:
        weekly = [OpeningHours(weekday=DAY.weekday(), opens=time(hours[0]),
                               closes=time(hours[0] + hours[1]))]  # fmt: skip
        open_ = (hours[0] * 60, (hours[0] + hours[1]) * 60)
    if exception:
        special = [OpeningException(date=DAY, opens=time(exception[0]),
                                    closes=time(exception[0] + exception[1]))]  # fmt: skip
        open_ = (exception[0] * 60, (exception[0] + exception[1]) * 60)
    # An exception on another date changes nothing.
    special.append(OpeningException(date=DAY + timedelta(days=1), opens=time(3), closes=time(4)))
    got = free_starts(
        resource, midnight + timedelta(minutes=win_from), midnight + timedelta(minutes=win_to),
        timedelta(minutes=length), blocks, weekly, [], exceptions=special,
        now=midnight - timedelta(days=1),
    )  # fmt: skip
    got_minutes = [int((g - midnight).total_seconds() // 60) for g in got]
    expected = brute_force(
        spans, quantity=quantity, before=before, after=after, length=length, slot=slot,
        win_from=win_from, win_to=win_to, open_=open_,
    )  # fmt: skip
    assert got_minutes == expected


@pytest.mark.django_db
def test_search_by_capacity_and_features(client):
    projector = FeatureFactory(name="Projektor", slug="projektor")
    small = ResourceFactory(capacity=6)
    big = ResourceFactory(capacity=20)
    big.features.add(projector)
    other_big = ResourceFactory(capacity=30)
    day = future_day()
    BookingFactory(resource=other_big, start=local(day, 17), end=local(day, 21))
    results = search(
        day=day,
        from_time=time(17),
        to_time=time(21),
        minutes=120,
        capacity=12,
        features=[projector],
    )
    assert [r for r, _s in results] == [big]
    results = search(day=day, from_time=time(17), to_time=time(21), minutes=120, capacity=12)
    assert [r for r, _s in results] == [big]  # other_big is taken all evening
    assert small not in [r for r, _s in results]
    response = client.get(reverse("resources:search"), {"date": day.isoformat(), "from_time": "17:00",
                                                        "to_time": "21:00", "minutes": 120, "capacity": 12})  # fmt: skip
    assert big.name in response.content.decode() and other_big.name not in response.content.decode()


@pytest.mark.django_db
def test_search_shows_the_acting_associations_own_bookings_as_yours(client, association):
    from tests import factories

    user = factories.association_admin(association)
    mine_all_evening = ResourceFactory(name="Lilla salen", capacity=10)
    partly_mine = ResourceFactory(name="Verkstaden", capacity=10)
    others = ResourceFactory(name="Biblioteksrummet", capacity=10)
    day = future_day()
    BookingFactory(resource=mine_all_evening, association=association, start=local(day, 17),
                   end=local(day, 21), purpose="Årsmöte")  # fmt: skip
    partly = BookingFactory(resource=partly_mine, association=association,
                            start=local(day, 17), end=local(day, 18))  # fmt: skip
    BookingFactory(resource=others, start=local(day, 17), end=local(day, 21))
    params = {"date": day.isoformat(), "from_time": "17:00", "to_time": "21:00", "minutes": 60}
    anonymous = client.get(reverse("resources:search"), params).content.decode()
    assert "your booking" not in anonymous.lower() and "din bokning" not in anonymous.lower()
    client.force_login(user)
    html = client.get(reverse("resources:search"), params).content.decode()
    own = html.split('id="own-title"')[1].split("</section>")[0]
    assert "Lilla salen, 17:00–21:00" in own and "Verkstaden, 17:00–18:00" in own
    assert "Biblioteksrummet" not in own  # another association's booking stays just taken
    results = html.split('id="own-title"')[1].split("</section>")[1]
    assert "Verkstaden" in results and "Lilla salen" not in results
    assert f'href="{partly.get_absolute_url()}"' in results  # marked as yours in its result
