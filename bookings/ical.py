"""iCalendar output: stable UIDs, SEQUENCE rising on change, STATUS:CANCELLED, Europe/Stockholm."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max
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


FEED_CACHE_SECONDS = 15 * 60


def cached_calendar(bookings, *, key: str, name: str, public: bool = False) -> bytes:
    """``calendar`` for a subscription feed, cached under the feed's content version.

    The version is one aggregate query over the feed's bookings (how many, last change): a new,
    changed (``updated_at``), cancelled or deleted booking gives a new key, so a feed never shows
    a stale booking. Names of resources and venues are not in the version: a rename shows
    within ``FEED_CACHE_SECONDS``. Calendar apps poll feeds; rendering a year of bookings with
    icalendar costs seconds, the cached body a cache read.
    """
    version = bookings.order_by().aggregate(n=Count("pk"), changed=Max("updated_at"))
    changed = version["changed"].timestamp() if version["changed"] else 0
    digest = hashlib.sha256(f"{key}|{name}|{public}".encode()).hexdigest()[:24]
    cache_key = f"bookings:ical:{digest}:{version['n']}:{changed}"
    body = cache.get(cache_key)
    if body is None:
        body = calendar(bookings, name=name, public=public)
        cache.set(cache_key, body, FEED_CACHE_SECONDS)
    return body


def response(content: bytes, filename: str, *, download: bool = False) -> HttpResponse:
    resp = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    if download:
        resp["Content-Disposition"] = f'attachment; filename="{filename}"'
    return resp
