"""Bookings at scale: 50 resources, 100 000 bookings on PostgreSQL. Week calendar and free-slot
search p95 with a constant number of queries; an iCal feed of 500 bookings."""

from __future__ import annotations

import uuid
from datetime import datetime, time, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

RESOURCES = 50
PER_RESOURCE = 2000  # two bookings a day for 1000 days
VENUE_SLUG = "bench-huset"


def _seed():
    from associations.models import Association
    from bookings.models import Booking
    from resources.models import Feature, OpeningHours, Resource, Venue

    venue, _ = Venue.objects.get_or_create(slug=VENUE_SLUG, defaults={"name": "Bench-huset"})
    projector, _ = Feature.objects.get_or_create(slug="projektor", defaults={"name": "Projektor"})
    assoc, _ = Association.objects.get_or_create(
        slug="bench-foreningen",
        defaults={"name": "Bench-föreningen", "status": Association.Status.APPROVED},
    )
    resources = []
    for i in range(RESOURCES):
        r, created = Resource.objects.get_or_create(
            slug=f"bench-rum-{i}",
            defaults={"venue": venue, "name": f"Bench-rum {i}", "kind": "meeting_room",
                      "capacity": 4 + i % 30, "book_ahead_days": 800},
        )  # fmt: skip
        if created:
            if i % 2:
                r.features.add(projector)
            OpeningHours.objects.bulk_create(
                [
                    OpeningHours(resource=r, weekday=d, opens=time(8), closes=time(21))
                    for d in range(7)
                ]
            )
        resources.append(r)
    have = Booking.objects.filter(resource__venue=venue).count()
    if have >= RESOURCES * PER_RESOURCE:
        return resources, assoc
    Booking.objects.filter(resource__venue=venue).delete()
    tz = timezone.get_current_timezone()
    first = timezone.localdate() - timedelta(days=500)
    batch = []
    for r in resources:
        for d in range(PER_RESOURCE // 2):
            day = first + timedelta(days=d)
            for hour in (9, 13):
                start = datetime.combine(day, time(hour), tzinfo=tz)
                end = start + timedelta(hours=2)
                batch.append(
                    Booking(
                        resource=r,
                        association=assoc,
                        start=start,
                        end=end,
                        block_start=start,
                        block_end=end,
                        exclusive=True,
                        status="confirmed",
                        purpose="Bench",
                        attendees=3,
                        uid=uuid.uuid4(),
                    )  # fmt: skip
                )
            if len(batch) >= 5000:
                Booking.objects.bulk_create(batch)
                batch = []
    if batch:
        Booking.objects.bulk_create(batch)
    return resources, assoc


def run(bench):
    import time as clock

    from bookings import ical, search
    from bookings.models import Booking

    started = clock.perf_counter()
    resources, assoc = _seed()
    bench.record("seed (idempotent)", clock.perf_counter() - started, "s")
    bench.record(
        "bookings in the bench venue",
        Booking.objects.filter(resource__venue__slug=VENUE_SLUG).count(),
        "rows",
    )
    resource = resources[7]
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday()) + timedelta(weeks=2)

    def calendar():
        return search.week_calendar(resource, monday)

    with CaptureQueriesContext(connection) as ctx:
        calendar()
    t = bench.timings(calendar)
    bench.record("week calendar p95", t["p95"], "ms", target="< 100 ms", ok=t["p95"] < 100)
    bench.record("week calendar queries", len(ctx.captured_queries), "queries", target="<= 4",
                 ok=len(ctx.captured_queries) <= 4)  # fmt: skip

    day = today + timedelta(days=10)

    def find():
        return search.search(
            day=day, from_time=time(8), to_time=time(21), minutes=120, capacity=10, limit=50
        )

    with CaptureQueriesContext(connection) as ctx:
        found = find()
    t = bench.timings(find)
    bench.record(
        "free-slot search (50 rooms) p95", t["p95"], "ms", target="< 300 ms", ok=t["p95"] < 300
    )
    bench.record("free-slot search queries", len(ctx.captured_queries), "queries", target="<= 6",
                 ok=len(ctx.captured_queries) <= 6)  # fmt: skip
    bench.record("free-slot search rooms with free time", len(found), "rooms")

    rows = list(
        Booking.objects.filter(association=assoc).select_related("resource__venue", "association")
        .order_by("-start")[:500]
    )  # fmt: skip

    def feed():
        return ical.calendar(rows, name="Bench")

    t = bench.timings(feed, repeat=10, warmup=1)
    bench.record("iCal of 500 bookings p95", t["p95"], "ms", target="< 500 ms", ok=t["p95"] < 500)


def pages():
    from tests.perf.pages import path

    today = timezone.localdate() + timedelta(days=10)
    search = path("resources:search")
    return [
        ("resource list", path("resources:list"), None, False),
        ("week calendar", path("resources:calendar", slug="bench-rum-7"), None, False),
        (
            "free-slot search",
            search
            and f"{search}?date={today.isoformat()}&from_time=08:00&to_time=21:00&minutes=120&capacity=10",
            None,
            True,
        ),
    ]
