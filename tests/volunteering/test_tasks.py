"""Notifications (on commit, once, opt-outs, .ics), the 5-day reminder, the purge, the
calendar feed, export and deletion."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from associations import volunteer_services as services
from associations import volunteer_tasks as tasks
from associations.models import Application, VolunteerProfile
from associations.volunteer_privacy import erase, export
from portal.celery import BEAT_SCHEDULE
from tests import factories
from tests.volunteering.factories import (
    ApplicationFactory,
    AssignmentFactory,
    VolunteerProfileFactory,
)

pytestmark = pytest.mark.django_db


def test_new_application_notifies_the_association_on_commit_once(
    association_admin, django_capture_on_commit_callbacks
):
    association = association_admin.memberships.get().association
    assignment = AssignmentFactory(association=association, title="Läxhjälp")
    volunteer = factories.UserFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        application = services.apply(assignment, volunteer=volunteer, message="Hej")
    assert mail.outbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert set(message.to) == {association.contact_email, association_admin.email}
    assert "Läxhjälp" in message.subject
    assert tasks.notify_new_application(application.pk) is False  # a redelivery sends nothing
    assert len(mail.outbox) == 1


def test_accepted_mail_has_an_ics_for_dated_assignments(
    association_admin, django_capture_on_commit_callbacks
):
    association = association_admin.memberships.get().association
    assignment = AssignmentFactory(
        association=association,
        title="Chaufför till Folkets hus",
        starts_at=timezone.make_aware(dt.datetime(2030, 5, 4, 18)),
        ends_at=timezone.make_aware(dt.datetime(2030, 5, 4, 22)),
    )
    application = ApplicationFactory(assignment=assignment)
    with django_capture_on_commit_callbacks(execute=True):
        services.accept(application, by=association_admin)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [application.volunteer.email]
    name, content, mimetype = message.attachments[0]
    assert name.endswith(".ics") and mimetype == "text/calendar"
    body = content.decode() if isinstance(content, bytes) else content
    assert "Chaufför till Folkets hus" in body and "DTSTART" in body
    assert tasks.notify_decision(application.pk, "accepted") is False
    assert len(mail.outbox) == 1


def test_ongoing_assignment_mail_has_no_ics_and_declined_is_sent(
    association_admin, django_capture_on_commit_callbacks
):
    association = association_admin.memberships.get().association
    first, second = ApplicationFactory.create_batch(2, assignment__association=association)
    with django_capture_on_commit_callbacks(execute=True):
        services.accept(first, by=association_admin)
        services.decline(second, by=association_admin)
    assert len(mail.outbox) == 2
    assert mail.outbox[0].attachments == []


def test_waitlisted_volunteer_is_told(association_admin, django_capture_on_commit_callbacks):
    association = association_admin.memberships.get().association
    first, second = ApplicationFactory.create_batch(
        2, assignment__association=association, assignment__places=1
    )
    second.assignment = first.assignment
    second.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.accept(first, by=association_admin)
        services.accept(second, by=association_admin)
    assert [m.to for m in mail.outbox] == [[first.volunteer.email], [second.volunteer.email]]
    assert "väntelista" in mail.outbox[1].subject


def test_opt_outs_are_respected(association_admin, django_capture_on_commit_callbacks):
    association = association_admin.memberships.get().association
    application = ApplicationFactory(assignment__association=association)
    VolunteerProfileFactory(user=application.volunteer, notify_declined=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.decline(application, by=association_admin)
    assert mail.outbox == []


def test_reminder_after_five_days_once():
    old = ApplicationFactory(created_at=timezone.now() - dt.timedelta(days=6))
    ApplicationFactory(created_at=timezone.now() - dt.timedelta(days=2))  # not yet due
    ApplicationFactory(
        created_at=timezone.now() - dt.timedelta(days=9), status=Application.Status.ACCEPTED
    )  # answered
    assert tasks.send_unanswered_reminders() == 1
    assert tasks.send_unanswered_reminders() == 0
    assert len(mail.outbox) == 1
    old.refresh_from_db()
    assert old.reminder_sent_at is not None


def test_unanswered_show_on_the_coordinators_list(client, coordinator):
    from associations import volunteer_dashboard

    ApplicationFactory(created_at=timezone.now() - dt.timedelta(days=6))
    AssignmentFactory(needs_approval=True)
    items = {item["label"]: item for item in volunteer_dashboard.waiting()}
    assert [i["count"] for i in items.values()] == [1, 1]
    from django.contrib.auth.models import Permission

    coordinator.groups.get().permissions.add(
        *Permission.objects.filter(content_type__app_label="associations")
    )
    client.force_login(coordinator)
    for item in items.values():
        response = client.get(item["url"])
        assert response.status_code == 200
        assert response.context["cl"].result_count == 1


def test_purge_inactive_profiles_except_open_applications(settings):
    settings.VOLUNTEER_PURGE_MONTHS = 24
    long_ago = timezone.now() - dt.timedelta(days=800)
    stale = VolunteerProfileFactory(last_active=long_ago)
    kept_application = ApplicationFactory(volunteer=stale.user, status="declined")
    busy = VolunteerProfileFactory(last_active=long_ago)
    ApplicationFactory(volunteer=busy.user, status="new")
    fresh = VolunteerProfileFactory()
    logged_in_lately = VolunteerProfileFactory(
        last_active=long_ago, user__last_login=timezone.now() - dt.timedelta(days=3)
    )
    assert tasks.purge_inactive_profiles() == 1
    assert set(VolunteerProfile.objects.all()) == {busy, fresh, logged_in_lately}
    kept_application.refresh_from_db()
    assert kept_application.anonymised and kept_application.volunteer is None
    assert tasks.purge_inactive_profiles() == 0


def test_expired_assignments_close_once():
    from associations.models import Assignment
    from portal import audit

    expired = AssignmentFactory(apply_by=timezone.localdate() - dt.timedelta(days=1))
    AssignmentFactory(apply_by=timezone.localdate())  # still open today
    assert tasks.close_expired_assignments() == 1
    assert tasks.close_expired_assignments() == 0
    expired.refresh_from_db()
    assert (expired.status, expired.close_reason) == (Assignment.Status.CLOSED, "expired")
    assert audit.history(expired).get().actor is None


def test_beat_schedule_lists_the_tasks():
    tasks_by_name = {entry["task"] for entry in BEAT_SCHEDULE.values()}
    assert {
        "volunteering.purge_inactive_profiles",
        "volunteering.send_unanswered_reminders",
        "volunteering.close_expired_assignments",
    } <= tasks_by_name
    assert list(BEAT_SCHEDULE) == sorted(BEAT_SCHEDULE)


def test_calendar_feed_lists_accepted_dated_assignments(client):
    profile = VolunteerProfileFactory()
    accepted = ApplicationFactory(
        volunteer=profile.user,
        status="accepted",
        assignment__title="Matlagning på Folkets hus",
        assignment__starts_at=timezone.make_aware(dt.datetime(2030, 6, 1, 10)),
    )
    ApplicationFactory(
        volunteer=profile.user,
        status="new",
        assignment__title="Inte antagen",
        assignment__starts_at=timezone.make_aware(dt.datetime(2030, 6, 2, 10)),
    )
    response = client.get(
        reverse("volunteering:calendar", kwargs={"token": profile.calendar_token})
    )
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert accepted.assignment.title in body and "Inte antagen" not in body
    assert (
        client.get(reverse("volunteering:calendar", kwargs={"token": "gissning"})).status_code
        == 404
    )


def test_export_and_delete_own_data(client):
    profile = VolunteerProfileFactory(presentation="Jag är pensionär")
    application = ApplicationFactory(volunteer=profile.user, message="Jag kan köra bil")
    client.force_login(profile.user)
    response = client.get(reverse("volunteering:profile_export"))
    data = json.loads(response.content)
    assert data["profile"]["presentation"] == "Jag är pensionär"
    assert data["applications"][0]["message"] == "Jag kan köra bil"
    assert "attachment" in response["Content-Disposition"]
    client.post(reverse("volunteering:profile_delete"))
    assert not VolunteerProfile.objects.filter(pk=profile.pk).exists()
    application.refresh_from_db()
    assert application.anonymised and application.volunteer is None and application.message == ""
    assert Application.objects.count() == 1


def test_privacy_contract():
    profile = VolunteerProfileFactory()
    ApplicationFactory(volunteer=profile.user)
    json.dumps(export(profile.user))
    erase(profile.user)
    assert export(profile.user) == {"profile": None, "applications": [], "notifications": []}
