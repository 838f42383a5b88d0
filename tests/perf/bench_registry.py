"""The association register at scale: 10 000 associations in the public directory.

Seeds (idempotently, bulk_create in batches) approved associations with categories, districts
and a stored Swedish search vector; times the directory search in-process and contributes the
directory, a filtered search and an association profile to the HTTP load run.
"""

from __future__ import annotations

import random
import time

from django.db import transaction
from django.urls import reverse

ASSOCIATIONS = 10_000
BATCH = 1_000
PREFIX = "bench-reg-"
TARGET_SEARCH_MS = 150

KINDS = ["Idrottsförening", "Kulturförening", "Hembygdsförening", "Pensionärsförening",
         "Scoutkår", "Fritidsgård", "Kooperativ", "Läxhjälpsförening", "Naturskyddsförening",
         "Musikförening", "Syförening", "Teaterförening", "Schackklubb", "Byalag"]  # fmt: skip
PLACES = ["Norrby", "Söderby", "Västanå", "Österlund", "Bergsjö", "Lövsta", "Ängsbacka",
          "Hagaberg", "Strandvik", "Kvarnbo", "Tallbacken", "Åsen", "Bäckby", "Granhult"]  # fmt: skip
ACTIVITIES = ["fotboll och innebandy för barn", "körsång och konserter", "läxhjälp för unga",
              "stickcafé och syjunta", "naturvandringar", "teater för alla åldrar",
              "schack på onsdagar", "second hand och återbruk", "språkcafé på svenska",
              "lokalbokning och fika", "arbetsträning i café"]  # fmt: skip
CATEGORIES = [("Idrott", "idrott"), ("Kultur", "kultur"), ("Social verksamhet", "social"),
              ("Barn och unga", "barn-och-unga"), ("Miljö", "miljo"), ("Äldre", "aldre")]  # fmt: skip


def _seed() -> None:
    from associations.models import Association, Category, District
    from associations.services import update_search_vector

    have = Association.objects.filter(slug__startswith=PREFIX).count()
    if have >= ASSOCIATIONS:
        return
    rng = random.Random(9)
    categories = [
        Category.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for name, slug in CATEGORIES
    ]
    districts = [
        District.objects.get_or_create(name=place, defaults={"slug": f"bench-{i}-{place.lower()}"})[0]
        for i, place in enumerate(PLACES)
    ]  # fmt: skip
    forms = [choice for choice, _label in Association.LegalForm.choices]
    with transaction.atomic():
        for first in range(have, ASSOCIATIONS, BATCH):
            rows = []
            for i in range(first, min(first + BATCH, ASSOCIATIONS)):
                kind, place = KINDS[i % len(KINDS)], PLACES[(i // len(KINDS)) % len(PLACES)]
                rows.append(
                    Association(
                        name=f"{place} {kind} {i}",
                        slug=f"{PREFIX}{i}",
                        legal_form=forms[i % len(forms)],
                        status=Association.Status.APPROVED,
                        district=districts[i % len(districts)],
                        purpose=f"Föreningen samlar människor i {place} kring gemenskap.",
                        activities=", ".join(rng.sample(ACTIVITIES, 2)).capitalize() + ".",
                        contact_email=f"kontakt{i}@example.se",
                        founded_year=1900 + i % 125,
                        is_work_integrating=i % 17 == 0,
                    )
                )
            created = Association.objects.bulk_create(rows, batch_size=BATCH)
            through = Association.categories.through
            through.objects.bulk_create(
                [
                    through(association_id=a.pk, category_id=c.pk)
                    for a in created
                    for c in rng.sample(categories, rng.randint(1, 2))
                ],
                batch_size=BATCH * 2,
            )
        update_search_vector(Association.objects.filter(slug__startswith=PREFIX))


def _search_url() -> str:
    return reverse("associations:directory") + "?q=l%C3%A4xhj%C3%A4lp&category=barn-och-unga"


def run(bench) -> None:
    from associations.filters import AssociationFilter, directory_queryset
    from associations.models import Association

    start = time.perf_counter()
    _seed()
    bench.record("seed associations (idempotent)", time.perf_counter() - start, "s")
    bench.record("public associations", Association.objects.public().count(), "rows")

    def search():
        params = {"q": "läxhjälp", "district": "", "category": "barn-och-unga"}
        qs = AssociationFilter(params, queryset=directory_queryset()).qs
        return list(qs[:20]), qs.count()

    t = bench.timings(search, repeat=20, warmup=2)
    bench.record("directory search + filter, first page (in-process)", t["p95"], "ms p95",
                 target=f"<= {TARGET_SEARCH_MS} ms", ok=t["p95"] <= TARGET_SEARCH_MS,
                 note=f"p50 {t['p50']:.1f} ms")  # fmt: skip


def pages() -> list[tuple[str, str, str | None, bool]]:
    from associations.models import Association

    rows = [
        ("directory", reverse("associations:directory"), None, False),
        ("directory search with filters", _search_url(), None, True),
    ]
    one = Association.objects.filter(slug=f"{PREFIX}4711").first()
    if one:
        rows.append(("association profile", one.get_absolute_url(), None, False))
    return rows
