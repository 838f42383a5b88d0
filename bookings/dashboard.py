"""Items waiting for coordinators (issue 8's dashboard)."""

from __future__ import annotations

from django.db.models import Count, Min
from django.urls import reverse
from django.utils.translation import gettext as _

from bookings.models import Booking, Status


def waiting() -> list[dict]:
    agg = Booking.objects.filter(status=Status.REQUESTED).aggregate(
        n=Count("pk"), oldest=Min("created_at")
    )
    return [
        {
            "label": _("Booking requests to decide"),
            "count": agg["n"] or 0,
            "oldest": agg["oldest"],
            "url": reverse("admin:bookings_booking_changelist") + "?status__exact=requested",
        }
    ]
