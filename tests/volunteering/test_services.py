"""Assignment and application rules: states, approval of a new association's first
assignment, capacity, duplicates, permissions."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from associations import volunteer_services as services
from associations.models import Application, Assignment, Association
from portal import audit
from tests import factories
from tests.volunteering.factories import ApplicationFactory, AssignmentFactory

pytestmark = pytest.mark.django_db


def test_first_assignment_of_a_new_association_waits_for_approval(association_admin, coordinator):
    association = association_admin.memberships.get().association
    first = AssignmentFactory(association=association, status="draft", published_at=None)
    services.publish_assignment(first, by=association_admin)
    first.refresh_from_db()
    assert first.status == Assignment.Status.PUBLISHED and first.needs_approval
    assert not Assignment.objects.published().filter(pk=first.pk).exists()

    with pytest.raises(PermissionDenied):
        services.approve_assignment(first, by=association_admin)
    services.approve_assignment(first, by=coordinator)
    assert Assignment.objects.published().filter(pk=first.pk).exists()

    second = AssignmentFactory(association=association, status="draft", published_at=None)
    services.publish_assignment(second, by=association_admin)
    second.refresh_from_db()
    assert not second.needs_approval
    assert [e.action for e in audit.history(first)] == ["publish", "approve"]


def test_unapproved_association_cannot_publish(association_admin):
    association = association_admin.memberships.get().association
    association.status = Association.Status.SUBMITTED
    association.save()
    assignment = AssignmentFactory(association=association, status="draft", published_at=None)
    with pytest.raises(ValidationError):
        services.publish_assignment(assignment, by=association_admin)


def test_coordinator_unpublishes_with_a_reason(coordinator):
    assignment = AssignmentFactory()
    with pytest.raises(ValidationError):
        services.unpublish_assignment(assignment, by=coordinator, reason=" ")
    services.unpublish_assignment(assignment, by=coordinator, reason="Kommersiell annons")
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.DRAFT
    assert assignment.unpublish_reason == "Kommersiell annons"
    assert audit.history(assignment).get().reason == "Kommersiell annons"


def test_close_needs_a_known_reason(association_admin):
    assignment = AssignmentFactory(association=association_admin.memberships.get().association)
    with pytest.raises(ValidationError):
        services.close_assignment(assignment, by=association_admin, reason="bored")
    services.close_assignment(assignment, by=association_admin, reason="filled")
    assignment.refresh_from_db()
    assert (assignment.status, assignment.close_reason) == ("closed", "filled")


def test_volunteer_cannot_apply_twice_or_to_closed(user):
    assignment = AssignmentFactory()
    services.apply(assignment, volunteer=user, message="Hej")
    with pytest.raises(ValidationError, match="redan"):
        services.apply(assignment, volunteer=user, message="Igen")
    assert Application.objects.filter(volunteer=user).count() == 1
    closed = AssignmentFactory(status=Assignment.Status.CLOSED)
    with pytest.raises(ValidationError):
        services.apply(closed, volunteer=user)


def test_minimum_age_must_be_confirmed(user):
    assignment = AssignmentFactory(min_age=16)
    with pytest.raises(ValidationError, match="16"):
        services.apply(assignment, volunteer=user, message="Hej")
    assert not Application.objects.exists()
    services.apply(assignment, volunteer=user, message="Hej", confirms_age=True)
    assert Application.objects.filter(volunteer=user).count() == 1


def test_capacity_then_waiting_list(association_admin):
    assignment = AssignmentFactory(
        association=association_admin.memberships.get().association, places=2
    )
    applications = ApplicationFactory.create_batch(3, assignment=assignment)
    results = [services.accept(a, by=association_admin).status for a in applications]
    assert results == ["accepted", "accepted", "waitlisted"]
    assert all(a.answered_at for a in Application.objects.all())
    last = audit.history(applications[2]).get()
    assert (last.to_state, last.reason) == ("waitlisted", "full")


def test_only_the_posting_association_decides(other_association_admin, coordinator):
    application = ApplicationFactory()
    with pytest.raises(PermissionDenied):
        services.accept(application, by=other_association_admin)
    with pytest.raises(PermissionDenied):
        services.decline(application, by=application.volunteer)
    assert services.decline(application, by=coordinator).status == "declined"


def test_withdraw_only_by_the_volunteer():
    application = ApplicationFactory()
    with pytest.raises(PermissionDenied):
        services.withdraw(application, by=factories.UserFactory())
    services.withdraw(application, by=application.volunteer)
    application.refresh_from_db()
    assert application.status == "withdrawn"
    with pytest.raises(ValidationError):
        services.accept(application, by=factories.coordinator())


def test_closing_answers_every_open_application(
    association_admin, django_capture_on_commit_callbacks
):
    from django.core import mail

    assignment = AssignmentFactory(
        association=association_admin.memberships.get().association, places=1
    )
    accepted, waiting, new = ApplicationFactory.create_batch(3, assignment=assignment)
    services.accept(accepted, by=association_admin)
    services.accept(waiting, by=association_admin)  # full: waiting list
    with django_capture_on_commit_callbacks(execute=True):
        services.close_assignment(assignment, by=association_admin, reason="filled")
    statuses = dict(Application.objects.values_list("pk", "status"))
    assert statuses == {accepted.pk: "accepted", waiting.pk: "declined", new.pk: "declined"}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [waiting.volunteer.email, new.volunteer.email]
    )
    assert audit.history(new).get().reason == "closed: filled"
