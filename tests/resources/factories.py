from __future__ import annotations

from datetime import time

import factory

from resources.models import Feature, OpeningHours, Resource, Venue
from tests.factories import NamedSlugFactory


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    name = factory.Sequence(lambda n: f"Lokal {n}")
    slug = factory.Sequence(lambda n: f"lokal-{n}")
    address = "Repslagaregatan 1, Motala"


class FeatureFactory(NamedSlugFactory):
    class Meta:
        model = Feature

    class Params:
        label = "Egenskap"


class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resource

    venue = factory.SubFactory(VenueFactory)
    name = factory.Sequence(lambda n: f"Möteslokal {n}")
    slug = factory.Sequence(lambda n: f"moteslokal-{n}")
    kind = Resource.Kind.MEETING_ROOM
    capacity = 12
    slot_minutes = 30
    min_minutes = 30
    max_minutes = 8 * 60
    book_ahead_days = 365
    cancellation_deadline_hours = 24


class OpeningHoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpeningHours

    resource = factory.SubFactory(ResourceFactory)
    weekday = 0


def open_weekdays(resource, opens=8, closes=18):
    """Open ``resource`` Monday to Friday, ``opens``–``closes`` o'clock."""
    for weekday in range(5):
        OpeningHoursFactory(
            resource=resource, weekday=weekday, opens=time(opens), closes=time(closes)
        )
