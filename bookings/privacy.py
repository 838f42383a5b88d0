"""The privacy contract (issue 10): what bookings hold about a person."""

from __future__ import annotations

from bookings.models import Booking, WaitingListEntry


def export(user) -> dict:
    return {
        "bookings": [
            {
                "resource": b.resource.name,
                "association": b.association.name,
                "start": b.start.isoformat(),
                "end": b.end.isoformat(),
                "status": b.status,
                "purpose": b.purpose,
            }
            for b in Booking.objects.filter(booked_by=user).select_related(
                "resource", "association"
            )
        ],
        "waiting_list": [
            {"resource": w.resource.name, "start": w.start.isoformat(), "end": w.end.isoformat()}
            for w in WaitingListEntry.objects.filter(user=user).select_related("resource")
        ],
    }


def erase(user) -> None:
    """Bookings belong to the association (kept for usage numbers); the person is unlinked."""
    Booking.objects.filter(booked_by=user).update(booked_by=None)
    Booking.objects.filter(decided_by=user).update(decided_by=None)
    WaitingListEntry.objects.filter(user=user).delete()
