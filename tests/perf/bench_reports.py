"""Key figures for 10 terms × 500 associations: the aggregate and a full report run (CSV+PDF);
the usage report over 100 000 bookings (CSV+PDF).

Seeds (idempotently, with bulk_create) 500 approved associations, 10 terms (VT 2021 – HT 2025)
and one key-figure report per association and term, plus the municipality's and business's
figures, and a coordinator for the HTTP load run of the dashboard and key-figure pages.
"""

from __future__ import annotations

import datetime
import time

ASSOCIATIONS = 500
YEARS = range(2021, 2026)  # 10 terms
COORDINATOR = "bench-samordnare@example.se"
TARGET_SECONDS = 2.0


def _seed():
    from django.contrib.auth.models import Group

    from associations.models import Association
    from portal.models import KeyFigureReport, Sector, Term, User
    from portal.permissions import COORDINATORS

    user, created = User.objects.get_or_create(
        email=COORDINATOR, defaults={"display_name": "Bench Samordnare", "is_staff": True}
    )
    if created:
        user.set_password("bench-password-123")
        user.save()
    group, _ = Group.objects.get_or_create(name=COORDINATORS)
    user.groups.add(group)
    from tests.factories import add_totp

    add_totp(user)  # staff pages need an authenticator (portal.middleware)

    forms = ["ideell", "ideell", "ideell", "kooperativ", "ekonomisk", "trossamfund"]
    Association.objects.bulk_create(
        [
            Association(
                name=f"Nyckeltalsförening {i}",
                slug=f"bench-nyckeltal-{i}",
                legal_form=forms[i % len(forms)],
                status=Association.Status.APPROVED,
            )
            for i in range(ASSOCIATIONS)
        ],
        ignore_conflicts=True,
        batch_size=500,
    )
    associations = list(
        Association.objects.filter(slug__startswith="bench-nyckeltal-").values_list(
            "pk", "legal_form"
        )
    )
    terms = []
    for year in YEARS:
        for half, (om, cm) in ((Term.Half.VT, (5, 6)), (Term.Half.HT, (11, 12))):
            term, _ = Term.objects.get_or_create(
                year=year,
                half=half,
                defaults={
                    "window_opens": datetime.date(year, om, 15),
                    "window_closes": datetime.date(year, cm, 15),
                },
            )
            terms.append(term)
    social = {"kooperativ", "ekonomisk", "svb"}
    reports = []
    for t, term in enumerate(terms):
        for pk, form in associations:
            reports.append(
                KeyFigureReport(
                    term=term,
                    association_id=pk,
                    sector=Sector.SOCIAL_ENTERPRISE if form in social else Sector.ASSOCIATIONS,
                    employed_with_support=(pk + t) % 5,
                    placements=(pk * 3 + t) % 4,
                    employees_total=(pk + t) % 5 + (pk % 7),
                )
            )
        for sector, base in ((Sector.MUNICIPALITY, 120), (Sector.BUSINESS, 300)):
            reports.append(
                KeyFigureReport(
                    term=term,
                    sector=sector,
                    employed_with_support=base + t,
                    placements=base // 4,
                    employees_total=base * 10,
                )  # fmt: skip
            )
    KeyFigureReport.objects.bulk_create(reports, ignore_conflicts=True, batch_size=1000)
    return terms


USAGE_TARGET_SECONDS = 10.0


def _seed_bookings():
    """100 000 bookings: the bookings bench's own seeding when it is there (same data, seeded
    once for both), else the same layout here: 50 rooms open 8–21 every day, two 2-hour
    bookings a day each for 1000 days."""
    try:
        from tests.perf.bench_bookings import _seed as seed_bookings
    except ImportError:
        seed_bookings = _seed_bookings_here
    return seed_bookings()


