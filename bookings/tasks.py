"""Booking mail. Each notice is claimed on its row before it is sent, so it goes out once even
if the task runs twice."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from portal import jobs
from portal.mail import send_templated_mail

MARKERS = {
    "confirmation": "confirmation_sent_at",
    "decision": "decision_sent_at",
    "cancellation": "cancellation_sent_at",
    "reminder": "reminder_sent_at",
}


def _recipient(booking):
    user = booking.booked_by
    if user is not None and user.email:
        return user.email, getattr(user, "preferred_language", None)
    return booking.association.contact_email, None


@shared_task
def send_booking_notice(booking_id: int, kind: str, state: str = "", reason: str = "") -> bool:
    """``state`` and ``reason`` are the booking's at the time of the change (it may change again
    before the task runs)."""
    from bookings.models import Booking

    marker = MARKERS[kind]
    if not jobs.claim(Booking.objects.all(), booking_id, marker):
        return False
    booking = Booking.objects.select_related("resource__venue", "association", "booked_by").get(
        pk=booking_id
    )
    to, language = _recipient(booking)
    if to:
        send_templated_mail(
            to=to,
            template=f"bookings/email/{kind}",
            context={
                "booking": booking,
                "state": state or booking.status,
                "reason": reason if state else booking.reason,
            },
            language=language,
        )
    return True


@shared_task
def send_reminders() -> int:
    """Remind of bookings starting within 24 hours (periodic; each booking once).

    One task per booking: a run with thousands due neither outlives the task time limit (one
    task sending 10 000 mails did, in `make bench`) nor holds a worker; each task claims its
    row, so a booking enqueued twice (the next beat came first) is still reminded once.
    Returns how many were enqueued."""
    from bookings.models import Booking, Status

    now = timezone.now()
    due = Booking.objects.filter(
        status=Status.CONFIRMED,
        reminder_sent_at__isnull=True,
        start__gt=now,
        start__lte=now + timedelta(hours=24),
    ).values_list("pk", flat=True)
    pks = list(due)
    for pk in pks:
        send_booking_notice.delay(pk, "reminder")  # nothing to commit first: no on_commit
    return len(pks)


@shared_task
def notify_waiting(entry_id: int) -> bool:
    from bookings.models import WaitingListEntry

    if not jobs.claim(WaitingListEntry.objects.all(), entry_id, "notified_at"):
        return False
    entry = WaitingListEntry.objects.select_related("resource", "user").get(pk=entry_id)
    send_templated_mail(
        to=entry.user.email,
        template="bookings/email/slot_free",
        context={"entry": entry},
        language=getattr(entry.user, "preferred_language", None),
    )
    return True
