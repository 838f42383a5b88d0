"""Bookings at scale: 50 resources with 100 000 bookings (a year back, a year ahead).

``run``: seeds (idempotently, bulk_create in batches) a venue with 50 rooms, 50 approved
associations each with one member, ~2 000 non-overlapping bookings per room; times the
week calendar, the free-slot search and the usage report in-process.

``live`` (called by bench_http while gunicorn and the Celery worker run):
- 50 concurrent conflicting booking requests over HTTP: 50 members log in (a session each),
  fetch the booking form (CSRF token), then POST the same slot at once from 50 threads:
  exactly one success (302), the rest clean conflicts (200 with the form error), 0 errors;
- the reminder run for 10 000 due bookings through the real worker: time to drain, exactly
  one reminder marker and one mail each (mail goes to a file sink: EMAIL_URL=file://).
"""

from __future__ import annotations

import datetime
import http.client
import random
import re
import threading
import time
import urllib.parse
from pathlib import Path

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

RESOURCES = 50
BOOKINGS = 100_000
DUE = 10_000
PREFIX = "bench-rum-"
MEMBERS = 50
MEMBER_EMAIL = "bench-boka-{}@example.se"
CONFLICT_SLUG = "bench-konfliktrum"
LOCKER_SLUG = "bench-skapen"
SLOTS = [(9, 11), (13, 15), (18, 20), (20, 21)]


def _seed():
    from associations.models import Association, Membership
    from bookings.models import Booking, FeedToken
    from portal.models import User
    from resources.models import Resource, Venue

    venue, _ = Venue.objects.get_or_create(
        slug="bench-foreningshuset", defaults={"name": "Bench Föreningshuset", "address": "Storgatan 1"}
    )  # fmt: skip
    Resource.objects.bulk_create(
        [
            Resource(venue=venue, name=f"Bench rum {i}", slug=f"{PREFIX}{i}", capacity=10 + i,
                     kind=Resource.Kind.MEETING_ROOM, book_ahead_days=400)
            for i in range(RESOURCES)
        ]
        + [
            Resource(venue=venue, name="Bench konfliktrum", slug=CONFLICT_SLUG, capacity=20,
                     kind=Resource.Kind.MEETING_ROOM),
            Resource(venue=venue, name="Bench skåpen", slug=LOCKER_SLUG, quantity=DUE,
                     kind=Resource.Kind.LOCKER, max_minutes=24 * 60),
        ],
        ignore_conflicts=True,
    )  # fmt: skip
    rooms = list(Resource.objects.filter(slug__startswith=PREFIX).order_by("pk"))
    Association.objects.bulk_create(
        [
            Association(name=f"Bench bokningsförening {i}", slug=f"bench-boka-{i}",
                        status=Association.Status.APPROVED, contact_email=f"boka{i}@example.se")
            for i in range(MEMBERS)
        ],
        ignore_conflicts=True,
    )  # fmt: skip
    associations = list(Association.objects.filter(slug__startswith="bench-boka-").order_by("pk"))
    User.objects.bulk_create(
        [User(email=MEMBER_EMAIL.format(i), display_name=f"Bokare {i}", password="!") for i in range(MEMBERS)],
        ignore_conflicts=True,
    )  # fmt: skip
    users = {u.email: u for u in User.objects.filter(email__startswith="bench-boka-")}
    Membership.objects.bulk_create(
        [
            Membership(user=users[MEMBER_EMAIL.format(i)], association=a, role="admin")
            for i, a in enumerate(associations)
        ],
        ignore_conflicts=True,
    )
    FeedToken.objects.get_or_create(association=associations[0], defaults={"token": "bench-feed"})

    have = Booking.objects.filter(resource__in=rooms).count()
    if have < BOOKINGS:
        rng = random.Random(100)
        tz = timezone.get_current_timezone()
        today = timezone.localdate()
        first = today - datetime.timedelta(days=365)
        Booking.objects.filter(resource__in=rooms).delete()
        rows = []
        for room in rooms:
            day, made = first, 0
            while made < BOOKINGS // RESOURCES:
                for h0, h1 in SLOTS:
                    if made >= BOOKINGS // RESOURCES or rng.random() < 0.1:
                        continue
                    start = datetime.datetime.combine(day, datetime.time(h0), tzinfo=tz)
                    end = datetime.datetime.combine(day, datetime.time(h1), tzinfo=tz)
                    who = rng.randrange(MEMBERS)
                    rows.append(Booking(
                        resource=room, association=associations[who],
                        booked_by=users[MEMBER_EMAIL.format(who)], start=start, end=end,
                        block_start=start, block_end=end, exclusive=True,
                        status=Booking.Status.CONFIRMED, purpose="Styrelsemöte",
                        attendees=rng.randint(1, 10), reminder_sent_at=start - datetime.timedelta(days=1),
                        confirmation_sent_at=start - datetime.timedelta(days=30),
                        attended=rng.randint(1, 10) if day < today else None,
                    ))  # fmt: skip
                    made += 1
                day += datetime.timedelta(days=1)
        with transaction.atomic():
            Booking.objects.bulk_create(rows, batch_size=5000)
    _seed_lockers(associations)
    return rooms, associations


