"""Celery tasks of the associations app (autodiscovered as associations.tasks)."""

from celery import shared_task
from django.conf import settings

from associations.volunteer_tasks import *  # noqa: F403


def _recipients(association) -> list[str]:
    from associations.models import Membership

    emails = {association.contact_email} if association.contact_email else set()
    emails |= set(
        association.memberships.filter(role=Membership.Role.ADMIN).values_list(
            "user__email", flat=True
        )
    )
    return sorted(e for e in emails if e)


@shared_task
def send_status_mail(association_id: int, event: str) -> int:
    """Tell the association what happened (approved, rejected, lapsed, ...)."""
    from associations.models import Association
    from portal.mail import send_templated_mail

    association = Association.objects.filter(pk=association_id).first()
    if association is None:
        return 0
    return send_templated_mail(
        to=_recipients(association),
        template="associations/email/status",
        context={
            "association": association,
            "event": event,
            "url": settings.SITE_URL + association.get_absolute_url(),
        },
    )


@shared_task
def send_invitation_mail(association_id: int, email: str, token: str, inviter: str) -> int:
    from django.urls import reverse

    from associations.models import Association
    from portal.mail import send_templated_mail

    association = Association.objects.filter(pk=association_id).first()
    if association is None:
        return 0
    return send_templated_mail(
        to=email,
        template="associations/email/invitation",
        context={
            "association": association,
            "inviter": inviter,
            "url": settings.SITE_URL + reverse("associations:accept_invitation", args=[token]),
        },
    )


@shared_task
def process_annual_updates() -> dict:
    from associations import services

    return services.process_annual_updates()
