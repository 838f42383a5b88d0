"""The demo data seeds and is idempotent."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from associations.models import Application, Assignment, VolunteerProfile


@pytest.mark.django_db
def test_seed_demo_is_idempotent(client):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = (Assignment.objects.count(), VolunteerProfile.objects.count())
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (Assignment.objects.count(), VolunteerProfile.objects.count()) == counts
    assert counts[0] >= 6 and counts[1] == 1
    assert Assignment.objects.open().count() == counts[0]
    assert Application.objects.filter(volunteer__email="volontar@ideburna.se").exists()
    assert b"Chauff" in client.get("/uppdrag/").content


@pytest.mark.django_db
def test_home_and_dashboard_partials(client, association_admin):
    from tests.volunteering.factories import ApplicationFactory, AssignmentFactory

    AssignmentFactory(title="Läxhjälp i Fornåsa")
    home = client.get("/").content.decode()
    assert "Läxhjälp i Fornåsa" in home
    association = association_admin.memberships.get().association
    ApplicationFactory(assignment__association=association)
    client.force_login(association_admin)
    page = client.get("/mina-sidor/").content.decode()
    assert "/uppdrag/forening/" in page and "1 ny intresseanmälan" in page


@pytest.mark.django_db
def test_sitemap_lists_open_assignments_only(client):
    from tests.volunteering.factories import AssignmentFactory

    shown = AssignmentFactory()
    hidden = AssignmentFactory(status="draft")
    body = client.get("/sitemap.xml").content.decode()
    assert f"/uppdrag/{shown.pk}/" in body and f"/uppdrag/{hidden.pk}/" not in body