def _seed_lockers(associations) -> None:
    """The 10 000 locker bookings the reminder run sends for (spread over the associations;
    ``live`` moves them to start in two hours before each run)."""
    from bookings.models import Booking
    from resources.models import Resource

    locker = Resource.objects.get(slug=LOCKER_SLUG)
    lockers = Booking.objects.filter(resource=locker)
    if lockers.count() == DUE and lockers.values("association").distinct().count() == MEMBERS:
        return
    lockers.delete()
    start = timezone.now() + datetime.timedelta(hours=2)
    end = start + datetime.timedelta(hours=1)
    Booking.objects.bulk_create(
        [
            Booking(resource=locker, association=associations[i % MEMBERS], start=start, end=end,
                    block_start=start, block_end=end, exclusive=False, purpose=f"Skåp {i}",
                    status=Booking.Status.CONFIRMED, reminder_sent_at=start)
            for i in range(DUE)
        ],
        batch_size=5000,
    )  # fmt: skip


def run(bench) -> None:
    from bookings import search as free_search
    from bookings.models import Booking
    from bookings.reports import usage_rows

    start = time.perf_counter()
    rooms, _associations = _seed()
    bench.record("seed bookings (idempotent)", time.perf_counter() - start, "s")
    bench.record(
        "bookings of the 50 bench rooms", Booking.objects.filter(resource__in=rooms).count(), "rows"
    )
    room = rooms[7]
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    t = bench.timings(lambda: free_search.week_calendar(room, monday), repeat=20, warmup=2)
    bench.record(
        "week calendar of one room (in-process)", t["p95"], "ms p95", note=f"p50 {t['p50']:.1f} ms"
    )
    day = today + datetime.timedelta(days=3)
    t = bench.timings(
        lambda: free_search.search(day=day, from_time=datetime.time(8), to_time=datetime.time(21),
                                   minutes=60, capacity=0, features=()),
        repeat=10, warmup=1,
    )  # fmt: skip
    bench.record(
        "free-slot search over all rooms (in-process)",
        t["p95"],
        "ms p95",
        note=f"p50 {t['p50']:.1f} ms",
    )
    first = today - datetime.timedelta(days=365)
    start = time.perf_counter()
    rows = usage_rows(first, today + datetime.timedelta(days=365))
    bench.record("usage rows for 2 years, 100 000 bookings (in-process)", time.perf_counter() - start, "s",
                 note=f"{len(rows)} rows")  # fmt: skip


def pages() -> list[tuple[str, str, str | None, bool]]:
    from resources.models import Resource

    room = Resource.objects.filter(slug=f"{PREFIX}7").first()
    if room is None:
        return []
    day = timezone.localdate() + datetime.timedelta(days=3)
    return [
        ("resource list", reverse("resources:list"), None, False),
        ("resource week calendar", reverse("resources:calendar", args=[room.slug]), None, False),
        ("free-slot search", reverse("resources:search")
         + f"?date={day:%Y-%m-%d}&from_time=08:00&to_time=21:00&minutes=60", None, True),
        ("resource iCal feed", reverse("resources:feed", args=[room.slug, room.ical_token]), None, False),
        ("association iCal feed", reverse("bookings:feed", args=["bench-feed"]), None, False),
        ("my bookings", reverse("bookings:mine"), MEMBER_EMAIL.format(0), False),
    ]  # fmt: skip


# --- Live: against gunicorn and the Celery worker ---------------------------------------------


