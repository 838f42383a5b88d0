"""Mail of the councils app: new minutes to subscribers (once per publication) and the reminder
to the secretaries when minutes are still not adjusted 14 days after a meeting."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from portal.jobs import claim
from portal.mail import send_templated_mail

REMINDER_AFTER = timedelta(days=14)


@shared_task
def notify_subscribers(minutes_pk: int) -> int:
    """Tell confirmed subscribers about newly published minutes; exactly once (claimed)."""
    from councils.models import Minutes, Subscription
    from councils.subscriptions import unsubscribe_url

    minutes = (
        Minutes.objects.filter(pk=minutes_pk, status=Minutes.Status.PUBLISHED)
        .select_related("meeting__council")
        .first()
    )
    if minutes is None or not claim(Minutes.objects.all(), minutes_pk, "notified_at"):
        return 0
    meeting = minutes.meeting
    subscribers = Subscription.objects.filter(confirmed_at__isnull=False).filter(
        Q(council__isnull=True) | Q(council=meeting.council)
    )
    sent = 0
    for subscription in subscribers.iterator():
        unsubscribe = unsubscribe_url(subscription)
        sent += _send_with_headers(
            to=subscription.email,
            template="councils/email/new_minutes",
            context={
                "meeting": meeting,
                "url": settings.SITE_URL + meeting.get_absolute_url(),
                "unsubscribe_url": unsubscribe,
            },
            language=subscription.language,
            headers={
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
    return sent


@shared_task
def remind_unadjusted_minutes() -> int:
    """Meetings held 14+ days ago whose minutes are not adjusted: remind the secretaries once."""
    from councils.models import Meeting, Minutes

    due = Meeting.objects.filter(
        starts_at__lte=timezone.now() - REMINDER_AFTER,
        reminder_sent_at__isnull=True,
    ).exclude(status=Meeting.Status.CANCELLED)
    due = due.filter(Q(minutes__isnull=True) | Q(minutes__status=Minutes.Status.DRAFT))
    sent = 0
    for meeting in due.select_related("council")[:200]:
        if not claim(Meeting.objects.all(), meeting.pk, "reminder_sent_at"):
            continue
        emails = list(meeting.council.secretaries.values_list("email", flat=True))
        if emails:
            send_templated_mail(
                to=emails,
                template="councils/email/reminder",
                context={
                    "meeting": meeting,
                    "url": settings.SITE_URL
                    + reverse("admin:councils_meeting_change", args=[meeting.pk]),
                },
            )
            sent += 1
    return sent


@shared_task
def send_confirmation(subscription_pk: int) -> None:
    from councils.models import Subscription
    from councils.subscriptions import confirm_url

    subscription = Subscription.objects.filter(pk=subscription_pk).select_related("council").first()
    if subscription is None or subscription.confirmed_at:
        return
    send_templated_mail(
        to=subscription.email,
        template="councils/email/confirm",
        context={"subscription": subscription, "url": confirm_url(subscription)},
        language=subscription.language,
    )


def _send_with_headers(*, to, template, context, language, headers) -> int:
    """Like portal.mail.send_templated_mail, with extra headers (List-Unsubscribe)."""
    from django.core.mail import EmailMultiAlternatives
    from django.template.loader import render_to_string
    from django.utils import translation

    context = {"site_url": settings.SITE_URL, "portal_name": settings.PORTAL_NAME, **context}
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
    message = EmailMultiAlternatives(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to], headers=headers
    )
    return message.send()
