"""Items waiting for coordinators (issue 8's dashboard)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from bookings.models import Booking, Status
from portal.reports.sources import Queue, run_queues


def waiting_queues() -> list[Queue]:
    return [
        Queue(
            _("Booking requests to decide"),
            Booking.objects.filter(status=Status.REQUESTED),
            "created_at",
            reverse("admin:bookings_booking_changelist") + "?status__exact=requested",
        )
    ]


def waiting() -> list[dict]:
    return run_queues(waiting_queues())
