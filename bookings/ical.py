"""iCalendar output: stable UIDs, SEQUENCE rising on change, STATUS:CANCELLED, Europe/Stockholm."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event


def _event(booking, *, public: bool):
    tz = timezone.get_current_timezone()
    event = Event()
    event.add("uid", f"booking-{booking.uid}@ideburna")
    event.add("dtstamp", booking.updated_at or timezone.now())
    event.add("dtstart", booking.start.astimezone(tz))
    event.add("dtend", booking.end.astimezone(tz))
    event.add("sequence", booking.sequence)
    event.add("location", f"{booking.resource.name}, {booking.resource.venue.name}")
    if public:
        event.add("summary", f"{booking.resource.name}: bokad")
    else:
        event.add("summary", f"{booking.resource.name}: {booking.purpose}")
        event.add("description", booking.association.name)
    status = {"confirmed": "CONFIRMED", "requested": "TENTATIVE"}.get(booking.status, "CANCELLED")
    event.add("status", status)
    return event


def calendar(bookings, *, name: str, public: bool = False) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Ideburna//Bookings//SV")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    for booking in bookings:
        cal.add_component(_event(booking, public=public))
    cal.add_missing_timezones()
    return cal.to_ical()


def response(content: bytes, filename: str, *, download: bool = False) -> HttpResponse:
    resp = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    if download:
        resp["Content-Disposition"] = f'attachment; filename="{filename}"'
    return resp