def _request(port, method, path, cookies, body=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Host": "127.0.0.1", "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    data = response.read().decode("utf-8", "replace")
    for header, value in response.getheaders():
        if header.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            cookies[name.strip()] = rest.split(";", 1)[0]
    conn.close()
    return response.status, data


def _conflicts(bench, port) -> None:
    from django.conf import settings
    from django.test import Client

    from bookings.models import Booking
    from portal.models import User
    from resources.models import Resource

    resource = Resource.objects.get(slug=CONFLICT_SLUG)
    Booking.objects.filter(resource=resource).delete()
    slot = timezone.localdate() + datetime.timedelta(days=7)
    path = reverse("bookings:create", args=[resource.slug])
    sessions = []
    for i in range(MEMBERS):
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(User.objects.get(email=MEMBER_EMAIL.format(i)))
        sessions.append(
            {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}
        )
    barrier = threading.Barrier(MEMBERS)
    outcomes = [None] * MEMBERS

    def member(i):
        cookies = sessions[i]
        try:
            status, html = _request(port, "GET", path, cookies)
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
            body = urllib.parse.urlencode({
                "csrfmiddlewaretoken": token, "date": f"{slot:%Y-%m-%d}", "start_time": "10:00",
                "end_time": "11:00", "purpose": f"Möte {i}", "attendees": "5",
            })  # fmt: skip
            barrier.wait(timeout=60)
            status, html = _request(port, "POST", path, cookies, body)
            if status == 302:
                outcomes[i] = "success"
            elif status == 200 and 'class="errorlist' in html:
                outcomes[i] = "conflict"
            else:
                outcomes[i] = f"error {status}"
        except Exception as exc:  # noqa: BLE001 - counted as an error
            outcomes[i] = f"error {type(exc).__name__}"

    start = time.perf_counter()
    threads = [threading.Thread(target=member, args=(i,)) for i in range(MEMBERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - start
    success = outcomes.count("success")
    conflicts = outcomes.count("conflict")
    errors = MEMBERS - success - conflicts
    stored = Booking.objects.filter(resource=resource).active().count()
    bench.record(
        "50 concurrent conflicting bookings over HTTP: successes",
        success,
        "count",
        target="1 success, 49 conflicts, 0 errors",
        ok=success == 1 and conflicts == MEMBERS - 1 and errors == 0 and stored == 1,
        note=f"{conflicts} conflicts, {errors} errors "
        f"({sorted({o for o in outcomes if o.startswith('error')})}), {stored} stored, {seconds:.1f} s",
    )


def _reminders(bench, celery_app, mail_dir: Path) -> None:
    from bookings.models import Booking
    from resources.models import Resource

    locker = Resource.objects.get(slug=LOCKER_SLUG)
    now = timezone.now()
    start = now + datetime.timedelta(hours=2)
    end = start + datetime.timedelta(hours=1)
    # Everything else is already reminded: exactly the 10 000 are due.
    Booking.objects.filter(reminder_sent_at__isnull=True).exclude(resource=locker).update(
        reminder_sent_at=now
    )
    Booking.objects.filter(resource=locker).update(
        start=start, end=end, block_start=start, block_end=end, reminder_sent_at=None,
        status=Booking.Status.CONFIRMED,
    )  # fmt: skip
    for file in mail_dir.glob("*.log"):
        file.unlink()
    begin = time.perf_counter()
    enqueued = celery_app.send_task("bookings.tasks.send_reminders").get(timeout=300)
    reminded = Booking.objects.filter(resource=locker, reminder_sent_at__isnull=False)
    while reminded.count() < DUE and time.perf_counter() - begin < 900:
        time.sleep(0.5)
    mails = _count_mails(mail_dir)
    while mails < DUE and time.perf_counter() - begin < 900:  # the last marker precedes its mail
        time.sleep(0.5)
        mails = _count_mails(mail_dir)
    seconds = time.perf_counter() - begin
    marked = reminded.count()
    bench.record(
        f"reminder run for {DUE} due bookings through the worker (time to drain)",
        seconds,
        "s",
        target="exactly one mail each",
        ok=enqueued == DUE and marked == DUE and mails == DUE,
        note=f"{DUE / seconds:.0f} mails/s; {enqueued} enqueued, {marked} markers, {mails} mails",
    )
    again = celery_app.send_task("bookings.tasks.send_reminders").get(timeout=300)
    time.sleep(2)
    mails = _count_mails(mail_dir)
    bench.record("second reminder run (idempotent)", again, "enqueued", target="0, no new mail",
                 ok=again == 0 and mails == DUE, note=f"{mails} mails in the sink")  # fmt: skip


def _count_mails(folder: Path) -> int:
    count = 0
    for file in folder.glob("*.log"):
        with file.open("rb") as handle:
            count += sum(1 for line in handle if line.startswith(b"Message-ID:"))
    return count


def live(bench, *, port, celery_app, mail_dir) -> None:
    _conflicts(bench, port)
    _reminders(bench, celery_app, mail_dir)
