"""50 volunteers accepted at once for 5 places: exactly 5 get in (PostgreSQL, real threads)."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from associations import volunteer_services as services
from associations.models import Application
from tests import factories
from tests.utils import require_postgres
from tests.volunteering.factories import AssignmentFactory


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_accepts_for_five_places():
    require_postgres()
    association = factories.AssociationFactory()
    admin = factories.association_admin(association)
    assignment = AssignmentFactory(association=association, places=5)
    applications = [
        Application.objects.create(assignment=assignment, volunteer=factories.UserFactory())
        for _ in range(50)
    ]
    barrier = threading.Barrier(50)
    outcomes: list[str] = []
    lock = threading.Lock()

    def accept(application):
        try:
            barrier.wait()
            result = services.accept(application, by=admin).status
        except ValidationError as exc:  # pragma: no cover - reported below
            result = f"error {exc}"
        finally:
            connection.close()  # each thread has its own connection
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=accept, args=(a,)) for a in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(outcomes) == 50
    assert outcomes.count("accepted") == 5
    assert outcomes.count("waitlisted") == 45
    assert assignment.applications.filter(status="accepted").count() == 5
