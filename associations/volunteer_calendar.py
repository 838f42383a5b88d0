"""iCalendar output: one assignment as an .ics attachment, a volunteer's personal feed."""

from __future__ import annotations

from django.conf import settings
from icalendar import Calendar, Event


def calendar_for(assignments) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Ideburna//volunteering//SV")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{settings.PORTAL_NAME} – uppdrag")
    for assignment in assignments:
        if not assignment.starts_at:
            continue
        event = Event()
        event.add("uid", f"assignment-{assignment.pk}@ideburna")
        event.add("summary", assignment.title)
        event.add("dtstart", assignment.starts_at)
        event.add("dtend", assignment.ends_at or assignment.starts_at)
        event.add("dtstamp", assignment.updated_at)
        location = "Distans" if assignment.is_remote else str(assignment.district or "")
        if location:
            event.add("location", location)
        event.add("url", settings.SITE_URL + assignment.get_absolute_url())
        event.add("description", f"{assignment.association.name}")
        calendar.add_component(event)
    return calendar.to_ical()
