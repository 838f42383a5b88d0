"""The registry's cross-app parts at 10 000 associations (PostgreSQL): the directory filters
"has open volunteer assignments" and "has resources to share" (EXISTS subqueries) combined with
search and the other filters, and a profile page with both sections."""

from __future__ import annotations

import time

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from tests.perf import bench_registry

TITLE = "Bench-uppdrag "
SLUG = "bench-resurs-"
TARGET_P95_MS = bench_registry.TARGET_P95_MS


def seed() -> float:
    """Every 7th bench association gets two assignments (one open, one closed); every 13th
    owns a resource bookable by all, every 26th also a listed one only it may book."""
    from django.utils import timezone

    from associations.models import Assignment, Association
    from resources.models import Resource, Venue

    start = time.perf_counter()
    bench_registry.seed()
    if not Assignment.objects.filter(title__startswith=TITLE).exists():
        ids = list(
            Association.objects.filter(slug__startswith=bench_registry.PREFIX)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        now = timezone.now()
        venue, _ = Venue.objects.get_or_create(
            slug="bench-foreningshuset", defaults={"name": "Föreningshuset (bench)"}
        )
        with transaction.atomic():
            Assignment.objects.bulk_create(
                [
                    Assignment(
                        association_id=pk,
                        title=f"{TITLE}{n}{suffix}",
                        description="Vi söker volontärer.",
                        status=status,
                        published_at=now,
                    )
                    for n, pk in enumerate(ids)
                    if n % 7 == 0
                    for suffix, status in [("", "published"), (" (stängt)", "closed")]
                ],
                batch_size=1000,
            )
            Resource.objects.bulk_create(
                [
                    Resource(
                        name=f"Föreningslokal {n}",
                        slug=f"{SLUG}{n}{suffix}",
                        kind=Resource.Kind.MEETING_ROOM,
                        owner_id=pk,
                        venue=venue,
                        bookable_by=by,
                    )
                    for n, pk in enumerate(ids)
                    if n % 13 == 0
                    for suffix, by in [("", "all"), ("-egen", "listed")]
                    if by == "all" or n % 26 == 0
                ],
                batch_size=1000,
            )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE associations_assignment")
            cursor.execute("ANALYZE resources_resource")
    return time.perf_counter() - start


def run(bench):
    if connection.vendor != "postgresql":
        bench.record("skipped: needs PostgreSQL", 0, "")
        return
    from associations.models import Association

    bench.record("seed assignments and resources (idempotent)", seed(), "s")
    client = bench_registry._client()
    cases = [
        ("directory: open assignments", "/foreningar/?has_assignments=on"),
        ("directory: resources to share", "/foreningar/?has_resources=on"),
        ("search + both new filters + district",
         "/foreningar/?q=idrott&has_assignments=on&has_resources=on&district=motala-centrum"),
        ("both new filters, page 3", "/foreningar/?has_assignments=on&has_resources=on&page=3"),
    ]  # fmt: skip
    for label, path in cases:
        timing = bench.timings(lambda path=path: bench_registry._get(client, path), repeat=40)
        bench.record(
            f"{label} p95",
            timing["p95"],
            "ms",
            target=f"< {TARGET_P95_MS}",
            ok=timing["p95"] < TARGET_P95_MS,
            note=f"p50 {timing['p50']:.1f} ms",
        )
    with CaptureQueriesContext(connection) as queries:
        bench_registry._get(client, cases[2][1])
    bench.record("directory with the new filters: SQL queries", len(queries), "queries")
    profile = (
        Association.objects.public()
        .filter(slug__startswith=bench_registry.PREFIX, shared_resources__isnull=False)
        .filter(assignments__status="published")
        .first()
    )
    url = profile.get_absolute_url()
    timing = bench.timings(lambda: bench_registry._get(client, url), repeat=40)
    bench.record(
        "profile with assignment and resource sections p95",
        timing["p95"],
        "ms",
        target=f"< {TARGET_P95_MS}",
        ok=timing["p95"] < TARGET_P95_MS,
        note=f"p50 {timing['p50']:.1f} ms",
    )


def pages() -> list[tuple[str, str, str | None, bool]]:
    from tests.perf.pages import path

    directory = path("associations:directory")
    return [
        (
            "association directory, both new filters",
            directory and directory + "?has_assignments=on&has_resources=on",
            None,
            False,
        ),
    ]
