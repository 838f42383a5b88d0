"""Racing threads, each with its own database connection, for the same slot."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from bookings import services
from bookings.models import Booking
from resources.models import Resource
from tests import factories
from tests.bookings.factories import future_day, local
from tests.resources.factories import ResourceFactory
from tests.utils import require_postgres


def race(resource_id, association_id, user_id, n, start, end):
    from associations.models import Association
    from portal.models import User

    barrier = threading.Barrier(n)
    results = []
    lock = threading.Lock()

    def worker():
        try:
            resource = Resource.objects.get(pk=resource_id)
            association = Association.objects.get(pk=association_id)
            user = User.objects.get(pk=user_id)
            barrier.wait(timeout=30)
            try:
                services.book(resource, association, user, start, end, purpose="Race")
                outcome = "ok"
            except ValidationError:
                outcome = "conflict"
            except Exception as exc:  # noqa: BLE001
                outcome = f"error: {exc!r}"
            with lock:
                results.append(outcome)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return results


def _setup(**resource_kwargs):
    association = factories.AssociationFactory()
    user = factories.association_admin(association)
    resource = ResourceFactory(**resource_kwargs)
    day = future_day(5)
    return resource, association, user, local(day, 18), local(day, 20)


def _run(n, **resource_kwargs):
    resource, association, user, start, end = _setup(**resource_kwargs)
    results = race(resource.pk, association.pk, user.pk, n, start, end)
    assert len(results) == n
    errors = [r for r in results if r.startswith("error")]
    assert not errors, errors[:3]
    return resource, results


@pytest.mark.django_db(transaction=True)
def test_fifty_racers_one_slot():
    resource, results = _run(50)
    assert results.count("ok") == 1
    assert results.count("conflict") == 49
    assert Booking.objects.active().filter(resource=resource).count() == 1


@pytest.mark.django_db(transaction=True)
def test_twenty_racers_projector_quantity_three():
    resource, results = _run(20, kind=Resource.Kind.EQUIPMENT, quantity=3, capacity=0)
    assert results.count("ok") == 3
    assert Booking.objects.active().filter(resource=resource).count() == 3


@pytest.mark.django_db(transaction=True)
def test_hall_and_part_racing():
    association = factories.AssociationFactory()
    user = factories.association_admin(association)
    hall = ResourceFactory(kind=Resource.Kind.EVENT_HALL)
    part = ResourceFactory(parent=hall)
    day = future_day(5)
    start, end = local(day, 18), local(day, 20)
    results = []
    barrier = threading.Barrier(10)

    def worker(resource_id):
        try:
            resource = Resource.objects.get(pk=resource_id)
            barrier.wait(timeout=30)
            try:
                services.book(resource, association, user, start, end, purpose="Race")
                results.append("ok")
            except ValidationError:
                results.append("conflict")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=[(hall.pk, part.pk)[i % 2]]) for i in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert results.count("ok") == 1 and results.count("conflict") == 9


@pytest.mark.django_db(transaction=True)
def test_fifty_racers_postgres_and_the_constraint():
    require_postgres()
    resource, results = _run(50)
    assert results.count("ok") == 1
    # The exclusion constraint holds even when the service is bypassed.
    from django.db import IntegrityError

    first = Booking.objects.get(resource=resource)
    clone = Booking(
        resource=resource,
        association=first.association,
        start=first.start,
        end=first.end,
        purpose="bypass",
    )
    clone.set_block()
    with pytest.raises(IntegrityError):
        clone.save()
    assert connection.vendor == "postgresql"


@pytest.mark.django_db(transaction=True)
def test_racing_approvals_of_overlapping_requests():
    from tests.bookings.factories import BookingFactory

    # Groups made by a data migration are flushed by transactional tests: a superuser coordinates.
    coordinator = factories.UserFactory(is_superuser=True)
    room = ResourceFactory(needs_approval=True, quantity=2)
    day = future_day(5)
    requests = [
        BookingFactory(resource=room, status="requested", start=local(day, 18)) for _ in range(2)
    ]
    Resource.objects.filter(pk=room.pk).update(quantity=1)
    barrier = threading.Barrier(10)
    results = []

    def worker(pk):
        try:
            booking = Booking.objects.get(pk=pk)
            barrier.wait(timeout=30)
            try:
                services.approve(booking, coordinator)
                results.append("ok")
            except ValidationError:
                results.append("conflict")
            except Exception as exc:  # noqa: BLE001
                results.append(f"error: {exc!r}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=[requests[i % 2].pk]) for i in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert results.count("ok") == 1 and results.count("conflict") == 9, results
    assert Booking.objects.filter(resource=room, status="confirmed").count() == 1
