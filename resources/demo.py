"""Demo venues and resources: Samhällscentrum (meeting rooms, micro-offices, lockers, equipment)
and Gamla Folkets hus (stora salen, lilla salen, the whole hall)."""

from __future__ import annotations

from datetime import time
from decimal import Decimal

FEATURES = [
    ("Projektor", "projektor"),
    ("Hörslinga", "horslinga"),
    ("Rullstolsanpassat", "rullstolsanpassat"),
    ("Kök", "kok"),
    ("Whiteboard", "whiteboard"),
    ("Scen", "scen"),
    ("Ljudanläggning", "ljudanlaggning"),
]

WEEKDAYS_DAY = [(d, time(8), time(21)) for d in range(5)] + [(5, time(10), time(16))]
EVERY_DAY_LATE = [(d, time(9), time(23)) for d in range(7)]

# slug, venue, name, kind, capacity, features, extra
RESOURCES = [
    ("motesrum-1", "samhallscentrum", "Mötesrum 1", "meeting_room", 8, ["whiteboard", "rullstolsanpassat"], {}),
    ("motesrum-2", "samhallscentrum", "Mötesrum 2", "meeting_room", 12, ["projektor", "horslinga", "rullstolsanpassat"], {}),
    ("motesrum-3", "samhallscentrum", "Mötesrum 3", "meeting_room", 20, ["projektor", "kok", "rullstolsanpassat"], {"needs_approval": True}),
    ("mikrokontor-1", "samhallscentrum", "Mikrokontor 1", "micro_office", 2, ["rullstolsanpassat"],
     {"price": Decimal("900"), "price_unit": "month", "slot_minutes": 1440, "min_minutes": 1440 * 28,
      "max_minutes": 1440 * 366, "needs_approval": True, "hours": []}),
    ("mikrokontor-2", "samhallscentrum", "Mikrokontor 2", "micro_office", 2, [],
     {"price": Decimal("900"), "price_unit": "month", "slot_minutes": 1440, "min_minutes": 1440 * 28,
      "max_minutes": 1440 * 366, "needs_approval": True, "hours": []}),
    ("foreningsskap", "samhallscentrum", "Föreningsskåp", "locker", 0, [],
     {"quantity": 12, "price": Decimal("100"), "price_unit": "month", "slot_minutes": 1440,
      "min_minutes": 1440 * 28, "max_minutes": 1440 * 366, "hours": []}),
    ("projektor", "samhallscentrum", "Projektor", "equipment", 0, [], {"quantity": 3}),
    ("ljudanlaggning", "samhallscentrum", "Ljudanläggning", "equipment", 0, [], {}),
    ("hela-folkets-hus", "gamla-folkets-hus", "Hela huset", "event_hall", 400, ["scen", "kok", "ljudanlaggning", "horslinga"],
     {"needs_approval": True, "price": Decimal("4500"), "price_unit": "day", "max_minutes": 14 * 60,
      "buffer_after_minutes": 60, "cancellation_deadline_hours": 14 * 24, "hours": EVERY_DAY_LATE}),
    ("stora-salen", "gamla-folkets-hus", "Stora salen", "event_hall", 300, ["scen", "ljudanlaggning", "horslinga"],
     {"parent": "hela-folkets-hus", "needs_approval": True, "price": Decimal("450"), "price_unit": "hour",
      "buffer_after_minutes": 30, "hours": EVERY_DAY_LATE}),
    ("lilla-salen", "gamla-folkets-hus", "Lilla salen", "meeting_room", 60, ["projektor", "kok"],
     {"parent": "hela-folkets-hus", "price": Decimal("150"), "price_unit": "hour", "hours": EVERY_DAY_LATE}),
]  # fmt: skip


