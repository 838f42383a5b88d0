"""Celery tasks of volunteer brokering: notifications (each sent once), the 5-day answer
reminder and the purge of inactive profiles. Every task claims its row before it sends."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from associations.models import (
    Application,
    Assignment,
    Invitation,
    Membership,
    VolunteerProfile,
)
from portal.jobs import claim
from portal.mail import send_templated_mail

REMINDER_DAYS = 5


def association_recipients(association) -> list[str]:
    emails = [association.contact_email] if association.contact_email else []
    emails += list(
        Membership.objects.filter(association=association, role=Membership.Role.ADMIN)
        .values_list("user__email", flat=True)
        .order_by("user__email")
    )
    return list(dict.fromkeys(e for e in emails if e))


def assignment_ics(assignment) -> bytes:
    """An iCalendar file for one dated assignment."""
    from associations.volunteer_calendar import calendar_for

    return calendar_for([assignment])


@shared_task(name="volunteering.notify_new_application")
def notify_new_application(application_id: int) -> bool:
    if not claim(Application.objects.all(), application_id, "association_notified_at"):
        return False
    application = Application.objects.select_related("assignment__association", "volunteer").get(
        pk=application_id
    )
    association = application.assignment.association
    send_templated_mail(
        to=association_recipients(association),
        template="volunteering/email/new_application",
        context={"application": application, "assignment": application.assignment},
    )
    return True


@shared_task(name="volunteering.notify_decision")
def notify_decision(application_id: int, status: str) -> bool:
    won = (
        Application.objects.filter(pk=application_id, status=status)
        .exclude(notified_status=status)
        .update(notified_status=status)
    )
    if not won:
        return False
    application = Application.objects.select_related("assignment__association", "volunteer").get(
        pk=application_id
    )
    volunteer = application.volunteer
    if volunteer is None:
        return False
    profile = VolunteerProfile.objects.filter(user=volunteer).first()
    if profile is not None:
        if status == Application.Status.ACCEPTED and not profile.notify_accepted:
            return False
        # "Not this time" news: declined, or full and on the waiting list.
        if status != Application.Status.ACCEPTED and not profile.notify_declined:
            return False
    assignment = application.assignment
    attachments = []
    if status == Application.Status.ACCEPTED and assignment.starts_at:
        attachments.append(("uppdrag.ics", assignment_ics(assignment), "text/calendar"))
    template = {
        Application.Status.ACCEPTED: "accepted",
        Application.Status.WAITLISTED: "waitlisted",
    }.get(status, "declined")
    send_templated_mail(
        to=volunteer.email,
        template=f"volunteering/email/{template}",
        context={"application": application, "assignment": assignment},
        language=volunteer.preferred_language,
        attachments=attachments,
    )
    return True


@shared_task(name="volunteering.notify_invitation")
def notify_invitation(invitation_id: int) -> bool:
    if not claim(Invitation.objects.all(), invitation_id, "sent_at"):
        return False
    invitation = Invitation.objects.select_related("assignment__association", "volunteer").get(
        pk=invitation_id
    )
    send_templated_mail(
        to=invitation.volunteer.email,
        template="volunteering/email/invitation",
        context={"invitation": invitation, "assignment": invitation.assignment},
        language=invitation.volunteer.preferred_language,
    )
    return True


@shared_task(name="volunteering.send_unanswered_reminders")
def send_unanswered_reminders() -> int:
    """Remind the association of applications left unanswered for 5 days (once each)."""
    due = Application.objects.unanswered(REMINDER_DAYS).filter(reminder_sent_at__isnull=True)
    sent = 0
    for pk in list(due.values_list("pk", flat=True)):
        if not claim(Application.objects.all(), pk, "reminder_sent_at"):
            continue
        application = Application.objects.select_related("assignment__association").get(pk=pk)
        send_templated_mail(
            to=association_recipients(application.assignment.association),
            template="volunteering/email/reminder",
            context={"application": application, "assignment": application.assignment},
        )
        sent += 1
    return sent


@shared_task(name="volunteering.close_expired_assignments")
def close_expired_assignments() -> int:
    """Close published assignments whose last day to apply has passed (reason: expired)."""
    from associations import volunteer_services as services

    closed = 0
    due = Assignment.objects.filter(
        status=Assignment.Status.PUBLISHED, apply_by__lt=timezone.localdate()
    )
    for assignment in list(due):
        try:
            services.close_assignment(assignment, by=None, reason=Assignment.CloseReason.EXPIRED)
        except ValidationError:  # closed meanwhile by someone else
            continue
        closed += 1
    return closed


def purge_months() -> int:
    return int(
        getattr(settings, "VOLUNTEER_PURGE_MONTHS", None)
        or getattr(settings, "VOLUNTEER_INACTIVE_MONTHS", 24)
    )


@shared_task(name="volunteering.purge_inactive_profiles")
def purge_inactive_profiles() -> int:
    """Delete profiles inactive for VOLUNTEER_PURGE_MONTHS, except those with open applications;
    their applications are anonymised."""
    from associations.volunteer_privacy import erase_profile

    limit = timezone.now() - timezone.timedelta(days=30 * purge_months())
    open_users = Application.objects.open().filter(volunteer__isnull=False).values("volunteer")
    stale = (
        VolunteerProfile.objects.filter(last_active__lt=limit)
        .exclude(user__last_login__gte=limit)
        .exclude(user__in=open_users)
    )
    purged = 0
    for profile in list(stale.select_related("user")):
        with transaction.atomic():
            erase_profile(profile.user)
        purged += 1
    return purged
