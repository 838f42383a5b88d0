"""An association asks an opted-in volunteer to look at an assignment: one portal e-mail, and the
address stays hidden until the volunteer applies."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from associations import volunteer_services as services
from associations.models import Invitation
from associations.volunteer_privacy import erase, export
from tests.volunteering.factories import (
    ApplicationFactory,
    AssignmentFactory,
    VolunteerProfileFactory,
)

pytestmark = pytest.mark.django_db


def test_invite_sends_one_mail_without_revealing_the_address(
    client, association_admin, django_capture_on_commit_callbacks
):
    assignment = AssignmentFactory(association=association_admin.memberships.get().association)
    profile = VolunteerProfileFactory(user__email="optin@example.se")
    url = reverse("volunteering:invite", kwargs={"pk": assignment.pk, "profile_pk": profile.pk})
    client.force_login(association_admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
        client.post(url)  # a second click asks nobody twice
    assert Invitation.objects.count() == 1
    assert [m.to for m in mail.outbox] == [["optin@example.se"]]
    assert assignment.get_absolute_url() in mail.outbox[0].body
    page = client.get(reverse("volunteering:candidates", kwargs={"pk": assignment.pk}))
    body = page.content.decode()
    assert "optin@example.se" not in body
    assert "Tillfrågad" in body or "Asked" in body


def test_invite_rules(association_admin, other_association_admin):
    assignment = AssignmentFactory(association=association_admin.memberships.get().association)
    shy = VolunteerProfileFactory(contactable=False)
    with pytest.raises(ValidationError):
        services.invite(assignment, volunteer=shy.user, by=association_admin)
    keen = VolunteerProfileFactory()
    with pytest.raises(PermissionDenied):
        services.invite(assignment, volunteer=keen.user, by=other_association_admin)
    ApplicationFactory(assignment=assignment, volunteer=keen.user)
    with pytest.raises(ValidationError):
        services.invite(assignment, volunteer=keen.user, by=association_admin)
    closed = AssignmentFactory(association=assignment.association, status="closed")
    with pytest.raises(ValidationError):
        services.invite(closed, volunteer=VolunteerProfileFactory().user, by=association_admin)


def test_invitations_are_exported_and_erased(association_admin):
    assignment = AssignmentFactory(association=association_admin.memberships.get().association)
    profile = VolunteerProfileFactory()
    services.invite(assignment, volunteer=profile.user, by=association_admin)
    kinds = [n["kind"] for n in export(profile.user)["notifications"]]
    assert kinds == ["invitation"]
    erase(profile.user)
    assert not Invitation.objects.exists()