def seed(ctx) -> None:
    from resources.models import Feature, OpeningHours, Resource, Venue

    features = {}
    for name, slug in FEATURES:
        features[slug], _ = Feature.objects.get_or_create(slug=slug, defaults={"name": name})
    venues = {
        "samhallscentrum": Venue.objects.get_or_create(
            slug="samhallscentrum",
            defaults={
                "name": "Samhällscentrum",
                "address": "Repslagaregatan 2, 591 30 Motala",
                "directions": "Entré från gården, hiss till plan 2. Nyckel hämtas i receptionen.",
                "accessibility": "Hiss, ramp och tillgänglig toalett. Hörslinga i mötesrum 2.",
            },
        )[0],
        "gamla-folkets-hus": Venue.objects.get_or_create(
            slug="gamla-folkets-hus",
            defaults={
                "name": "Gamla Folkets hus",
                "address": "Folkets Hus-gatan 1, 591 31 Motala",
                "directions": "Huvudentrén mot torget. Lastintag på baksidan.",
                "accessibility": "Ramp vid huvudentrén. Stora salen har hörslinga.",
            },
        )[0],
    }
    made = {}
    for slug, venue, name, kind, capacity, feats, extra in RESOURCES:
        extra = dict(extra)
        hours = extra.pop("hours", WEEKDAYS_DAY)
        parent = extra.pop("parent", None)
        resource, created = Resource.objects.get_or_create(
            slug=slug,
            defaults={
                "venue": venues[venue], "name": name, "kind": kind, "capacity": capacity,
                "parent": made.get(parent), "description": f"{name} i {venues[venue].name}.",
                "book_ahead_days": 365, **extra,
            },
        )  # fmt: skip
        made[slug] = resource
        if created:
            resource.features.set([features[f] for f in feats])
            OpeningHours.objects.bulk_create(
                [OpeningHours(resource=resource, weekday=d, opens=o, closes=c) for d, o, c in hours]
            )
    _seed_exceptions(made)
    made.update(_seed_shared(ctx))
    ctx.resources = made
    ctx.log(f"Resources: {len(made)}")


def _seed_exceptions(resources) -> None:
    """Samhällscentrum keeps short hours on the coming Christmas Eve and New Year's Eve."""
    from datetime import date, time

    from django.utils import timezone

    from resources.models import OpeningException

    today = timezone.localdate()
    year = today.year if today < date(today.year, 12, 24) else today.year + 1
    for resource in resources.values():
        if resource.venue.slug != "samhallscentrum":
            continue
        for day, closes, note in [(date(year, 12, 24), time(12), "Julafton"),
                                  (date(year, 12, 31), time(14), "Nyårsafton")]:  # fmt: skip
            OpeningException.objects.get_or_create(
                resource=resource, date=day, defaults={"opens": time(10), "closes": closes,
                                                       "note": note},
            )  # fmt: skip


# Resources associations own and share (their profile pages list them): owner name, venue
# (slug, name), slug, name, kind, capacity, who may book, listed associations, extra.
SHARED = [
    ("Motala Återvinningsförening (Återvinningen)", ("restaurang-71an", "Restaurang 71:an"),
     "71an-matsalen", "Matsalen på 71:an", "meeting_room", 40, "all", [],
     {"needs_approval": True, "description": "Restaurangens matsal, för föreningsmöten efter stängning."}),
    ("Kooperativet Grenverket", ("grenverket", "Grenverket"),
     "grenverket-cateringkok", "Cateringköket", "meeting_room", 6, "listed",
     ["Motala Återvinningsförening (Återvinningen)", "K-Ringen"],
     {"needs_approval": True, "description": "Storkök för catering, för föreningar vi samarbetar med."}),
]  # fmt: skip


def _seed_shared(ctx) -> dict:
    from resources.models import OpeningHours, Resource, Venue

    made = {}
    for owner, (venue_slug, venue_name), slug, name, kind, capacity, by, listed, extra in SHARED:
        association = ctx.associations.get(owner)
        if association is None:
            continue
        venue, _ = Venue.objects.get_or_create(slug=venue_slug, defaults={"name": venue_name})
        resource, created = Resource.objects.get_or_create(
            slug=slug,
            defaults={
                "venue": venue, "name": name, "kind": kind, "capacity": capacity,
                "owner": association, "bookable_by": by, "book_ahead_days": 365, **extra,
            },
        )  # fmt: skip
        if created:
            resource.allowed_associations.set([ctx.associations[n] for n in listed])
            OpeningHours.objects.bulk_create(
                [OpeningHours(resource=resource, weekday=d, opens=time(17), closes=time(22))
                 for d in range(5)]
            )  # fmt: skip
        made[slug] = resource
    return made
