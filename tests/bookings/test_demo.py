import pytest
from django.core.management import call_command

from bookings.models import Booking
from resources.models import Resource


@pytest.mark.django_db
def test_demo_is_idempotent_and_never_double_booked():
    call_command("seed_demo", verbosity=0)
    count = Booking.objects.count()
    call_command("seed_demo", verbosity=0)
    assert Booking.objects.count() == count > 50
    hall = Resource.objects.get(slug="hela-folkets-hus")
    assert set(hall.parts.values_list("slug", flat=True)) == {"stora-salen", "lilla-salen"}
    assert Resource.objects.get(slug="projektor").quantity == 3
    assert Booking.objects.filter(status="requested").count() >= 2
    # no overlap among active bookings of single-unit resources (family included)
    from bookings import services

    for b in Booking.objects.active().select_related("resource"):
        blocks = services.busy_blocks(b.resource, b.block_start, b.block_end, exclude_pk=b.pk)
        assert services.is_free(b.resource, b.block_start, b.block_end, blocks), b
