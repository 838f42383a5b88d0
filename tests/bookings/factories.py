from __future__ import annotations

from datetime import datetime, time, timedelta

import factory
from django.utils import timezone

from bookings.models import Booking
from tests import factories
from tests.resources.factories import ResourceFactory


def local(day, hour, minute=0):
    """An aware datetime at local wall-clock ``hour:minute`` on ``day``."""
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())


def future_day(days=10):
    return timezone.localdate() + timedelta(days=days)


class BookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Booking

    resource = factory.SubFactory(ResourceFactory)
    association = factory.SubFactory(factories.AssociationFactory)
    booked_by = factory.SubFactory(factories.UserFactory)
    start = factory.LazyFunction(lambda: local(future_day(), 10))
    end = factory.LazyAttribute(lambda o: o.start + timedelta(hours=1))
    purpose = "Styrelsemöte"
    status = Booking.Status.CONFIRMED

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        booking = model_class(*args, **kwargs)
        booking.set_block()
        booking.save()
        return booking