def _seed_bookings_here():
    import uuid
    from datetime import datetime, time, timedelta

    from django.utils import timezone

    from associations.models import Association
    from bookings.models import Booking
    from resources.models import OpeningHours, Resource, Venue

    venue, _ = Venue.objects.get_or_create(slug="bench-huset", defaults={"name": "Bench-huset"})
    assoc, _ = Association.objects.get_or_create(
        slug="bench-foreningen",
        defaults={"name": "Bench-föreningen", "status": Association.Status.APPROVED},
    )
    resources = []
    for i in range(50):
        r, created = Resource.objects.get_or_create(
            slug=f"bench-rum-{i}",
            defaults={"venue": venue, "name": f"Bench-rum {i}", "kind": "meeting_room",
                      "capacity": 4 + i % 30, "book_ahead_days": 800},
        )  # fmt: skip
        if created:
            OpeningHours.objects.bulk_create(
                [
                    OpeningHours(resource=r, weekday=d, opens=time(8), closes=time(21))
                    for d in range(7)
                ]
            )
        resources.append(r)
    if Booking.objects.filter(resource__venue=venue).count() >= 100_000:
        return resources, assoc
    Booking.objects.filter(resource__venue=venue).delete()
    tz = timezone.get_current_timezone()
    first = timezone.localdate() - timedelta(days=500)
    batch = []
    for r in resources:
        for d in range(1000):
            day = first + timedelta(days=d)
            for hour in (9, 13):
                start = datetime.combine(day, time(hour), tzinfo=tz)
                end = start + timedelta(hours=2)
                batch.append(Booking(
                    resource=r, association=assoc, start=start, end=end, block_start=start,
                    block_end=end, exclusive=True, status="confirmed", purpose="Bench",
                    attendees=3, attended=(d % 4 or None) and 3, uid=uuid.uuid4(),
                ))  # fmt: skip
            if len(batch) >= 5000:
                Booking.objects.bulk_create(batch)
                batch = []
    if batch:
        Booking.objects.bulk_create(batch)
    return resources, assoc


def run_usage(bench):
    """The usage report (CSV + PDF) over every one of the 100 000 bookings."""
    from bookings.models import Booking
    from portal.models import ReportRun
    from portal.reports import generate

    start = time.perf_counter()
    _seed_bookings()
    bench.record("seed 100 000 bookings (idempotent)", time.perf_counter() - start, "s")
    span = Booking.objects.filter(resource__venue__slug="bench-huset")
    bookings = span.count()
    first = span.order_by("start").values_list("start", flat=True).first()
    last = span.order_by("-start").values_list("start", flat=True).first()
    bench.record("bookings in the usage report", bookings, "rows")
    run_ = ReportRun.objects.create(
        kind=ReportRun.Kind.USAGE, period_start=first.date(), period_end=last.date()
    )
    start = time.perf_counter()
    status = generate.generate(run_.pk)
    seconds = time.perf_counter() - start
    run_.refresh_from_db()
    bench.record(f"usage report run (CSV + PDF), {bookings} bookings, {run_.row_count} rows",
                 seconds, "s", target=f"< {USAGE_TARGET_SECONDS} s",
                 ok=status == "done" and seconds < USAGE_TARGET_SECONDS, note=status)  # fmt: skip
    run_.csv_file.delete(save=False)
    run_.pdf_file.delete(save=False)
    run_.delete()


def run(bench):
    from portal.models import KeyFigureReport, ReportRun, Term
    from portal.reports import generate, keyfigures

    start = time.perf_counter()
    terms = _seed()
    bench.record("seed key figures (idempotent)", time.perf_counter() - start, "s")
    bench.record("key-figure reports in the database", KeyFigureReport.objects.count(), "rows")

    timing = bench.timings(lambda: keyfigures.table(keyfigures.aggregate(Term.objects.all())),
                           repeat=10, warmup=2)  # fmt: skip
    bench.record("aggregate 10 terms x 500 associations p95", timing["p95"], "ms",
                 target="< 2000 ms", ok=timing["p95"] < 2000)  # fmt: skip

    run_ = ReportRun.objects.create(
        kind=ReportRun.Kind.KEYFIGURES,
        period_start=terms[0].starts_on,
        period_end=terms[-1].ends_on,
    )
    start = time.perf_counter()
    status = generate.generate(run_.pk)
    seconds = time.perf_counter() - start
    bench.record("key-figure report run (CSV + PDF), 10 terms", seconds, "s",
                 target=f"< {TARGET_SECONDS} s", ok=status == "done" and seconds < TARGET_SECONDS,
                 note=status)  # fmt: skip
    run_usage(bench)  # the pages below are timed with the 100 000 bookings in place
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(email=COORDINATOR))
    for label, name in (
        ("dashboard", "reports:dashboard"),
        ("key figures page", "reports:keyfigures"),
    ):
        url = reverse(name)
        assert client.get(url).status_code == 200
        page = bench.timings(lambda url=url: client.get(url), repeat=10, warmup=2)
        bench.record(f"{label} (in-process, 100 000 bookings) p95", page["p95"], "ms", target="< 300 ms",
                     ok=page["p95"] < 300)  # fmt: skip
    run_.csv_file.delete(save=False)
    run_.pdf_file.delete(save=False)
    run_.delete()


def pages():
    from tests.perf.pages import path

    return [
        ("coordinators' dashboard", path("reports:dashboard"), COORDINATOR, False),
        ("key figures (10 terms)", path("reports:keyfigures"), COORDINATOR, False),
    ]
