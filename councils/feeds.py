"""Following the councils: RSS/Atom of published minutes and decisions, an iCal feed of upcoming
meetings, and open data (JSON with Open Civic Data-style names). Published material only."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from councils.models import AgendaItem, Meeting, Minutes

FEED_SIZE = 30


class MinutesRssFeed(Feed):
    title = _("Community council: minutes and decisions")
    description = _("Newly published minutes and decisions of the community council.")

    def link(self):
        return reverse("councils:index")

    def items(self):
        minutes = list(
            Minutes.objects.filter(status=Minutes.Status.PUBLISHED)
            .select_related("meeting__council")
            .order_by("-published_at")[:FEED_SIZE]
        )
        # Decisions of those same (latest) minutes: bounded however large the archive grows.
        decisions = list(
            AgendaItem.objects.filter(
                meeting_id__in=[m.meeting_id for m in minutes], decision__isnull=False
            )
            .select_related("meeting__council", "meeting__minutes", "decision")
            .order_by("-meeting__minutes__published_at", "-number")[:FEED_SIZE]
        )
        return sorted(minutes + decisions, key=self.item_pubdate, reverse=True)[:FEED_SIZE]

    def item_title(self, item):
        if isinstance(item, Minutes):
            return str(_("Minutes: %(label)s") % {"label": item.meeting.label})
        return f"{item.label}: {item.title}"

    def item_description(self, item):
        if isinstance(item, Minutes):
            return item.body[:500]
        return item.decision.text[:500]

    def item_link(self, item):
        if isinstance(item, Minutes):
            return item.meeting.get_absolute_url()
        return item.get_absolute_url()

    def item_guid(self, item):
        return settings.SITE_URL + self.item_link(item)

    def item_pubdate(self, item):
        minutes = item if isinstance(item, Minutes) else item.meeting.minutes
        return minutes.published_at


class MinutesAtomFeed(MinutesRssFeed):
    feed_type = Atom1Feed
    subtitle = MinutesRssFeed.description


def _ics_text(value: str) -> str:
    return (
        (value or "")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    data = line.encode()
    if len(data) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > 74:
            parts.append(current.decode())
            current = b""
        current += encoded
    parts.append(current.decode())
    return "\r\n ".join(parts)


VTIMEZONE = [
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Stockholm",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
]


def meeting_ics_lines(meeting) -> list[str]:
    """One VEVENT. Times are the wall-clock times entered, with TZID=Europe/Stockholm."""
    url = settings.SITE_URL + meeting.get_absolute_url()
    host = settings.SITE_URL.split("//")[-1].split("/")[0].split(":")[0]
    start = meeting.local_start
    end = meeting.local_end or start + dt.timedelta(hours=2)
    stamp = (meeting.notice_published_at or meeting.created_at or timezone.now()).astimezone(
        ZoneInfo("UTC")
    )
    lines = [
        "BEGIN:VEVENT",
        f"UID:councils-meeting-{meeting.pk}@{host}",
        f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
        f"DTSTART;TZID=Europe/Stockholm:{start:%Y%m%dT%H%M%S}",
        f"DTEND;TZID=Europe/Stockholm:{end:%Y%m%dT%H%M%S}",
        f"SEQUENCE:{meeting.ics_sequence}",
        f"SUMMARY:{_ics_text(meeting.council.name)}",
        f"LOCATION:{_ics_text(meeting.place or meeting.online_url)}",
        f"URL:{url}",
        f"DESCRIPTION:{_ics_text(url)}",
        "STATUS:" + ("CANCELLED" if meeting.status == Meeting.Status.CANCELLED else "CONFIRMED"),
        "END:VEVENT",
    ]
    return [_fold(line) for line in lines]


def calendar(request):
    meetings = (
        Meeting.objects.filter(notice_published=True)
        .filter(date__gte=timezone.localdate() - dt.timedelta(days=30))
        .select_related("council")
        .order_by("starts_at")[:200]
    )
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Ideburna//Samhallsrad//SV",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:" + _ics_text(str(_("Community council meetings"))),
        "X-WR-TIMEZONE:Europe/Stockholm",
        *VTIMEZONE,
    ]
    for meeting in meetings:
        lines += meeting_ics_lines(meeting)
    lines.append("END:VCALENDAR")
    response = HttpResponse(
        "\r\n".join(lines) + "\r\n", content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="samhallsrad.ics"'
    return response


# --- Open data ---------------------------------------------------------------------------------


def meeting_data(meeting, items) -> dict:
    """A meeting as Open Civic Data-style JSON (event with agenda items and their decisions)."""
    minutes = meeting.minutes
    base = settings.SITE_URL
    return {
        "id": f"ocd-event/councils-{meeting.pk}",
        "_type": "event",
        "name": meeting.label,
        "classification": "committee-meeting",
        "organization": {"name": meeting.council.name, "slug": meeting.council.slug},
        "start_date": meeting.local_start.isoformat(),
        "end_date": meeting.local_end.isoformat() if meeting.local_end else None,
        "timezone": "Europe/Stockholm",
        "status": {"planned": "confirmed", "held": "passed", "cancelled": "cancelled"}[
            meeting.status
        ],
        "location": {"name": meeting.place, "url": meeting.online_url or None},
        "sources": [{"url": base + meeting.get_absolute_url()}],
        "minutes": {
            "adjusted_by": minutes.adjusters,
            "adjusted_on": minutes.adjusted_on.isoformat() if minutes.adjusted_on else None,
            "published_at": minutes.published_at.isoformat(),
            "original_kept_at": minutes.original_kept_at,
            "text": minutes.body,
        },
        "agenda": [
            {
                "order": item.order,
                "identifier": f"§ {item.number}",
                "description": item.title,
                "notes": item.description,
                "related_entities": (
                    [{"entity_type": "bill", "name": item.diarienummer}]
                    if item.diarienummer
                    else []
                ),
                "decision": (
                    {"text": item.decision.text, "reservations": item.decision.reservations}
                    if getattr(item, "decision", None)
                    else None
                ),
                "media": [
                    {
                        "note": a.title,
                        "links": [
                            {"media_type": "application/pdf", "url": base + a.get_absolute_url()}
                        ],
                        "size": a.size,
                    }
                    for a in item.attachments.all()
                ],  # fmt: skip
                "url": base + item.get_absolute_url(),
            }
            for item in items
        ],
    }


def _published(qs):
    return qs.filter(minutes__status=Minutes.Status.PUBLISHED).select_related("council", "minutes")


def meeting_json(request, slug, pk):
    meeting = get_object_or_404(_published(Meeting.objects.all()), pk=pk, council__slug=slug)
    items = (
        meeting.items.select_related("decision").prefetch_related("attachments").order_by("order")
    )
    for item in items:
        item.meeting = meeting
    return JsonResponse(meeting_data(meeting, items), json_dumps_params={"ensure_ascii": False})


def export(request):
    """Bulk export of published meetings: ?ar=YYYY for one year, else the newest 500."""
    meetings = _published(Meeting.objects.all())
    year = request.GET.get("ar")
    if year:
        if not year.isdigit():
            raise Http404
        meetings = meetings.filter(date__year=int(year))
    # At most 500 meetings per response (the newest when no year is given); ?ar=YYYY per year.
    meetings = sorted(meetings.order_by("-starts_at")[:500], key=lambda m: m.starts_at)
    items = (
        AgendaItem.objects.filter(meeting__in=meetings)
        .select_related("decision")
        .prefetch_related("attachments")
        .order_by("order")
    )
    by_meeting: dict[int, list] = {}
    for item in items:
        by_meeting.setdefault(item.meeting_id, []).append(item)
    data = []
    for meeting in meetings:
        for item in by_meeting.get(meeting.pk, []):
            item.meeting = meeting
        data.append(meeting_data(meeting, by_meeting.get(meeting.pk, [])))
    return JsonResponse(
        {"_type": "export", "count": len(data), "events": data},
        json_dumps_params={"ensure_ascii": False},
    )
